"""Interview: the debrief form, every field that ``followup debrief`` asks for."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from followup.domain.kinds import Rapport
from followup.services import debrief_input, debriefs
from followup.services.context import Context
from followup.web.forms import Id, checked_form, redirect
from followup.web.pages.common import page
from followup.web.state import run, session

router = APIRouter(include_in_schema=False)


@router.get("/interviews/{interview_id}/debrief", response_class=HTMLResponse)
def debrief_form(request: Request, interview_id: Id) -> HTMLResponse:
    with session(request) as ctx:
        subject = debriefs.debrief_subject(ctx, interview_id)
        debriefs.check_can_debrief(ctx, subject)
    return page(
        request, "debrief.html", "applications",
        subject=subject, debrief=subject.interview.debrief, rapports=list(Rapport),
    )  # fmt: skip


@router.post("/interviews/{interview_id}/debrief")
async def save(request: Request, interview_id: Id) -> Response:
    form = await checked_form(request)

    def record(ctx: Context) -> int:
        subject = debriefs.debrief_subject(ctx, interview_id)
        debriefs.check_can_debrief(ctx, subject)
        debrief = debrief_input.from_form(form.last, subject.interview, subject.people)
        debriefs.record_debrief(ctx, interview_id, debrief)
        return subject.application.id

    app_id = await run(request, record)
    return redirect(f"/applications/{app_id}")
