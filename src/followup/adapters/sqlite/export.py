"""The ``DataTables`` port on SQLite: every exported table read in one snapshot, and loaded
back into an empty database in one transaction.

What is read and written is ``domain/export_schema.py``'s description; this module knows
only how each kind is stored: booleans as 0/1, objects and lists as JSON text, an
interview's panel in ``interview_interviewer`` and an inbox item's invitation in
``inbox_invitation``. Rows go out as plain dicts in the key's order (SQLite's binary order
of UTF-8 text is Python's order of the strings, so the export and a check of it agree).

Why its own connection rather than the store's: the read is one deferred transaction (in
WAL, a snapshot that ``serve`` and ``worker`` keep writing past), and the load must see the
database empty and fill it under one ``BEGIN IMMEDIATE``, which no port of the store offers
(nor should: nothing else writes ids it was given).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from followup.domain.errors import BadInput, Busy, Conflict, OutsideFailure
from followup.domain.export_schema import CACHE_META_KEYS, SECTIONS, Field, Section

_PANEL = (
    "(SELECT json_group_array(contact_id) FROM (SELECT contact_id FROM interview_interviewer"
    " WHERE interview_id = t.id ORDER BY position))"
)
_INVITATION = "(SELECT invitation FROM inbox_invitation WHERE item_id = t.id)"
_ATTACHMENTS = (
    "(SELECT json_group_array(json_object('document_id', document_id, 'sha256', sha256,"
    " 'name', name, 'media_type', media_type, 'size', size)) FROM (SELECT * FROM"
    " message_attachment WHERE message_id = t.id ORDER BY position))"
)
_ELSEWHERE = {
    ("interview", "interviewers"): _PANEL,
    ("inbox_item", "invitation"): _INVITATION,
    ("message", "attachments"): _ATTACHMENTS,
}


def _select(section: Section) -> str:
    cells = []
    for f in section.fields:
        stored = f.stored
        cells.append(_ELSEWHERE[(section.table, f.name)] if stored is None else f"t.{stored}")
    where = ""
    if section.table == "meta":
        where = " WHERE t.key NOT IN (" + ", ".join(f"'{k}'" for k in CACHE_META_KEYS) + ")"
    order = f" ORDER BY t.{section.key}" if section.key else ""
    return f"SELECT {', '.join(cells)} FROM {section.table} AS t{where}{order}"


def _reader(f: Field) -> Any:
    """How a stored value becomes the file's (None: as it is)."""
    if f.kind == "boolean":
        return bool
    if f.kind in ("json", "ids"):
        return json.loads
    return None


def _writer(f: Field) -> Any:
    if f.kind == "boolean":
        return int
    if f.kind == "json":
        return lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return None


class SqliteTables:
    """``dump`` and ``load`` on a connection of their own (``busy_timeout`` seconds)."""

    def __init__(self, path: str, busy_timeout: float) -> None:
        self._conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        self._conn.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self._conn.close()

    def dump(self, only: Collection[str] | None = None) -> dict[str, Any]:
        """Every section by name (those in ``only``, when given): a list of rows (dicts),
        or one row or None."""
        out: dict[str, Any] = {}
        conn = self._conn
        conn.execute("BEGIN")
        try:
            for section in SECTIONS:
                if only is not None and section.name not in only:
                    continue
                names = [f.name for f in section.fields]
                readers = [(n, _reader(f)) for n, f in enumerate(section.fields)]
                readers = [(n, r) for n, r in readers if r is not None]
                rows = []
                for stored in conn.execute(_select(section)):
                    r = list(stored)
                    for n, read in readers:
                        if r[n] is not None:
                            r[n] = read(r[n])
                    rows.append(dict(zip(names, r, strict=True)))
                out[section.name] = (rows[0] if rows else None) if section.single else rows
        finally:
            conn.execute("COMMIT")
        return out

    def load(self, sections: Mapping[str, Any], refuse: str) -> None:
        """Write every section (checked already) into the empty database, in one
        transaction; ``Conflict(refuse)`` when the database holds anything of the user's.
        The plans are left stale (``planned_rev`` NULL), for the planner to compute."""
        conn = self._conn
        with _writing(conn):
            if not self._empty():
                raise Conflict(refuse)
            for section in SECTIONS:
                value = sections.get(section.name)
                rows = ([] if value is None else [value]) if section.single else list(value or [])
                if rows:
                    self._insert(section, rows)

    def is_empty(self) -> bool:
        return self._empty()

    def _empty(self) -> bool:
        for section in SECTIONS:
            sql = f"SELECT 1 FROM {section.table}"
            if section.table == "meta":
                sql += " WHERE key NOT IN (" + ", ".join(f"'{k}'" for k in CACHE_META_KEYS) + ")"
            if self._conn.execute(sql + " LIMIT 1").fetchone() is not None:
                return False
        return True

    def _insert(self, section: Section, rows: list[Mapping[str, Any]]) -> None:
        stored = [f for f in section.fields if f.stored is not None]
        columns = [f.stored for f in stored]
        if section.single:
            columns.insert(0, "id")
        writers = [(f.name, _writer(f)) for f in stored]
        extra = ""
        if section.table == "application":  # stale from the start: planned after the load
            columns += ["rev", "planned_rev"]
            extra = ", 0, NULL"
        marks = ", ".join("?" for _ in writers) + extra
        if section.single:
            marks = "1, " + marks
        sql = f"INSERT INTO {section.table} ({', '.join(map(str, columns))}) VALUES ({marks})"

        def params(row: Mapping[str, Any]) -> list[Any]:
            values = []
            for name, write in writers:
                v = row[name]
                values.append(v if v is None or write is None else write(v))
            return values

        try:
            self._conn.executemany(sql, (params(r) for r in rows))
        except sqlite3.IntegrityError as exc:
            raise BadInput(f"{section.pointer}: does not fit the database: {exc}") from exc
        if section.table == "interview":
            self._conn.executemany(
                "INSERT INTO interview_interviewer (interview_id, position, contact_id)"
                " VALUES (?, ?, ?)",
                (
                    (r["id"], position, contact)
                    for r in rows
                    for position, contact in enumerate(r["interviewers"])
                ),
            )
        if section.table == "message":
            self._conn.executemany(
                "INSERT INTO message_attachment (message_id, position, document_id, sha256,"
                " name, media_type, size) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        r["id"],
                        position,
                        a["document_id"],
                        a["sha256"],
                        a["name"],
                        a["media_type"],
                        a["size"],
                    )
                    for r in rows
                    for position, a in enumerate(r["attachments"])
                ),
            )
        if section.table == "inbox_item":
            self._conn.executemany(
                "INSERT INTO inbox_invitation (item_id, invitation) VALUES (?, ?)",
                (
                    (r["id"], _writer(_INVITATION_FIELD)(r["invitation"]))
                    for r in rows
                    if r["invitation"] is not None
                ),
            )


_INVITATION_FIELD = next(
    f for s in SECTIONS if s.table == "inbox_item" for f in s.fields if f.name == "invitation"
)


@contextmanager
def _writing(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE ... COMMIT``; rolled back on any failure, so nothing is half
    written."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise Busy("the database is busy (another followup is writing); try again") from exc
        raise OutsideFailure(f"cannot write the database: {exc}") from exc
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
