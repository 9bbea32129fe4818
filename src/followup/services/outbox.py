"""Sending: a draft becomes a letter on the user's own server, exactly once.

The order of the steps is the point of this module:

1. Everything that can be refused is refused first (the state, the recipient, every header,
   the review's errors, the pushiness guard P9), so bad input writes nothing.
2. The Message-ID (made here, on the sender's domain) is stored with the state ``sending``
   in a transaction of its own, committed *before* the server hears of the letter.
3. The letter goes out but for its closing dot; ``handed_over`` is committed; the dot goes.
   With receipts on, the envelope (never a header) also names the user, so the server
   delivers them a copy if, and only if, it took the letter.
4. The server takes it; then ``sent``, its time (the letter's own Date) and its event
   (thank-you-sent ...) are committed together and the application re-planned.
5. The Sent copy: the receipt, moved from INBOX (or Junk) once it arrives; else a copy
   appended; nothing when the provider files one itself.

A crash between 2 and 4 leaves ``sending`` behind; so does a connection lost after the
whole letter went out and before the server answered (``MaybeSent``). ``settle`` decides at
the next run by evidence (``domain.outbox.settlement``): the letter's Message-ID found in
Sent, INBOX or Junk means it went; no ``handed_over`` means the server cannot have it; a
receipt that always came before and has not come past the grace means it never went. Only
when nothing can tell is the user asked (``unsettled``), with the truth: handed over whole,
so very probably sent. A failure before the dot (connect, TLS, login, a refused recipient,
DATA or the letter refused) means the server does not have it: ``failed``, safe to send
again. Nothing here ever sends a letter twice on its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from followup.domain import outbox as rules
from followup.domain.errors import (
    BadInput,
    Busy,
    Conflict,
    FollowupError,
    MaybeSent,
    OutsideFailure,
)
from followup.domain.mail import MailAccount
from followup.domain.messages import OUTBOX_STATES, Message, MessageStatus
from followup.domain.model import Event
from followup.domain.names import as_written
from followup.services import inputs
from followup.services.context import Context
from followup.services.planning import changing, ensure_fresh, refresh, require_profile
from followup.services.ports import Composer, Mailbox, MailServers, Reviewer


@dataclass(frozen=True)
class Outcome:
    """What happened to one message, for the entry point to say."""

    message: Message
    note: str | None = None  # a warning worth a line (no Sent copy ...), or None


def require_account(ctx: Context) -> MailAccount:
    account = ctx.store.get_mail_account()
    if account is None:
        raise BadInput("no mail account yet: run `followup mail setup`")
    return account


def listing(ctx: Context) -> list[Message]:
    """What the outbox still owes: scheduled, sending, failed and unsettled messages."""
    return ctx.store.messages_in(OUTBOX_STATES)


# --- checks (nothing written) -------------------------------------------------------------
def check(
    ctx: Context,
    composer: Composer,
    account: MailAccount,
    message: Message,
    *,
    at: datetime,
    force: bool,
    reviewers: Sequence[Reviewer] = (),
) -> None:
    """Refuse what may not go at ``at``; ``--force`` overrides the judgements (review errors,
    P9, an unsettled letter), never the facts (already sent, a bad header)."""
    rules.may_send(message)
    header_id = message.message_id or "<check@invalid.example>"
    _letter(ctx, composer, account, message, header_id, at)
    if force:
        return
    if message.status is MessageStatus.UNSETTLED:
        raise Conflict(
            f"message {message.id} was very probably sent already (handed over whole, then "
            "interrupted; `followup outbox` says what to check): run "
            f"`followup outbox settle {message.id} --sent`, or `--unsent` if it did not go, "
            f"or `followup send {message.id} --force` to send it again"
        )
    if message.to and ctx.store.address_bounced(message.to):
        raise Conflict(
            f"mail to {message.to} bounced before (see `followup inbox review`); fix the "
            "contact's address, or send anyway with --force"
        )
    from followup.services.drafting import review
    from followup.services.review import has_errors

    if has_errors(review(ctx, [message], reviewers)[0]):
        raise Conflict(
            f"message {message.id} has errors in its review (see `followup drafts show "
            f"{message.id}`); fix the draft, or send anyway with --force"
        )
    crowding = rules.pushiness(
        ctx.store.history(message.application_id), message.kind, at, ctx.policy.min_gap_days
    )
    if crowding is not None:
        raise Conflict(
            f"message {message.id} would crowd the employer: an unsolicited "
            f"{crowding.kind.label} went out {crowding.previous:%Y-%m-%d %H:%M %Z} and P9 "
            f"allows the next from {crowding.allowed_from:%Y-%m-%d %H:%M %Z}; schedule it "
            "then with --at, or send anyway with --force"
        )


def _letter(
    ctx: Context,
    composer: Composer,
    account: MailAccount,
    message: Message,
    message_id: str,
    date: datetime,
) -> tuple[bytes, str | None, tuple[str, ...]]:
    """The raw letter, dated ``date``, and its thread; ``BadInput`` for any header that
    cannot be."""
    profile = require_profile(ctx.store)
    in_reply_to, refs = rules.thread_of(message, ctx.store.list_messages(message.application_id))
    from followup.services.documents import attached_files  # issue 18: what it carries

    carried = [(a.name, a.media_type, data) for a, data in attached_files(ctx, message.id)]
    raw = composer.compose(
        from_name=as_written(profile.name),  # "alex morgan" typed, "Alex Morgan" shown
        from_address=account.address,
        to=message.to,
        subject=message.subject,
        body=message.body,
        message_id=message_id,
        date=date,
        in_reply_to=in_reply_to,
        references=refs,
        attachments=carried,
    )
    return raw, in_reply_to, refs


# --- scheduling ---------------------------------------------------------------------------
# Makes a letter true for the moment it goes (re-dated time words), without saving it: the
# checks then judge the text that will go, and it is written only once they pass.
Prepare = Callable[[Message, datetime], Message]


def schedule(
    ctx: Context,
    composer: Composer,
    message_id: int,
    at: datetime,
    *,
    force: bool = False,
    reviewers: Sequence[Reviewer] = (),
    prepare: Prepare | None = None,
) -> Message:
    """``scheduled`` for ``at`` (after every check, at that moment); the worker sends it."""
    inputs.in_range(at, "--at")
    if at <= ctx.now:
        raise BadInput(f"--at {at:%Y-%m-%d %H:%M %Z} is not in the future; give a later time")
    message = ctx.store.get_message(message_id)
    if prepare is not None:
        message = prepare(message, at)
    check(ctx, composer, require_account(ctx), message, at=at, force=force, reviewers=reviewers)
    scheduled = replace(message, status=MessageStatus.SCHEDULED, send_at=at, last_error=None)
    with ctx.store.transaction():
        ctx.store.update_message(scheduled)
    return scheduled


def when_due(ctx: Context, message_id: int) -> datetime:
    """The planned action's ``due`` (the planner put it in the recipient's business hours),
    or now when that is past; ``BadInput`` when the message answers no planned action."""
    message = ctx.store.get_message(message_id)
    if message.action_id is None:
        raise BadInput(
            f"message {message_id} was not drafted from a planned action; give --at DATETIME"
        )
    ensure_fresh(ctx)
    action = ctx.store.cached_action(message.action_id)
    if action is None:
        raise BadInput(
            f"the action {message.action_id} is no longer planned (done, skipped or answered); "
            "give --at DATETIME or send it now"
        )
    return max(action.due, ctx.now)


# --- sending ------------------------------------------------------------------------------
# The moment a letter is handed over is read once per letter (``ctx.tick``): its Date, its
# ``sent_at`` and its event's time. A pass's ``now`` is only when the pass began, and a pass
# of many letters takes a while.

# How long a send waits for the server's copy to the user (the receipt) to file it as the
# Sent copy. A server delivers to its own user in well under a second; a slower copy is
# filed by the next inbox sync (and followup appends its own copy meanwhile). Until one
# has ever come, a second: a server that drops copies to oneself must not cost a worker
# five seconds a letter.
RECEIPT_WAIT_SECONDS = 5.0
FIRST_RECEIPT_WAIT_SECONDS = 1.0


def send(
    ctx: Context,
    servers: MailServers,
    composer: Composer,
    message_id: int,
    *,
    force: bool = False,
    reviewers: Sequence[Reviewer] = (),
    prepare: Prepare | None = None,
) -> Outcome:
    """Send one message now, after every check; see the module's docstring for the order."""
    message = ctx.store.get_message(message_id)
    prepared = prepare(message, ctx.now) if prepare is not None else message
    check(ctx, composer, servers.account, prepared, at=ctx.now, force=force, reviewers=reviewers)
    if prepared != message:
        with ctx.store.transaction():
            ctx.store.update_message(prepared)
    with servers.exclusive():
        # Another process may have sent it while this one waited for the lock.
        fresh = ctx.store.get_message(message_id)
        return _deliver(ctx, servers, composer, fresh)


def send_due(
    ctx: Context,
    servers: MailServers,
    composer: Composer,
    stop: Callable[[], bool] = lambda: False,
) -> list[Outcome]:
    """Every scheduled message due by now, oldest first; one failing does not stop the rest.

    A follow-up whose planned action has gone from the plan (an answer arrived, the user
    marked it done) is held back as ``failed`` with the reason: chasing someone who has
    already answered is the mistake this tool exists to prevent. Each letter is dated when
    it is handed over (``ctx.tick``), not when the pass began.
    """
    out: list[Outcome] = []
    with servers.exclusive():
        for message in ctx.store.due_messages(ctx.now):
            if stop():
                break
            if message.action_id is not None:
                ensure_fresh(ctx)
                if ctx.store.cached_action(message.action_id) is None:
                    held = _fail(
                        ctx,
                        message,
                        "held back: the plan no longer asks for it (answered, done or "
                        f"skipped); `followup send {message.id} --force` sends it anyway",
                    )
                    out.append(Outcome(held, held.last_error))
                    continue
            try:
                out.append(_deliver(ctx, servers, composer, message))
            except OutsideFailure as exc:
                out.append(Outcome(ctx.store.get_message(message.id), exc.message))
            except BadInput as exc:
                out.append(Outcome(_fail(ctx, message, exc.message), exc.message))
    return out


def _deliver(ctx: Context, servers: MailServers, composer: Composer, message: Message) -> Outcome:
    rules.may_send(message)
    account = servers.account
    header_id = message.message_id or composer.new_message_id(account.address)
    _letter(ctx, composer, account, message, header_id, ctx.now)  # refused before connecting
    try:
        transport = servers.transport()  # connects and logs in: most failures happen here
    except OutsideFailure as exc:
        _fail(ctx, replace(message, attempts=message.attempts + 1), exc.message)
        raise
    try:
        # Connected: what follows takes milliseconds. Whole seconds, as the Date says it,
        # so ``sent_at`` is exactly the Date the letter carries.
        went = ctx.tick().replace(microsecond=0)
        raw, in_reply_to, refs = _letter(ctx, composer, account, message, header_id, went)
        recipients, receipt = rules.envelope(message.to or "", account)
        sending = replace(
            message,
            status=MessageStatus.SENDING,
            message_id=header_id,
            in_reply_to=in_reply_to,
            references=refs,
            attempts=message.attempts + 1,
            last_error=None,
            sent_at=went,  # the letter's Date: when it went, if a crash leaves it unsure
            handed_over=False,
            receipt_asked=receipt,
        )
        with ctx.store.transaction():  # committed before the server sees a byte of it
            ctx.store.update_message(sending)
        handed = replace(sending, handed_over=True)

        def handing_over() -> None:
            # Committed before the closing dot goes: without it, the server cannot have it.
            with ctx.store.transaction():
                ctx.store.update_message(handed)

        try:
            transport.send(
                raw, sender=account.address, recipients=recipients, before_dot=handing_over
            )
        except MaybeSent as exc:
            # The server may have it: ``sending`` stays, for ``settle`` to look it up.
            kept = replace(handed, last_error=" ".join(exc.message.split()))
            with ctx.store.transaction():
                ctx.store.update_message(kept)
            raise MaybeSent(
                f"{exc.message}: message {message.id} may have been sent, so it stays "
                "`sending` and is settled by the evidence at the next `followup send` or "
                "`followup worker` (see `followup outbox`), never sent again blindly"
            ) from None
        except OutsideFailure as exc:
            _fail(ctx, sending, exc.message)
            raise
    finally:
        transport.close()
    sent = _mark_sent(ctx, handed, went)
    return Outcome(sent, _file_copy(ctx, servers, raw, sent))


def _fail(ctx: Context, message: Message, reason: str) -> Message:
    failed = replace(
        message,
        status=MessageStatus.FAILED,
        last_error=" ".join(reason.split()),
        sent_at=None,
        handed_over=False,
    )
    with ctx.store.transaction():
        ctx.store.update_message(failed)
    return failed


def _mark_sent(ctx: Context, message: Message, at: datetime) -> Message:
    """``sent`` and its event in one short transaction, then the application re-planned
    outside it.

    The server has the letter by now (or the user says it went): giving up on a database
    another process keeps locked would leave it ``sending``, and the next pass would ask
    the user about a letter that went without a doubt. So the commit is tried again, one
    wait budget after another, until it succeeds or the process dies (and then ``settle``
    finds the letter by its Message-ID).
    """
    sent = replace(message, status=MessageStatus.SENT, sent_at=at, last_error=None)
    kind = rules.sent_event_kind(message.kind, message.action_id)
    event = Event(
        id=0,
        application_id=message.application_id,
        kind=kind,
        at=at,
        contact_id=message.contact_id,
        note=f"sent message {message.id}: {message.subject}"[:200],
        action_id=message.action_id,
    )
    while True:
        try:
            with changing(ctx):
                ctx.store.update_message(sent)
                ctx.store.add_event(event)
            break
        except Busy:
            continue  # nothing was written; the wait starts again
    refresh(ctx, [message.application_id])
    return sent


def _file_copy(ctx: Context, servers: MailServers, raw: bytes, message: Message) -> str | None:
    """The Sent copy, unless the provider files its own: the server's receipt, moved from
    INBOX (or Junk) once it arrives, else a copy appended; a failure is a warning (the
    letter went; only the copy is missing)."""
    account = servers.account
    if account.provider_files_sent:
        return None
    note = None
    try:
        mailbox = servers.mailbox()
        try:
            sent = sent_folder(account, mailbox)
            if message.receipt_asked and message.message_id:
                where = copy_folders(account, mailbox)
                proven = _as_now(ctx, account).receipt_seen
                wait = RECEIPT_WAIT_SECONDS if proven else FIRST_RECEIPT_WAIT_SECONDS
                if mailbox.move(message.message_id, where, sent, wait=wait):
                    _receipt_arrived(ctx)
                    return None
                if not proven:
                    note = (
                        f"sent; your server's copy to you has not come within {wait:.0f} s: "
                        "if none ever does, receipts cannot settle an interrupted send for "
                        "this account (see docs/mail.md; `mail setup --no-bcc-self`)"
                    )
            mailbox.append(sent, raw, seen=True)
        finally:
            mailbox.close()
    except FollowupError as exc:  # never more than a warning: the letter is sent
        return f"sent, but no copy was filed in your Sent folder: {exc.message}"
    return note


def sent_folder(account: MailAccount, mailbox: Mailbox) -> str:
    """The account's Sent folder: as set up, else the one the server marks \\Sent."""
    return account.sent_folder or mailbox.special_folder("\\Sent") or "Sent"


def copy_folders(account: MailAccount, mailbox: Mailbox) -> list[str]:
    """Where the server's copy to the user lands: INBOX, or Junk when it is taken for spam."""
    junk = account.junk_folder or mailbox.special_folder("\\Junk")
    return ["INBOX"] if junk is None or junk.upper() == "INBOX" else ["INBOX", junk]


def _as_now(ctx: Context, account: MailAccount) -> MailAccount:
    """``account`` with ``receipt_seen`` as the store has it now: a receipt may have come
    since the account was read (the long-running worker reads it once)."""
    stored = ctx.store.get_mail_account()
    seen = account.receipt_seen or (stored is not None and stored.receipt_seen)
    return replace(account, receipt_seen=seen)


def _receipt_arrived(ctx: Context) -> None:
    account = ctx.store.get_mail_account()
    if account is not None and not account.receipt_seen:
        ctx.store.note_receipt()


# --- settling what a crash left behind ----------------------------------------------------
def settle(ctx: Context, servers: MailServers) -> list[Outcome]:
    """Decide every letter left in ``sending`` (and look again for every ``unsettled`` one)
    by the evidence its Message-ID finds over IMAP: in Sent, INBOX or Junk.

    ``domain.outbox.settlement`` decides from what was found: found, it went (``sent`` at
    its Date, the receipt filed as the Sent copy); cut off before its closing dot, or its
    copy missing past the grace where a copy always comes, it never went (``scheduled`` or
    ``failed``, safe to send again); handed over moments ago, it waits; otherwise the user
    is asked, with the truth. A lookup that fails leaves everything for the next run; only
    changes (and waits) are reported.
    """
    out: list[Outcome] = []
    with servers.exclusive():
        waiting = ctx.store.messages_in([MessageStatus.SENDING, MessageStatus.UNSETTLED])
        if not waiting:
            return out
        mailbox = servers.mailbox()
        try:
            sent = sent_folder(servers.account, mailbox)
            folders = [sent, *copy_folders(servers.account, mailbox)]
            for message in waiting:
                outcome = _settle_one(ctx, servers.account, mailbox, folders, message)
                if outcome is not None:
                    out.append(outcome)
        finally:
            mailbox.close()
    return out


def _settle_one(
    ctx: Context, account: MailAccount, mailbox: Mailbox, folders: list[str], message: Message
) -> Outcome | None:
    header_id = message.message_id
    found = None
    if header_id is not None:
        found = next((f for f in folders if mailbox.contains(f, header_id)), None)
    verdict = rules.settlement(message, _as_now(ctx, account), found=found, now=ctx.now)
    if verdict.verdict is rules.Verdict.SENT:
        done = _mark_sent(ctx, message, _went_at(ctx, message))
        if header_id and found and found != folders[0] and message.receipt_asked:
            _receipt_arrived(ctx)
            if not account.provider_files_sent:  # the receipt becomes the Sent copy
                with contextlib.suppress(FollowupError):  # else the inbox sync files it
                    mailbox.move(header_id, [found], folders[0])
        return Outcome(done, verdict.reason)
    if verdict.verdict is rules.Verdict.SAFE:
        again = MessageStatus.SCHEDULED if message.send_at else MessageStatus.FAILED
        unsent = replace(
            message, status=again, sent_at=None, handed_over=False, last_error=verdict.reason
        )
        with ctx.store.transaction():
            ctx.store.update_message(unsent)
        return Outcome(unsent, unsent.last_error)
    if verdict.verdict is rules.Verdict.WAIT:
        return Outcome(message, verdict.reason)
    if verdict.verdict is rules.Verdict.ASK:
        unsettled = replace(message, status=MessageStatus.UNSETTLED, last_error=verdict.reason)
        with ctx.store.transaction():
            ctx.store.update_message(unsettled)
        return Outcome(unsettled, unsettled.last_error)
    return None  # unsettled, still no evidence: the question stands


def _went_at(ctx: Context, message: Message) -> datetime:
    """When a letter settled as sent went: the Date it carries (``sending`` keeps it in
    ``sent_at``), not the moment it was settled, which may be days later; now for a letter
    left ``sending`` by a version that did not keep it."""
    return message.sent_at or ctx.now


def settle_by_hand(ctx: Context, message_id: int, *, sent: bool) -> Message:
    """The user's word on an ``unsettled`` message (a ``sending`` one is the worker's to
    settle: a send may still be under way)."""
    message = ctx.store.get_message(message_id)
    if message.status is not MessageStatus.UNSETTLED:
        raise Conflict(
            f"message {message_id} is {message.status.value}, not unsettled; nothing to settle"
        )
    if sent:
        return _mark_sent(ctx, message, _went_at(ctx, message))
    return _fail(ctx, message, "you said it was not sent; `followup send` sends it again")
