"""The database file as the CLI leaves it (issue 12): private, and never another's.

Real processes: what a person gets with no ``--db`` (the platform's data folder), and with
``--db`` pointed at another program's file by mistake, through the fast path (``today
--json``), the click path and ``serve`` alike.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.conftest import Followup, make_profile


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_default_database_and_its_folder_are_private(followup: Followup) -> None:
    data = followup.home / "data"
    result = followup.raw("app", "add", "Acme", "Engineer")  # no --db: the data folder
    assert result.code == 0, result.err
    db = data / "followup" / "followup.db"
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700
    assert sorted(p.name for p in db.parent.iterdir()) == ["followup.db"]


def test_an_older_database_readable_by_all_is_made_private(followup: Followup) -> None:
    make_profile(followup)
    with closing(sqlite3.connect(followup.db)) as conn:  # as followup before issue 12
        conn.execute("PRAGMA application_id = 0")
        conn.commit()
    os.chmod(followup.db, 0o644)
    assert followup.json("today")["actions"] == []  # the fast path hands over to the store
    assert mode(followup.db) == 0o600
    with closing(sqlite3.connect(followup.db)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x464C5550


@pytest.mark.parametrize(
    "args",
    [
        ("today", "--json"),  # the fast path, without click
        ("today",),
        ("app", "list"),
        ("app", "add", "Acme", "Engineer"),
        ("me", "--name", "A", "--email", "a@example.org", "--timezone", "UTC"),
        ("serve", "--port", "1"),
    ],
)
def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(
    followup: Followup, tmp_path: Path, args: tuple[str, ...]
) -> None:
    other = tmp_path / "other" / "bookmarks.sqlite"
    other.parent.mkdir()
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE bookmark (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO bookmark (url) VALUES ('https://example.org')")
        conn.commit()
    before = folder_bytes(other.parent)
    result = followup.raw("--db", str(other), "--config", str(followup.config), *args)
    assert result.code == 2, result.err
    assert result.err == (
        f"error: {other} is not a followup database (it is another program's SQLite file, "
        "left as it was); point --db or FOLLOWUP_DB at your followup database, or at a new "
        "file to start one\n"
    )
    assert result.out == ""
    assert folder_bytes(other.parent) == before  # not a byte, not a file beside it


def test_a_file_that_is_not_sqlite_is_refused(followup: Followup, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("call Jane on Monday\n")
    for args in (("today", "--json"), ("app", "list")):
        result = followup.raw("--db", str(notes), *args)
        assert result.code == 2
        assert result.err.startswith(f"error: {notes} is not a followup database (not even")
        assert len(result.err.splitlines()) == 1
    assert notes.read_text() == "call Jane on Monday\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["notes.txt"]
