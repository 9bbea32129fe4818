"""The plan as calendar events: which events, with which fields (issue 15, part 3).

Pure over typed rows (``domain.calendar_rows``): the store hands over the cached actions and
the interviews, this module decides what a calendar shows, and an adapter only writes it
(``adapters/calendar/export.py``, RFC 5545). The same events feed ``calendar export``, the
subscription feed ``serve`` offers, and the web's week view.

What a calendar client needs to follow a plan that moves:

- a **UID** per action and per interview that never changes while the thing it names is the
  same: the action's id (``domain.planner.action_id``: it names what the action is about,
  never when) or the interview's id, with the database's identity, so two databases (two
  people, or a test and a real one) never give two events one UID;
- a **SEQUENCE** that grows when the event moves (see ``_sequence``);
- an action **done or skipped is absent**: it leaves the plan cache, so it leaves the file,
  and a subscribed client drops it.

Times are UTC instants throughout (``DTSTART:...Z``): unambiguous in any client, with no
VTIMEZONE to get wrong; the client shows them on its own clock, which is the profile's when
the user is at home. The profile's zone is named as ``X-WR-TIMEZONE`` for clients that want
a default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from followup.domain.calendar_rows import (
    Calendar,
    CalendarActionRow,
    CalendarEvent,
    CalendarInterviewRow,
)
from followup.domain.errors import BadInput
from followup.domain.kinds import words

ACTION_MINUTES = 15  # an action is a short block at its due time: long enough to see
ACTION_ALARM = timedelta(0)  # the reminder rings when the action falls due
INTERVIEW_ALARM = timedelta(minutes=-30)  # and half an hour before an interview
MAX_DAYS = 3660  # as ``today --days``: ten years, beyond any plan
NAME = "followup"


class CalendarSource(Protocol):
    """The rows a calendar is made from (the SQLite adapter, ``adapters/calendar/rows.py``).

    A source may return more than is shown (the pure selection here decides); it must
    return at least every action live at ``now`` and due by ``until``, and every interview
    not cancelled that ends after ``now`` and starts by ``until`` (None: no end).
    """

    def identity(self) -> str:
        """This database's own random name, the same for its whole life (made on first use)."""
        ...

    def actions(self, now: datetime, until: datetime | None) -> list[CalendarActionRow]: ...
    def interviews(self, now: datetime, until: datetime | None) -> list[CalendarInterviewRow]: ...


def check_days(days: int | None) -> int | None:
    if days is not None and not 0 <= days <= MAX_DAYS:
        raise BadInput(f"--days must be from 0 to {MAX_DAYS}, not {days}")
    return days


def action_uid(identity: str, action_id: str) -> str:
    return f"action-{action_id}@{identity}.followup"


def interview_uid(identity: str, interview_id: int) -> str:
    return f"interview-{interview_id}@{identity}.followup"


def _sequence(rev: int) -> int:
    """The application's plan revision (``application.rev``) is the event's SEQUENCE.

    It counts every change to what the application's plan is computed from (its history, the
    profile, a new plan basis) and never goes down (migration 0009), so when an action or an
    interview moves, the revision it is exported under is higher than the one any client saw
    before: RFC 5545 asks no more. It also grows when a sibling changed and this event did
    not; a client then re-reads an equal event, which costs nothing. The alternative, a
    per-event counter, would need a table of what was exported and a write on every export;
    this needs neither, and two exports of one state give the same numbers.
    """
    return rev


class _Instants:
    """Stored UTC text -> aware datetime, each distinct text once (plans put many actions
    at the same 09:00)."""

    def __init__(self) -> None:
        self.seen: dict[str, datetime] = {}

    def __call__(self, text: str) -> datetime:
        moment = self.seen.get(text)
        if moment is None:
            moment = self.seen[text] = datetime.fromisoformat(text)
        return moment


def select_events(
    actions: Sequence[CalendarActionRow],
    interviews: Sequence[CalendarInterviewRow],
    *,
    identity: str,
    now: datetime,
    until: datetime | None,
    base_url: str,
) -> tuple[list[CalendarEvent], datetime | None]:
    """The events to show at ``now``, by start then UID, and until when they hold.

    An action is shown while it is live (no expiry, or one after ``now``) and due by
    ``until`` (overdue ones included: they are still to do); an interview while it has not
    ended and starts by ``until``. ``until`` None: everything live.
    """
    at = _Instants()
    base = base_url.rstrip("/")
    block = timedelta(minutes=ACTION_MINUTES)
    labels: dict[str, str] = {}
    events: list[CalendarEvent] = []
    # A window of ``days`` moves with the clock: what it shows may change at any moment.
    holds: datetime | None = None if until is None else now
    for a in actions:
        expires = None if a.expires is None else at(a.expires)
        if expires is not None and expires <= now:
            continue
        due = at(a.due)
        if until is not None and due > until:
            continue
        if expires is not None and (holds is None or expires < holds):
            holds = expires
        label = labels.get(a.kind)
        if label is None:
            label = labels[a.kind] = words(a.kind)
        if a.draft_id is not None:
            url, where = f"{base}/drafts/{a.draft_id}", "Your draft"
        else:
            url, where = f"{base}/applications/{a.application_id}", "The application"
        events.append(
            CalendarEvent(
                uid=action_uid(identity, a.id),
                sequence=_sequence(a.rev),
                start=due,
                end=due + block,
                summary=f"{label}: {a.company} · {a.role}",
                description=f"{a.why}\n\n{where} in followup: {url}",
                url=url,
                alarm=ACTION_ALARM,
                what="action",
                application_id=a.application_id,
                kind=a.kind,
                company=a.company,
                role=a.role,
            )
        )
    for i in interviews:
        start = at(i.start)
        end = start + timedelta(minutes=i.minutes)
        if end <= now or (until is not None and start > until):
            continue
        if holds is None or end < holds:
            holds = end
        url = f"{base}/applications/{i.application_id}"
        events.append(
            CalendarEvent(
                uid=interview_uid(identity, i.id),
                sequence=_sequence(i.rev),
                start=start,
                end=end,
                summary=f"Interview: {i.company} · {i.role}",
                description=(
                    f"{words(i.format)} interview, {i.minutes} minutes.\n\n"
                    f"The application in followup: {url}"
                ),
                url=url,
                alarm=INTERVIEW_ALARM,
                what="interview",
                application_id=i.application_id,
                kind=i.format,
                company=i.company,
                role=i.role,
            )
        )
    events.sort(key=lambda e: (e.start, e.uid))
    return events, holds


def calendar(
    source: CalendarSource, now: datetime, zone: str, base_url: str, days: int | None = None
) -> Calendar:
    """The calendar at ``now``: everything live, or what falls within ``days`` of it."""
    until = None if check_days(days) is None else now + timedelta(days=days or 0)
    events, holds = select_events(
        source.actions(now, until),
        source.interviews(now, until),
        identity=source.identity(),
        now=now,
        until=until,
        base_url=base_url,
    )
    return Calendar(NAME, zone, now, tuple(events), holds)


@dataclass(frozen=True, slots=True)
class Day:
    """One column of the week view: a day on the profile's clock and its events by start."""

    day: datetime  # midnight, in the profile's zone
    events: tuple[CalendarEvent, ...]


def week(cal: Calendar, now: datetime, days: int = 7) -> list[Day]:
    """``cal``'s events over ``days`` days from today (on ``now``'s clock), one day each;
    overdue actions fall on today, where they are still to be done."""
    zone = now.tzinfo
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    buckets: list[list[CalendarEvent]] = [[] for _ in range(days)]
    for event in cal.events:
        local = event.start.astimezone(zone)
        index = max(0, (local.date() - start.date()).days)
        if index < days:
            buckets[index].append(event)
    return [Day(start + timedelta(days=n), tuple(bucket)) for n, bucket in enumerate(buckets)]
