"""The outbox's state machine over the fake store, with a transport and mailbox written here.

Fakes are fine at this level: what is tested is the order of the writes (Message-ID stored
before the server hears of it, ``sent`` and its event together, nothing lost on failure) and
the settling decisions. The real servers are in tests/integration.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest

from followup.adapters.mail.compose import EmailComposer
from followup.adapters.mail.reader import EmailReader
from followup.domain.errors import BadInput, Conflict, MaybeSent, OutsideFailure
from followup.domain.mail import Endpoint, FolderState, MailAccount, Security
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import Application, Contact, EventKind, Interview
from followup.services import outbox, worker
from followup.services.context import Context
from followup.services.ports import MailReader
from tests.unit.fakes import NOW, PROFILE, FakeStore, context

ACCOUNT = MailAccount(
    address="alex@example.org",
    username="alex",
    smtp=Endpoint("smtp.example.org", 465, Security.TLS),
    imap=Endpoint("imap.example.org", 993, Security.TLS),
)


class FakeTransport:
    def __init__(self, servers: FakeServers) -> None:
        self.servers = servers

    def check(self) -> None:
        pass

    def send(
        self,
        raw: bytes,
        *,
        sender: str,
        recipients: Sequence[str],
        before_dot: Callable[[], None] | None = None,
    ) -> None:
        # What the store holds at the moment the server hears of the letter.
        self.servers.seen_states.append(
            [(m.id, m.status, m.message_id) for m in self.servers.store.list_messages()]
        )
        if self.servers.fail_send:
            raise OutsideFailure("SMTP smtp.example.org: login refused")
        if before_dot is not None:
            before_dot()
        self.servers.handed_over_states.append(
            [(m.id, m.handed_over) for m in self.servers.store.list_messages()]
        )
        self.servers.delivered.append((raw, sender, list(recipients)))
        if self.servers.receipts and sender in recipients:  # the server's copy to the user
            self.servers.folders.setdefault("INBOX", []).append(raw)
        if self.servers.lose_reply:  # the server has it; its answer never comes
            raise MaybeSent("SMTP smtp.example.org closed the connection before it answered")

    def close(self) -> None:
        pass


class FakeMailbox:
    def __init__(self, servers: FakeServers) -> None:
        self.servers = servers

    def special_folder(self, use: str) -> str | None:
        return "Sent Items" if use == "\\Sent" else None

    def select(self, folder: str) -> FolderState:
        return FolderState(1, 1)

    def fetch_after(self, uid: int, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
        return iter(())

    def fetch_heads_after(self, uid: int) -> Iterator[tuple[int, bytes]]:
        return iter(())

    def fetch_uids(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        return iter(())

    def contains(self, folder: str, message_id: str) -> bool:
        return any(message_id.encode() in raw for raw in self.servers.folders.get(folder, []))

    def append(self, folder: str, raw: bytes, *, seen: bool = True) -> None:
        self.servers.folders.setdefault(folder, []).append(raw)

    def move(
        self, message_id: str, sources: Sequence[str], target: str, *, wait: float = 0.0
    ) -> str | None:
        for folder in sources:
            box = self.servers.folders.get(folder, [])
            found = [raw for raw in box if message_id.encode() in raw]
            if found:
                box[:] = [raw for raw in box if raw not in found]
                if not self.contains(target, message_id):
                    self.servers.folders.setdefault(target, []).append(found[0])
                return folder
        return None

    def idle(self, folder: str, seconds: float) -> bool:
        return False

    def close(self) -> None:
        pass


class FakeServers:
    def __init__(self, store: FakeStore, account: MailAccount = ACCOUNT) -> None:
        self.store = store
        self.account = account
        self.fail_send = False
        self.lose_reply = False
        self.delivered: list[tuple[bytes, str, list[str]]] = []
        self.folders: dict[str, list[bytes]] = {}
        self.seen_states: list[list[tuple[int, MessageStatus, str | None]]] = []
        self.handed_over_states: list[list[tuple[int, bool]]] = []
        self.receipts = True  # the server delivers the copy the envelope asks for

    def transport(self) -> FakeTransport:
        return FakeTransport(self)

    def mailbox(self) -> FakeMailbox:
        return FakeMailbox(self)

    def reader(self) -> MailReader:

        return EmailReader()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        yield


def setup(kind: MessageKind = MessageKind.THANK_YOU, **kw: object) -> tuple[Context, Message]:
    store = FakeStore()
    with store.transaction():
        store.save_profile(PROFILE)
        store.save_mail_account(ACCOUNT)
        app = store.add_application(Application(id=0, company="Acme", role="Data Engineer"))
        jane = store.add_contact(
            Contact(id=0, application_id=app.id, name="Jane Doe", email="jane@acme.example")
        )
        store.add_interview(
            Interview(
                id=0,
                application_id=app.id,
                start=NOW - timedelta(hours=5),
                minutes=60,
                interviewer_ids=(jane.id,),
            )
        )
        draft = Message(
            id=0,
            application_id=app.id,
            kind=kind,
            contact_id=jane.id,
            to="jane@acme.example",
            subject="Thank you for today",
            body="Dear Jane,\n\nThank you for talking with me about the pipeline today.\n\n"
            "Best regards,\nAlex Morgan\n",
            created_at=NOW,
        )
        message = store.add_message(dataclasses.replace(draft, **kw))  # type: ignore[arg-type]
    return context(store, now=NOW), message


def test_sending_stores_the_message_id_first_then_marks_sent_with_its_event() -> None:
    ctx, message = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    done = outbox.send(ctx, servers, EmailComposer(), message.id)
    # At the moment the server heard of it, the store already had it as sending, with its id.
    [(mid, status, header)] = servers.seen_states[0]
    assert (mid, status) == (message.id, MessageStatus.SENDING)
    assert header is not None
    assert header.endswith("@example.org>")
    assert done.message.status is MessageStatus.SENT
    assert done.message.message_id == header
    assert done.message.sent_at == NOW
    assert done.message.attempts == 1
    assert ctx.store.get_message(message.id) == done.message
    [raw, sender, to] = servers.delivered[0]
    assert sender == "alex@example.org"
    assert to == ["jane@acme.example"]
    assert header.encode() in raw
    assert [e.kind for e in ctx.store.list_events(message.application_id)] == [
        EventKind.THANK_YOU_SENT
    ]
    assert servers.folders["Sent Items"] == [raw]  # the Sent copy, found by SPECIAL-USE
    with pytest.raises(Conflict, match="already sent"):
        outbox.send(ctx, servers, EmailComposer(), message.id)
    assert len(servers.delivered) == 1


def test_the_provider_files_its_own_copy() -> None:
    ctx, message = setup()
    servers = FakeServers(ctx.store, dataclasses.replace(ACCOUNT, provider_files_sent=True))  # type: ignore[arg-type]
    outbox.send(ctx, servers, EmailComposer(), message.id)
    assert servers.folders == {}


def test_a_failing_server_leaves_the_message_failed_and_sendable() -> None:
    ctx, message = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    servers.fail_send = True
    with pytest.raises(OutsideFailure, match="login refused"):
        outbox.send(ctx, servers, EmailComposer(), message.id)
    failed = ctx.store.get_message(message.id)
    assert failed.status is MessageStatus.FAILED
    assert failed.last_error == "SMTP smtp.example.org: login refused"
    assert ctx.store.list_events(message.application_id) == []
    servers.fail_send = False
    again = outbox.send(ctx, servers, EmailComposer(), message.id).message
    assert again.status is MessageStatus.SENT
    assert again.attempts == 2
    assert again.message_id == failed.message_id  # the same letter keeps its id


def test_header_injection_writes_nothing() -> None:
    ctx, message = setup(subject="Thanks\r\nBcc: everyone@evil.example")
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    store: FakeStore = ctx.store  # type: ignore[assignment]
    commits = store.commits
    with pytest.raises(BadInput, match="subject"):
        outbox.send(ctx, servers, EmailComposer(), message.id)
    assert store.commits == commits
    assert servers.delivered == []
    assert ctx.store.get_message(message.id) == message


def test_p9_refuses_a_follow_up_too_soon_unless_forced() -> None:
    ctx, message = setup(kind=MessageKind.FOLLOW_UP, subject="Checking in")
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    thanks = dataclasses.replace(message, id=0, kind=MessageKind.THANK_YOU, subject="Thanks")
    with ctx.store.transaction():
        earlier = ctx.store.add_message(thanks)
    outbox.send(ctx, servers, EmailComposer(), earlier.id)
    later = dataclasses.replace(ctx, now=NOW + timedelta(days=2))
    with pytest.raises(Conflict, match="P9"):
        outbox.send(later, servers, EmailComposer(), message.id)
    sent = outbox.send(later, servers, EmailComposer(), message.id, force=True).message
    assert sent.in_reply_to == ctx.store.get_message(earlier.id).message_id
    assert sent.references == (sent.in_reply_to,)


def test_review_errors_refuse_the_send() -> None:
    ctx, message = setup(body="Dear [NAME],\n\nThank you.\n")
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="review"):
        outbox.send(ctx, servers, EmailComposer(), message.id)
    assert servers.delivered == []


def test_scheduling_and_the_worker_sending_what_is_due() -> None:
    ctx, message = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    with pytest.raises(BadInput, match="not in the future"):
        outbox.schedule(ctx, EmailComposer(), message.id, NOW)
    at = NOW + timedelta(hours=2)
    scheduled = outbox.schedule(ctx, EmailComposer(), message.id, at)
    assert (scheduled.status, scheduled.send_at) == (MessageStatus.SCHEDULED, at)
    assert outbox.listing(ctx) == [scheduled]
    early = worker.one_pass(ctx, servers, EmailComposer())
    assert early.sent == []
    assert servers.delivered == []
    due = worker.one_pass(dataclasses.replace(ctx, now=at), servers, EmailComposer())
    assert [o.message.status for o in due.sent] == [MessageStatus.SENT]
    assert len(servers.delivered) == 1
    assert outbox.listing(ctx) == []


def test_a_scheduled_letter_whose_action_left_the_plan_is_held_back() -> None:
    ctx, message = setup(action_id="1.gone.i1.c1")
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    outbox.schedule(ctx, EmailComposer(), message.id, NOW + timedelta(hours=1))
    later = dataclasses.replace(ctx, now=NOW + timedelta(hours=2))
    report = worker.one_pass(later, servers, EmailComposer())
    [held] = report.sent
    assert held.message.status is MessageStatus.FAILED
    assert "held back" in (held.message.last_error or "")
    assert servers.delivered == []


def test_a_reply_lost_after_the_letter_went_leaves_it_sending_never_failed() -> None:
    """The connection dropped after the whole letter went out, before the server's 250:
    it may have gone, so it is not ``failed`` (a retry could send it twice) but stays
    ``sending`` for ``settle``, which finds the provider's Sent copy."""
    ctx, message = setup()
    servers = FakeServers(ctx.store, dataclasses.replace(ACCOUNT, provider_files_sent=True))  # type: ignore[arg-type]
    servers.lose_reply = True
    with pytest.raises(MaybeSent, match="stays `sending`") as caught:
        outbox.send(ctx, servers, EmailComposer(), message.id)
    assert caught.value.exit_code == 1
    kept = ctx.store.get_message(message.id)
    assert kept.status is MessageStatus.SENDING
    assert kept.sent_at == NOW  # the Date it carries
    assert "before it answered" in (kept.last_error or "")
    assert ctx.store.list_events(message.application_id) == []
    with pytest.raises(Conflict, match="being sent"):
        outbox.send(ctx, servers, EmailComposer(), message.id)
    assert len(servers.delivered) == 1
    [(raw, _, _)] = servers.delivered
    servers.folders["Sent Items"] = [raw]  # as the provider filed it
    later = dataclasses.replace(ctx, now=NOW + timedelta(hours=3))
    [settled] = outbox.settle(later, servers)
    assert settled.message.status is MessageStatus.SENT
    assert settled.message.sent_at == NOW  # when it went, not when it was settled
    [event] = ctx.store.list_events(message.application_id)
    assert (event.kind, event.at) == (EventKind.THANK_YOU_SENT, NOW)
    assert len(servers.delivered) == 1


def test_a_reply_lost_with_nothing_in_sent_is_unsettled_for_the_user() -> None:
    ctx, message = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    servers.lose_reply = True
    outbox.schedule(ctx, EmailComposer(), message.id, NOW + timedelta(hours=1))
    due = dataclasses.replace(ctx, now=NOW + timedelta(hours=1))
    [outcome] = worker.one_pass(due, servers, EmailComposer()).sent
    assert outcome.message.status is MessageStatus.SENDING
    assert "may have been sent" in (outcome.note or "")
    report = worker.one_pass(
        dataclasses.replace(ctx, now=NOW + timedelta(hours=2)), servers, EmailComposer()
    )
    [settled] = report.settled
    assert settled.message.status is MessageStatus.UNSETTLED
    assert report.sent == []  # not sent again
    assert len(servers.delivered) == 1


def test_failures_before_the_letter_went_are_failed_and_retryable() -> None:
    ctx, message = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    servers.fail_send = True
    with pytest.raises(OutsideFailure) as caught:
        outbox.send(ctx, servers, EmailComposer(), message.id)
    assert not isinstance(caught.value, MaybeSent)
    failed = ctx.store.get_message(message.id)
    assert (failed.status, failed.sent_at) == (MessageStatus.FAILED, None)


def test_a_crashed_send_settled_later_is_sent_when_it_went() -> None:
    """``sent_at`` and the event's time are the letter's Date (kept while ``sending``), not
    the moment the worker or the user settled it, days later."""
    went = NOW - timedelta(days=2)
    ctx, message = setup()
    stuck = _crashed(ctx, message, at=went)
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    servers.folders["Sent Items"] = [b"Message-ID: <crash@example.org>\r\n\r\n"]
    [settled] = outbox.settle(ctx, servers)
    assert settled.message.sent_at == went
    assert [e.at for e in ctx.store.list_events(stuck.application_id)] == [went]


def test_an_unsettled_message_the_user_says_went_is_sent_when_it_went() -> None:
    went = NOW - timedelta(days=1)
    ctx, message = setup()
    stuck = _crashed(ctx, message, at=went)
    outbox.settle(ctx, FakeServers(ctx.store))  # type: ignore[arg-type]
    assert ctx.store.get_message(stuck.id).sent_at == went  # unsettled keeps its Date
    done = outbox.settle_by_hand(ctx, stuck.id, sent=True)
    assert done.sent_at == went
    assert [e.at for e in ctx.store.list_events(stuck.application_id)] == [went]


def _crashed(
    ctx: Context,
    message: Message,
    at: datetime | None = None,
    *,
    handed_over: bool = True,
    receipt_asked: bool = False,
) -> Message:
    """As a SIGKILL after the closing dot went would leave it: sending, with its id (and,
    from ``_deliver``, the letter's Date in ``sent_at``); ``handed_over=False``: killed
    before the dot."""
    stuck = dataclasses.replace(
        message,
        status=MessageStatus.SENDING,
        message_id="<crash@example.org>",
        attempts=1,
        sent_at=at,
        handed_over=handed_over,
        receipt_asked=receipt_asked,
    )
    with ctx.store.transaction():
        ctx.store.update_message(stuck)
    return stuck


def test_settle_finds_the_message_in_sent_and_marks_it_sent() -> None:
    ctx, message = setup()
    stuck = _crashed(ctx, message)
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    servers.folders["Sent Items"] = [b"Message-ID: <crash@example.org>\r\n\r\n"]
    [settled] = outbox.settle(ctx, servers)
    assert settled.message.status is MessageStatus.SENT
    assert ctx.store.get_message(stuck.id).status is MessageStatus.SENT
    assert [e.kind for e in ctx.store.list_events(stuck.application_id)] == [
        EventKind.THANK_YOU_SENT
    ]


def test_settle_finds_a_self_copy_in_the_inbox() -> None:
    ctx, message = setup()
    _crashed(ctx, message)
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    servers.folders["INBOX"] = [b"Message-ID: <crash@example.org>\r\n\r\n"]
    assert outbox.settle(ctx, servers)[0].message.status is MessageStatus.SENT


def test_not_found_where_the_provider_files_everything_means_unsent() -> None:
    ctx, message = setup(send_at=NOW)
    _crashed(ctx, message)
    servers = FakeServers(ctx.store, dataclasses.replace(ACCOUNT, provider_files_sent=True))  # type: ignore[arg-type]
    [settled] = outbox.settle(ctx, servers)
    assert settled.message.status is MessageStatus.SCHEDULED  # the worker will send it
    assert "safe to send again" in (settled.message.last_error or "")


def test_not_found_otherwise_is_unsettled_and_the_user_decides() -> None:
    ctx, message = setup()
    stuck = _crashed(ctx, message)
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    [settled] = outbox.settle(ctx, servers)
    assert settled.message.status is MessageStatus.UNSETTLED
    assert servers.delivered == []
    with pytest.raises(Conflict, match="very probably sent already"):
        outbox.send(ctx, servers, EmailComposer(), stuck.id)
    assert servers.delivered == []
    unsent = outbox.settle_by_hand(ctx, stuck.id, sent=False)
    assert unsent.status is MessageStatus.FAILED
    with pytest.raises(Conflict, match="not unsettled"):
        outbox.settle_by_hand(ctx, stuck.id, sent=True)


def test_the_user_may_say_an_unsettled_message_went() -> None:
    ctx, message = setup()
    stuck = _crashed(ctx, message)
    outbox.settle(ctx, FakeServers(ctx.store))  # type: ignore[arg-type]
    done = outbox.settle_by_hand(ctx, stuck.id, sent=True)
    assert done.status is MessageStatus.SENT
    assert [e.kind for e in ctx.store.list_events(stuck.application_id)] == [
        EventKind.THANK_YOU_SENT
    ]


def test_a_forced_resend_of_an_unsettled_message_keeps_its_message_id() -> None:
    ctx, message = setup()
    stuck = _crashed(ctx, message)
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    outbox.settle(ctx, servers)
    sent = outbox.send(ctx, servers, EmailComposer(), stuck.id, force=True).message
    assert sent.message_id == "<crash@example.org>"
    assert sent.attempts == 2


def test_the_long_running_worker_idles_in_chunks_and_stops_when_asked() -> None:
    """An interval above 25 minutes is waited out in IDLEs of at most 25 minutes (RFC 2177's
    30-minute limit), and a stop asked for during a pass ends the loop after that pass."""
    ctx, _ = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    waits: list[float] = []
    reports: list[worker.PassReport] = []
    stop = worker.Stop()

    class Watching(FakeMailbox):
        def idle(self, folder: str, seconds: float) -> bool:
            assert folder == "INBOX"
            waits.append(seconds)
            return False

    servers.mailbox = lambda: Watching(servers)  # type: ignore[method-assign]

    def report(r: worker.PassReport) -> None:
        reports.append(r)
        if len(reports) == 2:
            stop.requested = True

    ticks = iter(NOW + timedelta(hours=h) for h in range(10))
    worker.run(
        dataclasses.replace(ctx, clock=lambda: next(ticks)),
        servers,
        EmailComposer(),
        stop=stop,
        report=report,
        interval=3600,
        sleep=lambda s: None,
    )
    assert waits == [1500, 1500, 600]
    assert [r.now for r in reports] == [NOW, NOW + timedelta(hours=1)]


def test_a_signal_while_waiting_ends_the_worker_at_once() -> None:
    ctx, _ = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    stop = worker.Stop()

    class Interrupted(FakeMailbox):
        def idle(self, folder: str, seconds: float) -> bool:
            assert not stop.busy  # the handler may only raise while nothing is in hand
            stop.requested = True
            raise worker.Stopping()

    servers.mailbox = lambda: Interrupted(servers)  # type: ignore[method-assign]
    reports: list[worker.PassReport] = []
    worker.run(
        ctx,
        servers,
        EmailComposer(),
        stop=stop,
        report=reports.append,
        sleep=lambda s: None,
    )
    assert len(reports) == 1


# --- evidence: the hand-over mark, receipts, and each letter's own time -------------------
RECEIPTS = dataclasses.replace(ACCOUNT, bcc_self=True)


def with_receipts(ctx: Context, **kw: object) -> FakeServers:
    account = dataclasses.replace(RECEIPTS, **kw)  # type: ignore[arg-type]
    with ctx.store.transaction():
        ctx.store.save_mail_account(account)
    return FakeServers(ctx.store, account)  # type: ignore[arg-type]


def test_handed_over_is_committed_before_the_closing_dot() -> None:
    ctx, message = setup()
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    outbox.send(ctx, servers, EmailComposer(), message.id)
    assert servers.seen_states[0] == [(message.id, MessageStatus.SENDING, stored_id(ctx, message))]
    assert servers.handed_over_states == [[(message.id, True)]]
    assert ctx.store.get_message(message.id).handed_over


def stored_id(ctx: Context, message: Message) -> str | None:
    return ctx.store.get_message(message.id).message_id


def test_a_receipt_is_asked_for_and_becomes_the_sent_copy() -> None:
    ctx, message = setup()
    servers = with_receipts(ctx)
    done = outbox.send(ctx, servers, EmailComposer(), message.id)
    [(raw, _, to)] = servers.delivered
    assert to == ["jane@acme.example", "alex@example.org"]  # the envelope only
    assert b"Bcc" not in raw.split(b"\r\n\r\n", 1)[0]  # Jane's copy is the letter as it is
    assert done.message.receipt_asked
    assert done.note is None
    assert servers.folders == {"INBOX": [], "Sent Items": [raw]}  # moved, not appended
    assert ctx.store.get_mail_account().receipt_seen  # type: ignore[union-attr]


def test_a_receipt_that_does_not_come_leaves_an_appended_copy_and_says_so() -> None:
    ctx, message = setup()
    servers = with_receipts(ctx)
    servers.receipts = False  # a server that delivers no copy to its own user
    done = outbox.send(ctx, servers, EmailComposer(), message.id)
    [(raw, _, _)] = servers.delivered
    assert servers.folders["Sent Items"] == [raw]
    assert "has not come" in (done.note or "")
    assert not ctx.store.get_mail_account().receipt_seen  # type: ignore[union-attr]


def test_each_letter_of_a_pass_is_dated_when_it_is_handed_over() -> None:
    """A pass's ``now`` is when it began; its letters go one after another, each with its
    own Date, ``sent_at`` and event time."""
    ctx, first = setup()
    second = dataclasses.replace(first, id=0, subject="Thanks again")
    with ctx.store.transaction():
        second = ctx.store.add_message(second)
    for m in (first, second):
        outbox.schedule(ctx, EmailComposer(), m.id, NOW + timedelta(minutes=1))
    servers = FakeServers(ctx.store)  # type: ignore[arg-type]
    ticks = iter(NOW + timedelta(minutes=2, seconds=s) for s in (7, 19))
    due = dataclasses.replace(ctx, now=NOW + timedelta(minutes=2), clock=lambda: next(ticks))
    outbox.send_due(due, servers, EmailComposer())
    from email import message_from_bytes
    from email.utils import parsedate_to_datetime

    dates = [
        parsedate_to_datetime(message_from_bytes(raw)["Date"]) for raw, _, _ in servers.delivered
    ]
    assert dates == [NOW + timedelta(minutes=2, seconds=s) for s in (7, 19)]
    assert [ctx.store.get_message(m.id).sent_at for m in (first, second)] == dates
    assert sorted(e.at for e in ctx.store.list_events(first.application_id)) == dates


def test_settle_cut_off_before_the_dot_is_safe_to_send_again_at_once() -> None:
    ctx, message = setup(send_at=NOW)
    _crashed(ctx, message, at=NOW, handed_over=False)
    [settled] = outbox.settle(ctx, FakeServers(ctx.store))  # type: ignore[arg-type]
    assert settled.message.status is MessageStatus.SCHEDULED
    assert "cannot have it" in (settled.message.last_error or "")
    assert not settled.message.handed_over


def test_settle_waits_for_the_receipt_then_decides_by_it() -> None:
    """Handed over moments ago: it waits (stays ``sending``, nothing sent); past the grace
    with receipts known to come, the missing receipt means the server never took it."""
    ctx, message = setup(send_at=NOW)
    servers = with_receipts(ctx, receipt_seen=True, receipt_grace_seconds=600)
    _crashed(ctx, message, at=NOW, receipt_asked=True)
    soon = dataclasses.replace(ctx, now=NOW + timedelta(minutes=3))
    [waiting] = outbox.settle(soon, servers)
    assert waiting.message.status is MessageStatus.SENDING
    assert "waiting up to 10 min for your server's copy" in (waiting.note or "")
    assert ctx.store.get_message(message.id).status is MessageStatus.SENDING
    later = dataclasses.replace(ctx, now=NOW + timedelta(minutes=11))
    [gone] = outbox.settle(later, servers)
    assert gone.message.status is MessageStatus.SCHEDULED
    assert "never came" in (gone.note or "")


def test_settle_finds_the_receipt_and_files_it_in_sent() -> None:
    ctx, message = setup()
    servers = with_receipts(ctx)
    _crashed(ctx, message, at=NOW, receipt_asked=True)
    receipt = b"Message-ID: <crash@example.org>\r\n\r\n"
    servers.folders["INBOX"] = [receipt]
    [settled] = outbox.settle(ctx, servers)
    assert settled.message.status is MessageStatus.SENT
    assert settled.note == "settled: found in your INBOX folder"
    assert servers.folders == {"INBOX": [], "Sent Items": [receipt]}
    assert ctx.store.get_mail_account().receipt_seen  # type: ignore[union-attr]


def test_an_unsettled_letter_is_settled_by_a_receipt_that_comes_late() -> None:
    ctx, message = setup()
    servers = with_receipts(ctx)  # receipts asked for, none seen yet: no proof either way
    _crashed(ctx, message, at=NOW, receipt_asked=True)
    later = dataclasses.replace(ctx, now=NOW + timedelta(hours=1))
    [asked] = outbox.settle(later, servers)
    assert asked.message.status is MessageStatus.UNSETTLED
    assert "none ever has yet" in (asked.note or "")
    assert outbox.settle(later, servers) == []  # nothing new: the question stands, unrepeated
    servers.folders["Junk"] = [b"Message-ID: <crash@example.org>\r\n\r\n"]
    servers.mailbox = lambda: JunkMailbox(servers)  # type: ignore[method-assign]
    [found] = outbox.settle(later, servers)
    assert found.message.status is MessageStatus.SENT
    assert found.message.sent_at == NOW
    assert servers.folders["Sent Items"]
    assert not servers.folders["Junk"]


class JunkMailbox(FakeMailbox):
    def special_folder(self, use: str) -> str | None:
        return {"\\Sent": "Sent Items", "\\Junk": "Junk"}.get(use)
