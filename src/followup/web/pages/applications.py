"""Applications: the board by status with filter and search, the one-form add, and one
application's page (details, people, rounds, the timeline, log an event)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from followup.domain.errors import BadInput
from followup.domain.kinds import ContactRole, EventKind, InterviewFormat, Status
from followup.domain.model import LOGGABLE_EVENTS
from followup.services import agenda, applications, contacts, drafting, events, inputs, interviews
from followup.services.context import Context
from followup.web import svg
from followup.web.forms import Id, checked_form, redirect
from followup.web.pages.common import page
from followup.web.state import run, session

router = APIRouter(include_in_schema=False)


@router.get("/applications", response_class=HTMLResponse)
def board(request: Request, q: str = "", status: str = "") -> HTMLResponse:
    chosen = inputs.choice(Status, status, "status") if status else None
    with session(request) as ctx:
        found = applications.find_applications(ctx, q, chosen)
    columns = {s: [a for a in found if a.status is s] for s in Status}
    return page(
        request, "applications.html", "applications",
        columns=columns, q=q, status=chosen, statuses=list(Status), count=len(found),
    )  # fmt: skip


@router.post("/applications")
async def add(request: Request) -> Response:
    form = await checked_form(request)
    app = await run(
        request,
        lambda ctx: applications.add_application(
            ctx, form["company"], form["role"],
            agency=form.get("agency"), url=form.get("url"),
            source=form.get("source"), notes=form.get("notes"),
        ),
    )  # fmt: skip
    return redirect(f"/applications/{app.id}")


@router.get("/applications/{app_id}", response_class=HTMLResponse)
def detail(request: Request, app_id: Id) -> HTMLResponse:
    with session(request) as ctx:
        plan = agenda.plan(ctx, app_id)
        rounds = interviews.list_interviews(ctx, app_id)
        drafts = drafting.list_drafts(ctx, app_id)
    timeline = svg.timeline(plan.events, plan.actions, plan.now, plan.zone)
    return page(
        request, "application.html", "applications",
        plan=plan, rounds=rounds, drafts=drafts, timeline=timeline,
        loggable=[k for k in EventKind if k in LOGGABLE_EVENTS],
        formats=list(InterviewFormat), roles=list(ContactRole),
    )  # fmt: skip


@router.post("/applications/{app_id}/events")
async def log(request: Request, app_id: Id) -> Response:
    form = await checked_form(request)

    def record(ctx: Context) -> object:
        kind = inputs.choice(EventKind, form["kind"], "event", tuple(LOGGABLE_EVENTS))
        on = form.get("on")
        at = form.get("at")
        return events.log_event(
            ctx, app_id, kind,
            at=inputs.parse_datetime(at, "when") if at else None,
            on=inputs.parse_date(on, "date") if on else None,
            contact_id=_id(form.get("contact")), note=form.get("note"),
        )  # fmt: skip

    await run(request, record)
    return redirect(f"/applications/{app_id}")


@router.post("/applications/{app_id}/contacts")
async def add_contact(request: Request, app_id: Id) -> Response:
    form = await checked_form(request)

    def add_one(ctx: Context) -> object:
        fields = contacts.ContactFields(
            email=form.get("email"),
            phone=form.get("phone"),
            role=inputs.choice(ContactRole, form["role"] or "interviewer", "role"),
        )
        return contacts.add_contact(ctx, app_id, form["name"], fields)

    await run(request, add_one)
    return redirect(f"/applications/{app_id}")


@router.post("/applications/{app_id}/interviews")
async def add_interview(request: Request, app_id: Id) -> Response:
    form = await checked_form(request)

    def add_one(ctx: Context) -> object:
        return interviews.add_interview(
            ctx, app_id, inputs.parse_datetime(form["start"], "start"),
            minutes=_whole(form.get("minutes") or "60", "minutes"),
            format=inputs.choice(InterviewFormat, form["format"] or "video", "format"),
            interviewer_ids=[_whole(v, "interviewer") for v in form.many("with")],
        )  # fmt: skip

    await run(request, add_one)
    return redirect(f"/applications/{app_id}")


def _id(text: str | None) -> int | None:
    return None if text is None else _whole(text, "contact")


def _whole(text: str, what: str) -> int:
    if not text.strip().isdigit():
        raise BadInput(f"{what} must be a whole number, not {text!r}")
    return int(text)
