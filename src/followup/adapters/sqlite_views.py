"""The ``Views`` port on SQLite: the rows behind ``today`` and ``plan``, as plain values.

The read side of the store (cosmicpython's CQRS): these queries read what the writes keep
ready in the plan cache and hand back tuples of strings and numbers, never domain records,
so a read builds no dataclass and imports nothing but ``sqlite3``. It never migrates or
writes; when the file is missing or its schema is behind, ``open_views`` says so (None) and
the caller goes the long way through the full store, which brings the file up to date.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

from followup.adapters.migrations import MIGRATIONS
from followup.adapters.sqlite_format import instant_text

BUSY_TIMEOUT_SECONDS = 5.0

_ACTION_COLS = (
    "pa.id, pa.kind, pa.application_id, pa.contact_id, pa.channel,"
    " pa.earliest, pa.due, pa.latest, pa.why"
)
_LIVE = "(pa.expires IS NULL OR pa.expires > ?)"

# The hot query of ``followup today``: a range scan of plan_action_due, already in the
# order asked for, joined by primary key.
DUE_ACTIONS_SQL = f"""
SELECT {_ACTION_COLS}, a.company, a.role
FROM plan_action AS pa JOIN application AS a ON a.id = pa.application_id
WHERE pa.due <= ? AND {_LIVE}
ORDER BY pa.due, pa.id
"""
PLAN_ACTIONS_SQL = f"""
SELECT {_ACTION_COLS} FROM plan_action AS pa
WHERE pa.application_id = ? AND {_LIVE}
ORDER BY pa.due, pa.id
"""
EVENTS_SQL = """
SELECT id, kind, at, contact_id, on_date, note FROM event
WHERE application_id = ? ORDER BY at, id
"""
# Bounces not yet dealt with (issue 5): ``today`` shows them above the actions.
ALERTS_SQL = """
SELECT id, application_id, bounced, subject, sent_at FROM inbox_item
WHERE kind = 'bounce' AND status IN ('pending', 'applied') ORDER BY id
"""
APPLICATION_SQL = """
SELECT id, company, role, base_status, first_interview_end FROM application WHERE id = ?
"""


def open_views(path: str) -> SqliteViews | None:
    """Views on the database at ``path``, or None if it does not exist or is behind."""
    if path == ":memory:" or not os.path.exists(path):
        return None
    views = SqliteViews(path)
    if not views.is_current():
        views.close()
        return None
    return views


class SqliteViews:
    """One connection for reading; instants come out as the store's UTC text (ISO 8601)."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)

    def close(self) -> None:
        self._conn.close()

    def is_current(self) -> bool:
        try:
            applied = {n for (n,) in self._conn.execute("SELECT name FROM schema_migrations")}
        except sqlite3.OperationalError:  # not a followup database yet
            return False
        return applied == {m.name for m in MIGRATIONS}

    def plan_basis(self) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'plan_basis'").fetchone()
        return None if row is None else str(row[0])

    def profile_timezone(self) -> str | None:
        row = self._conn.execute("SELECT timezone FROM profile").fetchone()
        return None if row is None else str(row[0])

    def due_actions(self, until: datetime, now: datetime) -> list[tuple[object, ...]]:
        """(id, kind, application_id, contact_id, channel, earliest, due, latest, why,
        company, role) of actions due by ``until`` and live at ``now``, by due."""
        return self._conn.execute(
            DUE_ACTIONS_SQL, (instant_text(until), instant_text(now))
        ).fetchall()

    def application(self, app_id: int) -> tuple[object, ...] | None:
        """(id, company, role, base_status, first_interview_end), or None."""
        row: tuple[object, ...] | None = self._conn.execute(APPLICATION_SQL, (app_id,)).fetchone()
        return row

    def plan_actions(self, app_id: int, now: datetime) -> list[tuple[object, ...]]:
        """Its actions live at ``now``, by due; columns as ``due_actions`` less the last two."""
        return self._conn.execute(PLAN_ACTIONS_SQL, (app_id, instant_text(now))).fetchall()

    def events(self, app_id: int) -> list[tuple[object, ...]]:
        """(id, kind, at, contact_id, on, note) in the order they happened."""
        return self._conn.execute(EVENTS_SQL, (app_id,)).fetchall()

    def alerts(self) -> list[tuple[object, ...]]:
        """(item id, application_id, bounced address, subject, sent_at) of open bounces."""
        return self._conn.execute(ALERTS_SQL).fetchall()
