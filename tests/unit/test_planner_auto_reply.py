"""An auto-reply (out of office) keeps the follow-ups and moves the next one after the date
they are back (issue 5): rules with named dates, then a property over random histories."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.business_hours import holidays_for
from followup.domain.model import (
    FOLLOW_UP_ACTIONS,
    ActionKind,
    Event,
    EventKind,
    History,
    Profile,
)
from followup.domain.planner import plan_all
from followup.domain.policy import Policy
from followup.domain.status import base_status
from tests.hypothesis_profiles import examples
from tests.unit.builders import Scenario, at, local
from tests.unit.test_planner_properties import calendar_for, histories, policies, profiles


def _scenario() -> Scenario:
    s = Scenario()
    priya = s.contact("Priya Shah")
    s.interview(at("2026-11-17 14:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-18 09:00"), priya)
    return s


def ladder(s: Scenario) -> list[tuple[str, str]]:
    return [(a.kind.label, local(a.due)) for a in s.plan() if a.kind in FOLLOW_UP_ACTIONS]


def test_an_auto_reply_without_a_date_changes_nothing() -> None:
    s = _scenario()
    before = ladder(s)
    s.log(EventKind.AUTO_REPLY, at("2026-11-18 09:01"))
    assert ladder(s) == before
    assert len(before) == Policy().max_follow_ups


def test_the_next_follow_up_waits_for_the_return_date() -> None:
    s = _scenario()
    # Without it: a week after the thank-you, Wed 25 Nov.
    assert ladder(s)[0] == ("status-inquiry", "Wed 2026-11-25 09:00")
    s.log(EventKind.AUTO_REPLY, at("2026-11-18 09:01"), on=date(2026, 12, 7))  # back Monday
    steps = ladder(s)
    assert steps[0] == ("status-inquiry", "Tue 2026-12-08 09:00")  # the business day after
    assert len(steps) == Policy().max_follow_ups  # nothing cancelled
    first = next(a for a in s.plan() if a.kind is ActionKind.STATUS_INQUIRY)
    assert "after they are back (Mon 7 Dec)" in first.why


def test_their_answer_after_the_auto_reply_supersedes_it() -> None:
    s = _scenario()
    s.log(EventKind.AUTO_REPLY, at("2026-11-18 09:01"), on=date(2027, 1, 11))
    s.log(EventKind.REPLY, at("2026-11-20 10:00"))  # back early: they answered
    first = ladder(s)[0]
    assert first == ("status-inquiry", "Fri 2026-11-27 10:00")  # a week after their reply


def test_an_auto_reply_does_not_reopen_or_close_anything() -> None:
    s = _scenario()
    s.log(EventKind.AUTO_REPLY, at("2026-11-18 09:01"), on=date(2026, 12, 7))
    assert base_status(s.events).value == "active"


@st.composite
def with_auto_reply(draw: st.DrawFn) -> tuple[History, Event]:
    history = draw(histories())
    first = min(i.start for i in history.interviews)
    event = Event(
        id=len(history.events) + 1,
        application_id=history.application.id,
        kind=EventKind.AUTO_REPLY,
        at=first + timedelta(minutes=draw(st.integers(60, 60 * 24 * 90))),
        on=draw(st.one_of(st.none(), st.dates(date(2026, 10, 1), date(2027, 3, 31)))),
    )
    return history, event


@settings(max_examples=examples(100))  # each example plans twice
@given(with_auto_reply(), profiles(), policies())
def test_an_auto_reply_never_cancels_follow_ups(
    case: tuple[History, Event], profile: Profile, policy: Policy
) -> None:
    history, auto = case
    hol = holidays_for(profile.country)
    before = plan_all(history, profile, policy, hol)
    after = plan_all(replace(history, events=(*history.events, auto)), profile, policy, hol)
    assert {a.id for a in before} == {a.id for a in after}  # same actions: only times move
    dues = {a.id: a.due for a in before}
    for action in after:
        assert action.due >= dues[action.id]  # an auto-reply only ever delays


@settings(max_examples=examples(100))  # each example plans twice
@given(with_auto_reply(), profiles(), policies())
def test_the_next_follow_up_is_after_the_return_date(
    case: tuple[History, Event], profile: Profile, policy: Policy
) -> None:
    history, auto = case
    events = (*history.events, auto)
    history = replace(history, events=events)
    later = [e for e in events if (e.at, e.id) > (auto.at, auto.id)]
    if auto.on is None or any(e.kind in _INBOUND for e in later):
        return  # no date, or they wrote since: it no longer holds anything back
    last = max((i for i in history.interviews if not i.cancelled), key=lambda i: (i.start, i.id))
    if auto.at < last.start:
        return  # about an earlier round
    for action in plan_all(history, profile, policy, holidays_for(profile.country)):
        if action.kind in FOLLOW_UP_ACTIONS:
            cal = calendar_for(action, history, profile)
            floor = cal.opening(cal.add_business_days(auto.on, policy.decision_grace_business_days))
            assert action.due >= floor
            grace = policy.decision_grace_business_days
            assert cal.local(action.due).date() > auto.on or grace == 0


_INBOUND = frozenset(
    {
        EventKind.REPLY,
        EventKind.NEXT_ROUND,
        EventKind.INFO_REQUEST,
        EventKind.REJECTION,
        EventKind.OFFER,
        EventKind.TIMELINE,
    }
)
