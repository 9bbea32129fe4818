"""The database's change stamp: has anything been committed since the last look?

Apart from ``sqlite_views`` (which the CLI's hot reads import) because only a long-lived
process watches, and it needs ``threading``.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading

from followup.adapters.sqlite.views import BUSY_TIMEOUT_SECONDS

_CONNECTIONS = itertools.count(1)  # ``ChangeWatch`` epochs: one per connection, per process


class ChangeWatch:
    """Tells whether the database may have changed since it last asked: a *change stamp*.

    A long-lived reader (the web server's page cache) keeps one connection that never
    writes and asks it ``PRAGMA data_version``, which SQLite changes whenever another
    connection, in this process or any other (the CLI writing while the server runs), has
    committed to the file, WAL included; it costs a few microseconds and reads no table.
    The stamp is that version and an epoch, a number no other connection of this process
    had: a file put in place of the database (a restored backup, a file removed and made
    again) is another database, so when the path's device, inode or inode change time is
    not what the connection was opened on, it reconnects under a new epoch (the change time
    also moves when a checkpoint writes the file: a reconnect, a page read again, no harm).
    ``None``: no database yet.
    """

    def __init__(self, path: str) -> None:
        self._path = path
        self._lock = threading.Lock()  # the server asks from its loop and its worker threads
        self._conn: sqlite3.Connection | None = None
        self._file: tuple[int, int, int] | None = None
        self._epoch = 0  # which connection the version is of: no two share a number

    def stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self._path)
        except FileNotFoundError:
            return None
        file = (st.st_dev, st.st_ino, st.st_ctime_ns)
        with self._lock:
            if self._conn is None or self._file != file:
                self._reconnect(file)
            assert self._conn is not None
            (version,) = self._conn.execute("PRAGMA data_version").fetchone()
            return (self._epoch, int(version))

    def _reconnect(self, file: tuple[int, int, int]) -> None:
        from urllib.parse import quote  # the server only: the CLI's reads never get here

        if self._conn is not None:
            self._conn.close()
        # mode=rw: never create a file that is not there; this connection never writes.
        self._conn = sqlite3.connect(
            f"file:{quote(os.path.abspath(self._path))}?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,  # guarded by the lock
        )
        self._file = file
        self._epoch = next(_CONNECTIONS)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
