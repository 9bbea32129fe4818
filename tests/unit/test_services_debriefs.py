"""Recording a debrief: saved on its round, a stated date on the timeline once, a fresh plan.

Over the in-memory store and the real planner, so the last tests show the debrief reaching
the playbook: rapport (P14), points left unaddressed (P13), the decision date (P11).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from followup.domain.errors import BadInput, Conflict, NotFound
from followup.domain.model import (
    ActionKind,
    Debrief,
    EventKind,
    QuestionAnswer,
    Rapport,
)
from followup.services.applications import add_application
from followup.services.contacts import ContactFields, add_contact
from followup.services.context import Context
from followup.services.debriefs import TIMELINE_NOTE, get_debrief, record_debrief
from followup.services.events import log_event
from followup.services.interviews import add_interview, cancel_interview
from followup.services.profile import ProfileChanges, update_profile
from tests.unit.fakes import LONDON, NOW, PROFILE, FakeStore, context

START = datetime(2026, 11, 23, 8, 30)  # this morning, on the profile's clock
END = datetime(2026, 11, 23, 9, 30, tzinfo=LONDON)


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def ctx(store: FakeStore) -> Context:
    ctx = context(store)
    update_profile(
        ctx, ProfileChanges(name=PROFILE.name, email=PROFILE.email, timezone=PROFILE.timezone)
    )
    app = add_application(ctx, "Acme", "Data Engineer")
    add_contact(ctx, app.id, "Priya Raman", ContactFields(email="priya@acme.example"))
    add_contact(ctx, app.id, "Tom Lee", ContactFields(email="tom@acme.example"))
    add_interview(ctx, app.id, START, interviewer_ids=(2, 3))
    return ctx


INTERVIEW = 4  # ids: application 1, contacts 2 and 3, interview 4


def kinds(store: FakeStore, app_id: int = 1) -> list[ActionKind]:
    return [a.kind for a in store.cached_plan(app_id)]


def timelines(store: FakeStore) -> list[tuple[date | None, datetime, str | None]]:
    return [(e.on, e.at, e.note) for e in store.list_events(1) if e.kind is EventKind.TIMELINE]


def test_a_debrief_is_saved_on_its_round_and_replaces_the_debrief_action(
    store: FakeStore, ctx: Context
) -> None:
    assert ActionKind.DEBRIEF in kinds(store)
    written = Debrief(questions=(QuestionAnswer("Why us?", "Mission", 4),), demeanour=3)
    saved = record_debrief(ctx, INTERVIEW, written)
    assert saved.timeline is None
    assert store.get_interview(INTERVIEW).debrief == written
    assert ActionKind.DEBRIEF not in kinds(store)
    subject, shown = get_debrief(ctx, INTERVIEW)
    assert shown == written
    assert [c.name for c in subject.interviewers] == ["Priya Raman", "Tom Lee"]


def test_a_stated_decision_date_goes_on_the_timeline_once(store: FakeStore, ctx: Context) -> None:
    written = Debrief(decision_date=date(2026, 12, 4))
    saved = record_debrief(ctx, INTERVIEW, written)
    assert saved.timeline is not None
    assert timelines(store) == [(date(2026, 12, 4), END, TIMELINE_NOTE)]
    assert record_debrief(ctx, INTERVIEW, written).timeline is None
    assert len(timelines(store)) == 1


def test_a_changed_decision_date_is_logged_again(store: FakeStore, ctx: Context) -> None:
    record_debrief(ctx, INTERVIEW, Debrief(decision_date=date(2026, 12, 4)))
    record_debrief(ctx, INTERVIEW, Debrief(decision_date=date(2026, 12, 11)))
    assert [on for on, _, _ in timelines(store)] == [date(2026, 12, 4), date(2026, 12, 11)]


def test_a_date_already_logged_by_hand_is_not_logged_again(store: FakeStore, ctx: Context) -> None:
    log_event(ctx, 1, EventKind.TIMELINE, on=date(2026, 12, 4))
    assert record_debrief(ctx, INTERVIEW, Debrief(decision_date=date(2026, 12, 4))).timeline is None
    assert len(timelines(store)) == 1


def test_resaving_after_a_later_timeline_adds_no_duplicates(store: FakeStore, ctx: Context) -> None:
    record_debrief(ctx, INTERVIEW, Debrief(decision_date=date(2026, 12, 4)))
    log_event(ctx, 1, EventKind.TIMELINE, on=date(2026, 12, 18))  # they moved it
    record_debrief(ctx, INTERVIEW, Debrief(decision_date=date(2026, 12, 4), demeanour=4))
    assert [on for on, _, _ in timelines(store)] == [date(2026, 12, 4), date(2026, 12, 18)]


def test_a_debrief_written_during_the_round_is_dated_now(store: FakeStore) -> None:
    ctx = context(store)
    update_profile(
        ctx, ProfileChanges(name=PROFILE.name, email=PROFILE.email, timezone=PROFILE.timezone)
    )
    app = add_application(ctx, "Acme", "Data Engineer")
    interview = add_interview(ctx, app.id, datetime(2026, 11, 23, 9, 30))
    record_debrief(ctx, interview.id, Debrief(decision_date=date(2026, 12, 4)))
    assert timelines(store)[0][1] == NOW


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (Debrief(demeanour=9), "demeanour must be from 1 to 5"),
        (Debrief(rapport=((99, Rapport.GOOD),)), "contact 99 is not a contact of application 1"),
    ],
)
def test_a_bad_debrief_writes_nothing(
    store: FakeStore, ctx: Context, written: Debrief, problem: str
) -> None:
    before = repr(store._state)
    with pytest.raises(BadInput, match=problem):
        record_debrief(ctx, INTERVIEW, written)
    assert repr(store._state) == before


def test_rounds_that_cannot_be_debriefed(store: FakeStore, ctx: Context) -> None:
    with pytest.raises(NotFound):
        record_debrief(ctx, 99, Debrief())
    with pytest.raises(NotFound, match="interview 4 has no debrief yet"):
        get_debrief(ctx, INTERVIEW)
    later = add_interview(ctx, 1, NOW.replace(tzinfo=None) + timedelta(days=2))
    with pytest.raises(Conflict, match="has not started yet"):
        record_debrief(ctx, later.id, Debrief())
    cancel_interview(ctx, later.id)
    with pytest.raises(Conflict, match="was cancelled"):
        record_debrief(ctx, later.id, Debrief())


# --- the debrief reaches the playbook ---------------------------------------------------------
def test_good_rapport_plans_a_linkedin_connection_for_that_person(
    store: FakeStore, ctx: Context
) -> None:
    assert ActionKind.LINKEDIN_CONNECT not in kinds(store)
    record_debrief(ctx, INTERVIEW, Debrief(rapport=((2, Rapport.GOOD), (3, Rapport.POOR))))
    linked = [a.contact_id for a in store.cached_plan(1) if a.kind is ActionKind.LINKEDIN_CONNECT]
    assert linked == [2]


def test_a_point_left_unaddressed_plans_sending_more_information(
    store: FakeStore, ctx: Context
) -> None:
    assert ActionKind.SEND_ADDITIONAL_INFO not in kinds(store)
    record_debrief(ctx, INTERVIEW, Debrief(unaddressed=("my Kafka experience",)))
    [info] = [a for a in store.cached_plan(1) if a.kind is ActionKind.SEND_ADDITIONAL_INFO]
    assert "my Kafka experience" in info.why


def test_a_decision_date_holds_the_first_follow_up_until_the_business_day_after(
    store: FakeStore, ctx: Context
) -> None:
    def inquiry_due() -> datetime:
        [first] = [a for a in store.cached_plan(1) if a.kind is ActionKind.STATUS_INQUIRY]
        return first.due.astimezone(LONDON)

    assert inquiry_due().date() < date(2026, 12, 4)
    record_debrief(ctx, INTERVIEW, Debrief(decision_date=date(2026, 12, 4)))  # a Friday
    assert inquiry_due() == datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)  # the Monday after
