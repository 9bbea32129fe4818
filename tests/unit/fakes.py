"""An in-memory ``Store`` for service tests: the port's contract, none of SQLite's cost.

It keeps the conventions services rely on (ids assigned on add, ``NotFound`` on unknown
ids, rollback when a transaction block raises, the plan cache) and is stricter than the real
store in one way: a write outside ``transaction()`` fails the test, so a use case that
forgets its transaction is caught here. It also counts what the cache tests look at.

``tests/contract`` holds it to SQLite's behaviour: every behaviour of the port there runs
against both, and where they differ SQLite is the truth and this is what gets fixed.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from followup.domain.business_hours import IsHoliday
from followup.domain.caldav import CaldavAccount, PushedEvent
from followup.domain.digest import DigestDay, DigestSetting
from followup.domain.documents import Attachment, Document, SentAttachment
from followup.domain.errors import Conflict, NotFound
from followup.domain.inbox import FolderSync, InboxItem, ItemStatus
from followup.domain.invitation import Invitation, Recorded
from followup.domain.mail import MailAccount
from followup.domain.matching import SentRef
from followup.domain.messages import Message, MessageStatus
from followup.domain.model import (
    Action,
    ActionKind,
    Application,
    Channel,
    Contact,
    Event,
    EventKind,
    History,
    Interview,
    Profile,
    Status,
)
from followup.domain.policy import Policy
from followup.services.context import Context
from followup.services.ports import ApplicationRow, DueAction, Store

_T = TypeVar("_T")

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)  # a Monday
PROFILE = Profile(name="Alex Morgan", email="alex@example.org", timezone="Europe/London")


@dataclass
class _State:
    profile: Profile | None = None
    applications: dict[int, Application] = field(default_factory=dict)
    contacts: dict[int, Contact] = field(default_factory=dict)
    interviews: dict[int, Interview] = field(default_factory=dict)
    events: dict[int, Event] = field(default_factory=dict)
    plans: dict[int, list[Action]] = field(default_factory=dict)
    revs: dict[int, int] = field(default_factory=dict)  # each application's history revision
    planned_revs: dict[int, int] = field(default_factory=dict)  # what its plan came from
    statuses: dict[int, tuple[Status, datetime | None]] = field(default_factory=dict)
    basis: str | None = None
    messages: dict[int, Message] = field(default_factory=dict)
    account: MailAccount | None = None
    folders: dict[str, FolderSync] = field(default_factory=dict)
    inbox: dict[int, InboxItem] = field(default_factory=dict)
    bounced: dict[str, datetime] = field(default_factory=dict)
    invitations: dict[str, Recorded] = field(default_factory=dict)  # by UID
    proposed: dict[int, Invitation] = field(default_factory=dict)  # by inbox item id
    digest: DigestSetting = field(default_factory=DigestSetting)
    digest_days: dict[date, DigestDay] = field(default_factory=dict)
    caldav: CaldavAccount | None = None
    caldav_events: dict[str, PushedEvent] = field(default_factory=dict)
    documents: dict[int, Document] = field(default_factory=dict)
    attachments: dict[int, tuple[Attachment, ...]] = field(default_factory=dict)  # by message
    next_id: int = 1


class FakeStore:
    def __init__(self) -> None:
        self._state = _State()
        self._depth = 0
        self.commits = 0
        self.rollbacks = 0
        self.replanned: list[int] = []  # app ids, one entry per plan written
        self.closed = False
        # not rolled back: only the import writes it
        self._import_keys: dict[str, tuple[int, str | None]] = {}

    # --- transactions and metadata -------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        saved = copy.deepcopy(self._state)
        replanned = len(self.replanned)
        self._depth = 1
        try:
            yield
        except BaseException:
            self._state = saved
            del self.replanned[replanned:]
            self.rollbacks += 1
            raise
        finally:
            self._depth = 0
        self.commits += 1

    @contextmanager
    def reading(self) -> Iterator[None]:
        yield

    @property
    def in_transaction(self) -> bool:
        return bool(self._depth)

    def _writing(self) -> _State:
        assert self._depth, "a write outside store.transaction()"
        return self._state

    def _touch(self, *app_ids: int) -> None:
        """What the SQLite store's ``_touch`` does: the plan of each is stale from now."""
        state = self._writing()
        for app_id in app_ids:
            if app_id in state.applications:
                state.revs[app_id] = state.revs.get(app_id, 0) + 1

    def _require_contacts(self, app_id: int, contact_ids: Iterable[int | None]) -> None:
        """As SQLite's store: each contact named exists and belongs to ``app_id``."""
        for contact_id in contact_ids:
            if contact_id is None:
                continue
            held = self._state.contacts.get(contact_id)
            if held is None or held.application_id != app_id:
                raise NotFound(f"no contact with id {contact_id} on application {app_id}")

    def _new_id(self) -> int:
        state = self._writing()
        state.next_id += 1
        return state.next_id - 1

    def close(self) -> None:
        self.closed = True

    def schema_version(self) -> str:
        return "fake"

    # --- profile -------------------------------------------------------------------------
    def get_profile(self) -> Profile | None:
        return self._state.profile

    def save_profile(self, profile: Profile) -> None:
        self._writing().profile = profile

    # --- applications --------------------------------------------------------------------
    def add_application(self, app: Application) -> Application:
        _require_new("application", app.id)
        added = _utc(dataclasses.replace(app, id=self._new_id()))
        self._writing().applications[added.id] = added
        self._state.revs[added.id] = 0
        return added

    def add_applications(self, apps: Sequence[Application]) -> list[int]:
        return [self.add_application(app).id for app in apps]

    def get_application(self, app_id: int) -> Application:
        try:
            return self._state.applications[app_id]
        except KeyError:
            raise NotFound(f"no application with id {app_id}") from None

    def update_application(self, app: Application) -> None:
        self.get_application(app.id)
        self._writing().applications[app.id] = _utc(app)
        self._touch(app.id)

    def remove_application(self, app_id: int) -> None:
        self.get_application(app_id)
        state = self._writing()
        del state.applications[app_id]
        for table in (state.contacts, state.interviews, state.events):
            for key in [k for k, v in table.items() if v.application_id == app_id]:
                del table[key]
        for key in [k for k, m in state.messages.items() if m.application_id == app_id]:
            del state.messages[key]
            state.attachments.pop(key, None)
        for key in [k for k, d in state.documents.items() if d.application_id == app_id]:
            del state.documents[key]
        for key in [k for k, i in state.inbox.items() if i.application_id == app_id]:
            del state.inbox[key]
            state.proposed.pop(key, None)
        for key in [
            k for k, r in state.invitations.items() if r.interview_id not in state.interviews
        ]:
            del state.invitations[key]
        state.plans.pop(app_id, None)
        state.statuses.pop(app_id, None)
        state.revs.pop(app_id, None)
        state.planned_revs.pop(app_id, None)

    def list_applications(self) -> list[ApplicationRow]:
        rows = []
        for app_id in sorted(self._state.applications):
            base, first_end = self._state.statuses.get(app_id, (Status.ACTIVE, None))
            dues = [a.due for a in self._state.plans.get(app_id, [])]
            rows.append(
                ApplicationRow(
                    application=self._state.applications[app_id],
                    base_status=base,
                    first_interview_end=first_end,
                    next_due=min(dues) if dues else None,
                )
            )
        return rows

    def application_ids(self) -> list[int]:
        return sorted(self._state.applications)

    # --- contacts ------------------------------------------------------------------------
    def add_contact(self, contact: Contact) -> Contact:
        _require_new("contact", contact.id)
        self.get_application(contact.application_id)
        added = dataclasses.replace(contact, id=self._new_id())
        self._writing().contacts[added.id] = added
        self._touch(added.application_id)
        return added

    def add_contacts(self, contacts: Sequence[Contact]) -> list[int]:
        return [self.add_contact(contact).id for contact in contacts]

    def get_contact(self, contact_id: int) -> Contact:
        try:
            return self._state.contacts[contact_id]
        except KeyError:
            raise NotFound(f"no contact with id {contact_id}") from None

    def update_contact(self, contact: Contact) -> None:
        before = self.get_contact(contact.id)
        self.get_application(contact.application_id)
        self._writing().contacts[contact.id] = contact
        self._touch(before.application_id, contact.application_id)

    def list_contacts(self, app_id: int) -> list[Contact]:
        return [c for _, c in sorted(self._state.contacts.items()) if c.application_id == app_id]

    # --- interviews ----------------------------------------------------------------------
    def add_interview(self, interview: Interview) -> Interview:
        _require_new("interview", interview.id)
        assert interview.start.tzinfo is not None
        self.get_application(interview.application_id)
        self._require_contacts(interview.application_id, interview.interviewer_ids)
        added = dataclasses.replace(interview, id=self._new_id())
        self._writing().interviews[added.id] = added
        self._touch(added.application_id)
        return added

    def get_interview(self, interview_id: int) -> Interview:
        try:
            return self._state.interviews[interview_id]
        except KeyError:
            raise NotFound(f"no interview with id {interview_id}") from None

    def update_interview(self, interview: Interview) -> None:
        before = self.get_interview(interview.id)
        self.get_application(interview.application_id)
        self._require_contacts(interview.application_id, interview.interviewer_ids)
        self._writing().interviews[interview.id] = interview
        self._touch(before.application_id, interview.application_id)

    def list_interviews(self, app_id: int) -> list[Interview]:
        found = [i for i in self._state.interviews.values() if i.application_id == app_id]
        return sorted(found, key=lambda i: (i.start, i.id))

    # --- events --------------------------------------------------------------------------
    def add_events(self, events: Sequence[Event]) -> None:
        for event in events:
            self.add_event(event)

    def import_keys(self) -> dict[str, tuple[int, str | None]]:
        return {k: v for k, v in self._import_keys.items() if v[0] in self._state.applications}

    def add_import_keys(self, keys: Sequence[tuple[str, int, str]]) -> None:
        self._import_keys.update((k, (a, said)) for k, a, said in keys)

    def add_event(self, event: Event) -> Event:
        _require_new("event", event.id)
        assert event.at.tzinfo is not None
        self.get_application(event.application_id)
        self._require_contacts(event.application_id, (event.contact_id,))
        added = _utc(dataclasses.replace(event, id=self._new_id()))
        self._writing().events[added.id] = added
        self._touch(added.application_id)
        return added

    def remove_event(self, event_id: int) -> None:
        if event_id not in self._state.events:
            raise NotFound(f"no event with id {event_id}")
        state = self._writing()
        self._touch(state.events[event_id].application_id)
        del state.events[event_id]
        for key, held in list(state.inbox.items()):  # as the schema's ON DELETE SET NULL
            if held.event_id == event_id:
                state.inbox[key] = dataclasses.replace(held, event_id=None)

    def list_events(self, app_id: int) -> list[Event]:
        found = [e for e in self._state.events.values() if e.application_id == app_id]
        return sorted(found, key=lambda e: (e.at, e.id))

    def history(self, app_id: int) -> History:
        return History(
            application=self.get_application(app_id),
            contacts=tuple(self.list_contacts(app_id)),
            interviews=tuple(self.list_interviews(app_id)),
            events=tuple(self.list_events(app_id)),
        )

    # --- plan cache ----------------------------------------------------------------------
    def replace_plan(
        self,
        app_id: int,
        actions: Sequence[Action],
        base_status: Status,
        first_interview_end: datetime | None,
        *,
        rev: int | None = None,
    ) -> bool:
        state = self._writing()
        for action in actions:
            if action.application_id != app_id:
                raise ValueError(
                    f"action {action.id} belongs to application {action.application_id}"
                )
        if app_id not in state.applications:
            if rev is None:
                raise NotFound(f"no application with id {app_id}")
            return False
        if rev is not None and state.revs[app_id] != rev:
            return False
        state.plans[app_id] = sorted((_utc(a) for a in actions), key=lambda a: (a.due, a.id))
        state.statuses[app_id] = (
            base_status,
            None if first_interview_end is None else first_interview_end.astimezone(UTC),
        )
        state.planned_revs[app_id] = state.revs[app_id]
        self.replanned.append(app_id)
        return True

    def stale_plans(
        self, ids: Sequence[int] | None = None, *, after: int = 0, limit: int = -1
    ) -> list[tuple[int, int]]:
        state = self._state
        found = [
            (app_id, rev)
            for app_id, rev in sorted(state.revs.items())
            if app_id > after
            and state.planned_revs.get(app_id) != rev
            and (ids is None or app_id in ids)
        ]
        return found if limit < 0 else found[:limit]

    def invalidate_plans(self) -> None:
        state = self._writing()
        for app_id in state.revs:
            state.revs[app_id] += 1

    def cached_plan(self, app_id: int) -> list[Action]:
        return list(self._state.plans.get(app_id, []))

    def cached_action(self, action_id: str) -> Action | None:
        for actions in self._state.plans.values():
            for action in actions:
                if action.id == action_id:
                    return action
        return None

    def due_actions(self, until: datetime, now: datetime) -> Iterator[DueAction]:
        found = [
            a
            for actions in self._state.plans.values()
            for a in actions
            if a.due <= until and a.is_live(now)
        ]
        for action in sorted(found, key=lambda a: (a.due, a.id)):
            app = self._state.applications[action.application_id]
            contact = self._state.contacts.get(action.contact_id or -1)
            yield DueAction(action, app.company, app.role, contact.name if contact else None)

    def plan_basis(self) -> str | None:
        return self._state.basis

    def set_plan_basis(self, basis: str) -> None:
        self._writing().basis = basis

    # --- messages ------------------------------------------------------------------------
    def add_message(self, message: Message) -> Message:
        _require_new("message", message.id)
        assert message.created_at.tzinfo is not None
        self.get_application(message.application_id)
        self._require_unique_message_id(message)
        added = _utc(dataclasses.replace(message, id=self._new_id()))
        self._writing().messages[added.id] = added
        return added

    def get_message(self, message_id: int) -> Message:
        try:
            return self._state.messages[message_id]
        except KeyError:
            raise NotFound(f"no message with id {message_id}") from None

    def list_messages(self, app_id: int | None = None) -> list[Message]:
        if app_id is not None:
            self.get_application(app_id)
        return [
            m
            for _, m in sorted(self._state.messages.items())
            if app_id is None or m.application_id == app_id
        ]

    def update_message(self, message: Message) -> None:
        self.get_message(message.id)
        self._require_unique_message_id(message)
        self._writing().messages[message.id] = _utc(message)

    def _require_unique_message_id(self, message: Message) -> None:
        if message.message_id is None:
            return
        for held in self._state.messages.values():
            if held.id != message.id and held.message_id == message.message_id:
                raise Conflict(
                    f"the Message-ID {message.message_id} is already another letter's; "
                    "each letter sent has its own"
                )

    def find_message(self, header_id: str) -> Message | None:
        found = [m for m in self._state.messages.values() if m.message_id == header_id.strip()]
        return found[0] if found else None

    def messages_in(self, statuses: Sequence[MessageStatus]) -> list[Message]:
        far = datetime.max.replace(tzinfo=UTC)
        chosen = [m for m in self._state.messages.values() if m.status in statuses]
        return sorted(chosen, key=lambda m: (m.send_at is None, m.send_at or far, m.id))

    def due_messages(self, until: datetime) -> list[Message]:
        return [
            m
            for m in self.messages_in([MessageStatus.SCHEDULED])
            if m.send_at is not None and m.send_at <= until
        ]

    # --- invitations (issue 15) ---------------------------------------------------------
    def recorded_invitation(self, uid: str) -> Recorded | None:
        return self._state.invitations.get(uid)

    def record_invitation(self, recorded: Recorded) -> None:
        with self.transaction():
            if recorded.interview_id not in self._state.interviews:
                raise NotFound(f"no interview with id {recorded.interview_id}")
            self._writing().invitations[recorded.uid] = recorded

    def propose_invitation(self, item_id: int, invitation: Invitation) -> None:
        with self.transaction():
            if item_id not in self._state.inbox:
                raise NotFound(f"no inbox item with id {item_id}")
            self._writing().proposed[item_id] = invitation

    def proposed_invitation(self, item_id: int) -> Invitation | None:
        return self._state.proposed.get(item_id)

    # --- mail account --------------------------------------------------------------------
    def get_mail_account(self) -> MailAccount | None:
        return self._state.account

    def save_mail_account(self, account: MailAccount) -> None:
        self._writing().account = account

    def note_receipt(self) -> None:
        with self.transaction():
            state = self._writing()
            if state.account is not None:
                state.account = dataclasses.replace(state.account, receipt_seen=True)

    # --- the morning digest (issue 15) ---------------------------------------------------
    def get_digest_setting(self) -> DigestSetting:
        return self._state.digest

    def save_digest_setting(self, setting: DigestSetting) -> None:
        with self.transaction():
            self._writing().digest = setting

    def digest_day(self, day: date) -> DigestDay | None:
        return self._state.digest_days.get(day)

    def save_digest_day(self, record: DigestDay) -> None:
        with self.transaction():
            self._writing().digest_days[record.day] = _utc(record)

    # --- documents (issue 18) ------------------------------------------------------------
    def add_document(self, document: Document) -> Document:
        if document.id != 0:
            raise ValueError("add a new document with id 0 (the store assigns it)")
        with self.transaction():
            self.get_application(document.application_id)
            saved = _utc(dataclasses.replace(document, id=self._new_id()))
            self._writing().documents[saved.id] = saved
        return saved

    def get_document(self, document_id: int) -> Document:
        if document_id not in self._state.documents:
            raise NotFound(f"no document with id {document_id}")
        return self._state.documents[document_id]

    def list_documents(self, app_id: int | None = None) -> list[Document]:
        return [
            d
            for _, d in sorted(self._state.documents.items())
            if app_id is None or d.application_id == app_id
        ]

    def remove_document(self, document_id: int) -> None:
        with self.transaction():
            self.get_document(document_id)
            state = self._writing()
            del state.documents[document_id]
            state.attachments = {
                m: tuple(
                    dataclasses.replace(a, document_id=None) if a.document_id == document_id else a
                    for a in kept
                )
                for m, kept in state.attachments.items()
            }

    def document_hashes(self) -> set[str]:
        attached = {a.sha256 for kept in self._state.attachments.values() for a in kept}
        return {d.sha256 for d in self._state.documents.values()} | attached

    def attach(self, message_id: int, attachments: Sequence[Attachment]) -> None:
        with self.transaction():
            self.get_message(message_id)
            self._writing().attachments[message_id] = tuple(attachments)

    def attachments(self, message_id: int) -> list[Attachment]:
        return list(self._state.attachments.get(message_id, ()))

    def sent_attachments(self, app_id: int) -> list[SentAttachment]:
        return [
            SentAttachment(m.id, m.sent_at, m.to, a)
            for m in self.list_messages(app_id)
            if m.status is MessageStatus.SENT
            for a in self._state.attachments.get(m.id, ())
        ]

    # --- CalDAV push (issue 15) ----------------------------------------------------------
    def get_caldav_account(self) -> CaldavAccount | None:
        return self._state.caldav

    def save_caldav_account(self, account: CaldavAccount) -> None:
        with self.transaction():
            state = self._writing()
            if state.caldav is not None and state.caldav.calendar_url != account.calendar_url:
                state.caldav_events = {}
            state.caldav = account

    def caldav_events(self) -> dict[str, PushedEvent]:
        return dict(self._state.caldav_events)

    def record_caldav(self, pushed: Iterable[PushedEvent], deleted: Iterable[str]) -> None:
        with self.transaction():
            state = self._writing()
            state.caldav_events = {**state.caldav_events, **{p.uid: p for p in pushed}}
            for uid in deleted:
                state.caldav_events.pop(uid, None)

    # --- inbox (issue 5) -----------------------------------------------------------------
    def folder_sync(self, name: str) -> FolderSync | None:
        return self._state.folders.get(name)

    def save_folder_sync(self, sync: FolderSync) -> None:
        self._writing().folders[sync.name] = sync

    def sent_refs(self) -> list[SentRef]:
        return [
            SentRef(m.message_id, m.application_id, m.contact_id, m.to)
            for m in self._state.messages.values()
            if m.message_id
        ]

    def known_mail_ids(self, mail_ids: Iterable[str]) -> set[str]:
        stored = {i.mail_id for i in self._state.inbox.values()}
        return {m for m in mail_ids if m in stored}

    def add_inbox_item(self, item: InboxItem) -> InboxItem:
        self.get_application(item.application_id)
        if item.mail_id in {i.mail_id for i in self._state.inbox.values()}:
            raise Conflict(f"the mail {item.mail_id} is already in the inbox")
        saved = _utc(dataclasses.replace(item, id=self._new_id()))
        self._writing().inbox[saved.id] = saved
        return saved

    def get_inbox_item(self, item_id: int) -> InboxItem:
        if item_id not in self._state.inbox:
            raise NotFound(f"no inbox item with id {item_id}")
        return self._state.inbox[item_id]

    def list_inbox_items(self, *statuses: ItemStatus) -> list[InboxItem]:
        return [
            i for _, i in sorted(self._state.inbox.items()) if not statuses or i.status in statuses
        ]

    def settle_inbox_item(
        self, item_id: int, status: ItemStatus, kind: str, event_id: int | None
    ) -> None:
        item = self.get_inbox_item(item_id)
        self._writing().inbox[item_id] = dataclasses.replace(
            item, status=status, kind=kind, event_id=event_id or item.event_id
        )

    def flag_bounced(self, address: str, at: datetime, item_id: int | None) -> None:
        self._writing().bounced[address.strip().lower()] = at

    def unflag_bounced(self, address: str) -> None:
        self._writing().bounced.pop(address.strip().lower(), None)

    def address_bounced(self, address: str) -> bool:
        return address.strip().lower() in self._state.bounced


def _require_new(kind: str, model_id: int) -> None:
    if model_id != 0:
        raise ValueError(f"add a new {kind} with id 0 (the store assigns it), not {model_id}")


def _utc(model: _T) -> _T:
    """``model`` with its instants in UTC, as SQLite gives every one back (an interview's
    start is the exception: it keeps its zone, and is never passed here)."""
    fields = {
        f.name: value.astimezone(UTC)
        for f in dataclasses.fields(model)  # type: ignore[arg-type]
        if isinstance(value := getattr(model, f.name), datetime)
    }
    return dataclasses.replace(model, **fields)  # type: ignore[type-var]


def _fits(store: FakeStore) -> Store:
    """Let mypy check that the fake satisfies the port."""
    return store


def context(
    store: FakeStore | None = None, now: datetime = NOW, policy: Policy | None = None
) -> Context:
    return Context(store=store or FakeStore(), policy=policy or Policy(), now=now)


def scripted_plan_all(
    history: History, profile: Profile, policy: Policy, is_holiday: IsHoliday | None = None
) -> list[Action]:
    """A stand-in planner with obvious rules, so service tests can predict the cache.

    Per live interview: a debrief (expires two days after the end) and a thank-you per
    interviewer; per offer: a decide-offer. An event naming an action id settles it.
    """
    app = history.application
    settled = {e.action_id for e in history.events if e.action_id}
    hour = timedelta(hours=1)
    actions: list[Action] = []
    for interview in history.interviews:
        if interview.cancelled:
            continue
        end = interview.end
        actions.append(
            Action(
                id=f"{app.id}-d{interview.id}",
                kind=ActionKind.DEBRIEF,
                application_id=app.id,
                contact_id=None,
                channel=Channel.NONE,
                earliest=end,
                due=end + 2 * hour,
                latest=end + 24 * hour,
                why="Debrief while it is fresh.",
                expires=end + 48 * hour,
                interview_id=interview.id,
            )
        )
        for contact_id in interview.interviewer_ids:
            actions.append(
                Action(
                    id=f"{app.id}-t{interview.id}c{contact_id}",
                    kind=ActionKind.THANK_YOU,
                    application_id=app.id,
                    contact_id=contact_id,
                    channel=Channel.EMAIL,
                    earliest=end + 2 * hour,
                    due=end + 18 * hour,
                    latest=end + 48 * hour,
                    why="Thank each interviewer within 48 hours.",
                    interview_id=interview.id,
                )
            )
    for event in history.events:
        if event.kind is EventKind.OFFER:
            deadline = datetime.combine(event.on or event.at.date(), datetime.min.time(), UTC)
            actions.append(
                Action(
                    id=f"{app.id}-o{event.id}",
                    kind=ActionKind.DECIDE_OFFER,
                    application_id=app.id,
                    contact_id=event.contact_id,
                    channel=Channel.EMAIL,
                    earliest=event.at,
                    due=deadline - 24 * hour,
                    latest=deadline,
                    why="Decide before the deadline.",
                )
            )
    return sorted((a for a in actions if a.id not in settled), key=lambda a: (a.due, a.id))
