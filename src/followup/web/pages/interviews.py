"""Interview: the debrief form, every field that ``followup debrief`` asks for."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from followup.domain.kinds import Rapport
from followup.domain.limits import ICS_FILE_BYTES
from followup.services import debrief_input, debriefs
from followup.services.context import Context
from followup.web.forms import Id, checked_form, checked_upload, redirect
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


@router.post("/applications/{app_id}/invitation")
async def import_invitation(request: Request, app_id: Id) -> Response:
    """An invitation file (.ics) dropped on, or chosen on, the application's page: recorded
    as ``followup interview import FILE --app ID`` records it, then the page again."""
    raw, name = await checked_upload(
        request, "invitation", ICS_FILE_BYTES,
        missing="choose an invitation file (.ics) to add",
        too_big="the invitation is larger than 1 MiB; is it a calendar file?",
    )  # fmt: skip
    label = name or "the invitation"

    def record(ctx: Context) -> None:
        from followup.services import invitations
        from followup.services.profile import display_zone

        invitation = ctx.ports.invitation_reader().invitation(raw, display_zone(ctx), label)
        invitations.import_invitation(ctx, invitation, app_id)

    await run(request, record)
    return redirect(f"/applications/{app_id}#interviews")
