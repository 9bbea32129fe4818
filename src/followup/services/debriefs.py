"""Use cases on debriefs: the candidate's reflection on a round, and what it tells the planner.

A debrief is stored on its interview, so the planner reads it with the rest of the history:
its rapport drives the LinkedIn connection (P14), its points left unaddressed the offer of
additional information (P13). A decision date they stated is a fact about the employer, not
about the candidate, so it also goes on the application's timeline as a ``timeline`` event
(P11), where ``followup plan`` shows it and a later ``followup log ... timeline`` can
supersede it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from followup.domain.errors import Conflict, NotFound
from followup.domain.model import Application, Contact, Debrief, Event, EventKind, Interview
from followup.services.context import Context
from followup.services.debrief_input import check_debrief
from followup.services.planning import changing, refresh

TIMELINE_NOTE = "from the debrief"


@dataclass(frozen=True)
class DebriefSubject:
    """An interview with what a debrief of it refers to: its application and its people."""

    interview: Interview
    application: Application
    people: tuple[Contact, ...]  # every contact of the application, by id

    @property
    def interviewers(self) -> tuple[Contact, ...]:
        by_id = {c.id: c for c in self.people}
        return tuple(by_id[i] for i in self.interview.interviewer_ids if i in by_id)

    def name(self, contact_id: int) -> str:
        return next((c.name for c in self.people if c.id == contact_id), f"contact {contact_id}")


@dataclass(frozen=True)
class DebriefSaved:
    interview: Interview
    timeline: Event | None  # the decision date logged, if the debrief gave a new one


def debrief_subject(ctx: Context, interview_id: int) -> DebriefSubject:
    interview = ctx.store.get_interview(interview_id)
    app_id = interview.application_id
    return DebriefSubject(
        interview=interview,
        application=ctx.store.get_application(app_id),
        people=tuple(ctx.store.list_contacts(app_id)),
    )


def get_debrief(ctx: Context, interview_id: int) -> tuple[DebriefSubject, Debrief]:
    subject = debrief_subject(ctx, interview_id)
    if subject.interview.debrief is None:
        raise NotFound(
            f"interview {interview_id} has no debrief yet; write one with "
            f"`followup debrief {interview_id}`"
        )
    return subject, subject.interview.debrief


def check_can_debrief(ctx: Context, subject: DebriefSubject) -> None:
    """Refuse before any prompt is answered, not after: a cancelled or future round."""
    interview = subject.interview
    if interview.cancelled:
        raise Conflict(f"interview {interview.id} was cancelled; there is nothing to debrief")
    if ctx.now < interview.start:
        raise Conflict(f"interview {interview.id} has not started yet; debrief it once it is over")


def record_debrief(ctx: Context, interview_id: int, debrief: Debrief) -> DebriefSaved:
    """Save (or replace) a round's debrief, log a newly stated decision date, re-plan.

    Refused for a round that was cancelled or has not started: there is nothing to reflect
    on yet. The timeline event is dated at the round's end (or now, if that is earlier), the
    moment they said it, and is logged only when the date differs from the latest one on
    the application's timeline, so saving the same debrief again adds nothing.
    """
    subject = debrief_subject(ctx, interview_id)
    interview = subject.interview
    if interview.cancelled:
        raise Conflict(f"interview {interview_id} was cancelled; there is nothing to debrief")
    if ctx.now < interview.start:
        raise Conflict(f"interview {interview_id} has not started yet; debrief it once it is over")
    check_debrief(debrief, interview, subject.people)
    updated = dataclasses.replace(interview, debrief=debrief)
    with changing(ctx):
        ctx.store.update_interview(updated)
        timeline = _log_decision_date(ctx, interview, debrief.decision_date)
    refresh(ctx, [interview.application_id])
    return DebriefSaved(updated, timeline)


def _log_decision_date(ctx: Context, interview: Interview, on: date | None) -> Event | None:
    if on is None:
        return None
    at = min(interview.end, ctx.now)
    stated = [
        e for e in ctx.store.list_events(interview.application_id) if e.kind is EventKind.TIMELINE
    ]
    if stated and stated[-1].on == on:
        return None  # already the date the planner waits for
    if any(e.on == on and e.at == at for e in stated):
        return None  # this debrief said so before; a later timeline since overrides it
    return ctx.store.add_event(
        Event(
            id=0,
            application_id=interview.application_id,
            kind=EventKind.TIMELINE,
            at=at,
            on=on,
            note=TIMELINE_NOTE,
        )
    )
