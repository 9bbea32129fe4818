"""The write lock as a person at the command line meets it (issue 13).

Real ``followup`` processes on a real file. The other writer is a plain sqlite3 connection
of this process holding ``BEGIN IMMEDIATE``, as an ``sqlite3`` shell, a backup tool or
another followup would: a write waits it out within its budget and succeeds; past the
budget it says so on one line, exit status 1, and writes nothing. And a write whose re-plan
never ran (the process was killed after its commit) is planned by the very next read, the
hot path included.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.e2e.conftest import Followup


@contextmanager
def held(db: Path, seconds: float) -> Iterator[None]:
    """Another writer holds the lock for ``seconds`` from the block's start."""
    taken = threading.Event()

    def hold() -> None:
        with closing(sqlite3.connect(db, isolation_level=None)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            taken.set()
            time.sleep(seconds)
            conn.execute("ROLLBACK")

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        thread.join()


def notes(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [n for (n,) in conn.execute("SELECT note FROM event WHERE kind = 'note'")]


def argv(f: Followup, *args: str) -> list[str]:
    return ["--db", str(f.db), "--config", str(f.config), "--now", f.now, *args]


def test_a_write_waits_for_another_writer_then_succeeds(interviewed: Followup) -> None:
    f = interviewed
    started = time.monotonic()
    with held(f.db, 3.0):
        done = f.raw(*argv(f, "log", "1", "note", "--note", "after the lock"))
    assert done.code == 0, done.err
    assert done.err == ""
    assert time.monotonic() - started >= 3.0
    assert notes(f.db) == ["after the lock"]
    plan = f.json("plan", "1")
    assert "after the lock" in [e["note"] for e in plan["events"]]


def test_past_its_budget_a_write_says_so_and_writes_nothing(interviewed: Followup) -> None:
    f = interviewed
    before = f.counts()
    with held(f.db, 4.0):
        started = time.monotonic()
        refused = f.raw(*argv(f, "log", "1", "note", "--note", "never"), FOLLOWUP_BUSY_TIMEOUT="1")
        took = time.monotonic() - started
    assert refused.code == 1
    assert refused.out == ""
    [line] = refused.err.splitlines()
    assert line.startswith("error: the database ")
    assert "stayed locked by another writer for 1 s, so nothing was written" in line
    assert "Traceback" not in refused.err
    assert 1.0 <= took < 3.5  # gave up after its budget, not when the lock went
    assert f.counts() == before
    assert notes(f.db) == []


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "1e9"])
def test_a_budget_that_is_no_number_of_seconds_is_bad_input(
    interviewed: Followup, value: str
) -> None:
    f = interviewed
    refused = f.raw(*argv(f, "log", "1", "note", "--note", "x"), FOLLOWUP_BUSY_TIMEOUT=value)
    assert refused.code == 2
    assert "FOLLOWUP_BUSY_TIMEOUT" in refused.err
    assert notes(f.db) == []


@pytest.mark.parametrize("read", [["today", "--json"], ["plan", "1", "--json"], ["today"]])
def test_a_write_whose_re_plan_never_ran_is_planned_by_the_next_read(
    interviewed: Followup, read: list[str]
) -> None:
    """What a process killed between its commit and its re-plan leaves: the offer is in,
    its revision counted, the cached plan from before it. The next read, even the fast
    path that plans nothing when the cache is fresh, shows the offer's actions."""
    f = interviewed
    with closing(sqlite3.connect(f.db)) as conn, conn:
        conn.execute(
            "INSERT INTO event (application_id, kind, at, on_date)"
            " VALUES (1, 'offer', '2026-11-23T09:45:00.000000Z', '2026-11-30')"
        )
        conn.execute("UPDATE application SET rev = rev + 1 WHERE id = 1")
        kinds = {k for (k,) in conn.execute("SELECT kind FROM plan_action")}
    assert "acknowledge_offer" not in kinds
    shown = f.ok(*read)
    assert "acknowledge-offer" in shown or "Acknowledge" in shown, shown
    with closing(sqlite3.connect(f.db)) as conn:
        [(rev, planned)] = conn.execute("SELECT rev, planned_rev FROM application").fetchall()
        kinds = {k for (k,) in conn.execute("SELECT kind FROM plan_action")}
    assert planned == rev
    assert "acknowledge_offer" in kinds
