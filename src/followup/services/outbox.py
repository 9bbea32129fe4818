"""Sending: a draft becomes a letter on the user's own server, exactly once.

The order of the steps is the point of this module:

1. Everything that can be refused is refused first (the state, the recipient, every header,
   the review's errors, the pushiness guard P9), so bad input writes nothing.
2. The Message-ID (made here, on the sender's domain) is stored with the state ``sending``
   in a transaction of its own, committed *before* the server hears of the letter.
3. The server takes it; then ``sent``, its time and its event (thank-you-sent ...) are
   committed together and the application re-planned, so the planner moves on.
4. The copy goes to the Sent folder unless the provider files one itself.

A crash between 2 and 3 leaves ``sending`` behind; so does a connection lost after the
whole letter went out and before the server answered (``MaybeSent``: the server may have
taken it). ``settle`` looks the Message-ID up over IMAP at the next run and decides, or,
when it cannot, marks the letter ``unsettled`` and leaves the choice to the user. A failure
before that point (connect, TLS, login, a refused recipient, DATA or the letter refused)
means the server does not have it: ``failed``, safe to send again. Nothing here ever sends
a letter twice on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from followup.domain import outbox as rules
from followup.domain.errors import BadInput, Busy, Conflict, MaybeSent, OutsideFailure
from followup.domain.mail import MailAccount
from followup.domain.messages import OUTBOX_STATES, Message, MessageStatus
from followup.domain.model import Event
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
    _letter(ctx, composer, account, message, message.message_id or "<check@invalid.example>")
    if force:
        return
    if message.status is MessageStatus.UNSETTLED:
        raise Conflict(
            f"message {message.id} may have been sent already (interrupted mid-send); "
            f"run `followup outbox settle {message.id} --sent` or `--unsent`, or "
            f"`followup send {message.id} --force` to send it again"
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
    ctx: Context, composer: Composer, account: MailAccount, message: Message, message_id: str
) -> tuple[bytes, str | None, tuple[str, ...]]:
    """The raw letter and its thread; ``BadInput`` for any header that cannot be."""
    profile = require_profile(ctx.store)
    in_reply_to, refs = rules.thread_of(message, ctx.store.list_messages(message.application_id))
    raw = composer.compose(
        from_name=profile.name,
        from_address=account.address,
        to=message.to,
        subject=message.subject,
        body=message.body,
        message_id=message_id,
        date=ctx.now,
        in_reply_to=in_reply_to,
        references=refs,
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
        return _deliver(ctx, servers, composer, ctx.store.get_message(message_id))


def send_due(
    ctx: Context,
    servers: MailServers,
    composer: Composer,
    stop: Callable[[], bool] = lambda: False,
) -> list[Outcome]:
    """Every scheduled message due by now, oldest first; one failing does not stop the rest.

    A follow-up whose planned action has gone from the plan (an answer arrived, the user
    marked it done) is held back as ``failed`` with the reason: chasing someone who has
    already answered is the mistake this tool exists to prevent.
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
    raw, in_reply_to, refs = _letter(ctx, composer, account, message, header_id)
    try:
        transport = servers.transport()  # connects and logs in: most failures happen here
    except OutsideFailure as exc:
        _fail(ctx, replace(message, attempts=message.attempts + 1), exc.message)
        raise
    try:
        sending = replace(
            message,
            status=MessageStatus.SENDING,
            message_id=header_id,
            in_reply_to=in_reply_to,
            references=refs,
            attempts=message.attempts + 1,
            last_error=None,
            sent_at=ctx.now,  # the letter's Date: when it went, if a crash leaves it unsure
        )
        with ctx.store.transaction():  # committed before the server sees a byte of it
            ctx.store.update_message(sending)
        try:
            transport.send(raw, sender=account.address, recipients=[(message.to or "").strip()])
        except MaybeSent as exc:
            # The server may have it: ``sending`` stays, for ``settle`` to look it up.
            kept = replace(sending, last_error=" ".join(exc.message.split()))
            with ctx.store.transaction():
                ctx.store.update_message(kept)
            raise MaybeSent(
                f"{exc.message}: message {message.id} may have been sent, so it stays "
                "`sending` and is looked up in your Sent folder at the next `followup send` "
                "or `followup worker`, never sent again blindly"
            ) from None
        except OutsideFailure as exc:
            _fail(ctx, sending, exc.message)
            raise
    finally:
        transport.close()
    sent = _mark_sent(ctx, sending, ctx.now)
    return Outcome(sent, _file_copy(servers, raw))


def _fail(ctx: Context, message: Message, reason: str) -> Message:
    failed = replace(
        message, status=MessageStatus.FAILED, last_error=" ".join(reason.split()), sent_at=None
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


def _file_copy(servers: MailServers, raw: bytes) -> str | None:
    """APPEND to Sent unless the provider files its own copy; a failure is a warning (the
    letter went; only the copy is missing)."""
    account = servers.account
    if account.provider_files_sent:
        return None
    try:
        mailbox = servers.mailbox()
        try:
            mailbox.append(_sent_folder(account, mailbox), raw, seen=True)
        finally:
            mailbox.close()
    except OutsideFailure as exc:
        return f"sent, but no copy was filed in your Sent folder: {exc.message}"
    return None


def _sent_folder(account: MailAccount, mailbox: Mailbox) -> str:
    return account.sent_folder or mailbox.special_folder("\\Sent") or "Sent"


# --- settling what a crash left behind ----------------------------------------------------
def settle(ctx: Context, servers: MailServers) -> list[Outcome]:
    """Decide every message left in ``sending`` by looking its Message-ID up over IMAP.

    Found in Sent (or in INBOX, where a letter to oneself lands): it went, so ``sent`` and
    its event. Not found where the provider files every sent letter: it never went, so back
    to ``scheduled`` (if it was) or ``failed``, both safe to send again. Not found elsewhere:
    nobody can tell, so ``unsettled`` and the user decides. A lookup that fails leaves the
    message in ``sending`` for the next run.
    """
    out: list[Outcome] = []
    with servers.exclusive():
        waiting = ctx.store.messages_in([MessageStatus.SENDING])
        if not waiting:
            return out
        mailbox = servers.mailbox()
        try:
            sent_folder = _sent_folder(servers.account, mailbox)
            for message in waiting:
                out.append(_settle_one(ctx, servers.account, mailbox, sent_folder, message))
        finally:
            mailbox.close()
    return out


def _settle_one(
    ctx: Context, account: MailAccount, mailbox: Mailbox, sent_folder: str, message: Message
) -> Outcome:
    header_id = message.message_id
    if header_id and (
        mailbox.contains(sent_folder, header_id) or mailbox.contains("INBOX", header_id)
    ):
        found = _mark_sent(ctx, message, _went_at(ctx, message))
        return Outcome(found, "settled: found in your mailbox")
    if header_id is None or account.provider_files_sent:
        again = MessageStatus.SCHEDULED if message.send_at else MessageStatus.FAILED
        unsent = replace(
            message,
            status=again,
            sent_at=None,
            last_error="interrupted before the server took it (not in Sent); safe to send again",
        )
        with ctx.store.transaction():
            ctx.store.update_message(unsent)
        return Outcome(unsent, unsent.last_error)
    unsettled = replace(
        message,
        status=MessageStatus.UNSETTLED,
        last_error="interrupted mid-send and not found in your mailbox: it may or may not "
        f"have gone; `followup outbox settle {message.id} --sent|--unsent` or "
        f"`followup send {message.id} --force`",
    )
    with ctx.store.transaction():
        ctx.store.update_message(unsettled)
    return Outcome(unsettled, unsettled.last_error)


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
