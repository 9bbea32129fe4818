"""The JSON API under ``/api``: the same use cases as the pages and the CLI's ``--json``.

Scripts authenticate with ``Authorization: Bearer TOKEN``; a browser session (cookie) may
call it too, with the ``X-CSRF-Token`` header on anything that writes. The models give the
OpenAPI document (``/api/openapi.json``) real schemas. Errors are ``{"error": message}``
with 400 (bad input), 404 (no such id), 401/403 (access), 413 (a body over 1 MiB), 502
(an outside failure).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from followup import bootstrap
from followup.domain import limits
from followup.domain.errors import BadInput
from followup.domain.inbox import InboxItem
from followup.domain.kinds import EventKind
from followup.domain.messages import Message
from followup.domain.model import LOGGABLE_EVENTS, Event
from followup.services import (
    applications,
    drafting,
    events,
    inbox,
    inputs,
    mail_account,
    mail_actions,
    views,
)
from followup.services.views import MAX_DAYS
from followup.web import state
from followup.web.forms import Id, check_csrf
from followup.web.state import reading, session, web_state


class Problem(BaseModel):
    error: str


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Bad input"},
    401: {"model": Problem, "description": "No valid token"},
    403: {"model": Problem, "description": "Another site's request, or no CSRF token"},
    404: {"model": Problem, "description": "No such id"},
    413: {"model": Problem, "description": "The body is larger than the server takes (1 MiB)"},
    502: {"model": Problem, "description": "An outside failure (the database, the mail server)"},
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
    until: str | None = None  # a snooze: the moment the action was put off to


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


# The lengths are limits.py's, the same the services enforce for every entrance; the schema
# quotes them so a script learns them from /api/openapi.json.
class ApplicationIn(BaseModel):
    company: str = Field(min_length=1, max_length=limits.COMPANY_CHARS)
    role: str = Field(min_length=1, max_length=limits.ROLE_CHARS)
    agency: str | None = Field(None, max_length=limits.AGENCY_CHARS)
    url: str | None = Field(None, max_length=limits.URL_CHARS)
    source: str | None = Field(None, max_length=limits.SOURCE_CHARS)
    notes: str | None = Field(None, max_length=limits.NOTE_CHARS)


class EventIn(BaseModel):
    kind: str = Field(description="An event kind, e.g. reply, timeline, offer, note")
    at: datetime | None = None
    on: date | None = Field(None, description="timeline: decision date; offer: deadline")
    contact_id: int | None = Field(None, ge=limits.ID_MIN, le=limits.ID_MAX)
    note: str | None = Field(None, max_length=limits.NOTE_CHARS)


class DoneIn(BaseModel):
    note: str | None = Field(None, max_length=limits.NOTE_CHARS)


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
    subject: str = Field(max_length=limits.SUBJECT_CHARS)
    body: str = Field(max_length=limits.LETTER_CHARS)


class DraftIn(BaseModel):
    subject: str = Field(min_length=1, max_length=limits.SUBJECT_CHARS)
    body: str = Field(min_length=1, max_length=limits.LETTER_CHARS)


class SendIn(BaseModel):
    force: bool = Field(
        False, description="Send despite review errors, P9, a bounced address or an unsettled send"
    )


class ScheduleIn(BaseModel):
    at: datetime | None = Field(None, description="When to send it (your clock if no offset)")
    when_due: bool = Field(False, description="At its planned action's due time (now if past)")
    force: bool = False


class MessageOut(BaseModel):
    id: int
    application_id: int
    kind: str
    to: str | None
    subject: str
    status: str = Field(description="draft, scheduled, sending, sent, failed or unsettled")
    message_id: str | None
    send_at: datetime | None
    sent_at: datetime | None
    last_error: str | None
    note: str | None = Field(None, description="A warning worth a line (no Sent copy ...)")


class SnoozeIn(BaseModel):
    until: datetime | None = Field(None, description="The moment to put it off to")
    choice: str | None = Field(None, description="Or a quick choice: tomorrow, next-week")
    note: str | None = None


class SnoozeOut(BaseModel):
    event: EventOut
    until: datetime
    due: datetime = Field(description="When the action is due now")


class InboxItemOut(BaseModel):
    id: int
    application_id: int
    contact_id: int | None
    strength: str
    match: str
    sender: str | None = Field(alias="from")
    from_name: str | None
    subject: str
    received: datetime | None
    kind: str
    date: date | None
    confidence: float
    reasons: list[str]
    status: str
    event_id: int | None
    bounced: str | None


class AlertOut(BaseModel):
    item_id: int
    text: str


class InboxOut(BaseModel):
    items: list[InboxItemOut]
    alerts: list[AlertOut]


class ConfirmIn(BaseModel):
    kind: str | None = Field(None, description="What it really means (default: as proposed)")
    date: str | None = Field(None, description="timeline: decision; offer: deadline; ...")


class FolderOut(BaseModel):
    name: str
    skipped: bool
    reset: bool
    fetched: int
    matched: int


class SyncOut(BaseModel):
    folders: list[FolderOut]
    items: list[InboxItemOut]


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
        until=event.until.isoformat() if event.until else None,
    )  # fmt: skip


@router.get("/drafts/{message_id}", response_model=DraftOut)
def draft(request: Request, message_id: Id) -> Any:
    reviewers = web_state(request).reviewers()
    templates = web_state(request).templates()
    with session(request) as ctx:
        m = drafting.get_draft(ctx, message_id, templates)
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


@router.post("/actions/{action_id}/snooze", response_model=SnoozeOut)
def snooze(request: Request, action_id: str, body: SnoozeIn) -> Any:
    """As ``followup snooze``: put the action off to ``until`` or a quick ``choice``."""
    _writes(request)
    if (body.until is None) == (body.choice is None):
        raise BadInput("give until (a date and time) or choice (tomorrow, next-week), one")
    with session(request) as ctx:
        until: datetime | str = body.until if body.until is not None else str(body.choice)
        action, event = events.snooze_action(ctx, action_id, until, note=body.note)
    assert event.until is not None
    return SnoozeOut(event=_event_out(event), until=event.until, due=action.due)


@router.post("/drafts/{message_id}", response_model=DraftOut)
def save_draft(request: Request, message_id: Id, body: DraftIn) -> Any:
    """Keep an edited subject and body (a draft, or a letter that failed to go)."""
    _writes(request)
    reviewers = web_state(request).reviewers()
    with session(request) as ctx:
        m = drafting.save_edit(ctx, message_id, body.subject, body.body)
        text, found = drafting.review_edit(ctx, m, m.subject, m.body, reviewers)
    return _draft_out(m.id, m, text, found)


@router.post("/drafts/{message_id}/send", response_model=MessageOut)
def send(request: Request, message_id: Id, body: SendIn) -> Any:
    """As ``followup send``: refused (400) for review errors, P9 or a bounced address
    unless ``force``; 400 with no mail account; 502 when the server fails."""
    _writes(request)
    settings = web_state(request).settings
    reviewers = web_state(request).reviewers()
    templates = web_state(request).templates()
    with session(request) as ctx:
        servers = bootstrap.mail_servers(settings, mail_account.get(ctx))
        report = mail_actions.send_now(
            ctx, servers, bootstrap.composer(), message_id,
            force=body.force, reviewers=reviewers, templates=templates,
            clock=bootstrap.ticking(settings, ctx.now.tzinfo or UTC),
        )  # fmt: skip
    return _message_out(report.outcome.message, report.outcome.note)


@router.post("/drafts/{message_id}/schedule", response_model=MessageOut)
def schedule(request: Request, message_id: Id, body: ScheduleIn) -> Any:
    """As ``followup send --at`` / ``--when-due``; when due already, it is sent now."""
    _writes(request)
    settings = web_state(request).settings
    reviewers = web_state(request).reviewers()
    templates = web_state(request).templates()
    with session(request) as ctx:
        done = mail_actions.schedule_or_send(
            ctx, lambda account: bootstrap.mail_servers(settings, account),
            bootstrap.composer(), message_id,
            when_due=body.when_due, at=body.at, force=body.force, reviewers=reviewers,
            templates=templates, clock=bootstrap.ticking(settings, ctx.now.tzinfo or UTC),
        )  # fmt: skip
    if isinstance(done, Message):
        return _message_out(done)
    return _message_out(done.outcome.message, done.outcome.note)


def _message_out(m: Message, note: str | None = None) -> MessageOut:
    return MessageOut(
        id=m.id, application_id=m.application_id, kind=m.kind.value, to=m.to,
        subject=m.subject, status=m.status.value, message_id=m.message_id,
        send_at=m.send_at, sent_at=m.sent_at, last_error=m.last_error, note=note,
    )  # fmt: skip


@router.get("/inbox", response_model=InboxOut)
def inbox_review(request: Request) -> Any:
    """As ``followup inbox review --json``: what waits for you, and the bounce alerts."""
    with session(request) as ctx:
        found = mail_actions.inbox_review(ctx)
    return InboxOut(
        items=[_item_out(i) for i in found.items],
        alerts=[AlertOut(item_id=a.item.id, text=a.text) for a in found.alerts],
    )


@router.post("/inbox/sync", response_model=SyncOut)
def inbox_sync(request: Request) -> Any:
    """As ``followup inbox sync``: 400 with no mail account, 502 when the server fails."""
    _writes(request)
    settings = web_state(request).settings
    with session(request) as ctx:
        servers = bootstrap.mail_servers(settings, mail_account.get(ctx))
        report = mail_actions.check_inbox(ctx, servers, bootstrap.mail_reader())
    return SyncOut(
        folders=[
            FolderOut(
                name=f.name, skipped=f.skipped, reset=f.reset, fetched=f.fetched,
                matched=f.matched,
            )
            for f in report.folders
        ],
        items=[_item_out(i) for i in report.items],
    )  # fmt: skip


@router.post("/inbox/{item_id}/confirm", response_model=InboxItemOut)
def inbox_confirm(request: Request, item_id: Id, body: ConfirmIn) -> Any:
    """Confirm (or correct, with ``kind`` and ``date``) what an item means; its event is
    logged and the plan moves on."""
    _writes(request)
    with session(request) as ctx:
        item = mail_actions.confirm_answer(ctx, item_id, body.kind, body.date)
    return _item_out(item)


@router.post("/inbox/{item_id}/dismiss", response_model=InboxItemOut)
def inbox_dismiss(request: Request, item_id: Id) -> Any:
    _writes(request)
    with session(request) as ctx:
        item = inbox.dismiss(ctx, item_id)
    return _item_out(item)


def _item_out(i: InboxItem) -> InboxItemOut:
    return InboxItemOut.model_validate(
        {
            "id": i.id, "application_id": i.application_id, "contact_id": i.contact_id,
            "strength": i.strength.value, "match": i.match_reason, "from": i.from_address,
            "from_name": i.from_name, "subject": i.subject, "received": i.date,
            "kind": i.kind.replace("_", "-"), "date": i.on, "confidence": round(i.confidence, 2),
            "reasons": list(i.reasons), "status": i.status.value, "event_id": i.event_id,
            "bounced": i.bounced,
        }
    )  # fmt: skip


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
