"""The ``Views`` port on SQLite: the rows behind ``today`` and ``plan``, as plain values.

The read side of the store (cosmicpython's CQRS): these queries read what the writes keep
ready in the plan cache and hand back named tuples of strings and numbers
(``domain.read_rows``), never domain records, so a read builds no dataclass and imports
nothing but ``sqlite3``. It never migrates or
writes; when the file is missing or its schema is behind, ``open_views`` says so (None) and
the caller goes the long way through the full store, which brings the file up to date.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

from followup.adapters.sqlite.formats import instant_text
from followup.adapters.sqlite.migrations import APPLICATION_ID, MIGRATIONS
from followup.domain.read_rows import (
    AlertRow,
    ApplicationHeadRow,
    DueActionRow,
    EventFiguresRow,
    EventRow,
    PlanActionRow,
)

TYPE_CHECKING = False  # the CLI's hot reads import this module: annotations only
if TYPE_CHECKING:
    from collections.abc import Sequence

BUSY_TIMEOUT_SECONDS = 5.0

_ACTION_COLS = (
    "pa.id, pa.kind, pa.application_id, pa.contact_id, pa.channel,"
    " pa.earliest, pa.due, pa.latest, pa.why"
)
_LIVE = "(pa.expires IS NULL OR pa.expires > ?)"

# The hot query of ``followup today``: a range scan of plan_action_due, already in the
# order asked for, joined by primary key.
DUE_ACTIONS_SQL = f"""
SELECT {_ACTION_COLS}, a.company, a.role, pa.expires
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
SELECT id, kind, at, contact_id, on_date, note, until FROM event
WHERE application_id = ? ORDER BY at, id
"""
# Bounces not yet dealt with (issue 5): ``today`` shows them above the actions.
ALERTS_SQL = """
SELECT id, application_id, bounced, subject, sent_at FROM inbox_item
WHERE kind = 'bounce' AND status IN ('pending', 'applied') ORDER BY id
"""
# An empty partial index (``application_stale_plan``) when every plan is fresh.
STALE_SQL = "SELECT 1 FROM application WHERE planned_rev IS NOT rev LIMIT 1"
APPLICATION_SQL = """
SELECT id, company, role, base_status, first_interview_end FROM application WHERE id = ?
"""

# Insights (the web's Insights page) in two passes over the events (one index scan, one
# range search per application): per application, the first outbound event, the first
# inbound one at or after it, how many of some kinds, and whether one kind occurred, beside
# the status columns every write keeps. The kind lists
# are the caller's (``{out}`` ... stand for as many ``?`` as it gives).
EVENT_FIGURES_SQL = """
WITH per_application AS (
    SELECT application_id,
           MIN(CASE WHEN kind IN ({out}) THEN at END) AS first_out,
           SUM(kind IN ({counted})) AS counted, MAX(kind = ?) AS marked
    FROM event GROUP BY application_id
), first_in AS (
    SELECT e.application_id, MIN(e.at) AS at
    FROM per_application AS p JOIN event AS e ON e.application_id = p.application_id
    WHERE p.first_out IS NOT NULL AND e.kind IN ({inbound}) AND e.at >= p.first_out
    GROUP BY e.application_id
)
SELECT a.id, a.base_status, a.first_interview_end, p.first_out, i.at,
       COALESCE(p.counted, 0), COALESCE(p.marked, 0)
FROM application AS a
LEFT JOIN per_application AS p ON p.application_id = a.id
LEFT JOIN first_in AS i ON i.application_id = a.id
ORDER BY a.id
"""


def open_views(path: str) -> SqliteViews | None:
    """Views on the database at ``path``, or None if it does not exist or is behind (or
    is no file at all, which the full store then refuses)."""
    if path == ":memory:" or not os.path.isfile(path):
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
        """Marked as followup's and up to date; else the full store looks at the file (and
        marks it, migrates it, or refuses it as another program's)."""
        try:
            (mark,) = self._conn.execute("PRAGMA application_id").fetchone()
            if mark != APPLICATION_ID:
                return False
            applied = {n for (n,) in self._conn.execute("SELECT name FROM schema_migrations")}
        except sqlite3.DatabaseError:  # not a followup database yet, or not SQLite at all
            return False
        return applied == {m.name for m in MIGRATIONS}

    def plan_basis(self) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'plan_basis'").fetchone()
        return None if row is None else str(row[0])

    def has_stale_plans(self) -> bool:
        """Whether a write's re-plan has not run yet (it runs after its commit, and a
        process can die in between): the caller re-plans before it reads."""
        return self._conn.execute(STALE_SQL).fetchone() is not None

    def profile_timezone(self) -> str | None:
        row = self._conn.execute("SELECT timezone FROM profile").fetchone()
        return None if row is None else str(row[0])

    def due_actions(self, until: datetime, now: datetime) -> list[DueActionRow]:
        """Actions due by ``until`` and live at ``now``, by due."""
        rows = self._conn.execute(DUE_ACTIONS_SQL, (instant_text(until), instant_text(now)))
        return list(map(DueActionRow._make, rows))

    def application(self, app_id: int) -> ApplicationHeadRow | None:
        row = self._conn.execute(APPLICATION_SQL, (app_id,)).fetchone()
        return None if row is None else ApplicationHeadRow._make(row)

    def plan_actions(self, app_id: int, now: datetime) -> list[PlanActionRow]:
        """Its actions live at ``now``, by due."""
        rows = self._conn.execute(PLAN_ACTIONS_SQL, (app_id, instant_text(now)))
        return list(map(PlanActionRow._make, rows))

    def events(self, app_id: int) -> list[EventRow]:
        """Its events in the order they happened."""
        return list(map(EventRow._make, self._conn.execute(EVENTS_SQL, (app_id,))))

    def event_figures(
        self, outbound: Sequence[str], inbound: Sequence[str], counted: Sequence[str], marker: str
    ) -> list[EventFiguresRow]:
        """Per application, by id (see ``EventFiguresRow``); times None when none."""
        marks = {k: ", ".join("?" * len(v)) for k, v in
                 (("out", outbound), ("inbound", inbound), ("counted", counted))}  # fmt: skip
        sql = EVENT_FIGURES_SQL.format(**marks)
        rows = self._conn.execute(sql, (*outbound, *counted, marker, *inbound))
        return list(map(EventFiguresRow._make, rows))

    def alerts(self) -> list[AlertRow]:
        """Open bounces, by item id."""
        return list(map(AlertRow._make, self._conn.execute(ALERTS_SQL)))
