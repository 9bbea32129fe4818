"""What the services need from the outside world, as Protocols.

Adapters satisfy these structurally (they never import ``services``); ``bootstrap`` is where
a concrete adapter meets its port and mypy checks the fit.

The store is one object (``Store``) composed of a small port per aggregate (applications
with contacts and interviews, events, plan cache, messages, inbox, settings), so a use case
can name the narrow one it needs. Conventions every store port keeps:
- ``add_*`` take a model whose ``id`` is 0 and return it with the id the store assigned.
- Instants go in aware and come out aware; an Interview's ``start`` comes back in the zone
  it was recorded in (its ZoneInfo key is kept), every other instant in UTC.
- ``get_*`` raise ``NotFound`` (exit status 2) naming the kind and the id.
- Writes happen inside ``transaction()``, which holds the write lock: one command's change,
  one transaction, kept short (nothing slow runs inside it). Leaving the block by an
  exception rolls everything back, so bad input leaves the database as it was. A lock that
  stays taken past the store's wait budget is ``Busy``, with nothing written.
- ``reading()`` is a snapshot: the reads inside it see one state, and take no lock.
- The plan cache (``replace_plan`` / ``cached_*``) holds the now-independent output of
  ``planner.plan_all`` per application plus the status parts, so the hot paths (``today``,
  ``plan``) are indexed reads, never a re-plan. Every change to an application's history
  bumps its revision in the same transaction (``invalidate_plans`` bumps all); a cached
  plan remembers the revision it was computed from, and ``stale_plans`` lists those that
  lag (``services.planning`` keeps them true).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from followup.domain.inbox import FolderSync, InboxItem, ItemStatus
from followup.domain.mail import FolderState, InboundMail, MailAccount
from followup.domain.matching import MailHeaders, SentRef
from followup.domain.messages import Message, MessageStatus
from followup.domain.model import (
    Action,
    Application,
    Contact,
    Event,
    History,
    Interview,
    Profile,
    Status,
)
from followup.domain.model_prompt import Answer, Prompt

# Defined in the domain so that adapters, which may not import ``services``, can build them;
# re-exported here (``__all__``, for mypy's no-implicit-reexport) for the services' callers.
from followup.domain.read_rows import (
    AlertRow,
    ApplicationHeadRow,
    DueActionRow,
    EventFiguresRow,
    EventRow,
    PlanActionRow,
)
from followup.domain.review import Dialect, Finding
from followup.domain.rows import ApplicationRow, DueAction
from followup.services.calendar_feed import CalendarSource
from followup.services.exporting import DataTables

if TYPE_CHECKING:  # read by few commands: imported where they are used, not by every one
    from zoneinfo import ZoneInfo

    from followup.domain.caldav import CaldavAccount, ForeignEvent, PushedEvent
    from followup.domain.calendar_rows import Calendar, CalendarEvent
    from followup.domain.digest import DigestDay, DigestSetting
    from followup.domain.documents import Attachment, Document, SentAttachment
    from followup.domain.invitation import Invitation, Recorded

__all__ = [
    "AlertRow",
    "ApplicationHeadRow",
    "ApplicationRepo",
    "ApplicationRow",
    "Composer",
    "DigestRepo",
    "DocumentFiles",
    "DocumentRepo",
    "DueAction",
    "DueActionRow",
    "EventFiguresRow",
    "EventRepo",
    "EventRow",
    "InboxRepo",
    "InvitationReader",
    "InvitationRepo",
    "MailReader",
    "MailServers",
    "MailTransport",
    "Mailbox",
    "MessageRepo",
    "PlanActionRow",
    "PlanCacheRepo",
    "Ports",
    "SettingsRepo",
    "Store",
    "Templates",
    "Transactions",
    "Views",
]


class Transactions(Protocol):
    """What every store port shares: the write transaction and the read snapshot."""

    def transaction(self) -> AbstractContextManager[None]: ...
    def reading(self) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...
    def schema_version(self) -> str: ...  # name of the last applied migration


class ApplicationRepo(Transactions, Protocol):
    """Applications with their contacts and interviews, and the history they make."""

    def add_application(self, app: Application) -> Application: ...
    def get_application(self, app_id: int) -> Application: ...
    def add_applications(self, apps: Sequence[Application]) -> list[int]: ...  # new ids
    # an imported row's key -> (its application, what the file said of it: JSON or None)
    def import_keys(self) -> dict[str, tuple[int, str | None]]: ...
    def add_import_keys(self, keys: Sequence[tuple[str, int, str]]) -> None: ...  # key, id, said
    def update_application(self, app: Application) -> None: ...
    def remove_application(self, app_id: int) -> None: ...  # with its contacts, interviews...
    def list_applications(self) -> list[ApplicationRow]: ...  # ordered by id
    def application_ids(self) -> list[int]: ...

    def add_contact(self, contact: Contact) -> Contact: ...
    def add_contacts(self, contacts: Sequence[Contact]) -> list[int]: ...  # new ids, in order
    def get_contact(self, contact_id: int) -> Contact: ...
    def update_contact(self, contact: Contact) -> None: ...
    def list_contacts(self, app_id: int) -> list[Contact]: ...

    def add_interview(self, interview: Interview) -> Interview: ...
    def get_interview(self, interview_id: int) -> Interview: ...
    def update_interview(self, interview: Interview) -> None: ...  # incl. interviewers, debrief
    def list_interviews(self, app_id: int) -> list[Interview]: ...  # ordered by start

    def history(self, app_id: int) -> History: ...


class EventRepo(Transactions, Protocol):
    """What happened to an application (``Event``), in the order it happened."""

    def add_event(self, event: Event) -> Event: ...
    def add_events(self, events: Sequence[Event]) -> None: ...  # new ones, at once (import)
    def list_events(self, app_id: int) -> list[Event]: ...  # ordered by (at, id)
    # An event logged by an inbox item that applied itself, when the user corrects or
    # dismisses the item: the correction replaces it. NotFound for an unknown id.
    def remove_event(self, event_id: int) -> None: ...


class PlanCacheRepo(Transactions, Protocol):
    """The planner's output per application, kept ready for the hot reads (see the
    module's notes on revisions)."""

    def replace_plan(
        self,
        app_id: int,
        actions: Sequence[Action],
        base_status: Status,
        first_interview_end: datetime | None,
        *,
        rev: int | None = None,
    ) -> bool:
        """Written only if the application's revision is still ``rev`` (None: whatever
        it is); False when it moved or the application is gone."""
        ...

    def stale_plans(
        self, ids: Sequence[int] | None = None, *, after: int = 0, limit: int = -1
    ) -> list[tuple[int, int]]:
        """(application id, revision) of the cached plans that lag (among ``ids``), by id,
        above ``after``, at most ``limit`` (-1: all)."""
        ...

    def invalidate_plans(self) -> None: ...  # every plan stale (profile or basis changed)
    def cached_plan(self, app_id: int) -> list[Action]: ...  # ordered by (due, id)
    def cached_action(self, action_id: str) -> Action | None: ...
    def due_actions(self, until: datetime, now: datetime) -> Iterator[DueAction]:
        """Cached actions due by ``until`` and still live at ``now`` (expires > now), by due."""
        ...

    def plan_basis(self) -> str | None: ...
    def set_plan_basis(self, basis: str) -> None: ...


class MessageRepo(Transactions, Protocol):
    """Letters and their way through the outbox."""

    def add_message(self, message: Message) -> Message: ...
    def get_message(self, message_id: int) -> Message: ...
    def list_messages(self, app_id: int | None = None) -> list[Message]: ...  # ordered by id
    def update_message(self, message: Message) -> None: ...  # NotFound for an unknown id
    def find_message(self, header_id: str) -> Message | None: ...  # by our Message-ID
    def messages_in(self, statuses: Sequence[MessageStatus]) -> list[Message]:
        """Messages in any of ``statuses``, by ``send_at`` (unscheduled last), then id."""
        ...

    def due_messages(self, until: datetime) -> list[Message]:
        """Scheduled messages with ``send_at <= until``, oldest first."""
        ...


class InboxRepo(Transactions, Protocol):
    """What the inbox sync keeps (issue 5): folder state, matched mail, bounced addresses."""

    def folder_sync(self, name: str) -> FolderSync | None: ...
    def save_folder_sync(self, sync: FolderSync) -> None: ...
    def sent_refs(self) -> list[SentRef]: ...  # our messages that have a Message-ID
    def known_mail_ids(self, mail_ids: Iterable[str]) -> set[str]: ...
    def add_inbox_item(self, item: InboxItem) -> InboxItem: ...
    def get_inbox_item(self, item_id: int) -> InboxItem: ...
    def list_inbox_items(self, *statuses: ItemStatus) -> list[InboxItem]: ...  # by id
    def settle_inbox_item(
        self, item_id: int, status: ItemStatus, kind: str, event_id: int | None
    ) -> None: ...
    def flag_bounced(self, address: str, at: datetime, item_id: int | None) -> None: ...
    def unflag_bounced(self, address: str) -> None: ...
    def address_bounced(self, address: str) -> bool: ...


class InvitationRepo(Transactions, Protocol):
    """Calendar invitations (issue 15): which interview each UID became, and the SEQUENCE
    last applied (``record_invitation`` inserts or replaces the UID's row); and those the
    inbox sync proposes, by inbox item (gone with the item)."""

    def recorded_invitation(self, uid: str) -> Recorded | None: ...
    def record_invitation(self, recorded: Recorded) -> None: ...
    # An invitation found in the inbox, kept with its item until the user confirms it.
    def propose_invitation(self, item_id: int, invitation: Invitation) -> None: ...
    def proposed_invitation(self, item_id: int) -> Invitation | None: ...


class SettingsRepo(Transactions, Protocol):
    """The user's profile and mail account (issue 5): one row each, never a password."""

    def get_profile(self) -> Profile | None: ...
    def save_profile(self, profile: Profile) -> None: ...

    def get_mail_account(self) -> MailAccount | None: ...
    def save_mail_account(self, account: MailAccount) -> None: ...  # replaces the one row
    def note_receipt(self) -> None: ...  # a receipt arrived (``MailAccount.receipt_seen``)


class DigestRepo(Transactions, Protocol):
    """The morning digest (issue 15): its setting, and what became of each day's."""

    def get_digest_setting(self) -> DigestSetting: ...  # off until set
    def save_digest_setting(self, setting: DigestSetting) -> None: ...
    def digest_day(self, day: date) -> DigestDay | None: ...
    def save_digest_day(self, record: DigestDay) -> None: ...  # replaces that day's


class CaldavRepo(Transactions, Protocol):
    """The CalDAV push (issue 15): where it goes, and what was pushed there."""

    def get_caldav_account(self) -> CaldavAccount | None: ...
    def save_caldav_account(self, account: CaldavAccount) -> None: ...  # another calendar:
    # the record of what was pushed starts empty
    def caldav_events(self) -> dict[str, PushedEvent]: ...  # by UID
    def record_caldav(self, pushed: Iterable[PushedEvent], deleted: Iterable[str]) -> None: ...


class DocumentRepo(Transactions, Protocol):
    """Documents kept for applications (issue 18): rows naming files by content hash."""

    def add_document(self, document: Document) -> Document: ...  # NotFound: no application
    def get_document(self, document_id: int) -> Document: ...
    def list_documents(self, app_id: int | None = None) -> list[Document]: ...  # by id
    def remove_document(self, document_id: int) -> None: ...  # NotFound for an unknown id
    def document_hashes(self) -> set[str]: ...  # every hash a document or attachment names
    # A letter's attachments (replaced whole, kept in order); NotFound for an unknown letter.
    # Removing a document leaves them, with ``document_id`` None: they say what went.
    def attach(self, message_id: int, attachments: Sequence[Attachment]) -> None: ...
    def attachments(self, message_id: int) -> list[Attachment]: ...
    def sent_attachments(self, app_id: int) -> list[SentAttachment]: ...  # by letter, position


class Store(
    ApplicationRepo,
    EventRepo,
    PlanCacheRepo,
    MessageRepo,
    InboxRepo,
    InvitationRepo,
    SettingsRepo,
    DigestRepo,
    CaldavRepo,
    DocumentRepo,
    Protocol,
):
    """The whole store, as bootstrap builds it: every port above in one object. A use
    case may name the narrow port it needs instead; the same store satisfies each."""


class Templates(Protocol):
    """Message templates by kind (``thank-you`` ...), the user's overrides first."""

    user_folder: str | None  # where overrides are read from; None: package templates only

    def render(self, kind: str, facts: Mapping[str, object]) -> tuple[str, str]:
        """Subject and body; ``BadInput`` when the template is missing or broken."""
        ...

    def names(self) -> list[str]: ...
    def source(self, kind: str) -> tuple[str, str]: ...  # (path, text)


class LetterModel(Protocol):
    """A language model that writes a letter from a prompt of facts (``domain.model_prompt``).

    ``name`` is how the user chose it (``--model NAME``, ``[drafting] model``); ``context``
    its context window in tokens (prompt and answer) when known, for a small model's compact
    prompt. ``write`` raises ``ModelFailed`` when the model errs, has no key or takes longer
    than its timeout; whatever it returns is checked by ``domain.model_guard`` before anyone
    sees it."""

    name: str
    context: int | None

    def write(self, prompt: Prompt) -> Answer: ...
    def close(self) -> None:
        """Let go of the model (a local one's process); ``write`` may start it again."""
        ...


class Views(Protocol):
    """The read side: rows the writes keep ready, as named tuples of plain values
    (``domain.read_rows``; read by ``services.read_models`` and ``services.insights``).

    Instants go in as aware datetimes and come out as ISO 8601 text in UTC
    (``2026-11-17T14:00:00.000000Z``); kinds and statuses as their stored values.
    """

    def close(self) -> None: ...
    def plan_basis(self) -> str | None: ...
    def has_stale_plans(self) -> bool: ...  # a plan lags its history (a re-plan never ran)
    def profile_timezone(self) -> str | None: ...
    def due_actions(self, until: datetime, now: datetime) -> list[DueActionRow]:
        """Cached actions due by ``until`` and live at ``now`` (expires > now), by due."""
        ...

    def application(self, app_id: int) -> ApplicationHeadRow | None: ...
    def plan_actions(self, app_id: int, now: datetime) -> list[PlanActionRow]:
        """Its cached actions live at ``now``, by (due, id)."""
        ...

    def events(self, app_id: int) -> list[EventRow]: ...  # by (at, id)
    def alerts(self) -> list[AlertRow]: ...  # open bounces (issue 5), by item id
    def event_figures(
        self, outbound: Sequence[str], inbound: Sequence[str], counted: Sequence[str], marker: str
    ) -> list[EventFiguresRow]:
        """Per application, by id: the first ``outbound`` event's time, the first
        ``inbound`` one's at or after it, how many ``counted`` events, 1 if a ``marker``
        event happened else 0."""
        ...


class Reviewer(Protocol):
    """One proofreading engine (spelling and grammar, style, readability ...).

    ``known_words`` are names that must never count as misspellings: the company, the role,
    the contacts, the user. ``kind`` is the planner's action kind (``thank_you`` ...) or None.
    ``dialect`` is the English the user spells in ("programme" is British, not a typo).
    """

    def review(
        self,
        text: str,
        *,
        kind: str | None,
        known_words: frozenset[str],
        dialect: Dialect = Dialect.AMERICAN,
    ) -> list[Finding]: ...


class MailTransport(Protocol):
    """SMTP: hands raw RFC 5322 bytes to the user's server (issue 5).

    Raises ``OutsideFailure`` (exit status 1) with one line saying what failed: the server
    cannot be reached, TLS cannot be verified, STARTTLS is not offered, the login is refused,
    a recipient is refused.
    """

    def check(self) -> None: ...  # connect, secure, log in, quit: ``followup mail test``
    def send(
        self,
        raw: bytes,
        *,
        sender: str,
        recipients: Sequence[str],
        before_dot: Callable[[], None] | None = None,
    ) -> None:
        """Hand ``raw`` over to the envelope's ``recipients``. ``before_dot`` runs when all
        but the closing dot has gone; if it raises, the dot never goes (nothing is sent)."""
        ...

    def close(self) -> None: ...


class Mailbox(Protocol):
    """IMAP: reads the user's folders, files copies and waits for news (issue 5).

    One connection, logged in when made. Raises ``OutsideFailure`` like ``MailTransport``.
    """

    def special_folder(self, use: str) -> str | None: ...  # RFC 6154: "\\Sent", "\\Junk"
    def select(self, folder: str) -> FolderState: ...  # read-only; NotFound-like failure
    def fetch_after(self, uid: int, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
        """(uid, raw bytes) of the selected folder's messages with a UID above ``uid``,
        ascending; a huge message is cut to its first megabyte."""
        ...

    def fetch_heads_after(self, uid: int) -> Iterator[tuple[int, bytes]]:
        """(uid, header bytes) of the messages above ``uid``, ascending: only the fields
        matching reads (Message-ID, In-Reply-To, References, From, Content-Type), so a
        first sync does not download every body."""
        ...

    def fetch_uids(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        """(uid, raw bytes) of these messages of the selected folder, ascending, each cut
        to its first megabyte; one expunged meanwhile is left out."""
        ...

    def contains(self, folder: str, message_id: str) -> bool: ...  # by the Message-ID header
    def append(self, folder: str, raw: bytes, *, seen: bool = True) -> None: ...
    def move(
        self, message_id: str, sources: Sequence[str], target: str, *, wait: float = 0.0
    ) -> str | None:
        """File the copy of our letter ``message_id`` found in the first of ``sources``
        into ``target``, marked seen (a copy already there is not doubled); look again for
        up to ``wait`` seconds while none has arrived. The folder it was in, or None."""
        ...

    def idle(self, folder: str, seconds: float) -> bool:
        """Wait up to ``seconds`` for the server to announce news in ``folder`` (IDLE where
        offered, else a sleep); True when something arrived."""
        ...

    def close(self) -> None: ...


class InvitationReader(Protocol):
    """A calendar invitation's bytes (an ``.ics`` file, a mail's ``text/calendar`` part) as
    the domain's ``Invitation`` (issue 15); UTC and floating times placed on ``home``."""

    def invitation(self, raw: bytes, home: ZoneInfo, source: str) -> Invitation:
        """``BadInput`` naming ``source`` when it is not one readable invitation (recurring,
        all-day, broken ...; a mail's is then read as text)."""
        ...


class MailReader(InvitationReader, Protocol):
    """Raw RFC 5322 bytes as the inbox sync reads them: a quick look at the few headers
    matching needs, and the full parse for the messages that matched."""

    def headers(self, raw: bytes) -> MailHeaders: ...
    def parse(self, raw: bytes, *, folder: str, uid: int) -> InboundMail: ...


class MailServers(Protocol):
    """The user's account as connections, opened on demand (bootstrap adds the passwords).

    ``exclusive`` is held while the outbox sends or settles, so two processes (a ``send``
    and a ``worker``) never both think a message in ``sending`` is theirs; a crashed holder
    releases it with its life.
    """

    account: MailAccount

    def transport(self) -> MailTransport: ...
    def mailbox(self) -> Mailbox: ...
    def reader(self) -> MailReader: ...  # how the inbox sync reads what the mailbox gives
    def exclusive(self) -> AbstractContextManager[None]: ...


class Composer(Protocol):
    """Turns a letter into RFC 5322 bytes (headers only through the ``email`` package)."""

    def new_message_id(self, sender: str) -> str: ...  # ``<...@sender's domain>``
    def compose(
        self,
        *,
        from_name: str,
        from_address: str,
        to: str | None,
        subject: str,
        body: str,
        message_id: str,
        date: datetime,
        in_reply_to: str | None = None,
        references: Sequence[str] = (),
        attachments: Sequence[tuple[str, str, bytes]] = (),  # (file name, media type, bytes)
    ) -> bytes:
        """``BadInput`` for a header value with a line break or a bad address."""
        ...

    def draft_file(
        self, *, from_name: str, from_address: str, to: str | None, subject: str, body: str,
        date: datetime,
    ) -> bytes:  # fmt: skip
        """The letter as an .eml a mail client opens as a new message to send (no
        Message-ID: the client makes its own); ``BadInput`` as for ``compose``."""
        ...


class Secrets(Protocol):
    """Where the mail passwords live: the environment first, else the system keyring.

    Never the database or the config file (DESIGN section 5); a password goes in and is
    never read back out to show anyone, only whether one is there.
    """

    def save(self, server: str, username: str, secret: str) -> str | None: ...  # why not
    def where(self, server: str, username: str) -> str | None: ...  # "environment", "keyring"
    def variable(self, server: str) -> str: ...  # FOLLOWUP_SMTP_PASSWORD ...


class CalendarServer(Protocol):
    """The user's CalDAV calendar (``adapters/calendar/caldav_server.py``). Every method
    that talks to the server raises ``OutsideFailure`` (one line) when it is down or
    refuses the login; nothing is half-recorded, as the caller records only what
    returned."""

    def calendar(self, name: str) -> tuple[str, bool]:
        """The address of the calendar named ``name`` (display name, else its last path
        segment), made when there is none; and whether it was made now."""
        ...

    def put(self, calendar_url: str, event: CalendarEvent, stamp: datetime) -> PushedEvent:
        """Store the event (one VEVENT, under its UID's own name): made or replaced.
        The result's fingerprint is empty: the caller knows it."""
        ...

    def delete(self, href: str) -> None: ...  # gone already is fine
    def upcoming(self, start: datetime, end: datetime) -> list[ForeignEvent]:
        """The events starting in [start, end) in every calendar of the user."""
        ...

    def close(self) -> None: ...


class DocumentFiles(Protocol):
    """The documents' files, one per content, named by SHA-256 (``adapters/documents.py``).
    Failures of the disk are ``OutsideFailure``."""

    def media_type(self, data: bytes) -> str: ...  # detected from the bytes, never the name
    def put(self, data: bytes) -> str: ...  # stored whole or not at all; its hash
    def has(self, sha256: str) -> bool: ...
    def read(self, sha256: str) -> bytes: ...
    def remove(self, sha256: str) -> None: ...  # gone already is fine
    def collect(self, keep: set[str]) -> list[str]: ...  # old files not in ``keep``: removed


class Ports(Protocol):
    """Every adapter a use case may need besides the store, as the ``Context`` hands them
    out (``ctx.ports``). ``bootstrap`` builds each on first use, so a command pays only for
    what it touches (Harper's dictionary, Jinja2, ``email``, the keyring), and a long-lived
    process (``serve``) keeps one set across requests."""

    def mail_servers(self, account: MailAccount) -> MailServers: ...
    def mail_reader(self) -> MailReader: ...
    def invitation_reader(self) -> InvitationReader: ...
    def composer(self) -> Composer: ...
    def reviewers(self, dialect: Dialect | None = None) -> list[Reviewer]: ...
    def templates(self) -> Templates: ...
    def letter_model(self, name: str | None = None) -> LetterModel | None:
        """The model named, else the one the config's ``[drafting] model`` names; None when
        neither does (the templates write). ``BadInput`` when llm is not installed or knows
        no such model."""
        ...

    def letter_models(self) -> list[str]:
        """Every model the user's llm knows, by name; ``BadInput`` saying how to install
        llm when it is missing."""
        ...

    def default_model(self) -> str | None: ...  # the config's ``[drafting] model``

    def secrets(self) -> Secrets: ...
    def read_file(self, source: str, limit: int, what: str, *, stdin: bool = False) -> bytes:
        """A file the user named, at most ``limit`` bytes (``BadInput`` naming it when it
        is bigger, a folder or a device); ``stdin``: ``-`` is standard input."""
        ...

    def read_text(self, source: str, limit: int, what: str, *, stdin: bool = False) -> str:
        """``read_file`` as UTF-8; other bytes are a ``BadInput`` naming the file."""
        ...

    def spreadsheet(self, raw: bytes, label: str) -> list[list[str]]:
        """A CSV/TSV file's cells, its encoding and delimiter found; else ``BadInput``."""
        ...

    def write_file(self, path: str, data: bytes, *, replace: bool = True) -> None: ...  # whole
    def check_writable(self, path: str, *, replace: bool = True) -> None: ...  # BadInput now
    def document_files(self) -> DocumentFiles: ...  # beside the database, private
    def calendar_file(self, cal: Calendar) -> bytes: ...  # RFC 5545
    def feed_token(self, *, rotate: bool = False) -> str: ...  # made on first use
    def kept_feed_token(self) -> str | None: ...  # None: never made (a feed makes none)
    def calendar_source(self) -> AbstractContextManager[CalendarSource]: ...
    def data_tables(self) -> AbstractContextManager[DataTables]: ...  # export and load
    def calendar_server(
        self, account: CaldavAccount, password: str | None = None
    ) -> CalendarServer:
        """The account's server; ``password`` None: the environment's, else the keyring's
        (none at all when ``account.password`` is False)."""
        ...
