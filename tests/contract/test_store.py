"""The ``Store`` port's contract (``services.ports``), held against every store.

Every write goes inside ``store.transaction()``, as the port asks of its callers (the fake
fails a write outside one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.domain.errors import Conflict, NotFound
from followup.domain.inbox import FolderSync, InboxItem, ItemStatus
from followup.domain.mail import Endpoint, FolderState, MailAccount, Security
from followup.domain.matching import SentRef, Strength
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import (
    Action,
    ActionKind,
    Application,
    Channel,
    Contact,
    ContactRole,
    Event,
    EventKind,
    Interview,
    InterviewFormat,
    Profile,
    Status,
)
from followup.services.ports import ApplicationRow, DueAction, Store

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
T0 = datetime(2026, 11, 17, 14, 0, tzinfo=UTC)


class Boom(Exception):
    """Raised inside a transaction to see it rolled back."""


def _app(store: Store, company: str = "Acme") -> Application:
    with store.transaction():
        return store.add_application(
            Application(id=0, company=company, role="Data Engineer", created_at=T0)
        )


def _contact(store: Store, app_id: int, name: str = "Sam Lee") -> Contact:
    with store.transaction():
        return store.add_contact(
            Contact(id=0, application_id=app_id, name=name, role=ContactRole.INTERVIEWER)
        )


def _interview(store: Store, app_id: int, start: datetime, *panel: int) -> Interview:
    with store.transaction():
        return store.add_interview(
            Interview(
                id=0,
                application_id=app_id,
                start=start,
                minutes=45,
                format=InterviewFormat.VIDEO,
                interviewer_ids=panel,
            )
        )


def _event(store: Store, app_id: int, at: datetime, kind: EventKind = EventKind.NOTE) -> Event:
    with store.transaction():
        return store.add_event(Event(id=0, application_id=app_id, kind=kind, at=at))


def _message(store: Store, app_id: int, **kw: object) -> Message:
    message = Message(
        id=0,
        application_id=app_id,
        kind=MessageKind.THANK_YOU,
        contact_id=None,
        to="sam@acme.example",
        subject="Thank you",
        body="Dear Sam, ...",
        created_at=T0,
    )
    with store.transaction():
        return store.add_message(dataclasses.replace(message, **kw))  # type: ignore[arg-type]


def _item(store: Store, app_id: int, mail_id: str, **kw: object) -> InboxItem:
    item = InboxItem(
        id=0,
        mail_id=mail_id,
        folder="INBOX",
        uid=7,
        application_id=app_id,
        contact_id=None,
        strength=Strength.DEFINITE,
        match_reason="in our thread",
        from_address="sam@acme.example",
        from_name="Sam Lee",
        subject="Re: Thank you",
        date=T0,
        kind="reply",
        on=None,
        confidence=0.9,
        reasons=("in-reply-to",),
        found_at=T0 + timedelta(minutes=1),
    )
    with store.transaction():
        return store.add_inbox_item(dataclasses.replace(item, **kw))  # type: ignore[arg-type]


def _action(app_id: int, name: str, due: datetime, **kw: object) -> Action:
    action = Action(
        id=f"{app_id}.{name}",
        kind=ActionKind.THANK_YOU,
        application_id=app_id,
        contact_id=None,
        channel=Channel.EMAIL,
        earliest=due - timedelta(hours=2),
        due=due,
        latest=due + timedelta(days=2),
        why="Thank them.",
    )
    return dataclasses.replace(action, **kw)  # type: ignore[arg-type]


def _plan(store: Store, app_id: int, *actions: Action, rev: int | None = None) -> bool:
    with store.transaction():
        return store.replace_plan(app_id, actions, Status.AWAITING, None, rev=rev)


# --- profile and mail account ----------------------------------------------------------------
def test_profile_is_none_until_saved_then_the_saved_one(store: Store) -> None:
    assert store.get_profile() is None
    first = Profile(name="Alex Morgan", email="alex@example.org", timezone="Europe/London")
    with store.transaction():
        store.save_profile(first)
    second = dataclasses.replace(first, name="Alex M. Morgan", country="GB", formal=True)
    with store.transaction():
        store.save_profile(second)
    assert store.get_profile() == second


def test_mail_account_replaces_the_one_row_and_notes_a_receipt(store: Store) -> None:
    assert store.get_mail_account() is None
    account = MailAccount(
        address="alex@example.org",
        username="alex",
        smtp=Endpoint("smtp.example.org", 465, Security.TLS),
        imap=Endpoint("imap.example.org", 143, Security.STARTTLS),
        sent_folder="Sent",
    )
    with store.transaction():
        store.save_mail_account(account)
        store.save_mail_account(dataclasses.replace(account, username="alex2"))
    assert store.get_mail_account() == dataclasses.replace(account, username="alex2")
    with store.transaction():
        store.note_receipt()
    saved = store.get_mail_account()
    assert saved is not None
    assert saved.receipt_seen


# --- applications, contacts, interviews, events ----------------------------------------------
def test_applications_round_trip_with_new_ids_in_id_order(store: Store) -> None:
    a = _app(store, "Acme")
    b = _app(store, "Globex")
    assert a.id > 0
    assert b.id > a.id
    assert store.get_application(a.id) == a
    changed = dataclasses.replace(a, notes="Referred by Kim", url="https://acme.example/job")
    with store.transaction():
        store.update_application(changed)
    assert store.get_application(a.id) == changed
    assert store.application_ids() == [a.id, b.id]
    rows = store.list_applications()
    assert [r.application for r in rows] == [changed, b]
    assert rows[0] == ApplicationRow(changed, Status.ACTIVE, None, None)


def test_an_instant_comes_back_in_utc(store: Store) -> None:
    app = _app(store)
    event = _event(store, app.id, T0.astimezone(NEW_YORK))
    assert store.list_events(app.id)[0].at.utcoffset() == timedelta(0)
    assert store.list_events(app.id)[0] == dataclasses.replace(event, at=T0)


def test_an_interview_comes_back_in_the_zone_it_was_recorded_in(store: Store) -> None:
    app = _app(store)
    start = datetime(2026, 11, 17, 9, 0, tzinfo=NEW_YORK)
    interview = _interview(store, app.id, start)
    got = store.get_interview(interview.id)
    assert got == interview
    assert got.start.tzinfo == NEW_YORK


def test_missing_ids_are_not_found_with_exit_status_2(store: Store) -> None:
    app = _app(store)
    misses: list[Callable[[], object]] = [
        lambda: store.get_application(999),
        lambda: store.get_contact(999),
        lambda: store.get_interview(999),
        lambda: store.get_message(999),
        lambda: store.get_inbox_item(999),
        lambda: store.history(999),
        lambda: store.list_messages(999),
    ]
    for miss in misses:
        with pytest.raises(NotFound) as caught:
            miss()
        assert caught.value.exit_code == 2
    writes: list[Callable[[], object]] = [
        lambda: store.update_application(dataclasses.replace(app, id=999)),
        lambda: store.remove_application(999),
        lambda: store.remove_event(999),
        lambda: store.add_contact(Contact(id=0, application_id=999, name="Sam Lee")),
        lambda: store.update_message(
            dataclasses.replace(_message(store, app.id), id=999)  # a message that is not there
        ),
        lambda: store.settle_inbox_item(999, ItemStatus.CONFIRMED, "reply", None),
        lambda: store.replace_plan(999, [], Status.ACTIVE, None),
    ]
    for write in writes:
        with pytest.raises(NotFound), store.transaction():
            write()


def test_an_id_other_than_0_is_refused_on_add(store: Store) -> None:
    with pytest.raises(ValueError, match="id 0"), store.transaction():
        store.add_application(Application(id=5, company="Acme", role="Data Engineer"))
    assert store.application_ids() == []


def test_contacts_are_listed_per_application_by_id(store: Store) -> None:
    a, b = _app(store), _app(store, "Globex")
    kim = _contact(store, a.id, "Kim Park")
    _contact(store, b.id, "Lee Sam")
    sam = _contact(store, a.id, "Sam Lee")
    assert store.list_contacts(a.id) == [kim, sam]
    moved = dataclasses.replace(sam, email="sam@acme.example", title="Head of Data")
    with store.transaction():
        store.update_contact(moved)
    assert store.get_contact(sam.id) == moved


def test_interviews_are_listed_by_start_and_keep_their_panel_in_order(store: Store) -> None:
    app = _app(store)
    kim, sam = _contact(store, app.id, "Kim Park"), _contact(store, app.id, "Sam Lee")
    later = _interview(store, app.id, T0 + timedelta(days=2), sam.id)
    sooner = _interview(store, app.id, T0, sam.id, kim.id)
    assert store.list_interviews(app.id) == [sooner, later]
    assert store.get_interview(sooner.id).interviewer_ids == (sam.id, kim.id)
    with store.transaction():
        store.update_interview(dataclasses.replace(later, interviewer_ids=(kim.id,)))
    assert store.get_interview(later.id).interviewer_ids == (kim.id,)


def test_a_panel_may_name_only_contacts_of_its_own_application(store: Store) -> None:
    app, other = _app(store), _app(store, "Globex")
    stranger = _contact(store, other.id)
    with pytest.raises(NotFound):
        _interview(store, app.id, T0, stranger.id)
    with pytest.raises(NotFound), store.transaction():
        store.add_event(
            Event(
                id=0,
                application_id=app.id,
                kind=EventKind.NOTE,
                at=T0,
                contact_id=stranger.id,
            )
        )
    assert store.list_interviews(app.id) == []
    assert store.list_events(app.id) == []


def test_events_are_listed_by_time_then_id_and_one_can_be_removed(store: Store) -> None:
    app = _app(store)
    late = _event(store, app.id, T0 + timedelta(hours=1))
    first = _event(store, app.id, T0)
    second = _event(store, app.id, T0)
    assert store.list_events(app.id) == [first, second, late]
    with store.transaction():
        store.remove_event(second.id)
    assert store.list_events(app.id) == [first, late]


def test_history_gathers_the_application_and_its_records(store: Store) -> None:
    app = _app(store)
    sam = _contact(store, app.id)
    interview = _interview(store, app.id, T0, sam.id)
    event = _event(store, app.id, T0)
    history = store.history(app.id)
    assert history.application == app
    assert history.contacts == (sam,)
    assert history.interviews == (interview,)
    assert history.events == (event,)


def test_removing_an_application_removes_everything_of_it(store: Store) -> None:
    app, kept = _app(store), _app(store, "Globex")
    sam = _contact(store, app.id)
    interview = _interview(store, app.id, T0, sam.id)
    _event(store, app.id, T0)
    message = _message(store, app.id, message_id="<1@example.org>")
    item = _item(store, app.id, "<r1@acme.example>")
    _plan(store, app.id, _action(app.id, "t", T0))
    _item(store, kept.id, "<r2@globex.example>")
    with store.transaction():
        store.remove_application(app.id)
    assert store.application_ids() == [kept.id]
    for gone in (
        lambda: store.get_contact(sam.id),
        lambda: store.get_interview(interview.id),
        lambda: store.get_message(message.id),
        lambda: store.get_inbox_item(item.id),
    ):
        with pytest.raises(NotFound):
            gone()
    assert store.list_events(app.id) == []
    assert store.cached_plan(app.id) == []
    assert store.cached_action(f"{app.id}.t") is None
    assert store.sent_refs() == []
    assert [i.mail_id for i in store.list_inbox_items()] == ["<r2@globex.example>"]
    assert store.stale_plans() == [(kept.id, 0)]


def test_removing_an_event_unlinks_the_inbox_item_that_logged_it(store: Store) -> None:
    app = _app(store)
    event = _event(store, app.id, T0, EventKind.REPLY)
    item = _item(store, app.id, "<r1@acme.example>", event_id=event.id)
    with store.transaction():
        store.remove_event(event.id)
    assert store.get_inbox_item(item.id).event_id is None


# --- transactions ----------------------------------------------------------------------------
def test_an_exception_rolls_the_whole_transaction_back(store: Store) -> None:
    app = _app(store)

    def change_then_fail() -> None:
        with store.transaction():
            store.update_application(dataclasses.replace(app, company="Changed"))
            store.add_contact(Contact(id=0, application_id=app.id, name="Sam Lee"))
            raise Boom

    with pytest.raises(Boom):
        change_then_fail()
    assert store.get_application(app.id) == app
    assert store.list_contacts(app.id) == []


def test_a_nested_transaction_joins_the_outer_one(store: Store) -> None:
    app = _app(store)

    def nest_then_fail() -> None:
        with store.transaction():
            with store.transaction():
                store.add_contact(Contact(id=0, application_id=app.id, name="Sam Lee"))
            assert len(store.list_contacts(app.id)) == 1  # seen inside, not yet committed
            raise Boom

    with pytest.raises(Boom):
        nest_then_fail()
    assert store.list_contacts(app.id) == []
    # An exception caught inside the outer block leaves the outer one to decide: it commits.
    with store.transaction():
        try:
            with store.transaction():
                store.add_contact(Contact(id=0, application_id=app.id, name="Kim Park"))
                raise Boom
        except Boom:
            pass
    assert [c.name for c in store.list_contacts(app.id)] == ["Kim Park"]


def test_a_bad_write_leaves_what_came_before_it_in_the_block_undone(store: Store) -> None:
    app = _app(store)

    def add_two() -> None:
        with store.transaction():
            store.add_contact(Contact(id=0, application_id=app.id, name="Sam Lee"))
            store.add_contact(Contact(id=0, application_id=999, name="Kim Park"))

    with pytest.raises(NotFound):
        add_two()
    assert store.list_contacts(app.id) == []


def test_reading_gives_a_block_of_reads(store: Store) -> None:
    app = _app(store)
    with store.reading():
        assert store.get_application(app.id) == app
        assert store.list_contacts(app.id) == []


# --- plan cache ------------------------------------------------------------------------------
def test_a_new_application_is_stale_until_planned_at_its_revision(store: Store) -> None:
    app = _app(store)
    assert store.stale_plans() == [(app.id, 0)]
    assert _plan(store, app.id, _action(app.id, "t", T0), rev=0)
    assert store.stale_plans() == []
    rows = store.list_applications()
    assert rows[0].base_status is Status.AWAITING
    assert rows[0].next_due == T0


def test_many_applications_and_contacts_at_once_get_ids_in_order(store: Store) -> None:
    first = _app(store, "First")
    apps = [Application(id=0, company=f"C{i}", role="Engineer", created_at=T0) for i in range(3)]
    with store.transaction():
        ids = store.add_applications(apps)
        people = [Contact(id=0, application_id=app_id, name=f"P{app_id}") for app_id in ids]
        contact_ids = store.add_contacts(people)
    assert ids == sorted(ids)
    assert ids[0] > first.id
    assert [store.get_application(i).company for i in ids] == ["C0", "C1", "C2"]
    assert [store.get_contact(c).application_id for c in contact_ids] == ids
    assert {app_id for app_id, _ in store.stale_plans(ids)} == set(ids)
    with pytest.raises(NotFound):
        store.add_contacts([Contact(id=0, application_id=999_999, name="Nobody")])


def test_stale_plans_among_many_ids_pages_by_after_and_limit(store: Store) -> None:
    with store.transaction():
        ids = store.add_applications(
            [Application(id=0, company=f"C{i}", role="R", created_at=T0) for i in range(1200)]
        )
    for app_id in ids[::2]:  # every other one planned: the rest stay stale
        assert _plan(store, app_id, rev=0)
    stale = ids[1::2]
    wanted = list(reversed(ids))  # any order; the answer comes by id
    assert store.stale_plans(wanted) == [(i, 0) for i in stale]
    assert store.stale_plans(wanted, limit=64) == [(i, 0) for i in stale[:64]]
    page = store.stale_plans(wanted, after=stale[400], limit=300)
    assert page == [(i, 0) for i in stale[401:600]]
    assert store.stale_plans([]) == []


@pytest.mark.parametrize(
    "change",
    ["contact", "interview", "event", "update", "remove event", "invalidate"],
)
def test_every_change_to_a_history_bumps_its_revision(store: Store, change: str) -> None:
    app = _app(store)
    sam = _contact(store, app.id)
    interview = _interview(store, app.id, T0, sam.id)
    event = _event(store, app.id, T0)
    ((_, rev),) = store.stale_plans()
    assert _plan(store, app.id, rev=rev)
    with store.transaction():
        if change == "contact":
            store.update_contact(dataclasses.replace(sam, title="CTO"))
        elif change == "interview":
            store.update_interview(dataclasses.replace(interview, cancelled=True))
        elif change == "event":
            store.add_event(Event(id=0, application_id=app.id, kind=EventKind.NOTE, at=T0))
        elif change == "update":
            store.update_application(dataclasses.replace(app, notes="x"))
        elif change == "remove event":
            store.remove_event(event.id)
        else:
            store.invalidate_plans()
    stale = store.stale_plans()
    assert [app_id for app_id, _ in stale] == [app.id]
    assert stale[0][1] > rev
    # A plan computed from the old revision is refused; one from the new one is kept.
    assert not _plan(store, app.id, _action(app.id, "old", T0), rev=rev)
    assert store.cached_plan(app.id) == []
    assert _plan(store, app.id, _action(app.id, "new", T0), rev=stale[0][1])
    assert store.stale_plans() == []


def test_a_plan_for_a_removed_application_is_refused_not_written(store: Store) -> None:
    app = _app(store)
    with store.transaction():
        store.remove_application(app.id)
    assert not _plan(store, app.id, _action(app.id, "t", T0), rev=0)


def test_an_action_of_another_application_is_refused_in_a_plan(store: Store) -> None:
    a, b = _app(store), _app(store, "Globex")
    with pytest.raises(ValueError, match="belongs to application"):
        _plan(store, a.id, _action(b.id, "t", T0))
    assert store.cached_plan(a.id) == []


def test_stale_plans_pages_by_id_among_the_ids_asked(store: Store) -> None:
    ids = [_app(store, f"Company {n}").id for n in range(5)]
    assert [i for i, _ in store.stale_plans()] == ids
    assert [i for i, _ in store.stale_plans(after=ids[1], limit=2)] == ids[2:4]
    assert [i for i, _ in store.stale_plans([ids[4], ids[0]])] == [ids[0], ids[4]]
    assert store.stale_plans([]) == []


def test_a_cached_plan_comes_back_by_due_then_id_and_replaces_the_last(store: Store) -> None:
    app = _app(store)
    sam = _contact(store, app.id)
    later = _action(app.id, "a", T0 + timedelta(days=1), contact_id=sam.id)
    sooner_b = _action(app.id, "b", T0, expires=T0 + timedelta(days=3), step=2)
    sooner_a = _action(app.id, "a0", T0, kind=ActionKind.DEBRIEF, channel=Channel.NONE)
    _plan(store, app.id, later, sooner_b, sooner_a)
    assert store.cached_plan(app.id) == [sooner_a, sooner_b, later]
    assert store.cached_action(sooner_b.id) == sooner_b
    assert store.cached_action("nothing") is None
    _plan(store, app.id, later)
    assert store.cached_plan(app.id) == [later]
    assert store.cached_action(sooner_b.id) is None


def test_due_actions_are_those_due_by_then_and_live_now_by_due(store: Store) -> None:
    app = _app(store)
    sam = _contact(store, app.id)
    expired = _action(app.id, "gone", T0, expires=T0 + timedelta(hours=1))
    due = _action(app.id, "due", T0 + timedelta(hours=2), contact_id=sam.id)
    first = _action(app.id, "first", T0 - timedelta(days=1))
    beyond = _action(app.id, "beyond", T0 + timedelta(days=9))
    _plan(store, app.id, beyond, due, expired, first)
    now = T0 + timedelta(hours=1)
    got = list(store.due_actions(T0 + timedelta(days=1), now))
    assert got == [
        DueAction(first, "Acme", "Data Engineer", None),
        DueAction(due, "Acme", "Data Engineer", "Sam Lee"),
    ]


def test_plan_basis_is_kept(store: Store) -> None:
    assert store.plan_basis() is None
    with store.transaction():
        store.set_plan_basis("v1")
        store.set_plan_basis("v2")
    assert store.plan_basis() == "v2"


# --- messages and the outbox -----------------------------------------------------------------
def test_messages_round_trip_and_list_by_id(store: Store) -> None:
    a, b = _app(store), _app(store, "Globex")
    first = _message(
        store,
        a.id,
        facts=(("company", "Acme"), ("n", 2)),
        message_id="<1@example.org>",
        references=("<0@example.org>",),
        in_reply_to="<0@example.org>",
    )
    other = _message(store, b.id)
    second = _message(store, a.id)
    assert store.get_message(first.id) == first
    assert store.list_messages() == [first, other, second]
    assert store.list_messages(a.id) == [first, second]
    sent = dataclasses.replace(
        second,
        status=MessageStatus.SENT,
        sent_at=T0 + timedelta(hours=1),
        attempts=1,
        handed_over=True,
        receipt_asked=True,
        message_id="<2@example.org>",
        last_error="a refusal once",
    )
    with store.transaction():
        store.update_message(sent)
    assert store.get_message(second.id) == sent
    assert store.find_message(" <2@example.org> ") == sent
    assert store.find_message("<3@example.org>") is None


def test_a_message_id_is_unique(store: Store) -> None:
    app = _app(store)
    first = _message(store, app.id, message_id="<1@example.org>")
    with pytest.raises(Conflict, match="already another letter's"):
        _message(store, app.id, message_id="<1@example.org>")
    second = _message(store, app.id)
    with pytest.raises(Conflict, match="already another letter's"), store.transaction():
        store.update_message(dataclasses.replace(second, message_id="<1@example.org>", subject="x"))
    assert store.list_messages() == [first, second]


def test_outbox_states_come_by_send_time_unscheduled_last(store: Store) -> None:
    app = _app(store)
    late = _message(store, app.id, status=MessageStatus.SCHEDULED, send_at=T0 + timedelta(1))
    soon = _message(store, app.id, status=MessageStatus.SCHEDULED, send_at=T0)
    failed = _message(store, app.id, status=MessageStatus.FAILED)
    _message(store, app.id, status=MessageStatus.SENT, send_at=T0)
    _message(store, app.id)  # a draft
    wanted = [MessageStatus.SCHEDULED, MessageStatus.FAILED]
    assert store.messages_in(wanted) == [soon, late, failed]
    assert store.messages_in([]) == []
    assert store.due_messages(T0) == [soon]
    assert store.due_messages(T0 + timedelta(days=2)) == [soon, late]
    assert store.due_messages(T0 - timedelta(seconds=1)) == []


def test_sent_refs_are_our_messages_with_a_message_id(store: Store) -> None:
    app = _app(store)
    sam = _contact(store, app.id)
    _message(store, app.id)  # a draft: no Message-ID yet
    _message(store, app.id, message_id="<1@example.org>", contact_id=sam.id)
    assert store.sent_refs() == [SentRef("<1@example.org>", app.id, sam.id, "sam@acme.example")]


# --- inbox -----------------------------------------------------------------------------------
def test_folder_sync_state_is_kept_per_folder(store: Store) -> None:
    assert store.folder_sync("INBOX") is None
    inbox = FolderSync("INBOX", FolderState(1, 10, 77), 9)
    with store.transaction():
        store.save_folder_sync(inbox)
        store.save_folder_sync(FolderSync("Junk", FolderState(2, 3), 2))
        store.save_folder_sync(dataclasses.replace(inbox, last_uid=10))
    assert store.folder_sync("INBOX") == dataclasses.replace(inbox, last_uid=10)
    assert store.folder_sync("Junk") == FolderSync("Junk", FolderState(2, 3, None), 2)


def test_inbox_items_round_trip_filter_by_status_and_settle(store: Store) -> None:
    app = _app(store)
    first = _item(store, app.id, "<r1@acme.example>", on=date(2026, 12, 1), kind="timeline")
    second = _item(store, app.id, "<r2@acme.example>", status=ItemStatus.APPLIED)
    assert store.get_inbox_item(first.id) == first
    assert store.list_inbox_items() == [first, second]
    assert store.list_inbox_items(ItemStatus.APPLIED) == [second]
    assert store.list_inbox_items(ItemStatus.PENDING, ItemStatus.APPLIED) == [first, second]
    assert store.known_mail_ids(["<r2@acme.example>", "<new@x>"]) == {"<r2@acme.example>"}
    event = _event(store, app.id, T0, EventKind.REPLY)
    with store.transaction():
        store.settle_inbox_item(first.id, ItemStatus.CONFIRMED, "reply", event.id)
        store.settle_inbox_item(first.id, ItemStatus.CONFIRMED, "reply", None)  # keeps it
    settled = store.get_inbox_item(first.id)
    assert (settled.status, settled.kind, settled.event_id) == (
        ItemStatus.CONFIRMED,
        "reply",
        event.id,
    )


def test_a_mail_is_stored_once(store: Store) -> None:
    app = _app(store)
    first = _item(store, app.id, "<r1@acme.example>")
    with pytest.raises(Conflict, match="already in the inbox"):
        _item(store, app.id, "<r1@acme.example>")
    assert store.list_inbox_items() == [first]


def test_a_bounced_address_is_flagged_whatever_its_case(store: Store) -> None:
    app = _app(store)
    item = _item(store, app.id, "<b@mailer>", kind="bounce", bounced="sam@acme.example")
    assert not store.address_bounced("sam@acme.example")
    with store.transaction():
        store.flag_bounced(" Sam@Acme.example ", T0, item.id)
    assert store.address_bounced("SAM@acme.example")
    with store.transaction():
        store.unflag_bounced("sam@ACME.example")
        store.unflag_bounced("never@acme.example")  # nothing to do, no error
    assert not store.address_bounced("sam@acme.example")


def test_a_message_and_an_application_give_their_instants_back_in_utc(store: Store) -> None:
    app = _app(store)
    message = _message(
        store, app.id, created_at=T0.astimezone(LONDON), send_at=T0.astimezone(NEW_YORK)
    )
    got = store.get_message(message.id)
    assert got.created_at.tzinfo == UTC
    assert got.send_at is not None
    assert got.send_at.tzinfo == UTC
    assert got.send_at == T0
    with store.transaction():
        store.update_application(dataclasses.replace(app, created_at=T0.astimezone(NEW_YORK)))
    created = store.get_application(app.id).created_at
    assert created is not None
    assert created.tzinfo == UTC
