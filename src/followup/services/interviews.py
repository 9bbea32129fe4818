"""Use cases on interviews: the rounds that set the whole playbook going (P1-P4)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from followup.domain import limits
from followup.domain.errors import BadInput, Conflict
from followup.domain.model import Interview, InterviewFormat
from followup.services import inputs
from followup.services.changes import KEEP, Keep, pick
from followup.services.context import Context
from followup.services.planning import changing, refresh
from followup.services.profile import user_time

MAX_MINUTES = limits.INTERVIEW_MINUTES_MAX


@dataclass(frozen=True)
class InterviewChanges:
    start: datetime | Keep = KEEP  # naive: the profile's zone
    minutes: int | Keep = KEEP
    format: InterviewFormat | Keep = KEEP
    interviewer_ids: tuple[int, ...] | Keep = KEEP


def add_interview(
    ctx: Context,
    app_id: int,
    start: datetime,
    *,
    minutes: int = 60,
    format: InterviewFormat = InterviewFormat.VIDEO,
    interviewer_ids: Iterable[int] = (),
) -> Interview:
    ctx.store.get_application(app_id)
    draft = Interview(
        id=0,
        application_id=app_id,
        start=user_time(ctx, start),
        minutes=_minutes(minutes),
        format=format,
        interviewer_ids=_interviewers(ctx, app_id, interviewer_ids),
    )
    with changing(ctx):
        interview = ctx.store.add_interview(draft)
    refresh(ctx, [app_id])
    return interview


def edit_interview(ctx: Context, interview_id: int, changes: InterviewChanges) -> Interview:
    current = ctx.store.get_interview(interview_id)
    app_id = current.application_id
    start = changes.start
    ids = changes.interviewer_ids
    updated = dataclasses.replace(
        current,
        start=current.start if isinstance(start, Keep) else user_time(ctx, start),
        minutes=_minutes(pick(changes.minutes, current.minutes)),
        format=pick(changes.format, current.format),
        interviewer_ids=current.interviewer_ids
        if isinstance(ids, Keep)
        else _interviewers(ctx, app_id, ids),
    )
    with changing(ctx):
        ctx.store.update_interview(updated)
    refresh(ctx, [app_id])
    return updated


def cancel_interview(ctx: Context, interview_id: int) -> Interview:
    """Keep the round on record but drop everything the playbook planned from it."""
    current = ctx.store.get_interview(interview_id)
    if current.cancelled:
        raise Conflict(f"interview {interview_id} is already cancelled")
    updated = dataclasses.replace(current, cancelled=True)
    with changing(ctx):
        ctx.store.update_interview(updated)
    refresh(ctx, [current.application_id])
    return updated


def list_interviews(ctx: Context, app_id: int) -> list[Interview]:
    ctx.store.get_application(app_id)
    return ctx.store.list_interviews(app_id)


def _minutes(minutes: int) -> int:
    inputs.positive_int(minutes, "interview length (minutes)")
    if minutes > MAX_MINUTES:
        raise BadInput(f"interview length must be at most {MAX_MINUTES} minutes, not {minutes}")
    return minutes


def _interviewers(ctx: Context, app_id: int, contact_ids: Iterable[int]) -> tuple[int, ...]:
    """The interviewers in the order given, each a contact of this very application."""
    known = {c.id for c in ctx.store.list_contacts(app_id)}
    chosen: list[int] = []
    for contact_id in contact_ids:
        if contact_id not in known:
            raise BadInput(
                f"contact {contact_id} is not a contact of application {app_id}; "
                f"see `followup contact list {app_id}`"
            )
        if contact_id not in chosen:
            chosen.append(contact_id)
    return tuple(chosen)
