"""The ``CalendarSource`` port on SQLite: the rows a calendar is made from, and the
database's calendar identity.

Three reads on one connection (the live actions with their application's name, revision and
newest draft; the interviews not cancelled that may not have ended; the identity), each a
scan the size of what it returns or of a small table. The identity is a random name kept in
the ``meta`` table, made by the first export (one ``INSERT OR IGNORE``: two processes racing
keep the first one's), so it travels with the file, its backups and copies.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime, timedelta

from followup.adapters.sqlite.formats import instant_text
from followup.domain.calendar_rows import CalendarActionRow, CalendarInterviewRow

BUSY_TIMEOUT_SECONDS = 5.0
IDENTITY_KEY = "calendar_identity"

# The newest unsent draft per action, grouped once: ``message`` has no index on action_id,
# and a join per action would scan it once per row.
ACTIONS_SQL = """
WITH drafts AS (
    SELECT action_id, MAX(id) AS id FROM message
    WHERE status = 'draft' AND action_id IS NOT NULL GROUP BY action_id
)
SELECT pa.id, pa.kind, pa.application_id, pa.channel, pa.due, pa.why, pa.expires,
       a.company, a.role, a.rev, d.id
FROM plan_action AS pa JOIN application AS a ON a.id = pa.application_id
LEFT JOIN drafts AS d ON d.action_id = pa.id
WHERE (pa.expires IS NULL OR pa.expires > ?) AND pa.due <= ?
ORDER BY pa.due, pa.id
"""
# Interviews last at most a day: one that started a day ago may still be on.
INTERVIEWS_SQL = """
SELECT i.id, i.application_id, i.start_at, i.minutes, i.format, a.company, a.role, a.rev
FROM interview AS i JOIN application AS a ON a.id = i.application_id
WHERE i.cancelled = 0 AND i.start_at > ? AND i.start_at <= ?
ORDER BY i.start_at, i.id
"""


class SqliteCalendarSource:
    """Reads on its own connection; only ``identity`` may write, once per database."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)

    def close(self) -> None:
        self._conn.close()

    def identity(self) -> str:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (IDENTITY_KEY,))
        found = row.fetchone()
        if found is not None:
            return str(found[0])
        self._conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
            (IDENTITY_KEY, uuid.uuid4().hex),
        )
        (value,) = self._conn.execute(
            "SELECT value FROM meta WHERE key = ?", (IDENTITY_KEY,)
        ).fetchone()
        return str(value)

    def actions(self, now: datetime, until: datetime | None) -> list[CalendarActionRow]:
        rows = self._conn.execute(ACTIONS_SQL, (instant_text(now), _until(until)))
        return list(map(CalendarActionRow._make, rows))

    def interviews(self, now: datetime, until: datetime | None) -> list[CalendarInterviewRow]:
        since = instant_text(now - timedelta(days=1))
        rows = self._conn.execute(INTERVIEWS_SQL, (since, _until(until)))
        return list(map(CalendarInterviewRow._make, rows))


def _until(until: datetime | None) -> str:
    """The window's end as stored text; none: after every instant the store can hold."""
    return "~" if until is None else instant_text(until)  # "~" sorts after any digit
