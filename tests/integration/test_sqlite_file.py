"""The database file on disk (issue 12): private modes, and followup's mark on it.

Real files in a temporary folder: the modes are read back with ``stat``, and a refused
file is compared byte for byte with what it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from followup.adapters.sqlite.migrations import APPLICATION_ID
from followup.adapters.sqlite.store import SqliteStore
from followup.domain.errors import BadInput, OutsideFailure
from followup.domain.model import Application


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def application_id(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder, by name: nothing may be added, removed or changed."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_new_database_is_private_in_a_private_folder(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    path = tmp_path / "data" / "followup" / "followup.db"
    with SqliteStore(str(path)) as store:
        store.add_application(Application(id=0, company="Acme", role="Engineer"))
        # While the connection is open its WAL and shared-memory files exist: private too.
        assert {p.name for p in path.parent.iterdir()} >= {"followup.db-wal", "followup.db-shm"}
        for side in path.parent.iterdir():
            assert mode(side) == 0o600, side.name
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700  # the folder followup made for it
    assert mode(tmp_path) == 0o755  # a folder that was there already is left as it was


def test_a_new_database_carries_followups_mark(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    SqliteStore(str(path)).close()
    assert application_id(path) == APPLICATION_ID == int.from_bytes(b"FLUP", "big")


def test_an_older_followup_database_is_marked_and_made_private_on_open(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    with SqliteStore(str(path)) as store:
        app = store.add_application(Application(id=0, company="Acme", role="Engineer"))
    with closing(sqlite3.connect(path)) as conn:  # as followup before issue 12 left it
        conn.execute("PRAGMA application_id = 0")
        conn.commit()
    os.chmod(path, 0o644)
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"")  # a WAL left behind by a crash, as laxly readable
    os.chmod(wal, 0o664)
    assert application_id(path) == 0
    with SqliteStore(str(path)) as store:
        assert store.get_application(app.id) == app
    assert application_id(path) == APPLICATION_ID
    assert mode(path) == 0o600
    if wal.exists():  # the last connection to close removes it
        assert mode(wal) == 0o600


def test_an_owners_own_bits_are_kept_when_tightening(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    SqliteStore(str(path)).close()
    os.chmod(path, 0o666)
    SqliteStore(str(path)).close()
    assert mode(path) == 0o600


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    path.touch()
    with SqliteStore(str(path)) as store:
        assert store.application_ids() == []
    assert application_id(path) == APPLICATION_ID


def foreign(path: Path, *statements: str) -> None:
    """Another program's SQLite file, made by running its statements."""
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()


BOOKMARKS = (
    "CREATE TABLE bookmark (id INTEGER PRIMARY KEY, url TEXT)",
    "INSERT INTO bookmark (url) VALUES ('https://example.org')",
)
FOREIGN: dict[str, Callable[[Path], object]] = {
    "rollback-journal": lambda p: foreign(p, *BOOKMARKS),
    "wal": lambda p: foreign(p, "PRAGMA journal_mode = WAL", *BOOKMARKS),
    "another-mark": lambda p: foreign(p, "PRAGMA application_id = 252645135", *BOOKMARKS),
    "no-tables-but-a-version": lambda p: foreign(p, "PRAGMA user_version = 7"),
    # Other tools keep a table of that name too (here with Rails' one column).
    "someone-elses-schema_migrations": lambda p: foreign(
        p, "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY)"
    ),
    "text": lambda p: p.write_text("not a database, just some notes\n" * 50),
    "short": lambda p: p.write_bytes(b"SQLite format 3\x00"),
}


@pytest.mark.parametrize("kind", FOREIGN)
def test_a_file_that_is_not_followups_is_refused_and_left_as_it_was(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "other.db"
    FOREIGN[kind](path)
    before = snapshot(tmp_path)
    before_mode = mode(path)
    with pytest.raises(BadInput, match=r"other\.db is not a followup database"):
        SqliteStore(str(path))
    assert snapshot(tmp_path) == before
    assert mode(path) == before_mode  # not even made private: it is not ours
    assert side_files(path) == []


def test_a_folder_or_a_pipe_cannot_be_opened(tmp_path: Path) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    with pytest.raises(OutsideFailure, match="it is not a file"):
        SqliteStore(str(folder))
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    with pytest.raises(OutsideFailure, match="it is not a file"):  # and no wait for a writer
        SqliteStore(str(pipe))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.db", "pipe.db"]


def test_a_foreign_file_whose_tables_are_still_in_its_wal_is_refused(tmp_path: Path) -> None:
    """The look before opening reads the file alone; the store's second look, in its first
    write transaction, reads the WAL too, where another program's tables may still be."""
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        for statement in BOOKMARKS:
            writer.execute(statement)
        main, wal = path.read_bytes(), Path(f"{path}-wal").read_bytes()
        assert b"bookmark" not in main  # all of it in the WAL, for now
        with pytest.raises(BadInput, match="not a followup database"):
            SqliteStore(str(path))
        assert (path.read_bytes(), Path(f"{path}-wal").read_bytes()) == (main, wal)
        assert writer.execute("SELECT url FROM bookmark").fetchall() == [("https://example.org",)]
