"""Use cases that record things: what they accept, what they refuse, and that a refusal
writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from followup.domain import planner
from followup.domain.errors import BadInput, Conflict, NotFound
from followup.domain.model import (
    ActionKind,
    Channel,
    ContactRole,
    EventKind,
    InterviewFormat,
    WorkingHours,
)
from followup.services import agenda
from followup.services.applications import (
    ApplicationChanges,
    add_application,
    application_detail,
    edit_application,
    list_applications,
    remove_application,
)
from followup.services.changes import KEEP
from followup.services.contacts import ContactChanges, ContactFields, add_contact, edit_contact
from followup.services.context import Context
from followup.services.events import done_action, log_event, skip_action
from followup.services.interviews import (
    InterviewChanges,
    add_interview,
    cancel_interview,
    edit_interview,
)
from followup.services.profile import ProfileChanges, update_profile, user_time
from tests.unit.fakes import LONDON, NOW, PROFILE, FakeStore, context, scripted_plan_all


@pytest.fixture(autouse=True)
def scripted_planner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planner, "plan_all", scripted_plan_all)


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def ctx(store: FakeStore) -> Context:
    return context(store)


@pytest.fixture
def profiled(ctx: Context) -> Context:
    update_profile(
        ctx, ProfileChanges(name=PROFILE.name, email=PROFILE.email, timezone=PROFILE.timezone)
    )
    return ctx


def snapshot(store: FakeStore) -> object:
    """Everything the store holds, to show that a refused command wrote nothing."""
    return repr(store._state)


# --- profile ---------------------------------------------------------------------------------
def test_a_first_profile_needs_name_email_and_zone(store: FakeStore, ctx: Context) -> None:
    with pytest.raises(BadInput, match="a new profile needs --email, --timezone"):
        update_profile(ctx, ProfileChanges(name="Alex"))
    assert store.get_profile() is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (ProfileChanges(email="alex.example.org"), "invalid email address 'alex.example.org'"),
        (ProfileChanges(email="alex @example.org"), "invalid email address"),
        (ProfileChanges(email="alex@example"), "invalid email address"),
        (
            ProfileChanges(timezone="Mars/Base"),
            "unknown time zone 'Mars/Base'; use an IANA name such as Europe/London",
        ),
        (ProfileChanges(country="XX"), "unknown country 'XX' for public holidays"),
        (ProfileChanges(name="  "), "name cannot be empty"),
    ],
)
def test_profile_fields_are_validated_before_anything_is_written(
    store: FakeStore, profiled: Context, changes: ProfileChanges, message: str
) -> None:
    before = snapshot(store)
    with pytest.raises(BadInput, match=message):
        update_profile(profiled, changes)
    assert snapshot(store) == before


def test_a_partial_update_keeps_the_rest_and_blank_clears(
    store: FakeStore, profiled: Context
) -> None:
    update_profile(profiled, ProfileChanges(phone="+44 7700 900123", country="gb"))
    changed = update_profile(
        profiled,
        ProfileChanges(phone=None, hours=WorkingHours(time(8, 30), time(16, 30))),
    )
    assert changed.name == PROFILE.name
    assert changed.country == "GB"  # normalised
    assert changed.phone is None
    assert changed.hours.label() == "08:30-16:30"
    assert store.get_profile() == changed


def test_user_time_reads_naive_times_on_the_profiles_clock(ctx: Context, profiled: Context) -> None:
    placed = user_time(profiled, datetime(2026, 7, 1, 14, 0))
    assert placed.utcoffset() == timedelta(hours=1)  # BST
    assert placed.tzinfo == LONDON
    aware = datetime(2026, 7, 1, 14, 0, tzinfo=UTC)
    assert user_time(profiled, aware) == aware


def test_a_naive_time_needs_a_profile(ctx: Context) -> None:
    with pytest.raises(BadInput, match="no profile yet"):
        user_time(ctx, datetime(2026, 7, 1, 14, 0))
    assert user_time(ctx, datetime(2026, 7, 1, 14, 0, tzinfo=UTC)).utcoffset() == timedelta(0)


# --- applications ----------------------------------------------------------------------------
def test_add_application_trims_and_stamps(ctx: Context) -> None:
    app = add_application(ctx, "  Acme  ", "Engineer", agency=" ", url="https://acme.example/1")
    assert (app.company, app.agency, app.url) == ("Acme", None, "https://acme.example/1")
    assert app.created_at == NOW
    assert app.id > 0


def test_add_application_refuses_an_empty_company(store: FakeStore, ctx: Context) -> None:
    with pytest.raises(BadInput, match="company cannot be empty"):
        add_application(ctx, " ", "Engineer")
    assert store.application_ids() == []


def test_edit_keeps_clears_and_sets(ctx: Context) -> None:
    app = add_application(ctx, "Acme", "Engineer", agency="Harper", notes="keep me")
    edited = edit_application(
        ctx, app.id, ApplicationChanges(role="Senior Engineer", agency=None, notes=KEEP)
    )
    assert (edited.company, edited.role, edited.agency, edited.notes) == (
        "Acme",
        "Senior Engineer",
        None,
        "keep me",
    )


def test_edit_and_remove_an_unknown_application(ctx: Context) -> None:
    with pytest.raises(NotFound, match="no application with id 9"):
        edit_application(ctx, 9, ApplicationChanges(role="x"))
    with pytest.raises(NotFound):
        remove_application(ctx, 9)


def test_remove_takes_everything_with_it(store: FakeStore, profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    contact = add_contact(profiled, app.id, "Jane", ContactFields())
    add_interview(profiled, app.id, NOW - timedelta(hours=3), interviewer_ids=[contact.id])
    assert store.cached_plan(app.id)
    remove_application(profiled, app.id)
    assert store.application_ids() == []
    assert store.cached_plan(app.id) == []
    assert list(store.due_actions(NOW + timedelta(days=30), NOW)) == []


def test_listing_and_detail_derive_status(profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    add_interview(profiled, app.id, NOW - timedelta(hours=3))
    log_event(profiled, app.id, EventKind.APPLIED, at=NOW - timedelta(days=10))
    [row] = list_applications(profiled)
    assert row.status.label == "awaiting"
    assert row.next_due is not None
    detail = application_detail(profiled, app.id)
    assert detail.status.label == "awaiting"
    assert [e.kind for e in detail.events] == [EventKind.APPLIED]
    assert len(detail.interviews) == 1


# --- contacts --------------------------------------------------------------------------------
def test_add_contact_validates_and_normalises(ctx: Context) -> None:
    app = add_application(ctx, "Acme", "Engineer")
    contact = add_contact(
        ctx,
        app.id,
        " Jane Doe ",
        ContactFields(
            email="jane@acme.example",
            role=ContactRole.RECRUITER,
            timezone="America/New_York",
            cadence_days=10,
            prefers=Channel.PHONE,
        ),
    )
    assert (contact.name, contact.role, contact.timezone) == (
        "Jane Doe",
        ContactRole.RECRUITER,
        "America/New_York",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (ContactFields(email="jane"), "invalid email address 'jane'"),
        (ContactFields(timezone="Mars/Base"), "unknown time zone 'Mars/Base'"),
        (ContactFields(cadence_days=0), r"cadence \(days\) must be at least 1"),
        (ContactFields(prefers=Channel.LINKEDIN), "can prefer email or phone"),
    ],
)
def test_add_contact_refuses_bad_fields(
    store: FakeStore, ctx: Context, fields: ContactFields, message: str
) -> None:
    app = add_application(ctx, "Acme", "Engineer")
    before = snapshot(store)
    with pytest.raises(BadInput, match=message):
        add_contact(ctx, app.id, "Jane", fields)
    assert snapshot(store) == before


def test_add_contact_to_an_unknown_application(ctx: Context) -> None:
    with pytest.raises(NotFound, match="no application with id 3"):
        add_contact(ctx, 3, "Jane", ContactFields())


def test_edit_contact_keeps_clears_and_sets(ctx: Context) -> None:
    app = add_application(ctx, "Acme", "Engineer")
    contact = add_contact(ctx, app.id, "Jane", ContactFields(email="j@acme.example", phone="1"))
    edited = edit_contact(
        ctx, contact.id, ContactChanges(phone=None, role=ContactRole.HIRING_MANAGER)
    )
    assert (edited.email, edited.phone, edited.role) == (
        "j@acme.example",
        None,
        ContactRole.HIRING_MANAGER,
    )


# --- interviews ------------------------------------------------------------------------------
def test_a_naive_interview_time_is_on_the_profiles_clock(profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    interview = add_interview(profiled, app.id, datetime(2026, 11, 24, 14, 0))
    assert interview.start == datetime(2026, 11, 24, 14, 0, tzinfo=LONDON)
    assert interview.start.tzinfo == LONDON  # the zone key is kept for the store


def test_an_interview_with_a_naive_time_needs_a_profile(store: FakeStore, ctx: Context) -> None:
    app = add_application(ctx, "Acme", "Engineer")
    with pytest.raises(BadInput, match="no profile yet"):
        add_interview(ctx, app.id, datetime(2026, 11, 24, 14, 0))
    aware = add_interview(ctx, app.id, datetime(2026, 11, 24, 14, 0, tzinfo=UTC))
    assert aware.start.utcoffset() == timedelta(0)


def test_interviewers_must_be_contacts_of_this_application(
    store: FakeStore, profiled: Context
) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    other = add_application(profiled, "Globex", "Analyst")
    stranger = add_contact(profiled, other.id, "Sam", ContactFields())
    before = snapshot(store)
    with pytest.raises(BadInput, match=f"contact {stranger.id} is not a contact of application"):
        add_interview(profiled, app.id, NOW, interviewer_ids=[stranger.id])
    with pytest.raises(BadInput, match=r"length \(minutes\) must be at least 1"):
        add_interview(profiled, app.id, NOW, minutes=0)
    assert snapshot(store) == before


def test_a_panel_keeps_its_order_without_duplicates(profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    ids = [add_contact(profiled, app.id, n, ContactFields()).id for n in ("A", "B", "C")]
    interview = add_interview(profiled, app.id, NOW, interviewer_ids=[ids[2], ids[0], ids[2]])
    assert interview.interviewer_ids == (ids[2], ids[0])


def test_edit_and_cancel_an_interview(store: FakeStore, profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    jane = add_contact(profiled, app.id, "Jane", ContactFields())
    interview = add_interview(profiled, app.id, NOW - timedelta(hours=3))
    edited = edit_interview(
        profiled,
        interview.id,
        InterviewChanges(
            minutes=45, format=InterviewFormat.PHONE, interviewer_ids=(jane.id,), start=KEEP
        ),
    )
    assert (edited.minutes, edited.format, edited.interviewer_ids) == (
        45,
        InterviewFormat.PHONE,
        (jane.id,),
    )
    assert any(a.kind is ActionKind.THANK_YOU for a in store.cached_plan(app.id))
    cancel_interview(profiled, interview.id)
    assert store.cached_plan(app.id) == []
    with pytest.raises(Conflict, match="already cancelled"):
        cancel_interview(profiled, interview.id)
    with pytest.raises(NotFound, match="no interview with id 99"):
        cancel_interview(profiled, 99)


# --- events ----------------------------------------------------------------------------------
def test_log_defaults_to_now_and_reads_naive_times_locally(profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    now_event = log_event(profiled, app.id, EventKind.REPLY)
    assert now_event.at == NOW
    summer = log_event(profiled, app.id, EventKind.NOTE, at=datetime(2026, 7, 1, 9, 0))
    assert summer.at == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def test_log_dates_belong_to_timeline_and_offer(store: FakeStore, profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    before = snapshot(store)
    with pytest.raises(BadInput, match="--on is only for timeline"):
        log_event(profiled, app.id, EventKind.REPLY, on=date(2026, 12, 1))
    with pytest.raises(BadInput, match="timeline needs --on DATE"):
        log_event(profiled, app.id, EventKind.TIMELINE)
    with pytest.raises(BadInput, match="unknown event 'action-done'"):
        log_event(profiled, app.id, EventKind.ACTION_DONE)
    assert snapshot(store) == before
    offer = log_event(profiled, app.id, EventKind.OFFER, on=date(2026, 12, 1), note=" £70k ")
    assert (offer.on, offer.note) == (date(2026, 12, 1), "£70k")


def test_log_contact_must_belong_to_the_application(store: FakeStore, profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    other = add_application(profiled, "Globex", "Analyst")
    stranger = add_contact(profiled, other.id, "Sam", ContactFields())
    before = snapshot(store)
    with pytest.raises(BadInput, match="is not a contact of application"):
        log_event(profiled, app.id, EventKind.REPLY, contact_id=stranger.id)
    with pytest.raises(NotFound, match="no contact with id 77"):
        log_event(profiled, app.id, EventKind.REPLY, contact_id=77)
    with pytest.raises(NotFound, match="no application with id 55"):
        log_event(profiled, 55, EventKind.REPLY)
    assert snapshot(store) == before


def interviewed(ctx: Context) -> tuple[int, int]:
    app = add_application(ctx, "Acme", "Engineer")
    jane = add_contact(ctx, app.id, "Jane", ContactFields(email="jane@acme.example"))
    add_interview(ctx, app.id, NOW - timedelta(hours=3), interviewer_ids=[jane.id])
    return app.id, jane.id


def test_done_logs_the_matching_event_and_the_action_leaves_the_plan(
    store: FakeStore, profiled: Context
) -> None:
    app_id, jane = interviewed(profiled)
    thank_you = next(a for a in store.cached_plan(app_id) if a.kind is ActionKind.THANK_YOU)
    action, event = done_action(profiled, thank_you.id, note="sent from phone")
    assert action == thank_you
    assert (event.kind, event.contact_id, event.action_id, event.at, event.note) == (
        EventKind.THANK_YOU_SENT,
        jane,
        thank_you.id,
        NOW,
        "sent from phone",
    )
    assert thank_you.id not in {a.id for a in agenda.plan(profiled, app_id).actions}
    with pytest.raises(NotFound, match=f"no pending action '{thank_you.id}'"):
        done_action(profiled, thank_you.id)


def test_done_on_a_kind_without_its_own_event_logs_action_done(
    store: FakeStore, profiled: Context
) -> None:
    app_id, _ = interviewed(profiled)
    debrief = next(a for a in store.cached_plan(app_id) if a.kind is ActionKind.DEBRIEF)
    _, event = done_action(profiled, debrief.id, at=datetime(2026, 11, 23, 9, 45))
    assert (event.kind, event.action_id) == (EventKind.ACTION_DONE, debrief.id)
    assert event.at == datetime(2026, 11, 23, 9, 45, tzinfo=LONDON)


def test_done_refuses_to_decide_an_offer(store: FakeStore, profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    log_event(profiled, app.id, EventKind.OFFER, on=date(2026, 12, 1))
    decide = next(a for a in store.cached_plan(app.id) if a.kind is ActionKind.DECIDE_OFFER)
    before = snapshot(store)
    with pytest.raises(BadInput, match=f"`followup log {app.id} accepted`"):
        done_action(profiled, decide.id)
    assert snapshot(store) == before


def test_an_expired_or_unknown_action_is_not_pending(store: FakeStore, profiled: Context) -> None:
    app_id, _ = interviewed(profiled)
    debrief = next(a for a in store.cached_plan(app_id) if a.kind is ActionKind.DEBRIEF)
    later = context(store, now=NOW + timedelta(days=3))
    with pytest.raises(NotFound, match="no pending action"):
        done_action(later, debrief.id)
    with pytest.raises(NotFound, match="see `followup today`"):
        skip_action(profiled, "9-zzzzzz")


def test_skip_logs_action_skipped(store: FakeStore, profiled: Context) -> None:
    app_id, _ = interviewed(profiled)
    thank_you = next(a for a in store.cached_plan(app_id) if a.kind is ActionKind.THANK_YOU)
    _, event = skip_action(profiled, thank_you.id)
    assert (event.kind, event.action_id, event.contact_id) == (
        EventKind.ACTION_SKIPPED,
        thank_you.id,
        None,
    )
    assert store.cached_action(thank_you.id) is None


def test_the_listing_counts_only_live_actions_as_next(profiled: Context) -> None:
    app = add_application(profiled, "Acme", "Engineer")
    jane = add_contact(profiled, app.id, "Jane", ContactFields())
    interview = add_interview(profiled, app.id, NOW - timedelta(days=3), interviewer_ids=[jane.id])
    [row] = list_applications(profiled)
    # The debrief (due 2 h after the end) expired after 48 h; the thank-you is still live.
    assert row.next_due == interview.end + timedelta(hours=18)
