"""The morning digest (issue 15): what today's would say, its setting, and sending it.

The worker calls ``send_if_due`` on every pass; it sends at most one digest per day on the
user's clock, to the user's own address, through the same ``MailServers`` transport and
``Composer`` the outbox uses.

**At most once, by design.** The outbox never loses a letter and never sends one twice:
when a crash leaves it unsure, it looks for evidence and, failing that, asks the user. A
digest is not worth a question: tomorrow brings a new one, and a second copy of today's is
noise the user learns to ignore. So the day is claimed (``sending``, committed) *before*
the server hears a byte, and only a failure that proves the server cannot have it (no
connection, a refused login or recipient, a letter refused before its closing dot) gives
the day back (``failed``, tried again on the next pass). A crash after the claim, or a
connection lost after the whole letter went, leaves ``sending``: that day's digest may be
lost; there is never a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from followup.domain import digest as rules
from followup.domain import timewords
from followup.domain.digest import (
    DayStatus,
    Digest,
    DigestAction,
    DigestDay,
    DigestDraft,
    DigestSetting,
)
from followup.domain.errors import BadInput, FollowupError, MaybeSent, NotFound, OutsideFailure
from followup.domain.messages import MessageStatus
from followup.domain.names import as_written, given_name
from followup.domain.outbox import NOT_MAILED
from followup.domain.rows import DueAction
from followup.services.context import Context
from followup.services.planning import ensure_fresh, require_profile
from followup.services.ports import Composer, MailServers, Store
from followup.services.read_models import text_instant, urgency

FROM_NAME = "followup"  # the sender's display name: the user can see (and filter) it at once


# --- the setting ----------------------------------------------------------------------------
def setting(ctx: Context) -> DigestSetting:
    return ctx.store.get_digest_setting()


def setup(ctx: Context, *, at: str | None, off: bool, port: int | None = None) -> DigestSetting:
    """``--at HH:MM`` turns it on at that time, ``--off`` turns it off; ``--port`` is the
    web app's port the links use. Checked before anything is written."""
    if off and at is not None:
        raise BadInput("give --at HH:MM or --off, not both")
    current = ctx.store.get_digest_setting()
    if not off and at is None and port is None:
        raise BadInput("say when: --at HH:MM (on your profile's clock), or --off")
    if port is not None and not 1 <= port <= 65535:
        raise BadInput(f"--port must be from 1 to 65535, not {port}")
    chosen = DigestSetting(
        at=None if off else (rules.parse_at(at) if at is not None else current.at),
        port=current.port if port is None else port,
    )
    if chosen.at is not None:
        require_profile(ctx.store)  # the time is on the profile's clock: it must have one
    with ctx.store.transaction():
        ctx.store.save_digest_setting(chosen)
    return chosen


# --- what it says ---------------------------------------------------------------------------
def select(
    items: Sequence[DueAction], now: datetime, zone: ZoneInfo
) -> tuple[tuple[DigestAction, ...], tuple[DigestAction, ...]]:
    """(overdue, for today) among ``items``, by the triage rule every view uses
    (``read_models.urgency``): overdue is past its window but still worth doing; for today is due
    now and still in its window, or due later today on the user's clock. Lapsed actions
    (overdue so long that doing them now would be odd) are left out, as the Today page
    folds them away; so is everything due after today."""
    stamp = text_instant(now)
    end = rules.moment(rules.local_day(now, zone) + timedelta(days=1), time(0), zone)
    overdue: list[DigestAction] = []
    today: list[DigestAction] = []
    for item in items:
        a = item.action
        group = urgency(a.kind.value, text_instant(a.due), text_instant(a.latest), stamp, now)
        row = DigestAction(
            action_id=a.id,
            kind=a.kind,
            channel=a.channel,
            application_id=a.application_id,
            company=as_written(item.company),
            role=item.role,
            contact_name=None if item.contact_name is None else as_written(item.contact_name),
            due=a.due,
            latest=a.latest,
        )
        if group == "overdue":
            overdue.append(row)
        elif group == "due" or (group == "upcoming" and a.due < end):
            today.append(row)
    return tuple(overdue), tuple(today)


def ready_drafts(store: Store) -> tuple[DigestDraft, ...]:
    """Drafts that could go now: emails (not a call script or a LinkedIn note), addressed,
    and answering an action still planned (a draft for something done or answered since is
    not ready, it is stale)."""
    companies: dict[int, str] = {}
    out: list[DigestDraft] = []
    for m in store.messages_in([MessageStatus.DRAFT]):
        if m.kind in NOT_MAILED or not m.to:
            continue
        if m.action_id is not None and store.cached_action(m.action_id) is None:
            continue
        if m.application_id not in companies:
            companies[m.application_id] = store.get_application(m.application_id).company
        out.append(
            DigestDraft(
                message_id=m.id,
                kind=m.kind,
                application_id=m.application_id,
                company=as_written(companies[m.application_id]),
                to=_recipient(store, m.contact_id, m.to),
                subject=m.subject,
                action_id=m.action_id,
            )
        )
    return tuple(out)


def _recipient(store: Store, contact_id: int | None, address: str) -> str:
    if contact_id is not None:
        try:
            return as_written(store.get_contact(contact_id).name)
        except NotFound:  # removed since: the address is still true
            pass
    return address


def build(ctx: Context) -> Digest:
    """Today's digest as it stands at ``ctx.now`` (whether or not it is time to send it)."""
    profile = ensure_fresh(ctx)
    zone = ZoneInfo(profile.timezone)
    day = rules.local_day(ctx.now, zone)
    end = rules.moment(day + timedelta(days=1), time(0), zone)
    items = list(ctx.store.due_actions(until=end, now=ctx.now))
    overdue, today = select(items, ctx.now, zone)
    return Digest(
        day=day,
        now=ctx.now,
        zone=zone,
        name=given_name(profile.name) or as_written(profile.name),
        base_url=ctx.store.get_digest_setting().base_url,
        overdue=overdue,
        today=today,
        drafts=ready_drafts(ctx.store),
        locale=timewords.locale_for(profile.timezone, profile.country),
    )


@dataclass(frozen=True)
class State:
    """Where today's digest stands, for ``digest show`` and ``preview``."""

    setting: DigestSetting
    day: DigestDay | None  # today's record, if any
    due: bool  # it would go if the worker made a pass now
    next_at: datetime | None  # when the next one is due (None: off)


def state(ctx: Context) -> State:
    profile = require_profile(ctx.store)
    zone = ZoneInfo(profile.timezone)
    chosen = ctx.store.get_digest_setting()
    day = rules.local_day(ctx.now, zone)
    record = ctx.store.digest_day(day)
    next_at = None
    if chosen.at is not None:
        done = record is not None and record.status is not DayStatus.FAILED
        next_at = rules.moment(day + timedelta(days=1) if done else day, chosen.at, zone)
    return State(chosen, record, rules.is_due(ctx.now, chosen, zone, record), next_at)


# --- sending --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What one pass did about the digest: ``day`` is the day's record after it."""

    day: DigestDay
    note: str  # one line for the worker's report


def send_if_due(ctx: Context, servers: MailServers, composer: Composer) -> Outcome | None:
    """Send today's digest if it is due and not yet claimed; None when there was nothing
    to decide (off, not yet time, already done today). See the module's docstring for why
    the day is claimed before the letter goes."""
    chosen = ctx.store.get_digest_setting()
    if chosen.at is None:
        return None
    profile = require_profile(ctx.store)
    zone = ZoneInfo(profile.timezone)
    day = rules.local_day(ctx.now, zone)
    if not rules.is_due(ctx.now, chosen, zone, ctx.store.digest_day(day)):
        return None
    digest = build(ctx)
    if digest.empty:
        # Looked at once, at the chosen time: nothing to say, and no note later in the day.
        return _record_once(ctx, day, DayStatus.EMPTY, "nothing to do today: no digest")
    account = servers.account
    header_id = composer.new_message_id(account.address)
    with servers.exclusive():  # one sender at a time, as the outbox
        went = ctx.tick().replace(microsecond=0)  # dated when it goes, as the outbox's
        raw = composer.compose(
            from_name=FROM_NAME,
            from_address=account.address,
            to=account.address,
            subject=rules.subject(digest),
            body=rules.body(digest),
            message_id=header_id,
            date=went,
        )  # a bad header is refused here, before the day is claimed
        claimed = _claim(ctx, day, went, header_id, digest.count)
        if claimed is None:
            return None  # another process claimed it while this one composed
        try:
            transport = servers.transport()
        except OutsideFailure as exc:
            return _give_back(ctx, claimed, exc)
        try:
            transport.send(raw, sender=account.address, recipients=[account.address])
        except MaybeSent as exc:
            # The server may have it: the day stays claimed. Lost, perhaps; never doubled.
            kept = _save(ctx, claimed, DayStatus.SENDING, last_error=exc.message)
            return Outcome(kept, f"may not have arrived ({exc.message}); not sent again today")
        except OutsideFailure as exc:
            return _give_back(ctx, claimed, exc)
        finally:
            transport.close()
    # Should this commit fail (the database busy past its budget), the day stays
    # ``sending``: still claimed, so still never a second note.
    sent = _save(ctx, claimed, DayStatus.SENT, sent_at=went)
    items = f"{digest.count} item{'s' if digest.count != 1 else ''}"
    return Outcome(sent, f"sent to {account.address} ({items})")


def _claim(ctx: Context, day: date, at: datetime, header_id: str, items: int) -> DigestDay | None:
    """Mark the day ``sending`` unless something else holds it: read and write in one write
    transaction (which takes the lock up front), so two workers never both claim it."""
    with ctx.store.transaction():
        record = ctx.store.digest_day(day)
        if record is not None and record.status is not DayStatus.FAILED:
            return None
        claimed = DigestDay(
            day=day, status=DayStatus.SENDING, marked_at=at, message_id=header_id, items=items
        )
        ctx.store.save_digest_day(claimed)
    return claimed


def _give_back(ctx: Context, claimed: DigestDay, exc: FollowupError) -> Outcome:
    """Refused before the closing dot: the server cannot have it, so the day is free again."""
    failed = _save(ctx, claimed, DayStatus.FAILED, last_error=exc.message)
    return Outcome(failed, f"not sent ({exc.message}); tried again at the next pass")


def _save(
    ctx: Context,
    record: DigestDay,
    status: DayStatus,
    *,
    sent_at: datetime | None = None,
    last_error: str | None = None,
) -> DigestDay:
    from dataclasses import replace

    done = replace(
        record,
        status=status,
        sent_at=sent_at,
        last_error=None if last_error is None else " ".join(last_error.split()),
    )
    with ctx.store.transaction():
        ctx.store.save_digest_day(done)
    return done


def _record_once(ctx: Context, day: date, status: DayStatus, note: str) -> Outcome | None:
    with ctx.store.transaction():
        existing = ctx.store.digest_day(day)
        if existing is not None and existing.status is not DayStatus.FAILED:
            return None
        record = DigestDay(day=day, status=status, marked_at=ctx.now)
        ctx.store.save_digest_day(record)
    return Outcome(record, note)
