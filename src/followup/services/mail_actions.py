"""The mail use cases as an entry point runs them whole: send now, schedule, check mail.

``outbox`` and ``inbox`` hold the rules (what may go, in which order, what a reply means);
this module strings their steps together the way ``followup send`` and ``followup inbox
sync`` do, so the web app runs the same sequence rather than a copy of it: a send settles
what an interrupted send left behind first, "when due" is now once the due time is past,
and a mailbox is always closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from followup.domain.errors import BadInput, FollowupError
from followup.domain.inbox import DATE_MEANS, InboxItem, parse_meaning
from followup.domain.mail import MailAccount
from followup.domain.messages import Message
from followup.services import drafting, inbox, inputs, outbox
from followup.services.context import Context
from followup.services.ports import Composer, MailReader, MailServers, Reviewer, Templates
from followup.services.profile import user_time


@dataclass(frozen=True)
class SendReport:
    outcome: outbox.Outcome  # the letter asked for
    settled: tuple[outbox.Outcome, ...] = ()  # interrupted sends decided on the way
    settle_problem: str | None = None  # why settling could not be done (the send went on)


def send_now(
    ctx: Context,
    servers: MailServers,
    composer: Composer,
    message_id: int,
    *,
    force: bool = False,
    reviewers: Sequence[Reviewer] = (),
    templates: Templates | None = None,
) -> SendReport:
    """Settle what an interrupted send left, then send ``message_id`` after every check.

    A failure to settle is reported and does not stop the send (the letter asked for is
    not the one in doubt); the send's own refusals and failures are raised as they are.
    With ``templates``, a draft written for another day is re-dated for today first.
    """
    settled: tuple[outbox.Outcome, ...] = ()
    problem = None
    try:
        settled = tuple(outbox.settle(ctx, servers))
    except FollowupError as exc:
        problem = exc.message
    result = outbox.send(
        ctx, servers, composer, message_id,
        force=force, reviewers=reviewers, prepare=_preparer(ctx, templates),
    )  # fmt: skip
    return SendReport(result, settled, problem)


def send_moment(
    ctx: Context, message_id: int, *, when_due: bool = False, at: datetime | None = None
) -> datetime | None:
    """When a "schedule" asks the letter to go: the planned action's due time
    (``--when-due``) or the moment given, on the user's clock; None means now (the due
    time has passed, so it goes at once, as ``followup send --when-due`` does)."""
    if when_due and at is not None:
        raise BadInput("give a time or ask for the due time, not both")
    if when_due:
        moment = outbox.when_due(ctx, message_id)
        return None if moment <= ctx.now else moment
    if at is None:
        raise BadInput("give a date and time to schedule it for, or ask for the due time")
    return user_time(ctx, at)


def schedule_or_send(
    ctx: Context,
    connect: Callable[[MailAccount], MailServers],
    composer: Composer,
    message_id: int,
    *,
    when_due: bool = False,
    at: datetime | None = None,
    force: bool = False,
    reviewers: Sequence[Reviewer] = (),
    templates: Templates | None = None,
) -> SendReport | Message:
    """``scheduled`` for the moment ``send_moment`` gives (after every check; the worker
    sends it then), or, when that is now, sent at once: the ``SendReport``. ``connect``
    opens the account's servers, only when the letter goes now."""
    moment = send_moment(ctx, message_id, when_due=when_due, at=at)
    if moment is None:
        servers = connect(outbox.require_account(ctx))
        return send_now(
            ctx, servers, composer, message_id,
            force=force, reviewers=reviewers, templates=templates,
        )  # fmt: skip
    return outbox.schedule(
        ctx, composer, message_id, moment,
        force=force, reviewers=reviewers, prepare=_preparer(ctx, templates),
    )  # fmt: skip


def _preparer(ctx: Context, templates: Templates | None) -> outbox.Prepare | None:
    """The letter's time words made true for the day it goes (``drafting.redated``)."""
    if templates is None:
        return None

    def prepare(message: Message, moment: datetime) -> Message:
        day = drafting.send_day_of(ctx, message, moment)
        return drafting.redated(ctx, templates, message, day)

    return prepare


def forcing_helps(
    ctx: Context,
    composer: Composer,
    message_id: int,
    reviewers: Sequence[Reviewer] = (),
) -> bool:
    """Whether a refused letter would go with "send anyway": the refusal was a judgement
    (review errors, P9, a bounced address, an unsettled send), not a fact (already sent,
    a header that cannot be, no account)."""
    try:
        account = outbox.require_account(ctx)
        message = ctx.store.get_message(message_id)
        outbox.check(ctx, composer, account, message, at=ctx.now, force=True, reviewers=reviewers)
    except BadInput:
        return False
    return True


def check_inbox(ctx: Context, servers: MailServers, reader: MailReader) -> inbox.SyncReport:
    """Read what is new in INBOX and Junk (``inbox.sync``), the mailbox closed after."""
    mailbox = servers.mailbox()
    try:
        return inbox.sync(ctx, mailbox, reader, account=servers.account)
    finally:
        mailbox.close()


@dataclass(frozen=True)
class InboxReview:
    """What ``followup inbox review`` lists, with the names a page shows beside the ids."""

    items: tuple[InboxItem, ...]
    alerts: tuple[inbox.Alert, ...]
    companies: dict[int, str]  # application id -> "Company · Role"


def inbox_review(ctx: Context) -> InboxReview:
    items = tuple(inbox.pending(ctx))
    alerts = tuple(inbox.alerts(ctx))
    wanted = {i.application_id for i in items} | {a.item.application_id for a in alerts}
    companies = {}
    for app_id in sorted(wanted):
        app = ctx.store.get_application(app_id)
        companies[app_id] = f"{app.company} · {app.role}"
    return InboxReview(items, alerts, companies)


def confirm_answer(ctx: Context, item_id: int, meaning: str | None, day: str | None) -> InboxItem:
    """Confirm or correct an item from a form's text: the meaning as listed (``next-round``)
    and the date; a date is kept only for a meaning that takes one (timeline, offer,
    auto-reply), since a form sends its date field whatever meaning was chosen."""
    kind = None
    if meaning:
        try:
            kind = parse_meaning(meaning)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
    chosen = kind or ctx.store.get_inbox_item(item_id).kind
    on = inputs.parse_date(day, "date") if day and chosen in DATE_MEANS else None
    return inbox.confirm(ctx, item_id, as_kind=kind, on=on)
