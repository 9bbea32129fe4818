"""The fuzz suite's shared fixtures: the seeded database and the hostile files, made once.

Every hypothesis example copies the seed (the demo's six applications, built by
``python -m followup.demo``) into a folder of its own, so a run that writes changes
nothing for the next one and a refusal can be checked byte for byte.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.workspace import make_files


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, closed and checkpointed: one file, no -wal beside it."""
    path = tmp_path_factory.mktemp("seed") / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "followup.demo", str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("files")
    make_files(folder)
    return folder
