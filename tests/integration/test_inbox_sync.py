"""The inbox sync on a real SQLite store, with the IMAP side as an in-memory folder set.

The real-server loop (Dovecot, SMTP, the CLI) is in ``test_mail_loop.py``; this file pins
the bookkeeping rules one by one, where a fake mailbox can count what was fetched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from followup.adapters.mail.reader import EmailReader
from followup.adapters.sqlite.store import SqliteStore
from followup.domain.inbox import InboxItem, ItemStatus
from followup.domain.mail import FolderState
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import (
    FOLLOW_UP_ACTIONS,
    Application,
    Contact,
    EventKind,
    Interview,
    Profile,
)
from followup.domain.policy import Policy
from followup.services import inbox
from followup.services.context import Context
from followup.services.planning import refresh

NOW = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
OURS = "<thanks-1@alex.example>"


@dataclass
class FakeMailbox:
    """Folders of (uid, raw); counts fetches so a test can say "nothing was fetched"."""

    folders: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict)
    uidvalidity: dict[str, int] = field(default_factory=dict)
    junk: str | None = "Junk"
    fetches: int = 0
    selected: str = ""
    whole: list[int] = field(default_factory=list)  # the UIDs fetched whole

    def deliver(self, folder: str, raw: bytes) -> int:
        box = self.folders.setdefault(folder, [])
        uid = (box[-1][0] if box else 0) + 1
        box.append((uid, raw))
        return uid

    def renumber(self, folder: str) -> None:
        self.uidvalidity[folder] = self.uidvalidity.get(folder, 1) + 1
        self.folders[folder] = [(i + 100, raw) for i, (_, raw) in enumerate(self.folders[folder])]

    def special_folder(self, use: str) -> str | None:
        return self.junk if use == "\\Junk" else None

    def select(self, folder: str) -> FolderState:
        self.selected = folder
        box = self.folders.setdefault(folder, [])
        uidnext = (box[-1][0] if box else 0) + 1
        return FolderState(self.uidvalidity.get(folder, 1), uidnext, None)

    def fetch_after(self, uid: int, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
        self.fetches += 1
        yield from ((u, raw) for u, raw in self.folders[self.selected] if u > uid)

    def fetch_heads_after(self, uid: int) -> Iterator[tuple[int, bytes]]:
        """The headers alone, as ``BODY.PEEK[HEADER.FIELDS (...)]`` gives them."""
        self.fetches += 1
        for u, raw in self.folders[self.selected]:
            if u > uid:
                yield u, raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"

    def fetch_uids(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        self.whole.extend(uids)
        yield from ((u, raw) for u, raw in self.folders[self.selected] if u in set(uids))

    def contains(self, folder: str, message_id: str) -> bool:  # pragma: no cover - unused
        return False

    def append(self, folder: str, raw: bytes, *, seen: bool = True) -> None:  # pragma: no cover
        self.deliver(folder, raw)

    def idle(self, folder: str, seconds: float) -> bool:  # pragma: no cover - unused
        return False

    def close(self) -> None:
        pass


def raw_mail(
    sender: str,
    subject: str,
    body: str,
    *,
    message_id: str,
    in_reply_to: str | None = None,
    extra: str = "",
) -> bytes:
    head = (
        f"From: {sender}\r\nTo: alex@alex.example\r\nSubject: {subject}\r\n"
        f"Date: Wed, 18 Nov 2026 16:00:00 +0000\r\nMessage-ID: {message_id}\r\n"
    )
    if in_reply_to:
        head += f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n"
    return (head + extra + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode()


def dsn(original: str, recipient: str) -> bytes:
    """A delivery status notification (RFC 3464) as Postfix writes one."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.alex.example>\r\n"
        "To: alex@alex.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Date: Wed, 18 Nov 2026 09:01:00 +0000\r\nMessage-ID: <dsn-1@mx.alex.example>\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\n"
        f"I'm sorry to have to inform you that your message could not be delivered to "
        f"<{recipient}>: host mx.acme.example said: 550 5.1.1 User unknown\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.alex.example\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: Alex <alex@alex.example>\r\nTo: {recipient}\r\nSubject: Thank you\r\n"
        f"Message-ID: {original}\r\n"
        "--B--\r\n"
    ).encode()


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    store = SqliteStore(tmp_path / "f.db")
    c = Context(store=store, policy=Policy(), now=NOW)
    with store.transaction():
        store.save_profile(Profile(name="Alex", email="alex@alex.example", timezone="UTC"))
        app = store.add_application(Application(id=0, company="Acme", role="Engineer"))
        priya = store.add_contact(
            Contact(id=0, application_id=app.id, name="Priya Shah", email="priya@acme.example")
        )
        store.add_interview(
            Interview(
                id=0,
                application_id=app.id,
                start=datetime(2026, 11, 17, 14, 0, tzinfo=UTC),
                interviewer_ids=(priya.id,),
            )
        )
        store.add_message(
            Message(
                id=0,
                application_id=app.id,
                kind=MessageKind.THANK_YOU,
                contact_id=priya.id,
                to="priya@acme.example",
                subject="Thank you",
                body="Thanks",
                created_at=NOW,
                status=MessageStatus.SENT,
                message_id=OURS,
            )
        )
        from followup.domain.model import Event

        store.add_event(
            Event(
                id=0,
                application_id=app.id,
                kind=EventKind.THANK_YOU_SENT,
                at=datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
                contact_id=priya.id,
            )
        )
        refresh(c, [app.id])
    yield c
    store.close()


def follow_ups(c: Context) -> list[datetime]:
    return [a.due for a in c.store.cached_plan(1) if a.kind in FOLLOW_UP_ACTIONS]


def test_only_matches_are_stored_and_a_reply_waits_for_the_user(ctx: Context) -> None:
    box = FakeMailbox()
    box.deliver("INBOX", raw_mail("news@shop.example", "Sale", "50% off", message_id="<n1@s>"))
    box.deliver(
        "INBOX",
        raw_mail(
            "Priya Shah <priya@acme.example>",
            "Re: Thank you",
            "Unfortunately we have decided to move forward with other candidates.",
            message_id="<r1@acme.example>",
            in_reply_to=OURS,
        ),
    )
    before = follow_ups(ctx)
    report = inbox.sync(ctx, box, EmailReader())
    assert report.fetched == 2
    assert box.whole == [2]  # the shop's mail: its headers only, never its body
    assert [i.mail_id for i in report.items] == ["<r1@acme.example>"]
    item = report.items[0]
    assert item.status is ItemStatus.PENDING
    assert item.strength.value == "definite"
    assert ctx.store.list_inbox_items() == [item]  # the shop's mail is not kept
    assert follow_ups(ctx) == before  # nothing moves until the user confirms

    confirmed = inbox.confirm(ctx, item.id, as_kind="rejection")
    assert confirmed.status is ItemStatus.CONFIRMED
    assert confirmed.event_id is not None
    assert follow_ups(ctx) == []
    kinds = [e.kind for e in ctx.store.list_events(1)]
    assert kinds[-1] is EventKind.REJECTION


def test_a_sync_with_nothing_new_fetches_nothing(ctx: Context) -> None:
    box = FakeMailbox()
    box.deliver("INBOX", raw_mail("a@b.example", "Hi", "x", message_id="<a@b>"))
    inbox.sync(ctx, box, EmailReader())
    fetched = box.fetches
    assert fetched == 2  # INBOX and Junk, once each
    report = inbox.sync(ctx, box, EmailReader())
    assert box.fetches == fetched
    assert all(f.skipped for f in report.folders)
    assert report.fetched == 0


def test_only_new_uids_are_fetched(ctx: Context) -> None:
    box = FakeMailbox()
    box.deliver("INBOX", raw_mail("a@b.example", "Hi", "x", message_id="<a@b>"))
    inbox.sync(ctx, box, EmailReader())
    box.deliver("INBOX", raw_mail("c@d.example", "Hi", "y", message_id="<c@d>"))
    report = inbox.sync(ctx, box, EmailReader())
    assert [(f.name, f.fetched, f.skipped) for f in report.folders] == [
        ("INBOX", 1, False),
        ("Junk", 0, True),
    ]


def test_a_changed_uidvalidity_refetches_without_duplicates(ctx: Context) -> None:
    box = FakeMailbox()
    reply = raw_mail(
        "priya@acme.example", "Re: Thank you", "Thanks!", message_id="<r@a>", in_reply_to=OURS
    )
    box.deliver("INBOX", reply)
    assert len(inbox.sync(ctx, box, EmailReader()).items) == 1
    box.renumber("INBOX")
    report = inbox.sync(ctx, box, EmailReader())
    assert report.folders[0].reset
    assert report.folders[0].fetched == 1
    assert report.items == ()
    assert len(ctx.store.list_inbox_items()) == 1


def test_junk_is_read_and_probable_matches_by_domain(ctx: Context) -> None:
    box = FakeMailbox()
    box.deliver("Junk", raw_mail("talent@acme.example", "Next steps", "Hi", message_id="<j@a>"))
    report = inbox.sync(ctx, box, EmailReader())
    assert [(i.folder, i.strength.value, i.contact_id) for i in report.items] == [
        ("Junk", "probable", None)
    ]


def test_an_auto_reply_applies_itself_and_keeps_the_follow_ups(ctx: Context) -> None:
    box = FakeMailbox()
    box.deliver(
        "INBOX",
        raw_mail(
            "priya@acme.example",
            "Out of office: Thank you",
            "I am out of the office and back on 2026-12-07.",
            message_id="<ooo@a>",
            in_reply_to=OURS,
            extra="Auto-Submitted: auto-replied\r\n",
        ),
    )
    before = follow_ups(ctx)
    report = inbox.sync(ctx, box, EmailReader())
    item = report.items[0]
    assert (item.kind, item.status) == ("auto_reply", ItemStatus.APPLIED)
    after = follow_ups(ctx)
    assert len(after) == len(before)
    assert after[0] > datetime(2026, 12, 7, 23, 59, tzinfo=UTC) > before[0]
    assert inbox.pending(ctx) == []  # nothing to confirm


def _applied_auto_reply(ctx: Context, back: str) -> InboxItem:
    box = FakeMailbox()
    box.deliver(
        "INBOX",
        raw_mail(
            "priya@acme.example",
            "Out of office: Thank you",
            f"I am out of the office and back on {back}.",
            message_id="<ooo@a>",
            in_reply_to=OURS,
            extra="Auto-Submitted: auto-replied\r\n",
        ),
    )
    [item] = inbox.sync(ctx, box, EmailReader()).items
    assert (item.kind, item.status, item.on) == (
        "auto_reply",
        ItemStatus.APPLIED,
        date.fromisoformat(back),
    )
    return item


def test_correcting_an_applied_auto_reply_to_an_earlier_return_takes_effect(
    ctx: Context,
) -> None:
    """The corrected date replaces the one the auto-reply applied: the planner waits for
    the latest return date, so an event left behind would still hold the follow-up back."""
    before = follow_ups(ctx)
    item = _applied_auto_reply(ctx, "2026-12-21")
    late = follow_ups(ctx)
    assert late[0] > datetime(2026, 12, 21, 23, 59, tzinfo=UTC)
    done = inbox.confirm(ctx, item.id, on=date(2026, 12, 7))
    assert (done.status, done.on) == (ItemStatus.CONFIRMED, date(2026, 12, 7))
    [event] = [e for e in ctx.store.list_events(1) if e.kind is EventKind.AUTO_REPLY]
    assert (event.on, event.id) == (date(2026, 12, 7), ctx.store.get_inbox_item(item.id).event_id)
    corrected = follow_ups(ctx)
    assert datetime(2026, 12, 7, 23, 59, tzinfo=UTC) < corrected[0] < late[0]
    assert corrected[0] > before[0]
    assert len(corrected) == len(before)


def test_correcting_an_applied_auto_reply_to_a_reply_replaces_its_event(ctx: Context) -> None:
    item = _applied_auto_reply(ctx, "2026-12-21")
    inbox.confirm(ctx, item.id, as_kind="reply")
    kinds = [e.kind for e in ctx.store.list_events(1)]
    assert EventKind.REPLY in kinds
    assert EventKind.AUTO_REPLY not in kinds


def test_dismissing_an_applied_auto_reply_takes_its_delay_back(ctx: Context) -> None:
    before = follow_ups(ctx)
    item = _applied_auto_reply(ctx, "2026-12-21")
    assert follow_ups(ctx) != before
    inbox.dismiss(ctx, item.id)
    assert [e.kind for e in ctx.store.list_events(1)].count(EventKind.AUTO_REPLY) == 0
    assert follow_ups(ctx) == before
    assert ctx.store.get_inbox_item(item.id).status is ItemStatus.DISMISSED


def test_a_bounce_flags_the_address_and_alerts(ctx: Context) -> None:
    box = FakeMailbox()
    box.deliver(
        "INBOX",
        dsn(OURS, "priya@acme.example"),
    )
    report = inbox.sync(ctx, box, EmailReader())
    assert box.whole == [1]  # a report matches by what its body quotes: fetched whole
    item = report.items[0]
    assert (item.kind, item.status, item.bounced) == (
        "bounce",
        ItemStatus.APPLIED,
        "priya@acme.example",
    )
    assert ctx.store.address_bounced("Priya@Acme.example")
    assert [a.item.id for a in inbox.alerts(ctx)] == [item.id]
    inbox.dismiss(ctx, item.id)  # a false alarm: the flag goes with it
    assert not ctx.store.address_bounced("priya@acme.example")
    assert inbox.alerts(ctx) == []


def test_mail_from_the_users_own_domain_is_not_the_employers(ctx: Context) -> None:
    """A referrer who is a colleague (a contact at the profile's domain): their own mail
    matches, a colleague's newsletter does not."""
    with ctx.store.transaction():
        ctx.store.add_contact(Contact(id=0, application_id=1, name="Ref", email="ref@alex.example"))
    box = FakeMailbox()
    box.deliver("INBOX", raw_mail("all@alex.example", "Lunch", "Pizza", message_id="<c1@a>"))
    box.deliver("INBOX", raw_mail("ref@alex.example", "Re: CV", "Sent it", message_id="<c2@a>"))
    report = inbox.sync(ctx, box, EmailReader())
    assert [i.from_address for i in report.items] == ["ref@alex.example"]
