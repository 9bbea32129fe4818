"""Backup and restore (issue 16) on real SQLite files: consistent under writes, and every
refusal leaves the database as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from followup.adapters.sqlite.backup import backup, check, restore
from followup.adapters.sqlite.migrations import APPLICATION_ID
from followup.bootstrap import open_store
from followup.domain.errors import BadInput, Conflict

STAMP = "20261205T103000Z"


def new_db(path: Path) -> Path:
    open_store(str(path)).close()
    return path


def add_app(conn: sqlite3.Connection, n: int) -> None:
    conn.execute("INSERT INTO application (company, role) VALUES (?, 'Engineer')", (f"C{n}",))


def companies(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [c for (c,) in conn.execute("SELECT company FROM application ORDER BY id")]


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_a_backup_taken_while_another_thread_writes_holds_every_committed_row(
    tmp_path: Path,
) -> None:
    db = new_db(tmp_path / "followup.db")
    committed: list[int] = []
    stop = threading.Event()

    def writer() -> None:
        with closing(sqlite3.connect(db, timeout=30, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            n = 0
            while not stop.is_set():
                conn.execute("BEGIN IMMEDIATE")
                add_app(conn, n)
                conn.execute("COMMIT")
                committed.append(n)
                n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(committed) < 200:
            assert thread.is_alive()
            time.sleep(0.001)
        before = len(committed)  # committed before the backup began: all must be in it
        backup(str(db), str(tmp_path / "copy.db"))
    finally:
        stop.set()
        thread.join()
    copy = tmp_path / "copy.db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    names = companies(copy)
    assert len(names) >= before
    assert names == [f"C{n}" for n in range(len(names))]  # a prefix: no gap, no torn write
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "followup.db"] + [
        p.name for p in sorted(tmp_path.iterdir()) if p.name.startswith("followup.db-")
    ]


def test_a_backup_refuses_an_existing_file_unless_forced(tmp_path: Path) -> None:
    db = new_db(tmp_path / "followup.db")
    target = tmp_path / "copy.db"
    target.write_bytes(b"mine")
    with pytest.raises(Conflict, match="--force"):
        backup(str(db), str(target))
    assert target.read_bytes() == b"mine"
    backup(str(db), str(target), force=True)
    check(str(target))


def test_restore_puts_the_backup_back_and_keeps_the_old_database(tmp_path: Path) -> None:
    db = new_db(tmp_path / "followup.db")
    with closing(sqlite3.connect(db)) as conn, conn:
        add_app(conn, 1)
    backup(str(db), str(tmp_path / "copy.db"))
    with closing(sqlite3.connect(db)) as conn, conn:
        add_app(conn, 2)
    kept = restore(str(db), str(tmp_path / "copy.db"), STAMP)
    assert kept == f"{db}.before-restore-{STAMP}"
    assert companies(db) == ["C1"]
    assert companies(Path(kept)) == ["C1", "C2"]
    assert stat.S_IMODE(Path(kept).stat().st_mode) == 0o600


def newer(path: Path) -> None:
    new_db(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future', 'x')")


def corrupted(path: Path) -> None:
    new_db(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        for n in range(300):
            add_app(conn, n)
        conn.execute("PRAGMA journal_mode = DELETE")
    data = bytearray(path.read_bytes())
    page = 4096
    for at in range(3 * page, len(data) - page, page):  # scribble over later pages
        data[at + 8 : at + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))


def other_sqlite(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"hello, not a database\n" * 10), "not even a SQLite file"),
        (lambda p: p.write_bytes(b""), "not even a SQLite file"),
        (other_sqlite, "another program's SQLite file"),
        (newer, "newer followup"),
        (corrupted, "damaged"),
    ],
    ids=["text", "empty", "other-sqlite", "newer-schema", "corrupted"],
)
def test_restore_refuses_a_bad_file_and_replaces_nothing(
    tmp_path: Path, make: object, message: str
) -> None:
    db = new_db(tmp_path / "followup.db")
    with closing(sqlite3.connect(db)) as conn, conn:
        add_app(conn, 1)
    bad = tmp_path / "bad" / "backup.db"
    bad.parent.mkdir()
    make(bad)  # type: ignore[operator]
    before = digest(tmp_path)
    bad_before = bad.read_bytes()
    with pytest.raises(BadInput, match=message):
        restore(str(db), str(bad), STAMP)
    assert digest(tmp_path) == before
    assert bad.read_bytes() == bad_before
    assert sorted(os.listdir(bad.parent)) == ["backup.db"]
    assert companies(db) == ["C1"]


def test_restore_refuses_while_another_process_holds_the_write_lock(tmp_path: Path) -> None:
    db = new_db(tmp_path / "followup.db")
    with closing(sqlite3.connect(db)) as conn, conn:
        add_app(conn, 1)
    backup(str(db), str(tmp_path / "copy.db"))
    with closing(sqlite3.connect(db, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        add_app(holder, 2)
        with pytest.raises(Conflict, match="stop it"):
            restore(str(db), str(tmp_path / "copy.db"), STAMP, busy_timeout=0.2)
        holder.execute("COMMIT")
    assert not Path(f"{db}.before-restore-{STAMP}").exists()
    assert companies(db) == ["C1", "C2"]
