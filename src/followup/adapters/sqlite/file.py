"""The database file on disk: private to its owner, and never mistaken for another's.

Private: a person's job search is nobody else's business on a shared machine, so the file
and the ``-wal``, ``-shm`` and ``-journal`` files SQLite keeps beside it are its owner's
only (0600), in a folder that is its owner's only (0700) when followup creates it, as the
web access token already is. SQLite gives those side files the mode of the database file,
so making the file 0600 before SQLite ever opens it is enough.

Unmistakable: ``--db`` can name any file by mistake (a typo, another program's SQLite
file), and opening it as followup's would create followup's tables inside it, even for a
read. So every followup database carries SQLite's own mark for this, ``PRAGMA
application_id`` (``migrations.APPLICATION_ID``), and an existing file is looked at before
anything opens it for writing: a file that is neither followup's nor empty is refused
(``BadInput``, exit 2) and left exactly as it was, byte for byte, with no file beside it.
"""

from __future__ import annotations

import os
import sqlite3
import stat

from followup.adapters.sqlite.migrations import APPLICATION_ID, MIGRATIONS
from followup.domain.errors import BadInput, OutsideFailure

TYPE_CHECKING = False  # ``typing`` costs milliseconds: annotations only
if TYPE_CHECKING:
    from typing import NoReturn

# What SQLite keeps beside a database file while it is in use.
SIDE_FILES = ("-wal", "-shm", "-journal")

_SQLITE_NOTADB = 26  # SQLite's "file is not a database": not even a SQLite file


def prepare(path: str) -> bool:
    """Create the database's folder (0700) and an empty file (0600) if there is none yet.

    True when this call made the file: a new database, which needs no look before opening.
    An existing folder is left as it is (it may be the user's own working folder).
    """
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        # Only the last folder gets 0700 (parents get the usual mode): that is the one
        # named for followup, e.g. ~/.local/share/followup.
        os.makedirs(folder, mode=0o700, exist_ok=True)
    try:
        # O_EXCL: another followup creating it at the same moment wins, and this one opens
        # what it made (an empty file, a new database all the same).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def identify(path: str) -> bool:
    """Whether the existing file at ``path`` already carries followup's mark.

    False for a file followup may take and mark: an empty one, or a followup database from
    before the mark. Anything else is refused with ``BadInput``. Nothing is written and no
    file is created either way: the file is opened immutable (no locks, no side files, its
    WAL unread) and its header's mark read; an unmarked one is looked at further, and the
    store looks again, WAL and all, in its first write transaction before it marks the file
    (``verdict``).
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        # A folder, a device, a pipe that would never end: what SQLite itself could not
        # open either, so an outside failure as before (the web shows it as a 502).
        raise OutsideFailure(
            f"cannot open the database {path}: it is not a file (a folder, a device or a "
            "pipe); point --db or FOLLOWUP_DB at a file"
        )
    if os.stat(path).st_size == 0:
        return False  # an empty file: a new database
    # The header is read through SQLite, never with open(): closing any descriptor of a
    # file drops every POSIX lock this process holds on it, the locks of its other SQLite
    # connections included (the web server's long-lived readers, a request's store). Another
    # process then believes nobody uses the database, checkpoints it and restarts its WAL
    # under those connections, and the next checkpoint writes pages to the wrong places: a
    # malformed database (SQLite's "How To Corrupt", section 2.2). SQLite's own close keeps
    # the descriptor open while another connection of the process holds a lock.
    # ``immutable=1``: no locks taken, no side files made, the WAL unread (the store looks
    # again, WAL and all, in its first write transaction: ``verdict``).
    from urllib.parse import quote

    uri = f"file:{quote(os.path.abspath(path))}?immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            (mark,) = conn.execute("PRAGMA application_id").fetchone()
            found = True if mark == APPLICATION_ID else None if mark else verdict(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == _SQLITE_NOTADB:
            raise BadInput(
                f"{path} is not a followup database (not even a SQLite file); point --db or "
                "FOLLOWUP_DB at your followup database, or at a new file to start one"
            ) from None
        # Half written by a checkpoint of another followup at this very moment, or damaged:
        # the store's own look, in its write transaction, decides.
        return False
    if found is None:
        refuse(path)
    return bool(found)


def refuse(path: str) -> NoReturn:
    raise BadInput(
        f"{path} is not a followup database (it is another program's SQLite file, left as "
        "it was); point --db or FOLLOWUP_DB at your followup database, or at a new file to "
        "start one"
    )


def verdict(conn: sqlite3.Connection) -> bool | None:
    """True: marked as followup's; False: followup's to mark (empty, or from before the
    mark); None: another program's."""
    (mark,) = conn.execute("PRAGMA application_id").fetchone()
    if mark == APPLICATION_ID:
        return True
    if mark:
        return None  # marked by another program
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    if not names:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        return False if version == 0 else None
    if "schema_migrations" not in names:
        return None
    try:  # other tools name a table schema_migrations too, with other columns
        applied = {name for (name,) in conn.execute("SELECT name FROM schema_migrations")}
    except sqlite3.OperationalError:
        return None
    return False if MIGRATIONS[0].name in applied else None


def tighten(path: str) -> None:
    """Take group's and others' access away from an existing database and its side files.

    Followup before issue 12 made them 0644 (readable by every local user); a file the user
    owns is made private on open, the owner's own bits kept. A file owned by someone else
    (a shared setup someone chose) is left alone. Best effort: a file system without Unix
    modes (a FAT stick) refuses chmod, which must not stop the user from working.
    """
    uid = os.getuid()
    for name in (path, *(path + side for side in SIDE_FILES)):
        try:
            st = os.stat(name)
            if st.st_uid == uid and stat.S_ISREG(st.st_mode) and st.st_mode & 0o077:
                os.chmod(name, stat.S_IMODE(st.st_mode) & ~0o077)
        except OSError:
            continue
