"""The inbox: sync what is new, match it to applications, and let the user confirm it.

``sync`` reads INBOX and the Junk folder (a recruiter's first mail often lands there). Per
folder it keeps UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and the last UID read
(``FolderSync``): when none of the three moved nothing can be new and the folder is not
even fetched; when UIDVALIDITY changed the server renumbered it, so it is read again from
the start and what was stored already is recognised by its Message-ID; otherwise only the
messages above the last UID are fetched. Of each, only the few headers matching reads are
fetched first; a message is downloaded whole, parsed and classified only when it matched
(or is a delivery report, which matches by what its body quotes), and only matched
messages are stored.

A copy of our own letter (its Message-ID is one we made: the server's receipt of a letter
sent with the user's address in the envelope) is never an answer: it is filed in the Sent
folder, where it is the letter's Sent copy, and proposes nothing. Mail from the user's own
address is never an answer either (``domain.matching``).

Confirming an item logs the event its meaning implies through ``events.write_event`` in the
item's transaction, and the plan moves on right after its commit. What applies itself is decided in
``domain.inbox.applies_itself``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from followup.domain.errors import BadInput
from followup.domain.inbox import (
    DATE_MEANS,
    INVITATION,
    MEANINGS,
    FolderSync,
    InboxItem,
    ItemStatus,
    applies_itself,
    event_time,
)
from followup.domain.invitation import Change
from followup.domain.mail import InboundMail, MailAccount
from followup.domain.matching import (
    Directory,
    MailHeaders,
    Match,
    SentRef,
    build_directory,
    match,
)
from followup.services.context import Context
from followup.services.events import write_event
from followup.services.planning import changing, refresh
from followup.services.ports import Mailbox, MailReader, Store
from followup.services.profile import display_zone
from followup.services.read_models import alert_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.services.invitations import Proposal

INBOX = "INBOX"
CLASSIFY_CHARS = 2000  # of a matched message's text, what the sync classifies
JUNK_USE = "\\Junk"


@dataclass(frozen=True)
class FolderReport:
    name: str
    skipped: bool  # nothing could be new: not fetched at all
    reset: bool  # UIDVALIDITY changed: read again from the start
    fetched: int
    matched: int


@dataclass(frozen=True)
class SyncReport:
    folders: tuple[FolderReport, ...]
    items: tuple[InboxItem, ...]  # new, in the order found

    @property
    def fetched(self) -> int:
        return sum(f.fetched for f in self.folders)

    def summary(self) -> str:
        """One line for the worker's log: what was read and what waits for the user."""
        waiting = sum(1 for i in self.items if i.status is ItemStatus.PENDING)
        return (
            f"{self.fetched} new message(s), {len(self.items)} about your applications"
            f" ({waiting} to review)"
        )


@dataclass(frozen=True)
class Alert:
    """Something the user must know at once (a bounce), shown by ``today`` too."""

    item: InboxItem
    text: str


def directory(store: Store) -> Directory:
    """Everything matching compares against: our Message-IDs, contacts, employers, and the
    user's own addresses (whose domain is never an employer's)."""
    apps = [
        (row.application, tuple(store.list_contacts(row.application.id)))
        for row in store.list_applications()
    ]
    profile = store.get_profile()
    account = store.get_mail_account()
    own = (
        profile.email if profile is not None else None,
        account.address if account is not None else None,
    )
    return build_directory(store.sent_refs(), apps, own)


def folders(mailbox: Mailbox, junk_folder: str | None = None) -> list[str]:
    """INBOX, then the Junk folder: the account's, else the one the server marks \\Junk."""
    junk = junk_folder or mailbox.special_folder(JUNK_USE)
    return [INBOX] if junk is None or junk.upper() == INBOX else [INBOX, junk]


def sync(
    ctx: Context,
    mailbox: Mailbox,
    reader: MailReader,
    *,
    junk_folder: str | None = None,
    account: MailAccount | None = None,
) -> SyncReport:
    """Fetch what is new in INBOX and Junk; store and propose what matches (see module).

    With ``account``: its Junk folder, and our letters' copies filed in its Sent folder
    (unless the provider files Sent itself: then they are left where they are)."""
    known = directory(ctx.store)
    if account is not None:
        junk_folder = junk_folder or account.junk_folder
    filing = account if account is not None and not account.provider_files_sent else None
    reports: list[FolderReport] = []
    items: list[InboxItem] = []
    for name in folders(mailbox, junk_folder):
        report, found = _sync_folder(ctx, mailbox, reader, known, name, filing)
        reports.append(report)
        items.extend(found)
    return SyncReport(tuple(reports), tuple(items))


def _sync_folder(
    ctx: Context,
    mailbox: Mailbox,
    reader: MailReader,
    known: Directory,
    name: str,
    filing: MailAccount | None,
) -> tuple[FolderReport, list[InboxItem]]:
    store = ctx.store
    state = mailbox.select(name)
    saved = store.folder_sync(name)
    if saved is not None and saved.unchanged(state):
        return FolderReport(name, skipped=True, reset=False, fetched=0, matched=0), []
    reset = saved is not None and saved.state.uidvalidity != state.uidvalidity
    after = 0 if saved is None or reset else saved.last_uid
    last, fetched, items = after, 0, []
    # First every new message's few headers; then, whole, only those that match (and the
    # delivery reports, which match by the Message-IDs their body quotes).
    wanted: dict[int, MailHeaders] = {}
    copies: list[str] = []  # our own letters' receipts, to file in Sent
    for uid, head in mailbox.fetch_heads_after(after):
        fetched += 1
        last = max(last, uid)
        headers = reader.headers(head)
        ours = known.sent.get((headers.message_id or "").lower())
        if ours is not None:
            if not _to_oneself(ours, known):  # a letter to oneself stays to be read
                copies.append(ours.message_id)
            continue
        if headers.report or match(headers, known) is not None:
            wanted[uid] = headers
    seen: set[str] = set()
    for uid, raw in mailbox.fetch_uids(list(wanted)):
        headers = wanted[uid]
        if headers.report:  # now with the Message-IDs its body quotes
            headers = reader.headers(raw)
        found = match(headers, known)
        if found is None:
            continue
        mail_id = headers.message_id or _stand_in(raw)
        if mail_id in seen or store.known_mail_ids([mail_id]):
            continue  # a refetch after UIDVALIDITY changed, or the same mail in two folders
        seen.add(mail_id)
        item = _propose(ctx, reader.parse(raw, folder=name, uid=uid), mail_id, found, reader)
        if item is not None:
            items.append(item)
    if copies and filing is not None:
        _file_copies(ctx, mailbox, copies, name, filing)
    with store.transaction():
        store.save_folder_sync(FolderSync(name, state, last))
    report = FolderReport(name, skipped=False, reset=reset, fetched=fetched, matched=len(items))
    return report, items


def _to_oneself(ref: SentRef, known: Directory) -> bool:
    return (ref.recipient or "").strip().lower() in known.own_addresses


def _file_copies(
    ctx: Context, mailbox: Mailbox, copies: list[str], folder: str, account: MailAccount
) -> None:
    """Our letters' receipts found in ``folder`` go to Sent, as their Sent copies; one that
    was asked for proves that receipts arrive for this account."""
    from followup.services.outbox import sent_folder

    sent = sent_folder(account, mailbox)
    if folder == sent:
        return
    proven = False
    for message_id in copies:
        if mailbox.move(message_id, [folder], sent) is None:
            continue
        message = ctx.store.find_message(message_id)
        proven = proven or (message is not None and message.receipt_asked)
    stored = ctx.store.get_mail_account()
    if proven and stored is not None and not stored.receipt_seen:
        ctx.store.note_receipt()


def _stand_in(raw: bytes) -> str:
    """An id for a message without a Message-ID, the same each time it is fetched."""
    return f"<{hashlib.sha256(raw).hexdigest()[:32]}@no-message-id.invalid>"


def _propose(
    ctx: Context, mail: InboundMail, mail_id: str, found: Match, reader: MailReader | None = None
) -> InboxItem | None:
    """The item a matched mail makes: its invitation's (see ``_propose_invitation``), else
    its meaning's; None for an invitation already recorded (nothing to review)."""
    if mail.calendar and reader is not None:
        from followup.services.invitations import proposal

        zone = display_zone(ctx)
        offered = proposal(
            ctx,
            mail.calendar,
            lambda raw: reader.invitation(raw, zone, f"the invitation in {mail.subject[:60]!r}"),
            found.application_id,
        )
        if offered is not None:
            return _propose_invitation(ctx, mail, mail_id, found, offered)
    # Here, not at the top: its patterns (and their needles) cost ~0.2 s to build, which a
    # sync with nothing new should not pay.
    from followup.domain.replies import classify

    # An answer says what it means near its top; the classifier's cost grows with the text,
    # and a long body (a newsletter from the employer's domain, a long thread) would make
    # a first sync of a big mailbox crawl. ``inbox classify`` on a saved file reads it all.
    if len(mail.text) > CLASSIFY_CHARS:
        mail = replace(mail, text=mail.text[:CLASSIFY_CHARS])
    meaning = classify(mail)
    kind = meaning.kind.value
    bounced = None
    if kind == "bounce":
        bounced = _bounced_address(mail, found.sent)
    item = InboxItem(
        id=0,
        mail_id=mail_id,
        folder=mail.folder,
        uid=mail.uid,
        application_id=found.application_id,
        contact_id=found.contact_id,
        strength=found.strength,
        match_reason=found.reason,
        from_address=mail.from_address,
        from_name=mail.from_name,
        subject=mail.subject,
        date=mail.date,
        kind=kind,
        on=meaning.date,
        confidence=meaning.confidence,
        reasons=meaning.reasons,
        found_at=ctx.now,
        bounced=bounced,
    )
    with changing(ctx):
        item = ctx.store.add_inbox_item(item)
        if applies_itself(found.strength, kind):
            item = _apply(ctx, item, kind, item.on, ItemStatus.APPLIED)
    if item.event_id is not None:
        refresh(ctx, [item.application_id])  # after the commit: the lock is held to write only
    return item


def _propose_invitation(
    ctx: Context, mail: InboundMail, mail_id: str, found: Match, offered: Proposal
) -> InboxItem | None:
    """An invitation (new, moved or cancelled) waits for the user like any answer: it is
    never recorded silently. One already recorded proposes nothing."""
    if offered.change is Change.ALREADY:
        return None
    invitation = offered.invitation
    same_app = offered.application_id == found.application_id
    item = InboxItem(
        id=0,
        mail_id=mail_id,
        folder=mail.folder,
        uid=mail.uid,
        application_id=offered.application_id,
        contact_id=found.contact_id if same_app else None,
        strength=found.strength,
        match_reason=found.reason,
        from_address=mail.from_address,
        from_name=mail.from_name,
        subject=mail.subject,
        date=mail.date,
        kind=INVITATION,
        on=invitation.start.astimezone(display_zone(ctx)).date(),
        confidence=1.0,
        reasons=offered.reasons,
        found_at=ctx.now,
    )
    with ctx.store.transaction():
        item = ctx.store.add_inbox_item(item)
        ctx.store.propose_invitation(item.id, invitation)
    return item


def _confirm_invitation(ctx: Context, item: InboxItem) -> InboxItem:
    """Record what the item's invitation says, with its interviewers, and settle the item,
    in one transaction; the plan moves after it."""
    from followup.services.invitations import record

    invitation = ctx.store.proposed_invitation(item.id)
    if invitation is None:
        raise BadInput(
            f"inbox item {item.id} carries no invitation; confirm it as what it means "
            "with --as MEANING"
        )
    recorded = ctx.store.recorded_invitation(invitation.uid)
    with changing(ctx):
        done = record(ctx, invitation, None if recorded is not None else item.application_id)
        ctx.store.settle_inbox_item(item.id, ItemStatus.CONFIRMED, INVITATION, None)
    refresh(ctx, [done.application.id])
    return replace(item, status=ItemStatus.CONFIRMED, kind=INVITATION)


def _bounced_address(mail: InboundMail, sent: SentRef | None) -> str | None:
    """The address that failed: our message's recipient when the report names it (or names
    none), else the first failed recipient the report gives."""
    failed = [a.strip().lower() for a in mail.failed_recipients]
    ours = sent.recipient.strip().lower() if sent is not None and sent.recipient else None
    if ours is not None and (not failed or ours in failed):
        return ours
    return failed[0] if failed else None


def _apply(
    ctx: Context, item: InboxItem, kind: str, on: date | None, status: ItemStatus
) -> InboxItem:
    """Log what ``kind`` means for ``item`` and settle it; inside a transaction."""
    event_kind = MEANINGS[kind]
    event_id = None
    bounced = item.bounced
    if event_kind is None:  # a bounce: flag the address, log nothing
        bounced = bounced or _contact_address(ctx, item)
        if bounced is None:
            raise BadInput(
                f"inbox item {item.id}: cannot tell which address bounced; "
                "dismiss it with `followup inbox dismiss` if it is not about a job"
            )
        ctx.store.flag_bounced(bounced, event_time(item, ctx.now), item.id)
    else:
        if kind == "timeline" and on is None:
            raise BadInput(
                f"inbox item {item.id}: a timeline needs --date DATE, {DATE_MEANS['timeline']}"
            )
        event = write_event(
            ctx,
            item.application_id,
            event_kind,
            at=event_time(item, ctx.now),
            contact_id=item.contact_id,
            on=on if kind in DATE_MEANS else None,
            note=f"from the inbox: {item.subject}"[:200],
        )
        event_id = event.id
    ctx.store.settle_inbox_item(item.id, status, kind, event_id)
    return replace(item, status=status, kind=kind, on=on, event_id=event_id, bounced=bounced)


def _contact_address(ctx: Context, item: InboxItem) -> str | None:
    if item.contact_id is None:
        return None
    return ctx.store.get_contact(item.contact_id).email


def pending(ctx: Context) -> list[InboxItem]:
    """What waits for the user: pending items, and bounces applied by themselves."""
    return ctx.store.list_inbox_items(ItemStatus.PENDING)


def alerts(ctx: Context) -> list[Alert]:
    """Bounces the user has not dealt with yet (confirm or dismiss clears them)."""
    found = []
    for item in ctx.store.list_inbox_items(ItemStatus.PENDING, ItemStatus.APPLIED):
        if item.kind == "bounce":
            found.append(Alert(item, bounce_text(item)))
    return found


def bounce_text(item: InboxItem) -> str:
    return alert_text(item.id, item.application_id, item.bounced)


def confirm(
    ctx: Context, item_id: int, *, as_kind: str | None = None, on: date | None = None
) -> InboxItem:
    """Confirm (or correct, with ``as_kind``) what an item means: its event is logged and
    the plan moves on. An item applied by itself may be corrected the same way."""
    item = ctx.store.get_inbox_item(item_id)
    if item.status in (ItemStatus.CONFIRMED, ItemStatus.DISMISSED):
        raise BadInput(f"inbox item {item_id} is already {item.status.value}")
    kind = item.kind if as_kind is None else as_kind
    if kind == INVITATION:
        if on is not None:
            raise BadInput("--date is not for an invitation: its time is the invitation's")
        return _confirm_invitation(ctx, item)
    if kind not in MEANINGS:
        raise BadInput(f"unknown meaning {kind!r}")
    if on is not None and kind not in DATE_MEANS:
        meanings = ", ".join(k.replace("_", "-") for k in DATE_MEANS)
        raise BadInput(f"--date is only for {meanings}, not {kind.replace('_', '-')}")
    day = on if on is not None else (item.on if kind == item.kind else None)
    with changing(ctx):
        if item.status is ItemStatus.APPLIED and kind == item.kind:
            if kind != "bounce" and day == item.on:
                ctx.store.settle_inbox_item(item.id, ItemStatus.CONFIRMED, kind, None)
                return replace(item, status=ItemStatus.CONFIRMED)
            if kind == "bounce":
                ctx.store.settle_inbox_item(item.id, ItemStatus.CONFIRMED, kind, None)
                return replace(item, status=ItemStatus.CONFIRMED)
        if item.status is ItemStatus.APPLIED:
            _undo_applied(ctx, item)  # the correction replaces what applied itself
        confirmed = _apply(ctx, item, kind, day, ItemStatus.CONFIRMED)
    refresh(ctx, [item.application_id])
    return confirmed


def _undo_applied(ctx: Context, item: InboxItem) -> None:
    """Take back what an item that applied itself did: its event (an auto-reply's, whose
    return date would otherwise still hold the next follow-up back: the planner waits for
    the latest return any auto-reply gave) or a bounce's flag. Inside a transaction; the
    caller logs what replaces it, or re-plans."""
    if item.kind == "bounce" and item.bounced:
        ctx.store.unflag_bounced(item.bounced)  # it was not a bounce after all
    if item.event_id is not None:
        ctx.store.remove_event(item.event_id)


def dismiss(ctx: Context, item_id: int) -> InboxItem:
    """Not about a job (or nothing to act on): drop it from review; a bounce's flag goes."""
    item = ctx.store.get_inbox_item(item_id)
    if item.status is ItemStatus.DISMISSED:
        return item
    if item.status is ItemStatus.CONFIRMED:
        raise BadInput(f"inbox item {item_id} is already confirmed; its event is logged")
    with changing(ctx):
        if item.status is ItemStatus.APPLIED:
            _undo_applied(ctx, item)
        elif item.kind == "bounce" and item.bounced:
            ctx.store.unflag_bounced(item.bounced)
        ctx.store.settle_inbox_item(item.id, ItemStatus.DISMISSED, item.kind, None)
    if item.status is ItemStatus.APPLIED and item.event_id is not None:
        refresh(ctx, [item.application_id])
    return replace(item, status=ItemStatus.DISMISSED, event_id=None)
