"""Applications: the board by status with filter and search, the one-form add, and one
application's page (details, people, rounds, the timeline, log an event)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from followup import bootstrap
from followup.domain import lapse
from followup.domain.documents import Document, DocumentKind, SentAttachment
from followup.domain.kinds import ContactRole, EventKind, InterviewFormat, Status
from followup.domain.messages import Message
from followup.domain.model import LOGGABLE_EVENTS, Action, Interview
from followup.services import (
    agenda,
    applications,
    contacts,
    documents,
    drafting,
    events,
    inputs,
    interviews,
)
from followup.services.context import Context
from followup.web import svg
from followup.web.forms import Id, checked_form, redirect
from followup.web.page_cache import Entry, PageCache
from followup.web.pages.common import page
from followup.web.state import run, session, web_state

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


@dataclass(frozen=True)
class _Records:
    """What an application's page is drawn from, read under one change stamp."""

    plan: agenda.Plan  # its actions are those live at ``plan.now``
    rounds: tuple[Interview, ...]
    drafts: tuple[Message, ...]
    documents: tuple[Document, ...] = ()
    sent_documents: tuple[SentAttachment, ...] = ()  # what its sent letters carried


@dataclass(frozen=True)
class _Moment:
    """Everything on the page that depends on the clock: the template sees ``now`` only
    through this, so two moments that compare equal draw the same page (``page_cache``)."""

    status: Status
    actions: tuple[Action, ...]  # live now, not lapsed: what is next
    upcoming: tuple[bool, ...]  # per action: not yet due
    overdue: tuple[bool, ...]  # per action: its window has closed
    lapsed: tuple[Action, ...]  # live, but their moment is long gone (``domain.lapse``)
    held: tuple[bool, ...]  # per round: it has begun, so it can be debriefed
    axis: svg.Axis  # the timeline's: with ``actions``, all of the drawing that moves


def _moment(records: _Records, now: datetime) -> _Moment:
    plan = records.plan
    status = agenda.status_at(plan.events, records.rounds, now)
    live = [a for a in plan.actions if a.is_live(now)]
    gone = tuple(a for a in live if lapse.lapsed(a.kind, a.latest, now, status))
    actions = tuple(a for a in live if a not in gone)
    return _Moment(
        status=status,
        actions=actions,
        upcoming=tuple(a.due > now for a in actions),
        overdue=tuple(a.latest < now for a in actions),
        lapsed=gone,
        held=tuple(i.start <= now for i in records.rounds),
        axis=svg.axis(plan.events, actions, now, records.rounds),
    )


_Cache = PageCache[_Records, _Moment]


@router.get("/applications/{app_id}", response_class=HTMLResponse)
async def detail(request: Request, app_id: Id) -> Response:
    """Details, people, rounds, the timeline; from the page cache while nothing changed.

    The stamp is taken before anything is read, so records read under it can only be
    newer than it says (then the next request reads again), never older.
    """
    state = web_state(request)
    cache: _Cache = state.pages
    key = ("application", app_id, request.state.csrf)
    stamp = state.changes.stamp()
    entry = cache.get(key, stamp)
    if entry is not None:
        now = bootstrap.clock(state.settings.now, entry.data.plan.zone)
        if now == entry.now:  # a pinned clock, or the same instant
            return HTMLResponse(entry.body)
        if now > entry.now:  # actions only expire as time goes on: the records still hold
            moment = _moment(entry.data, now)
            if moment == entry.moment:
                return HTMLResponse(entry.body)
            return await run_in_threadpool(_draw, request, key, stamp, entry.data, now, moment)
    return await run_in_threadpool(_read_and_draw, request, key, stamp, app_id)


def _read_and_draw(request: Request, key: Hashable, stamp: Hashable, app_id: int) -> HTMLResponse:
    with session(request) as ctx:
        plan = agenda.plan(ctx, app_id)
        rounds = tuple(interviews.list_interviews(ctx, app_id))
        drafts = tuple(drafting.list_drafts(ctx, app_id))
        kept = tuple(documents.list_documents(ctx, app_id))
        went = tuple(documents.sent(ctx, app_id))
    records = _Records(plan, rounds, drafts, kept, went)
    return _draw(request, key, stamp, records, plan.now, _moment(records, plan.now))


def _draw(
    request: Request,
    key: Hashable,
    stamp: Hashable | None,
    records: _Records,
    now: datetime,
    moment: _Moment,
) -> HTMLResponse:
    plan = records.plan
    response = page(
        request, "application.html", "applications",
        app=plan.application, contacts=plan.contacts, zone=plan.zone,
        rounds=records.rounds, drafts=records.drafts, documents=records.documents,
        sent_documents=records.sent_documents,
        document_kinds=list(DocumentKind),
        model=web_state(request).ports.default_model(),
        status=moment.status, actions=moment.actions, upcoming=moment.upcoming,
        overdue=moment.overdue, lapsed=moment.lapsed, held=moment.held,
        timeline=svg.draw_timeline(
            plan.events, moment.actions, moment.axis, plan.zone, records.rounds
        ),
        loggable=[k for k in EventKind if k in LOGGABLE_EVENTS],
        formats=list(InterviewFormat), roles=list(ContactRole),
    )  # fmt: skip
    if stamp is not None:
        web_state(request).pages.put(key, Entry(stamp, now, records, moment, bytes(response.body)))
    return response


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
            greet=form.get("greet"),
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
    return inputs.whole_number(text, what)
