"""The JSON API under ``/api``: the same use cases as the pages and the CLI's ``--json``.

Scripts authenticate with ``Authorization: Bearer TOKEN``; a browser session (cookie) may
call it too, with the ``X-CSRF-Token`` header on anything that writes. The models give the
OpenAPI document (``/api/openapi.json``) real schemas. Errors are ``{"error": message}``
with 400 (bad input), 404 (no such id), 401/403 (access), 413 (a body over 1 MiB), 502
(an outside failure).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, WithJsonSchema

from followup.domain import limits
from followup.domain.errors import BadInput, NotFound
from followup.domain.kinds import EventKind
from followup.domain.messages import Message
from followup.domain.model import LOGGABLE_EVENTS
from followup.services import (
    applications,
    documents,
    drafting,
    events,
    inbox,
    inputs,
    mail_account,
    mail_actions,
    read_models,
    records,
)
from followup.services.profile import display_zone
from followup.services.read_models import MAX_DAYS
from followup.web import model_jobs, state
from followup.web.forms import Id, check_csrf
from followup.web.state import reading, session

# An instant as ``services.records`` writes it, ISO 8601 with the offset of the user's zone:
# the text is passed through as built (a ``datetime`` field would be written again, UTC as Z).
Instant = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


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

# A record answered as ``services.records`` or ``services.read_models`` built it, the CLI's --json:
# a key they leave out (``until`` on an event that is no snooze) is not added back as null.
_AS_BUILT: dict[str, Any] = {"response_model_exclude_unset": True}


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


class AlertOut(BaseModel):
    item_id: int
    text: str


class TodayOut(BaseModel):
    actions: list[ActionOut]
    alerts: list[AlertOut] = Field(description="The inbox's alerts not yet dealt with")


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


class RecordedEventOut(EventOut):
    """An event just logged, as ``followup log --json`` prints it."""

    application_id: int
    action_id: str | None


class PlanOut(BaseModel):
    application: AppBrief
    actions: list[ActionOut]
    events: list[EventOut]


class ApplicationOut(BaseModel):
    """As an item of ``followup app list --json``."""

    id: int
    company: str
    role: str
    agency: str | None
    url: str | None
    source: str | None
    notes: str | None
    created_at: Instant
    status: str
    next_due: Instant | None


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


class AttachmentOut(BaseModel):
    document_id: int | None = Field(description="null once the document was removed")
    name: str
    media_type: str
    size: int
    sha256: str


class ModelUse(BaseModel):
    seconds: float | None
    input_tokens: int | None
    output_tokens: int | None
    tries: int | None


class DraftOut(BaseModel):
    id: int
    application_id: Id
    kind: str
    contact_id: int | None
    to: str | None
    subject: str
    body: str
    status: str
    action_id: str | None
    attachments: list[AttachmentOut] = Field(description="The documents the letter carries")
    writer: str = Field(
        "template", description="'template', or 'model:NAME' when a language model wrote it"
    )
    # Present only when a model was asked (the CLI's --json and this agree, key for key).
    refused: list[str] = Field(
        default_factory=list, description="Why a language model's letter was not used"
    )
    model: ModelUse | None = Field(None, description="What asking the model took")
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
    send_at: Instant | None
    sent_at: Instant | None
    attempts: int = Field(description="How many times sending was tried")
    last_error: str | None
    note: str | None = Field(None, description="A warning worth a line (no Sent copy ...)")


class WriteIn(BaseModel):
    writer: str = Field(
        "template",
        max_length=210,
        description="'template', or 'model:NAME' with a model llm knows (see /api/writers)",
    )


class JobOut(BaseModel):
    message_id: int
    writer: str = Field(description="'template', or 'model:NAME'")
    state: str = Field(description="running, done or failed")
    seconds: float = Field(description="How long it has run (or ran)")
    failure: str | None = Field(
        None, description="Why the letter was not written again (it changed meanwhile ...)"
    )


class WritersOut(BaseModel):
    models: list[str] = Field(description="Every model llm knows")
    default: str | None = Field(description="The [drafting] model setting")
    missing: str | None = Field(description="How to install llm, when it is not installed")


class SnoozeIn(BaseModel):
    until: datetime | None = Field(None, description="The moment to put it off to")
    choice: str | None = Field(None, description="Or a quick choice: tomorrow, next-week")
    note: str | None = None


class SnoozeOut(BaseModel):
    event: RecordedEventOut
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
    received: Instant | None
    kind: str
    date: date | None
    confidence: float
    reasons: list[str]
    status: str
    event_id: int | None
    bounced: str | None


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


@router.get("/today", response_model=TodayOut, **_AS_BUILT)
def today(request: Request, days: int = Query(read_models.DEFAULT_DAYS, ge=0, le=MAX_DAYS)) -> Any:
    with reading(request) as read:
        return read_models.today(read.views, read.now, read.zone, days)


@router.get("/applications", response_model=list[ApplicationOut])
def list_applications(request: Request, q: str = "", status: str = "") -> Any:
    from followup.domain.kinds import Status

    chosen = inputs.choice(Status, status, "status") if status else None
    with session(request) as ctx:
        found = applications.find_applications(ctx, q, chosen)
        zone = display_zone(ctx)
    return [records.summary(s, zone) for s in found]


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


@router.get("/applications/{app_id}/plan", response_model=PlanOut, **_AS_BUILT)
def plan(request: Request, app_id: Id) -> Any:
    with reading(request) as read:
        return read_models.plan(read.views, app_id, read.now, read.zone)


@router.post(
    "/applications/{app_id}/events", response_model=RecordedEventOut, status_code=201, **_AS_BUILT
)
def log_event(request: Request, app_id: Id, body: EventIn) -> Any:
    _writes(request)
    with session(request) as ctx:
        kind = inputs.choice(EventKind, body.kind, "event", tuple(LOGGABLE_EVENTS))
        event = events.log_event(
            ctx, app_id, kind, at=body.at, on=body.on, contact_id=body.contact_id, note=body.note
        )
        return records.recorded_event(event, display_zone(ctx))


@router.post("/actions/{action_id}/done", response_model=RecordedEventOut, **_AS_BUILT)
def done(request: Request, action_id: str, body: DoneIn) -> Any:
    _writes(request)
    with session(request) as ctx:
        _, event = events.done_action(ctx, action_id, note=body.note)
        return records.recorded_event(event, display_zone(ctx))


@router.post("/actions/{action_id}/skip", response_model=RecordedEventOut, **_AS_BUILT)
def skip(request: Request, action_id: str, body: DoneIn) -> Any:
    _writes(request)
    with session(request) as ctx:
        _, event = events.skip_action(ctx, action_id, note=body.note)
        return records.recorded_event(event, display_zone(ctx))


@router.get("/drafts/{message_id}", response_model=DraftOut, **_AS_BUILT)
def draft(request: Request, message_id: Id) -> Any:
    with session(request) as ctx:
        m = drafting.get_draft(ctx, message_id, ctx.ports.templates())
        text, found = drafting.review_edit(ctx, m, m.subject, m.body, ctx.ports.reviewers())
        carried = documents.attachments(ctx, message_id)
    return records.draft(m, (text, found), attachments=carried)


@router.post("/drafts/{message_id}/review", response_model=DraftOut, **_AS_BUILT)
def review(request: Request, message_id: Id, body: ReviewIn) -> Any:
    """Review an edited letter without saving it (what the editor does as you type)."""
    with session(request) as ctx:
        m = drafting.get_draft(ctx, message_id)
        text, found = drafting.review_edit(ctx, m, body.subject, body.body, ctx.ports.reviewers())
        carried = documents.attachments(ctx, message_id)
    return records.draft(m, (text, found), body.subject, body.body, attachments=carried)


@router.post("/actions/{action_id}/snooze", response_model=SnoozeOut)
def snooze(request: Request, action_id: str, body: SnoozeIn) -> Any:
    """As ``followup snooze``: put the action off to ``until`` or a quick ``choice``."""
    _writes(request)
    if (body.until is None) == (body.choice is None):
        raise BadInput("give until (a date and time) or choice (tomorrow, next-week), one")
    with session(request) as ctx:
        until: datetime | str = body.until if body.until is not None else str(body.choice)
        action, event = events.snooze_action(ctx, action_id, until, note=body.note)
        zone = display_zone(ctx)
    assert event.until is not None
    return SnoozeOut.model_validate(
        {"event": records.recorded_event(event, zone), "until": event.until, "due": action.due}
    )


@router.post("/drafts/{message_id}", response_model=DraftOut, **_AS_BUILT)
def save_draft(request: Request, message_id: Id, body: DraftIn) -> Any:
    """Keep an edited subject and body (a draft, or a letter that failed to go)."""
    _writes(request)
    with session(request) as ctx:
        m = drafting.save_edit(ctx, message_id, body.subject, body.body)
        text, found = drafting.review_edit(ctx, m, m.subject, m.body, ctx.ports.reviewers())
        carried = documents.attachments(ctx, message_id)
    return records.draft(m, (text, found), attachments=carried)


@router.post("/drafts/{message_id}/send", response_model=MessageOut)
def send(request: Request, message_id: Id, body: SendIn) -> Any:
    """As ``followup send``: refused (400) for review errors, P9 or a bounced address
    unless ``force``; 400 with no mail account; 502 when the server fails."""
    _writes(request)
    with session(request) as ctx:
        ports = ctx.ports
        report = mail_actions.send_now(
            ctx, ports.mail_servers(mail_account.get(ctx)), ports.composer(), message_id,
            force=body.force, reviewers=ports.reviewers(), templates=ports.templates(),
        )  # fmt: skip
        zone = display_zone(ctx)
    return records.message(report.outcome.message, zone, report.outcome.note)


@router.post("/drafts/{message_id}/schedule", response_model=MessageOut)
def schedule(request: Request, message_id: Id, body: ScheduleIn) -> Any:
    """As ``followup send --at`` / ``--when-due``; when due already, it is sent now."""
    _writes(request)
    with session(request) as ctx:
        ports = ctx.ports
        done = mail_actions.schedule_or_send(
            ctx, ports.mail_servers, ports.composer(), message_id,
            when_due=body.when_due, at=body.at, force=body.force,
            reviewers=ports.reviewers(), templates=ports.templates(),
        )  # fmt: skip
        zone = display_zone(ctx)
    if isinstance(done, Message):
        return records.message(done, zone)
    return records.message(done.outcome.message, zone, done.outcome.note)


@router.get("/writers", response_model=WritersOut)
def writers(request: Request) -> Any:
    """The choice of writer the Draft page offers: the template, or a model llm knows."""
    found = state.web_state(request)
    with session(request) as ctx:
        return dataclasses.asdict(found.writer_list.writers(ctx.ports))


@router.post("/drafts/{message_id}/write", response_model=JobOut, status_code=202)
def write_again(request: Request, message_id: Id, body: WriteIn) -> Any:
    """Write a draft again: by the template at once (``done``), or by a model in a
    background job (``running``; ask ``GET .../job`` until it is ``done``, then read the
    draft: its ``writer`` and, when the model's letter was not used, ``refused``). A job
    already running for the draft is returned as it is."""
    _writes(request)
    found = state.web_state(request)
    with session(request) as ctx:
        job = model_jobs.rewrite(
            ctx, found.ports, found.settings, found.jobs, message_id, body.writer
        )
    if job is None:
        return JobOut(
            message_id=message_id, writer=model_jobs.TEMPLATE, state="done", seconds=0, failure=None
        )
    return _job(job)


@router.get("/drafts/{message_id}/job", response_model=JobOut)
def job_state(request: Request, message_id: Id) -> Any:
    """The draft's model job: running, done or failed; 404 when none was started since
    the server started."""
    job = state.web_state(request).jobs.get(message_id)
    if job is None:
        raise NotFound(f"no model is writing draft {message_id}, nor has since the server started")
    return _job(job)


def _job(job: model_jobs.Job) -> JobOut:
    return JobOut(
        message_id=job.message_id, writer=job.writer, state=job.state,
        seconds=job.seconds(), failure=job.failure,
    )  # fmt: skip


@router.get("/inbox", response_model=InboxOut)
def inbox_review(request: Request) -> Any:
    """As ``followup inbox review --json``: what waits for you, and the bounce alerts."""
    with session(request) as ctx:
        found = mail_actions.inbox_review(ctx)
        zone = display_zone(ctx)
    return {
        "items": [records.inbox_item(i, zone) for i in found.items],
        "alerts": [records.alert(a) for a in found.alerts],
    }


@router.post("/inbox/sync", response_model=SyncOut)
def inbox_sync(request: Request) -> Any:
    """As ``followup inbox sync``: 400 with no mail account, 502 when the server fails."""
    _writes(request)
    with session(request) as ctx:
        servers = ctx.ports.mail_servers(mail_account.get(ctx))
        report = mail_actions.check_inbox(ctx, servers, ctx.ports.mail_reader())
        zone = display_zone(ctx)
    return {
        "folders": [records.folder(f) for f in report.folders],
        "items": [records.inbox_item(i, zone) for i in report.items],
    }


@router.post("/inbox/{item_id}/confirm", response_model=InboxItemOut)
def inbox_confirm(request: Request, item_id: Id, body: ConfirmIn) -> Any:
    """Confirm (or correct, with ``kind`` and ``date``) what an item means; its event is
    logged and the plan moves on."""
    _writes(request)
    with session(request) as ctx:
        item = mail_actions.confirm_answer(ctx, item_id, body.kind, body.date)
        return records.inbox_item(item, display_zone(ctx))


@router.post("/inbox/{item_id}/dismiss", response_model=InboxItemOut)
def inbox_dismiss(request: Request, item_id: Id) -> Any:
    _writes(request)
    with session(request) as ctx:
        item = inbox.dismiss(ctx, item_id)
        return records.inbox_item(item, display_zone(ctx))


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
