"""``services.invitations`` on the in-memory store: what an invitation records, moves and
cancels, and that a refusal writes nothing."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from followup.domain import planner
from followup.domain.errors import BadInput, Conflict
from followup.domain.invitation import Change, Invitation, Method, Person
from followup.domain.model import Application, Contact, ContactRole, InterviewFormat
from followup.services.context import Context
from followup.services.invitations import import_invitation
from followup.services.planning import changing
from tests.unit.fakes import NOW, PROFILE, FakeStore, context, scripted_plan_all


@pytest.fixture(autouse=True)
def scripted_planner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planner, "plan_all", scripted_plan_all)


@pytest.fixture
def store() -> FakeStore:
    made = FakeStore()
    with made.transaction():
        made.save_profile(PROFILE)
        acme = made.add_application(Application(0, "Acme Robotics", "Engineer"))
        made.add_application(Application(0, "Globex", "Engineer", agency="Hays"))
        made.add_contact(Contact(0, acme.id, "Priya Shah", email="priya@acme.example"))
    return made


@pytest.fixture
def ctx(store: FakeStore) -> Context:
    return context(store)


START = NOW + timedelta(days=3)
INVITE = Invitation(
    uid="abc@google.com",
    sequence=0,
    method=Method.REQUEST,
    start=START,
    end=START + timedelta(minutes=45),
    zone="Europe/London",
    summary="Technical interview",
    organizer=Person("priya@acme.example", "Priya S."),
    attendees=(
        Person(PROFILE.email, "Alex Morgan"),
        Person("wei.ling@acme.example", None),
        Person("Priya@acme.example".lower(), None),
    ),
    format=InterviewFormat.VIDEO,
)


def snapshot(store: FakeStore) -> str:
    return repr(store._state)


def test_a_new_invitation_records_the_interview_and_its_people_once(
    store: FakeStore, ctx: Context
) -> None:
    done = import_invitation(ctx, INVITE)
    assert done.change is Change.NEW
    assert done.application.company == "Acme Robotics"
    names = [(c.name, c.role) for c in done.contacts]
    # Priya was a contact already (matched by address, her recorded name kept): not doubled.
    assert names == [("Priya Shah", ContactRole.INTERVIEWER), ("Wei Ling", ContactRole.INTERVIEWER)]
    assert [c.name for c in done.added] == ["Wei Ling"]
    assert len(store.list_contacts(done.application.id)) == 2
    interview = store.get_interview(done.interview.id)
    assert interview.start == START
    assert interview.minutes == 45
    assert interview.interviewer_ids == (done.contacts[1].id,)
    assert store.recorded_invitation("abc@google.com") is not None
    assert store.cached_plan(done.application.id), "the plan reacts at once"


def test_the_same_invitation_twice_changes_nothing(store: FakeStore, ctx: Context) -> None:
    import_invitation(ctx, INVITE)
    before, commits = snapshot(store), store.commits
    again = import_invitation(ctx, INVITE)
    assert again.change is Change.ALREADY
    assert snapshot(store) == before
    assert store.commits == commits


def test_an_update_moves_and_an_older_one_is_ignored(store: FakeStore, ctx: Context) -> None:
    first = import_invitation(ctx, INVITE)
    later = dataclasses.replace(
        INVITE, sequence=2, start=START + timedelta(days=1), end=START + timedelta(days=1, hours=1)
    )
    moved = import_invitation(ctx, later)
    assert moved.change is Change.MOVED
    assert moved.interview.id == first.interview.id
    assert store.get_interview(first.interview.id).start == START + timedelta(days=1)
    assert store.get_interview(first.interview.id).minutes == 60
    stale = import_invitation(ctx, dataclasses.replace(INVITE, sequence=1))
    assert stale.change is Change.ALREADY
    assert store.get_interview(first.interview.id).start == START + timedelta(days=1)


def test_a_cancellation_cancels_and_the_plan_drops_it(store: FakeStore, ctx: Context) -> None:
    first = import_invitation(ctx, INVITE)
    app_id = first.application.id
    assert store.cached_plan(app_id)
    cancel = dataclasses.replace(INVITE, sequence=1, method=Method.CANCEL, cancelled=True)
    done = import_invitation(ctx, cancel)
    assert done.change is Change.CANCELLED
    assert store.get_interview(first.interview.id).cancelled
    assert store.cached_plan(app_id) == []
    assert import_invitation(ctx, cancel).change is Change.ALREADY


def test_a_reschedule_after_a_cancellation_brings_it_back(store: FakeStore, ctx: Context) -> None:
    first = import_invitation(ctx, INVITE)
    import_invitation(ctx, dataclasses.replace(INVITE, sequence=1, cancelled=True))
    back = import_invitation(ctx, dataclasses.replace(INVITE, sequence=2))
    assert back.change is Change.MOVED
    assert not store.get_interview(first.interview.id).cancelled


@pytest.mark.parametrize(
    ("invite", "app_id", "error", "message"),
    [
        (dataclasses.replace(INVITE, cancelled=True), None, BadInput, "nothing to cancel"),
        (
            dataclasses.replace(INVITE, organizer=None, attendees=(Person("x@nowhere.example"),)),
            None,
            BadInput,
            "no application matches",
        ),
        (
            dataclasses.replace(INVITE, end=INVITE.start + timedelta(days=2)),
            None,
            BadInput,
            "at most 1440",
        ),
        (
            dataclasses.replace(
                INVITE, start=INVITE.start.replace(year=2300), end=INVITE.end.replace(year=2300)
            ),
            None,
            BadInput,
            "2200",
        ),
        (INVITE, 99, BadInput, "no application with id 99"),
    ],
)
def test_refusals_write_nothing(
    store: FakeStore,
    ctx: Context,
    invite: Invitation,
    app_id: int | None,
    error: type[Exception],
    message: str,
) -> None:
    before = snapshot(store)
    with pytest.raises(error, match=message):
        import_invitation(ctx, invite, app_id)
    assert snapshot(store) == before


def test_two_fitting_applications_are_named(store: FakeStore, ctx: Context) -> None:
    with changing(ctx):
        store.add_contact(Contact(0, 2, "Priya at Globex", email="priya@acme.example"))
    with pytest.raises(BadInput, match=r"fits 2 applications: 1 Acme Robotics \(a contact"):
        import_invitation(ctx, INVITE)
    assert import_invitation(ctx, INVITE, 2).application.id == 2


def test_a_recorded_invitation_stays_on_its_application(store: FakeStore, ctx: Context) -> None:
    import_invitation(ctx, INVITE)
    with pytest.raises(Conflict, match="recorded on application 1"):
        import_invitation(ctx, dataclasses.replace(INVITE, sequence=1), 2)


def test_a_failure_midway_leaves_no_contact_behind(store: FakeStore, ctx: Context) -> None:
    """A contact added before the interview is refused goes with the transaction."""
    bad = dataclasses.replace(INVITE, attendees=(Person("new@acme.example", "x" * 300),))
    before = snapshot(store)
    with pytest.raises(BadInput, match="contact name must be at most 200"):
        import_invitation(ctx, bad)
    assert snapshot(store) == before


def test_without_a_profile_nothing_is_imported() -> None:
    bare = FakeStore()
    with bare.transaction():
        bare.add_application(Application(0, "Acme Robotics", "Engineer"))
    with pytest.raises(BadInput, match="no profile yet"):
        import_invitation(context(bare), INVITE, 1)
    assert bare.list_contacts(1) == []
