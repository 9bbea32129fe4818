"""Inbox: the replies matched to applications, with their proposed meaning, to confirm,
correct or dismiss (``followup inbox review | confirm | dismiss``), the bounce alerts, and
"Check mail now" (``followup inbox sync``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from followup.domain.errors import OutsideFailure
from followup.domain.inbox import DATE_MEANS, MEANINGS
from followup.services import inbox, mail_account, mail_actions
from followup.services.context import Context
from followup.services.profile import display_zone
from followup.web.forms import Id, checked_form, redirect
from followup.web.pages.common import page
from followup.web.state import run, session

router = APIRouter(include_in_schema=False)

SAID = {
    "confirmed": "Confirmed: logged on the application, and its plan has moved on.",
    "dismissed": "Dismissed.",
}


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, said: str = "") -> HTMLResponse:
    return _inbox(request, notice=SAID.get(said))


def _inbox(
    request: Request,
    *,
    status_code: int = 200,
    notice: str | None = None,
    report: inbox.SyncReport | None = None,
    failure: str | None = None,
) -> HTMLResponse:
    with session(request) as ctx:
        review = mail_actions.inbox_review(ctx)
        account = mail_account.current(ctx)
        zone = display_zone(ctx)
    meanings = [(k, k.replace("_", "-")) for k in MEANINGS]
    return page(
        request, "inbox.html", "inbox", status_code,
        review=review, account=account, zone=zone, meanings=meanings, date_means=DATE_MEANS,
        notice=notice, report=report, failure=failure,
    )  # fmt: skip


@router.post("/inbox/check", response_class=HTMLResponse)
async def check(request: Request) -> HTMLResponse:
    """Read what is new (INBOX and Junk) and show what it found; a failing server is said
    on the page (502), with nothing lost: the next check reads from where this one was."""
    await checked_form(request)

    def sync(ctx: Context) -> inbox.SyncReport:
        servers = ctx.ports.mail_servers(mail_account.get(ctx))
        return mail_actions.check_inbox(ctx, servers, ctx.ports.mail_reader())

    try:
        report = await run(request, sync)
    except OutsideFailure as failed:
        return _inbox(request, status_code=502, failure=failed.message)
    return _inbox(request, report=report)


@router.post("/inbox/{item_id}/confirm")
async def confirm(request: Request, item_id: Id) -> Response:
    form = await checked_form(request)
    await run(
        request,
        lambda ctx: mail_actions.confirm_answer(ctx, item_id, form.get("kind"), form.get("on")),
    )
    return redirect("/inbox?said=confirmed")


@router.post("/inbox/{item_id}/dismiss")
async def dismiss(request: Request, item_id: Id) -> Response:
    await checked_form(request)
    await run(request, lambda ctx: inbox.dismiss(ctx, item_id))
    return redirect("/inbox?said=dismissed")
