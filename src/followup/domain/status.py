"""An application's status, derived from its events (never typed in).

The only part that depends on the clock is "awaiting": an application becomes awaiting once
its first interview has ended. So the status splits into a ``base_status`` that depends on events
alone (and can be cached on write) and ``current_status``, which adds the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from followup.domain.kinds import INBOUND_EVENTS, EventKind, Status

TYPE_CHECKING = False  # no ``typing`` at run time: the read paths import this module
if TYPE_CHECKING:
    from followup.domain.model import Event, History

_SETS_STATUS: dict[EventKind, Status] = {
    EventKind.OFFER: Status.OFFER,
    EventKind.ACCEPTED: Status.ACCEPTED,
    EventKind.DECLINED: Status.DECLINED,
    EventKind.REJECTION: Status.REJECTED,
    EventKind.WITHDRAWN: Status.WITHDRAWN,
    EventKind.CLOSED: Status.CLOSED,
}


def base_status(events: Iterable[Event]) -> Status:
    """Status from events only: ``active`` stands for "active or awaiting"."""
    return status_after(e.kind for e in sorted(events, key=lambda e: (e.at, e.id)))


def status_after(kinds: Iterable[EventKind]) -> Status:
    """``base_status`` of a history given as its event kinds, oldest first."""
    status = Status.ACTIVE
    for kind in kinds:
        if kind in _SETS_STATUS:
            # An offer after a final answer (a renewed offer) reopens it; a decision ends it.
            status = _SETS_STATUS[kind]
        elif kind in INBOUND_EVENTS and status is Status.CLOSED:
            # They answered after we moved on: the application is alive again.
            status = Status.ACTIVE
    return status


def first_interview_end(history: History) -> datetime | None:
    ends = [i.end for i in history.interviews if not i.cancelled]
    return min(ends) if ends else None


def current_status(base: Status, interviewed_at: datetime | None, now: datetime) -> Status:
    """The status at ``now``: cached ``active`` turns ``awaiting`` once interviewed."""
    if base is Status.ACTIVE and interviewed_at is not None and interviewed_at <= now:
        return Status.AWAITING
    return base


def derive_status(history: History, now: datetime) -> Status:
    return current_status(base_status(history.events), first_interview_end(history), now)
