"""Backup and restore of the database file, through SQLite's online backup API.

Why the backup API and not a file copy: ``serve`` and ``worker`` may be writing, and the
newest commits may still sit in the ``-wal`` file beside the database. A byte copy of the
main file alone would miss them or catch a page half written; ``Connection.backup`` copies
a consistent snapshot, WAL included, and restarts when another connection writes meanwhile.

The documents' files (issue 18) live beside the database, not in it, so a copy of the
database alone would name résumés it cannot give back. A backup therefore carries every file
the copy refers to (a document's, or one a sent letter carried) in a table of its own,
``backup_file``: the backup stays one file, and each file is checked against its hash on the
way in and on the way out. Restore writes them back into the files folder (named by their
hash, so a file already there is the same file) before the database is replaced, and drops
the table from what it copies in.

Restore goes through the same API, the other way round: the checked file is copied *into*
the live database inside SQLite's own write transaction. So there is no moment without a
database, processes that have it open (``serve``, ``worker``) see the restored content on
their next read rather than keep writing into a file that was renamed away, and a process
holding the write lock makes restore wait ``busy_timeout`` and then refuse (``Conflict``,
exit 2) with nothing replaced, instead of racing it.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from contextlib import closing

from followup.adapters.sqlite.file import SIDE_FILES, identify
from followup.adapters.sqlite.migrations import APPLICATION_ID, MIGRATIONS
from followup.domain.errors import BadInput, Conflict, OutsideFailure

_SQLITE_MAGIC = b"SQLite format 3\x00"


_FILES_TABLE = "backup_file"


def backup(
    db: str,
    path: str,
    *,
    force: bool = False,
    busy_timeout: float = 5.0,
    files: str | None = None,
) -> list[str]:
    """Copy the database at ``db`` to ``path`` (0600), atomically: tmp file, then rename;
    with the documents' files from the folder ``files``. Returns the hashes of files the
    copy refers to that were missing or damaged in the folder (the backup holds the rest)."""
    if not os.path.isfile(db) or not os.path.getsize(db):
        raise BadInput(f"there is no database at {db} to back up")
    identify(db)  # another program's file, or not SQLite at all: BadInput, nothing read
    if not os.path.basename(path) or "\x00" in path or os.path.isdir(path):
        raise BadInput(f"{_named(path)} is not a file name; name the backup file to write")
    if os.path.lexists(path) and not force:
        raise Conflict(f"{_named(path)} exists; choose another name, or --force to replace it")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise BadInput(f"cannot write {_named(path)}: the folder does not exist")
    if len(os.fsencode(os.path.basename(path))) > os.pathconf(folder, "PC_NAME_MAX"):
        # Refused before the database is opened: a refusal reads nothing.
        raise BadInput(f"cannot write {_named(path)}: the file name is too long")
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=".followup-", suffix=".backup.tmp", dir=folder)
    except OSError as exc:
        raise BadInput(f"cannot write in the folder of {_named(path)}: {exc.strerror}") from exc
    os.close(fd)  # mkstemp made it 0600
    try:
        source = sqlite3.connect(_read_only(db), uri=True, timeout=busy_timeout)
        with closing(source):
            target = sqlite3.connect(tmp)
            with closing(target):
                _copy(source, target, busy_timeout)
                missing = _carry_files(target, files)
                if missing:
                    # A ``doc rm`` between the snapshot and the read of its file: a newer
                    # snapshot no longer names it. What is still missing then is missing.
                    _copy(source, target, busy_timeout)
                    missing = _carry_files(target, files)
                # One file, not a -wal beside it: the backup is complete on its own.
                target.execute("PRAGMA journal_mode = DELETE")
        os.replace(tmp, path)
    except _Busy as exc:
        raise Conflict(
            f"another process held {db} locked for {busy_timeout:g} s; try again"
        ) from exc
    except sqlite3.Error as exc:
        raise OutsideFailure(f"cannot back up {db} to {path}: {exc}") from exc
    except OSError as exc:
        if exc.errno in (errno.ENAMETOOLONG, errno.EACCES, errno.EPERM, errno.EISDIR):
            raise BadInput(f"cannot write {_named(path)}: {exc.strerror}") from exc
        raise OutsideFailure(f"cannot write {_named(path)}: {exc.strerror}") from exc
    finally:
        for name in (tmp, *(tmp + side for side in SIDE_FILES)):
            if os.path.lexists(name):
                os.unlink(name)
    return missing


def _referenced(conn: sqlite3.Connection) -> list[str]:
    """The hashes of the files the database names: its documents', and those its sent
    letters carried (kept after the document is removed)."""
    from followup.adapters.sqlite.documents import HASHES_SQL

    try:
        return [str(h) for (h,) in conn.execute(HASHES_SQL)]
    except sqlite3.OperationalError:  # a database from before documents
        return []


def _carry_files(target: sqlite3.Connection, files: str | None) -> list[str]:
    """Put every file ``target`` names into its ``backup_file`` table (made afresh); the
    hashes that were missing or did not match their bytes."""
    import hashlib

    from followup.adapters.documents import DocumentFolder

    target.execute(f"DROP TABLE IF EXISTS {_FILES_TABLE}")
    hashes = _referenced(target) if files is not None else []
    if not hashes or files is None:
        return []
    folder = DocumentFolder(files)
    missing: list[str] = []
    target.execute(f"CREATE TABLE {_FILES_TABLE} (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)")
    for sha256 in hashes:
        try:
            with open(folder.path(sha256), "rb") as file:
                data = file.read()
        except (OSError, ValueError):
            missing.append(sha256)
            continue
        if hashlib.sha256(data).hexdigest() != sha256:
            missing.append(sha256)
            continue
        target.execute(f"INSERT INTO {_FILES_TABLE} (sha256, data) VALUES (?, ?)", (sha256, data))
    target.commit()
    return missing


def check(path: str) -> None:
    """Refuse (``BadInput``) a file that is not a sound followup database this release reads.

    The checks go from cheapest to dearest, and none writes: the file is opened read-only
    and immutable, so a refused file is left exactly as it was.
    """
    if "\x00" in path or not os.path.isfile(path):
        raise BadInput(f"there is no file {_named(path)} to restore from")
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except OSError as exc:
        raise BadInput(f"cannot read {_named(path)}: {exc.strerror}; nothing restored") from exc
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise BadInput(
            f"{path} is not a followup backup (not even a SQLite file); nothing restored"
        )
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise BadInput(
            f"{path} is another program's SQLite file, not a followup backup; nothing restored"
        )
    try:
        conn = sqlite3.connect(_read_only(path, immutable=True), uri=True)
        with closing(conn):
            (result,) = conn.execute("PRAGMA integrity_check(1)").fetchone()
            if result != "ok":
                raise BadInput(f"{path} is damaged ({result}); nothing restored")
            applied = {name for (name,) in conn.execute("SELECT name FROM schema_migrations")}
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"{path} is damaged ({exc}); nothing restored") from exc
    newer = sorted(applied - {m.name for m in MIGRATIONS})
    if newer:
        raise BadInput(
            f"{path} was written by a newer followup (schema {newer[-1]}); upgrade followup "
            "to restore it; nothing restored"
        )


def restore(
    db: str, path: str, stamp: str, *, busy_timeout: float = 5.0, files: str | None = None
) -> str:
    """Replace the database at ``db`` by the backup at ``path``; return where the old one went.

    ``stamp`` (the caller's clock, e.g. ``20261205T103000Z``) names the copy of the old
    database kept beside it: ``followup.db.before-restore-<stamp>``. The documents' files
    the backup carries go into the folder ``files`` first.
    """
    check(path)
    import tempfile

    folder = os.path.dirname(os.path.abspath(db))
    work = tempfile.mkdtemp(prefix=".followup-restore-", dir=folder)
    try:
        staged = os.path.join(work, "backup.db")
        source = sqlite3.connect(_read_only(path, immutable=True), uri=True)
        with closing(source):
            staging = sqlite3.connect(staged)
            with closing(staging):
                source.backup(staging)
                _unpack_files(staging, path, files)
                staging.execute(f"DROP TABLE IF EXISTS {_FILES_TABLE}")
                staging.commit()
        return _replace(db, staged, stamp, busy_timeout, path)
    except OSError as exc:
        raise OutsideFailure(f"cannot restore {db} from {path}: {exc.strerror or exc}") from exc
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


def _unpack_files(staging: sqlite3.Connection, path: str, files: str | None) -> None:
    """The backup's files into the folder ``files``, each checked against its hash first:
    a damaged one refuses the restore before anything is replaced."""
    import hashlib

    try:
        rows = staging.execute(f"SELECT sha256, data FROM {_FILES_TABLE}").fetchall()
    except sqlite3.OperationalError:
        return  # a backup without documents, or from before them
    for sha256, data in rows:
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BadInput(f"{path} is damaged (a document's file does not match its hash)")
    if files is None or not rows:
        return
    from followup.adapters.documents import DocumentFolder

    folder = DocumentFolder(files)
    for _, data in rows:
        folder.put(bytes(data))


def _replace(db: str, path: str, stamp: str, busy_timeout: float, named: str) -> str:
    """The live database replaced by the checked, unpacked copy at ``path``."""
    kept = f"{db}.before-restore-{stamp}"
    if os.path.lexists(kept):
        raise Conflict(f"{kept} exists already; try again in a second")
    had_db = os.path.isfile(db) and os.path.getsize(db) > 0
    if had_db:
        backup(db, kept, busy_timeout=busy_timeout)
    try:
        source = sqlite3.connect(_read_only(path), uri=True)
        with closing(source):
            if not os.path.exists(db):
                fd = os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                os.close(fd)
            target = sqlite3.connect(db, timeout=busy_timeout)
            with closing(target):
                _copy(source, target, busy_timeout)
    except (sqlite3.OperationalError, _Busy) as exc:
        if isinstance(exc, _Busy) or "locked" in str(exc) or "busy" in str(exc):
            if had_db:
                os.unlink(kept)
            raise Conflict(
                f"another followup (serve or worker) is writing to {db}; stop it, then "
                "restore again; nothing restored"
            ) from exc
        raise OutsideFailure(f"cannot restore {db} from {named}: {exc}") from exc
    except sqlite3.Error as exc:
        raise OutsideFailure(f"cannot restore {db} from {named}: {exc}") from exc
    return kept if had_db else ""


class _Busy(Exception):
    """The other side held its lock longer than ``busy_timeout``."""


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, busy_timeout: float) -> None:
    """``source.backup(target)``, but giving up after ``busy_timeout`` on a lock.

    Python's ``backup`` retries a busy or locked step for ever; its progress callback is
    called after every step with the step's result, and raising there aborts the copy.
    """
    import time

    deadline = time.monotonic() + busy_timeout

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise _Busy

    source.backup(target, progress=progress, sleep=0.05)


def _named(path: str) -> str:
    """A path as an error names it: quoted, and cut short if it is absurdly long."""
    return repr(path if len(path) <= 200 else path[:200] + "...")


def _read_only(path: str, *, immutable: bool = False) -> str:
    from urllib.parse import quote

    extra = "&immutable=1" if immutable else ""
    return f"file:{quote(os.path.abspath(path))}?mode=ro{extra}"
