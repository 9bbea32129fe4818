"""Today: overdue, due and upcoming actions, each with its why and one-click answers."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from followup import bootstrap
from followup.domain.drafting import MissingFacts
from followup.domain.errors import BadInput, NoProfile
from followup.domain.messages import Decision
from followup.services import drafting, events, inputs, read_models
from followup.services.context import Context
from followup.web import model_jobs
from followup.web.forms import checked_form, local_path, redirect
from followup.web.page_cache import Entry, PageCache
from followup.web.pages.common import page
from followup.web.state import reading, run, session, web_state

router = APIRouter(include_in_schema=False)

SHOWN = 100


@dataclass(frozen=True)
class _Span:
    """The page's moment: the stretch of time over which everything it shows is as drawn.

    Today shows the clock's minute in its heading and splits the actions by ``now``; from
    ``start`` until ``end`` (exclusive: the next minute, or the first instant an action
    enters the window, falls due, closes or expires, ``read_models.today_page``) none of it
    changes, so a request in between gets the page's bytes as it would have rendered them.
    Instants in UTC: aware datetimes of one zone compare by their wall clocks.
    """

    zone: ZoneInfo
    start: datetime
    end: datetime

    def holds(self, now: datetime) -> bool:
        return self.start <= now.astimezone(UTC) < self.end


_Cache = PageCache[None, _Span]


@router.get("/")
async def today_page(
    request: Request, days: int = read_models.DEFAULT_DAYS, all: bool = False
) -> Response:
    """Every overdue and due action; the first ``SHOWN`` of each list unless ``?all=1``
    (a week of ten thousand applications is hundreds of rows nobody reads at once).

    From the page cache while nothing changed and the clock is within the page's span; the
    stamp is taken before anything is read (see ``applications.detail``).
    """
    state = web_state(request)
    cache: _Cache = state.pages
    key = ("today", days, all, request.state.csrf)
    stamp = state.changes.stamp()
    entry = cache.get(key, stamp)
    if entry is not None and entry.moment.holds(
        bootstrap.clock(state.settings.now, entry.moment.zone)
    ):
        return HTMLResponse(entry.body)
    return await run_in_threadpool(_read_and_draw, request, key, stamp, days, all)


def _read_and_draw(
    request: Request, key: Hashable, stamp: Hashable | None, days: int, all: bool
) -> Response:
    shown = None if all else SHOWN
    try:
        with reading(request) as read:
            groups, end = read_models.today_page(read.views, read.now, read.zone, days, shown)
    except NoProfile:  # a first visit: who you are comes first
        return redirect("/settings")
    now = read.now.astimezone(UTC)
    # The heading shows the minute (whole-minute offsets: the zone's minutes are UTC's).
    minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    span = _Span(read.zone, now, min(end, minute))
    model = web_state(request).ports.default_model()  # the Draft button's own choice
    response = page(
        request, "today.html", "today",
        groups=groups, days=days, now=read.now, shown=shown, model=model,
    )  # fmt: skip
    if stamp is not None:
        web_state(request).pages.put(key, Entry(stamp, read.now, None, span, bytes(response.body)))
    return response


@router.post("/actions/{action_id}/done")
async def done(request: Request, action_id: str) -> Response:
    form = await checked_form(request)
    await run(request, lambda ctx: events.done_action(ctx, action_id, note=form.get("note")))
    return redirect(local_path(form.get("next"), "/"))


@router.post("/actions/{action_id}/skip")
async def skip(request: Request, action_id: str) -> Response:
    form = await checked_form(request)
    await run(request, lambda ctx: events.skip_action(ctx, action_id, note=form.get("note")))
    return redirect(local_path(form.get("next"), "/"))


@router.post("/actions/{action_id}/snooze")
async def snooze(request: Request, action_id: str) -> Response:
    """Until tomorrow, next week, or the date chosen (its first business hour)."""
    form = await checked_form(request)
    choice = form.get("until") or ""
    day = form.get("on")

    def put_off(ctx: Context) -> object:
        if choice == "date":
            if not day:
                raise BadInput("choose the date to snooze it until")
            until: datetime | str = inputs.parse_datetime(day, "the date to snooze until")
        else:
            until = choice
        return events.snooze_action(ctx, action_id, until, note=form.get("note"))

    await run(request, put_off)
    return redirect(local_path(form.get("next"), "/"))


@router.get("/actions/{action_id}/draft", response_class=HTMLResponse)
def draft_with(request: Request, action_id: str) -> Response:
    """The choice of writer for an action's letter (Today's "Write with..."): the
    template, or any model llm knows, the setting preselected. Listing llm's models costs
    its import, so Today itself offers only the setting's model."""
    state = web_state(request)
    with session(request) as ctx:
        wanted = drafting.request_for_action(ctx, action_id)
        app = ctx.store.get_application(wanted.app_id)
        writers = state.writer_list.writers(ctx.ports)
    chosen = f"model:{writers.default}" if writers.default else model_jobs.TEMPLATE
    return page(
        request, "draft_with.html", "today",
        action_id=action_id, kind=wanted.action, app=app, writers=writers, chosen=chosen,
    )  # fmt: skip


@router.post("/actions/{action_id}/draft")
async def draft(request: Request, action_id: str) -> Response:
    """Draft the action's letters; when the record lacks a fact, ask for it on a form.

    The template writes at once; with ``writer=model:NAME`` each letter is then written
    again by that model in a background job (``model_jobs``), whose progress the Draft
    page shows."""
    form = await checked_form(request)
    supplied = {k: v for k in drafting.SUPPLIABLE_FACTS if (v := (form.get(k) or "").strip())}
    chosen = form.get("decision") or ""
    decision = next((d for d in Decision if d.value == chosen), None)
    writer = form.get("writer") or model_jobs.TEMPLATE
    model = model_jobs.model_name(writer)
    state = web_state(request)

    def compose(ctx: Context) -> list[int] | tuple[str, ...]:
        if model is not None:
            ctx.ports.letter_model(model)  # no llm, or no such model: said before anything
        templates = ctx.ports.templates()
        request_ = drafting.request_for_action(
            ctx, action_id, decision=decision, supplied=supplied or None
        )
        try:
            drafts = drafting.compose(ctx, templates, request_)
        except drafting.NeedsDecision:
            return ("decision",)  # accept, negotiate or decline: the form asks
        except MissingFacts as missing:
            return missing.missing
        made = [m.id for m in drafting.save(ctx, drafts)]
        if model is not None:
            for message_id in made:
                model_jobs.rewrite(ctx, state.ports, state.settings, state.jobs, message_id, writer)
        return made

    made = await run(request, compose)
    if made and isinstance(made[0], int):
        return redirect(f"/drafts/{made[0]}")
    return page(
        request,
        "draft_facts.html",
        "today",
        action_id=action_id,
        missing=made,
        supplied=supplied,
        prompts=drafting.FACT_PROMPTS,
        decisions=[d.value for d in Decision],
        decision=decision.value if decision else "",
        writer=writer,
    )
