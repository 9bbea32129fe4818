"""One ``store`` fixture, one instance per implementation of the ``Store`` port.

A behaviour written once in this folder runs against each of them, so the in-memory fake
the service tests use cannot drift from the real store: SQLite is the truth, and where the
two differ the fake is what gets fixed. A new store (PostgreSQL) joins by adding a param.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from followup.adapters.sqlite.store import SqliteStore
from followup.services.ports import Store
from tests.unit.fakes import FakeStore


@pytest.fixture(params=["fake", "sqlite"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    made: Store = FakeStore() if request.param == "fake" else SqliteStore(":memory:")
    yield made
    made.close()
