"""Snoozing an action: the quick choices, the planner's move, and the service's refusals.

Dates: 2026-11-17 is a Tuesday; 2026-11-23 (the fakes' NOW) a Monday.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain import snooze
from followup.domain.business_hours import BusinessCalendar
from followup.domain.errors import BadInput, NotFound
from followup.domain.model import ActionKind, Channel, EventKind
from followup.services.applications import add_application
from followup.services.contacts import ContactFields, add_contact
from followup.services.context import Context
from followup.services.events import done_action, snooze_action
from followup.services.interviews import add_interview
from followup.services.profile import ProfileChanges, update_profile
from tests.unit.fakes import NOW, PROFILE, FakeStore, context

from .builders import LONDON, Scenario, at, local, one


# --- the quick choices -----------------------------------------------------------------------
def test_tomorrow_is_the_start_of_the_next_day_on_the_users_clock() -> None:
    assert snooze.preset("tomorrow", at("2026-11-17 16:30")) == at("2026-11-18 00:00")


def test_next_week_is_next_monday_even_on_a_monday_or_a_sunday() -> None:
    assert snooze.preset("next-week", at("2026-11-23 08:00")) == at("2026-11-30 00:00")
    assert snooze.preset("next-week", at("2026-11-29 23:00")) == at("2026-11-30 00:00")


def test_an_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="tomorrow, next-week"):
        snooze.preset("someday", NOW)


@given(
    st.datetimes(datetime(2020, 1, 1), datetime(2035, 1, 1)),
    st.sampled_from(["tomorrow", "next-week"]),
)
def test_a_quick_choice_is_always_later_and_within_a_week(naive: datetime, name: str) -> None:
    now = naive.replace(tzinfo=LONDON)
    moment = snooze.preset(name, now)
    assert moment > now
    assert moment - now <= timedelta(days=8)
    assert snooze.problem(moment, now) is None


def test_the_past_and_the_far_future_are_not_a_snooze() -> None:
    assert snooze.problem(NOW, NOW) is not None
    assert "skip it instead" in (snooze.problem(NOW + timedelta(days=400), NOW) or "")


# --- the planner ------------------------------------------------------------------------------
def test_a_snoozed_thank_you_comes_back_at_the_first_business_hour_and_says_why() -> None:
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    # Put off to Saturday: the first business hour after it is Monday 09:00.
    s.log(EventKind.ACTION_SNOOZED, at("2026-11-17 12:00"), action_id=thanks.id,
          until=at("2026-11-21 10:00"))  # fmt: skip
    moved = one(s.plan(), ActionKind.THANK_YOU)
    assert moved.id == thanks.id
    assert local(moved.due) == "Mon 2026-11-23 09:00"
    assert moved.earliest == moved.due
    assert moved.latest - moved.due == thanks.latest - thanks.due
    assert moved.why.startswith(thanks.why)
    assert "Snoozed by you until Mon 23 Nov 09:00." in moved.why


def test_a_snooze_before_the_due_changes_nothing_and_the_latest_snooze_wins() -> None:
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    s.log(EventKind.ACTION_SNOOZED, at("2026-11-17 11:00"), action_id=thanks.id,
          until=at("2026-11-17 11:30"))  # fmt: skip
    assert one(s.plan(), ActionKind.THANK_YOU) == thanks
    s.log(EventKind.ACTION_SNOOZED, at("2026-11-17 11:05"), action_id=thanks.id,
          until=at("2026-11-25 14:00"))  # fmt: skip
    s.log(EventKind.ACTION_SNOOZED, at("2026-11-17 11:10"), action_id=thanks.id,
          until=at("2026-11-19 14:00"))  # fmt: skip
    assert local(one(s.plan(), ActionKind.THANK_YOU).due) == "Thu 2026-11-19 14:00"


def test_a_snoozed_rung_moves_the_later_rungs_on() -> None:
    s = Scenario()
    priya = s.contact("Priya Raman", email="priya@acme.example")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-18 09:00"), priya)
    first, second = [a for a in s.plan() if a.step in (1, 2)]
    gap = second.due - first.due
    s.log(EventKind.ACTION_SNOOZED, at("2026-11-18 10:00"), action_id=first.id,
          until=first.due + timedelta(days=14))  # fmt: skip
    moved_first, moved_second = [a for a in s.plan() if a.step in (1, 2)]
    assert moved_first.due >= first.due + timedelta(days=14)
    assert moved_second.due >= moved_first.due + gap - timedelta(days=3)  # business days
    assert moved_second.due > moved_first.due


def test_a_snooze_is_not_done_the_action_stays_to_do() -> None:
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    s.log(EventKind.ACTION_SNOOZED, at("2026-11-17 12:00"), action_id=thanks.id,
          until=at("2026-11-19 10:00"))  # fmt: skip
    assert [a.id for a in s.plan() if a.kind is ActionKind.THANK_YOU] == [thanks.id]


@given(st.integers(0, 60 * 24 * 60), st.sampled_from(range(8)))
def test_any_snooze_lands_in_business_hours_and_never_brings_anything_forward(
    minutes: int, pick: int
) -> None:
    s = Scenario()
    priya = s.contact("Priya Raman", email="priya@acme.example")
    s.interview(at("2026-11-17 10:00"), priya)
    before = s.plan()
    target = before[pick % len(before)]
    until = at("2026-11-17 11:00") + timedelta(minutes=minutes)
    s.log(EventKind.ACTION_SNOOZED, at("2026-11-17 11:00"), action_id=target.id, until=until)
    after = {a.id: a for a in s.plan()}
    moved = after[target.id]
    assert moved.due >= target.due
    assert moved.earliest <= moved.due <= moved.latest
    if moved.due != target.due:
        assert moved.due >= until
        assert BusinessCalendar(LONDON).in_hours(moved.due)
        assert "Snoozed by you" in moved.why
    # What depends on it (the later rungs, moving on) may move later; nothing comes sooner.
    for other in before:
        if other.id in after:
            assert after[other.id].due >= other.due


# --- the service ------------------------------------------------------------------------------
@pytest.fixture
def profiled() -> Context:
    ctx = context(FakeStore())
    update_profile(
        ctx, ProfileChanges(name=PROFILE.name, email=PROFILE.email, timezone=PROFILE.timezone)
    )
    return ctx


def thank_you(ctx: Context) -> str:
    app = add_application(ctx, "Acme", "Engineer")
    jane = add_contact(ctx, app.id, "Jane", ContactFields(email="jane@acme.example"))
    add_interview(ctx, app.id, NOW - timedelta(hours=3), interviewer_ids=[jane.id])
    found = [a for a in ctx.store.cached_plan(app.id) if a.kind is ActionKind.THANK_YOU]
    return found[0].id


def test_snoozing_records_the_decision_and_the_cache_follows(profiled: Context) -> None:
    action_id = thank_you(profiled)
    action, event = snooze_action(profiled, action_id, datetime(2026, 11, 26, 15, 0), note="busy")
    assert (event.kind, event.action_id, event.note) == (
        EventKind.ACTION_SNOOZED,
        action_id,
        "busy",
    )
    assert event.until == datetime(2026, 11, 26, 15, 0, tzinfo=ZoneInfo("Europe/London"))
    assert event.at == NOW
    cached = profiled.store.cached_action(action_id)
    assert cached is not None
    assert cached == action
    assert local(cached.due) == "Thu 2026-11-26 15:00"
    assert action.channel is Channel.EMAIL
    # Still to do: done works on it.
    done_action(profiled, action_id)
    assert profiled.store.cached_action(action_id) is None


def test_a_quick_choice_goes_through_the_same_service(profiled: Context) -> None:
    action_id = thank_you(profiled)
    action, event = snooze_action(profiled, action_id, "next-week")
    assert event.until == at("2026-11-30 00:00")
    assert local(action.due) == "Mon 2026-11-30 09:00"


def test_the_service_refuses_the_past_an_unknown_choice_and_an_unknown_action(
    profiled: Context,
) -> None:
    action_id = thank_you(profiled)
    with pytest.raises(BadInput, match="not in the future"):
        snooze_action(profiled, action_id, NOW - timedelta(minutes=1))
    with pytest.raises(BadInput, match="unknown snooze"):
        snooze_action(profiled, action_id, "someday")
    with pytest.raises(NotFound, match="no pending action"):
        snooze_action(profiled, "1.nope", "tomorrow")


def test_a_snoozed_thank_you_moves_the_first_follow_up_after_it() -> None:
    s = Scenario()
    priya = s.contact("Priya Raman", email="priya@acme.example")
    s.interview(at("2026-11-17 10:00"), priya)
    inquiry = one(s.plan(), ActionKind.STATUS_INQUIRY)
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    s.log(EventKind.ACTION_SNOOZED, at("2026-11-17 12:00"), action_id=thanks.id,
          until=at("2026-11-23 10:00"))  # fmt: skip
    moved = one(s.plan(), ActionKind.STATUS_INQUIRY)
    assert moved.due > inquiry.due
    assert moved.due - one(s.plan(), ActionKind.THANK_YOU).due >= timedelta(days=5)
