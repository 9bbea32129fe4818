"""Recording what happened: events typed by the user, and actions marked done, skipped or
snoozed.

Events are the source of truth, so each of these is one event in a short transaction of
its own, then a re-plan of its application after the commit; the cached actions follow.
"""

from __future__ import annotations

from datetime import date, datetime

from followup.domain import limits, snooze
from followup.domain.errors import BadInput, NotFound
from followup.domain.model import (
    DONE_EVENT,
    LOGGABLE_EVENTS,
    Action,
    ActionKind,
    Event,
    EventKind,
)
from followup.services import inputs
from followup.services.context import Context
from followup.services.planning import changing, ensure_fresh, refresh
from followup.services.profile import user_time

# Events that carry a date of their own (``--on``) and what that date means.
DATED_EVENTS = {
    EventKind.TIMELINE: "the date they said they would decide by",
    EventKind.OFFER: "the offer's deadline",
    EventKind.AUTO_REPLY: "the date they are back",
}


def log_event(
    ctx: Context,
    app_id: int,
    kind: EventKind,
    *,
    at: datetime | None = None,
    contact_id: int | None = None,
    on: date | None = None,
    note: str | None = None,
) -> Event:
    event = write_event(ctx, app_id, kind, at=at, contact_id=contact_id, on=on, note=note)
    refresh(ctx, [app_id])
    return event


def write_event(
    ctx: Context,
    app_id: int,
    kind: EventKind,
    *,
    at: datetime | None = None,
    contact_id: int | None = None,
    on: date | None = None,
    note: str | None = None,
) -> Event:
    """``log_event`` without the re-plan, for a caller that writes more in the same
    transaction: it calls ``planning.refresh`` once that has committed."""
    ctx.store.get_application(app_id)
    if kind not in LOGGABLE_EVENTS:
        accepted = ", ".join(k.label for k in LOGGABLE_EVENTS)
        raise BadInput(f"unknown event {kind.label!r}; use one of: {accepted}")
    if on is not None and kind not in DATED_EVENTS:
        raise BadInput(
            "--on is only for timeline (the decision date), offer (the deadline) and "
            "auto-reply (the date they are back), "
            f"not {kind.label}"
        )
    if kind is EventKind.TIMELINE and on is None:
        raise BadInput("timeline needs --on DATE: the date they said they would decide by")
    if on is not None:
        inputs.in_range(on)
    if contact_id is not None:
        _check_contact(ctx, app_id, contact_id)
    draft = Event(
        id=0,
        application_id=app_id,
        kind=kind,
        at=ctx.now if at is None else user_time(ctx, at),
        contact_id=contact_id,
        on=on,
        note=_note(note),
    )
    with changing(ctx):
        return ctx.store.add_event(draft)


def pending_action(ctx: Context, action_id: str) -> Action:
    """A cached action that is still to do at ``now``; anything else is the user's mistake."""
    ensure_fresh(ctx)
    action = ctx.store.cached_action(action_id.strip())
    if action is None or not action.is_live(ctx.now):
        raise NotFound(
            f"no pending action {action_id!r}; see `followup today` or `followup plan APP`"
        )
    return action


def done_action(
    ctx: Context, action_id: str, *, at: datetime | None = None, note: str | None = None
) -> tuple[Action, Event]:
    """Record that the user did what an action asked, as the event the planner expects."""
    action = pending_action(ctx, action_id)
    if action.kind is ActionKind.DECIDE_OFFER:
        raise BadInput(
            "an offer is decided by what you answered: run "
            f"`followup log {action.application_id} accepted` or "
            f"`followup log {action.application_id} declined`"
        )
    draft = Event(
        id=0,
        application_id=action.application_id,
        kind=DONE_EVENT.get(action.kind, EventKind.ACTION_DONE),
        at=ctx.now if at is None else user_time(ctx, at),
        contact_id=action.contact_id,
        note=_note(note),
        action_id=action.id,
    )
    return action, _record(ctx, draft)


def skip_action(ctx: Context, action_id: str, *, note: str | None = None) -> tuple[Action, Event]:
    """Record a deliberate no: the planner drops the action rather than nagging again."""
    action = pending_action(ctx, action_id)
    draft = Event(
        id=0,
        application_id=action.application_id,
        kind=EventKind.ACTION_SKIPPED,
        at=ctx.now,
        note=_note(note),
        action_id=action.id,
    )
    return action, _record(ctx, draft)


def snooze_action(
    ctx: Context, action_id: str, until: datetime | str, *, note: str | None = None
) -> tuple[Action, Event]:
    """Put an action off until ``until`` (a moment, or a quick choice such as
    ``tomorrow``): recorded as an event, so the planner moves the action there and the
    timeline shows the decision; a later snooze of the same action replaces it."""
    action = pending_action(ctx, action_id)
    if isinstance(until, str):
        try:
            moment = snooze.preset(until, ctx.now)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
    else:
        moment = user_time(ctx, until)
    why_not = snooze.problem(moment, ctx.now)
    if why_not is not None:
        raise BadInput(f"snooze until {moment:%Y-%m-%d %H:%M %Z} {why_not}")
    draft = Event(
        id=0,
        application_id=action.application_id,
        kind=EventKind.ACTION_SNOOZED,
        at=ctx.now,
        contact_id=action.contact_id,
        note=_note(note),
        action_id=action.id,
        until=moment,
    )
    event = _record(ctx, draft)
    ensure_fresh(ctx)
    return ctx.store.cached_action(action.id) or action, event


def list_events(ctx: Context, app_id: int) -> list[Event]:
    ctx.store.get_application(app_id)
    return ctx.store.list_events(app_id)


def _record(ctx: Context, draft: Event) -> Event:
    with changing(ctx):
        event = ctx.store.add_event(draft)
    refresh(ctx, [draft.application_id])
    return event


def _check_contact(ctx: Context, app_id: int, contact_id: int) -> None:
    contact = ctx.store.get_contact(contact_id)
    if contact.application_id != app_id:
        raise BadInput(
            f"contact {contact_id} is not a contact of application {app_id}; "
            f"see `followup contact list {app_id}`"
        )


def _note(note: str | None) -> str | None:
    return inputs.optional_text(note, "note", limits.NOTE_CHARS)
