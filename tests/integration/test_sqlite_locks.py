"""Opening a store never drops the locks of the process's other connections (issue 18).

The web server keeps connections open for its life (the page cache's change stamp, the
requests' stores) while each request opens a store of its own, and the command line writes
to the same file meanwhile. Opening a store looks at the file's header first
(``sqlite_file.identify``); read with Python's ``open()``, its close dropped every POSIX
lock this process held on the database, so the other process took the file for unused,
checkpointed it and restarted the WAL under the live connections, and the next checkpoint
wrote pages to the wrong places: "database disk image is malformed". Found when a
document uploaded in ``serve`` and then attached there, with a ``draft`` written by the
command line in between, corrupted the database.

This is that sequence without the web: a connection held open in this process, a store
opened and used here, a write by another process, a write here, then everything closed
(the last close checkpoints) and the file checked by SQLite.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from followup.adapters.sqlite.store import SqliteStore
from followup.domain.model import Application

WRITE_ELSEWHERE = """
import sys
from followup.adapters.sqlite.store import SqliteStore
from followup.domain.model import Application
store = SqliteStore(sys.argv[1])
with store.transaction():
    store.add_application(Application(id=0, company="Elsewhere", role="Engineer"))
store.close()
"""


def _add(path: Path, company: str) -> None:
    store = SqliteStore(path)
    try:
        with store.transaction():
            store.add_application(
                Application(id=0, company=company, role="Engineer", created_at=datetime.now(UTC))
            )
    finally:
        store.close()


def test_a_store_opened_beside_a_live_connection_keeps_the_database_whole(
    tmp_path: Path,
) -> None:
    db = tmp_path / "f.db"
    _add(db, "First")  # made and migrated
    held = sqlite3.connect(db)  # the web server's long-lived reader
    try:
        held.execute("SELECT COUNT(*) FROM application").fetchone()
        _add(db, "Here")  # a request's store: opened (the header looked at), written, closed
        subprocess.run([sys.executable, "-c", WRITE_ELSEWHERE, str(db)], check=True)
        _add(db, "Here again")
        held.execute("SELECT COUNT(*) FROM application").fetchone()
    finally:
        held.close()  # the last connection: its close checkpoints the WAL into the file
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = [n for (n,) in conn.execute("SELECT company FROM application ORDER BY id")]
    assert names == ["First", "Here", "Elsewhere", "Here again"]
