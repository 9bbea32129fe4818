"""The rows a calendar is made from (``services.calendar_feed``), as the store keeps them,
and the events it shows, as the writer (``adapters/calendar/export.py``) takes them.

Like ``read_rows`` (whose ``ReadRow`` they reuse): named tuples of stored values, so that ten
thousand applications' plans cost no dataclass per row; instants are the store's UTC text.
They live in the domain because the SQLite adapter makes them and the service reads them,
and neither may import the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from followup.domain.read_rows import ReadRow

__all__ = ["Calendar", "CalendarActionRow", "CalendarEvent", "CalendarInterviewRow"]


class CalendarActionRow(ReadRow):
    """A cached action with what its event shows; ``rev`` is its application's revision
    (``application.rev``), ``draft_id`` its newest unsent draft, if any."""

    id: str
    kind: str
    application_id: int
    channel: str
    due: str
    why: str
    expires: str | None
    company: str
    role: str
    rev: int
    draft_id: int | None


class CalendarInterviewRow(ReadRow):
    """An interview that is not cancelled, with its application's name and revision."""

    id: int
    application_id: int
    start: str
    minutes: int
    format: str
    company: str
    role: str
    rev: int


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One VEVENT. ``start`` and ``end`` are aware UTC instants; ``alarm`` is the reminder's
    offset from ``start`` (negative: before). ``what`` is ``action`` or ``interview``."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str
    url: str
    alarm: timedelta
    what: str
    application_id: int
    kind: str  # the action's kind, or the interview's format (stored values)
    company: str
    role: str


@dataclass(frozen=True, slots=True)
class Calendar:
    """What one export or one feed request shows, as of ``stamp`` (the DTSTAMP).

    ``holds_until``: the first instant at which the clock alone would change the events (an
    action expires, an interview ends, the window moves); None: never. The web's page cache
    serves the feed's bytes until then, while nothing is written.
    """

    name: str
    zone: str
    stamp: datetime
    events: tuple[CalendarEvent, ...]
    holds_until: datetime | None
