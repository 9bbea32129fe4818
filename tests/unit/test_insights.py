"""The Insights figures: counted from events alone, the same whoever asks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.kinds import EventKind, Status
from followup.domain.model import Event
from followup.services.insights import AppFacts, figures

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def ev(kind: EventKind, days: float, eid: int = 0) -> Event:
    return Event(id=eid, application_id=1, kind=kind, at=T0 + timedelta(days=days))


def test_nothing_yet_is_no_rate_rather_than_zero() -> None:
    found = figures([])
    assert found.applications == 0
    assert found.response_rate is None
    assert found.median_days_to_answer is None
    assert [s.count for s in found.funnel] == [0, 0, 0, 0]


def test_rate_time_to_answer_funnel_and_follow_ups() -> None:
    apps = [
        AppFacts([ev(EventKind.APPLIED, 0), ev(EventKind.REPLY, 2.5)], Status.ACTIVE, False),
        AppFacts(
            [ev(EventKind.APPLIED, 0), ev(EventKind.FOLLOW_UP_SENT, 9), ev(EventKind.CALLED, 20)],
            Status.AWAITING,
            True,
        ),
        AppFacts(
            [ev(EventKind.APPLIED, 0), ev(EventKind.OFFER, 10), ev(EventKind.ACCEPTED, 12)],
            Status.ACCEPTED,
            False,  # no interview recorded, yet an offer means one was had
        ),
        AppFacts([ev(EventKind.NOTE, 1)], Status.ACTIVE, False),  # never reached out
    ]
    found = figures(apps)
    assert (found.applications, found.reached_out, found.answered) == (4, 3, 2)
    assert found.response_rate == 2 / 3
    assert found.days_to_answer == (2.5, 10.0)
    assert found.median_days_to_answer == 6.25
    assert [(s.name, s.count) for s in found.funnel] == [
        ("applied", 4), ("interviewed", 2), ("offer", 1), ("accepted", 1),
    ]  # fmt: skip
    assert found.follow_ups == ((0, 3), (2, 1))
    assert dict(found.answer_buckets)["1-3 days"] == 1
    assert dict(found.answer_buckets)["1-2 weeks"] == 1
    assert dict(found.statuses)[Status.ACTIVE] == 2


def test_an_answer_before_reaching_out_is_not_an_answer() -> None:
    found = figures(
        [AppFacts([ev(EventKind.REPLY, 0), ev(EventKind.APPLIED, 1)], Status.ACTIVE, False)]
    )
    assert found.answered == 0


KINDS = st.sampled_from(list(EventKind))


@given(st.lists(st.lists(st.tuples(KINDS, st.floats(0, 400)), max_size=8), max_size=20))
def test_the_figures_stay_within_their_bounds(apps: list[list[tuple[EventKind, float]]]) -> None:
    facts = [
        AppFacts([ev(k, d, n) for n, (k, d) in enumerate(events)], Status.ACTIVE, False)
        for events in apps
    ]
    found = figures(facts)
    assert found.answered <= found.reached_out <= found.applications == len(apps)
    counts = [s.count for s in found.funnel]
    assert counts == sorted(counts, reverse=True)  # a funnel only narrows
    assert sum(n for _, n in found.follow_ups) == len(apps)
    assert sum(n for _, n in found.answer_buckets) == found.answered
    assert all(d >= 0 for d in found.days_to_answer)
