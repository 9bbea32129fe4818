"""The JSON API under ``/api``: the same use cases as the pages and the CLI's ``--json``.

Scripts authenticate with ``Authorization: Bearer TOKEN``; a browser session (cookie) may
call it too, with the ``X-CSRF-Token`` header on anything that writes. The models give the
OpenAPI document (``/api/openapi.json``) real schemas. Errors are ``{"error": message}``
with 400 (bad input), 404 (no such id), 401/403 (access), 502 (an outside failure).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from followup.domain.kinds import EventKind
from followup.domain.model import LOGGABLE_EVENTS, Event
from followup.services import applications, drafting, events, inputs, views
from followup.services.views import MAX_DAYS
from followup.web import state
from followup.web.forms import Id, check_csrf
from followup.web.state import reading, session, web_state


class Problem(BaseModel):
    error: str


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Bad input"},
    401: {"model": Problem, "description": "No valid token"},
    404: {"model": Problem, "description": "No such id"},
    502: {"model": Problem, "description": "An outside failure (the database ...)"},
}

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)


class ActionOut(BaseModel):
    id: str
    kind: str
    application_id: Id
    contact_id: int | None
    channel: str
    earliest: str | None
    due: str
    latest: str | None
    why: str
    company: str | None = None
    role: str | None = None


class TodayOut(BaseModel):
    actions: list[ActionOut]


class AppBrief(BaseModel):
    id: int
    company: str
    role: str
    status: str


class EventOut(BaseModel):
    id: int
    kind: str
    at: str
    contact_id: int | None
    on: str | None
    note: str | None


class PlanOut(BaseModel):
    application: AppBrief
    actions: list[ActionOut]
    events: list[EventOut]


class ApplicationOut(BaseModel):
    id: int
    company: str
    role: str
    status: str
    agency: str | None
    next_due: datetime | None


class ApplicationIn(BaseModel):
    company: str = Field(min_length=1, max_length=200)
    role: str = Field(min_length=1, max_length=200)
    agency: str | None = None
    url: str | None = None
    source: str | None = None
    notes: str | None = None


class EventIn(BaseModel):
    kind: str = Field(description="An event kind, e.g. reply, timeline, offer, note")
    at: datetime | None = None
    on: date | None = Field(None, description="timeline: decision date; offer: deadline")
    contact_id: int | None = Field(None, ge=1, le=2**63 - 1)
    note: str | None = None


class DoneIn(BaseModel):
    note: str | None = None


class FindingOut(BaseModel):
    category: str
    severity: str
    message: str
    start: int
    end: int
    suggestion: str | None


class DraftOut(BaseModel):
    id: int
    application_id: Id
    kind: str
    to: str | None
    subject: str
    body: str
    status: str
    action_id: str | None
    text: str = Field(description="Subject line and body, as the findings' offsets count")
    findings: list[FindingOut]


class ReviewIn(BaseModel):
    subject: str = Field(max_length=1000)
    body: str = Field(max_length=50000)


class Stage(BaseModel):
    name: str
    count: int


class InsightsOut(BaseModel):
    applications: int
    reached_out: int
    answered: int
    response_rate: float | None
    median_days_to_answer: float | None
    funnel: list[Stage]
    follow_ups: dict[str, int] = Field(description="follow-ups sent -> applications")


def _writes(request: Request) -> None:
    check_csrf(request, request.headers.get("x-csrf-token"))


@router.get("/today", response_model=TodayOut)
def today(request: Request, days: int = Query(views.DEFAULT_DAYS, ge=0, le=MAX_DAYS)) -> Any:
    with reading(request) as read:
        return views.today(read.views, read.now, read.zone, days)


@router.get("/applications", response_model=list[ApplicationOut])
def list_applications(request: Request, q: str = "", status: str = "") -> Any:
    from followup.domain.kinds import Status

    chosen = inputs.choice(Status, status, "status") if status else None
    with session(request) as ctx:
        found = applications.find_applications(ctx, q, chosen)
    return [
        ApplicationOut(
            id=s.application.id, company=s.application.company, role=s.application.role,
            status=s.status.label, agency=s.application.agency, next_due=s.next_due,
        )
        for s in found
    ]  # fmt: skip


@router.post("/applications", response_model=AppBrief, status_code=201)
def add_application(request: Request, body: ApplicationIn) -> Any:
    _writes(request)
    with session(request) as ctx:
        app = applications.add_application(
            ctx, body.company, body.role,
            agency=body.agency, url=body.url, source=body.source, notes=body.notes,
        )  # fmt: skip
        status = applications.application_detail(ctx, app.id).status
    return AppBrief(id=app.id, company=app.company, role=app.role, status=status.label)


@router.get("/applications/{app_id}/plan", response_model=PlanOut)
def plan(request: Request, app_id: Id) -> Any:
    with reading(request) as read:
        return views.plan(read.views, app_id, read.now, read.zone)


@router.post("/applications/{app_id}/events", response_model=EventOut, status_code=201)
def log_event(request: Request, app_id: Id, body: EventIn) -> Any:
    _writes(request)
    with session(request) as ctx:
        kind = inputs.choice(EventKind, body.kind, "event", tuple(LOGGABLE_EVENTS))
        event = events.log_event(
            ctx, app_id, kind, at=body.at, on=body.on, contact_id=body.contact_id, note=body.note
        )
    return _event_out(event)


@router.post("/actions/{action_id}/done", response_model=EventOut)
def done(request: Request, action_id: str, body: DoneIn) -> Any:
    _writes(request)
    with session(request) as ctx:
        _, event = events.done_action(ctx, action_id, note=body.note)
    return _event_out(event)


@router.post("/actions/{action_id}/skip", response_model=EventOut)
def skip(request: Request, action_id: str, body: DoneIn) -> Any:
    _writes(request)
    with session(request) as ctx:
        _, event = events.skip_action(ctx, action_id, note=body.note)
    return _event_out(event)


def _event_out(event: Event) -> EventOut:
    return EventOut(
        id=event.id, kind=event.kind.label, at=event.at.isoformat(), contact_id=event.contact_id,
        on=event.on.isoformat() if event.on else None, note=event.note,
    )  # fmt: skip


@router.get("/drafts/{message_id}", response_model=DraftOut)
def draft(request: Request, message_id: Id) -> Any:
    reviewers = web_state(request).reviewers()
    with session(request) as ctx:
        m = drafting.get_draft(ctx, message_id)
        text, found = drafting.review_edit(ctx, m, m.subject, m.body, reviewers)
    return _draft_out(m.id, m, text, found)


@router.post("/drafts/{message_id}/review", response_model=DraftOut)
def review(request: Request, message_id: Id, body: ReviewIn) -> Any:
    """Review an edited letter without saving it (what the editor does as you type)."""
    reviewers = web_state(request).reviewers()
    with session(request) as ctx:
        m = drafting.get_draft(ctx, message_id)
        text, found = drafting.review_edit(ctx, m, body.subject, body.body, reviewers)
    return _draft_out(m.id, m, text, found, body.subject, body.body)


@router.get("/insights", response_model=InsightsOut)
def insights(request: Request) -> Any:
    found = state.insights(request)
    return InsightsOut(
        applications=found.applications,
        reached_out=found.reached_out,
        answered=found.answered,
        response_rate=found.response_rate,
        median_days_to_answer=found.median_days_to_answer,
        funnel=[Stage(name=s.name, count=s.count) for s in found.funnel],
        follow_ups={str(n): apps for n, apps in found.follow_ups},
    )


def _draft_out(
    message_id: Id,
    m: Any,
    text: str,
    found: list[Any],
    subject: str | None = None,
    body: str | None = None,
) -> DraftOut:
    return DraftOut(
        id=message_id, application_id=m.application_id, kind=m.kind.value, to=m.to,
        subject=m.subject if subject is None else subject,
        body=m.body if body is None else body,
        status=m.status.value, action_id=m.action_id, text=text,
        findings=[FindingOut(**f.as_dict()) for f in found],
    )  # fmt: skip
