"""Insights: how the search is going, as figures a person can act on.

The web's Insights page draws these; the figures are computed here, from events alone
(they are the source of truth), so they are the same whoever asks and are tested without a
browser. ``figures`` is pure: it takes each application's events and its status; ``insights``
reads them from the store, history by history; ``from_views`` gets the same figures from one
aggregate query of the read side (what the page uses).

- **response rate**: of the applications where the user reached out (applied, or sent a
  thank-you / follow-up / call), the share that heard anything back (an inbound event).
- **time to first answer**: from the first outbound event to the first inbound one after it,
  in days: median and each application's value (for a histogram).
- **funnel**: applied -> interviewed -> offer -> accepted, each stage counting the
  applications that reached it (an offer implies an interview was had, and so on).
- **follow-ups per application**: how many follow-ups (follow-up-sent, called) each
  application took, as counts of applications per number.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from followup.domain import status as status_rules
from followup.domain.date_range import clamp_instant
from followup.domain.kinds import INBOUND_EVENTS, EventKind, Status
from followup.domain.model import Event
from followup.services.context import Context
from followup.services.ports import Views

_OUTBOUND = frozenset(
    {
        EventKind.APPLIED,
        EventKind.THANK_YOU_SENT,
        EventKind.FOLLOW_UP_SENT,
        EventKind.CALLED,
        EventKind.LINKEDIN_SENT,
    }
)
_FOLLOW_UPS = frozenset({EventKind.FOLLOW_UP_SENT, EventKind.CALLED})
_OFFERED = frozenset({Status.OFFER, Status.ACCEPTED, Status.DECLINED})
_DAY = 86400.0


@dataclass(frozen=True)
class Stage:
    name: str
    count: int


@dataclass(frozen=True)
class Insights:
    applications: int
    reached_out: int  # applications with an outbound event
    answered: int  # of those, the ones that heard back
    days_to_answer: tuple[float, ...]  # one per answered application, ascending
    funnel: tuple[Stage, ...]
    follow_ups: tuple[tuple[int, int], ...]  # (follow-ups sent, applications), by the first
    statuses: tuple[tuple[Status, int], ...]  # every status, in the enum's order

    @property
    def response_rate(self) -> float | None:
        """Answered / reached out; None when nobody was written to yet (no 0 % to worry)."""
        return self.answered / self.reached_out if self.reached_out else None

    @property
    def answer_buckets(self) -> tuple[tuple[str, int], ...]:
        """How long answers took, in the spans a job seeker thinks in."""
        edges = ((1, "within a day"), (3, "1-3 days"), (7, "3-7 days"), (14, "1-2 weeks"))
        counts = dict.fromkeys([label for _, label in edges] + ["over 2 weeks"], 0)
        for days in self.days_to_answer:
            label = next((lbl for edge, lbl in edges if days < edge), "over 2 weeks")
            counts[label] += 1
        return tuple(counts.items())

    @property
    def median_days_to_answer(self) -> float | None:
        return statistics.median(self.days_to_answer) if self.days_to_answer else None


@dataclass(frozen=True)
class AppFacts:
    """What ``figures`` needs of one application."""

    events: Sequence[Event]
    status: Status
    interviewed: bool  # a round took place (not cancelled) by now


@dataclass(frozen=True)
class _Summary:
    """What the figures keep of one application: enough to add it to every count."""

    status: Status
    first_out: datetime | None  # the first outbound event
    first_in: datetime | None  # the first inbound one at or after it
    offer_event: bool  # an offer was logged (whatever the status says now)
    interviewed: bool
    follow_ups: int


def _summary(app: AppFacts) -> _Summary:
    events = sorted(app.events, key=lambda e: (e.at, e.id))
    first_out = next((e for e in events if e.kind in _OUTBOUND), None)
    first_in = None
    if first_out is not None:
        first_in = next(
            (e for e in events if e.kind in INBOUND_EVENTS and e.at >= first_out.at), None
        )
    return _Summary(
        status=app.status,
        first_out=None if first_out is None else first_out.at,
        first_in=None if first_in is None else first_in.at,
        offer_event=any(e.kind is EventKind.OFFER for e in events),
        interviewed=app.interviewed,
        follow_ups=sum(1 for e in events if e.kind in _FOLLOW_UPS),
    )


def figures(apps: Iterable[AppFacts]) -> Insights:
    return _figures(_summary(app) for app in apps)


def _figures(apps: Iterable[_Summary]) -> Insights:
    total = reached = answered = 0
    waits: list[float] = []
    stages = Counter[str]()
    follow_ups = Counter[int]()
    statuses = Counter[Status]()
    for app in apps:
        total += 1
        statuses[app.status] += 1
        if app.first_out is not None:
            reached += 1
            if app.first_in is not None:
                answered += 1
                waits.append((app.first_in - app.first_out).total_seconds() / _DAY)
        offered = app.status in _OFFERED or app.offer_event
        interviewed = app.interviewed or offered
        stages["applied"] += 1
        stages["interviewed"] += interviewed
        stages["offer"] += offered
        stages["accepted"] += app.status is Status.ACCEPTED
        follow_ups[app.follow_ups] += 1
    return Insights(
        applications=total,
        reached_out=reached,
        answered=answered,
        days_to_answer=tuple(sorted(waits)),
        funnel=tuple(
            Stage(name, stages[name]) for name in ("applied", "interviewed", "offer", "accepted")
        ),
        follow_ups=tuple(sorted(follow_ups.items())),
        statuses=tuple((s, statuses[s]) for s in Status),
    )


def insights(ctx: Context) -> Insights:
    """The figures over every application in the store, at ``ctx.now``, from each history.

    Reads every application's history one by one (seconds on ten thousand): the page uses
    ``from_views``; this stays as the definition it must agree with, and for a store that
    has no profile yet (so no cached status columns to read).
    """
    facts = []
    for app_id in ctx.store.application_ids():
        history = ctx.store.history(app_id)
        interviewed = any(not i.cancelled and i.end <= ctx.now for i in history.interviews)
        facts.append(
            AppFacts(
                events=history.events,
                status=status_rules.derive_status(history, ctx.now),
                interviewed=interviewed,
            )
        )
    return figures(facts)


def from_views(views: Views, now: datetime) -> Insights:
    """The same figures from one aggregate query of the read side (``Views.event_figures``).

    Each application's status comes from the columns every write keeps (its base status
    and first interview's end, as ``planning`` caches them), so the caller makes sure the
    cache is fresh (``bootstrap.read_session``); "interviewed by now" is that first end
    being past, as a round that has ended is one that counts.
    """
    rows = views.event_figures(
        _values(_OUTBOUND), _values(INBOUND_EVENTS), _values(_FOLLOW_UPS), EventKind.OFFER.value
    )

    def parse(text: str) -> datetime:  # a stored instant, at the range's edge if outside
        return clamp_instant(datetime.fromisoformat(text))

    summaries = []
    for row in rows:
        ended = None if row.first_interview_end is None else parse(row.first_interview_end)
        summaries.append(
            _Summary(
                status=status_rules.current_status(Status(row.base_status), ended, now),
                first_out=None if row.first_out is None else parse(row.first_out),
                first_in=None if row.first_in is None else parse(row.first_in),
                offer_event=bool(row.marked),
                interviewed=ended is not None and ended <= now,
                follow_ups=int(row.counted),
            )
        )
    return _figures(summaries)


def _values(kinds: Iterable[EventKind]) -> list[str]:
    return sorted(k.value for k in kinds)
