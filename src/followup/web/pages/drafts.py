"""Draft: the editor, its review highlighted in the text and re-checked as the user types,
and the letter's way out: saved, sent now, or scheduled, through the same services as
``followup send``.

The letter is reviewed by the same service as ``followup check``; the page sends the text
back (htmx, debounced) and gets the highlighted copy and the findings list in return. Copy,
a ``mailto:`` link and a .eml download take the text as it is in the editor; Save keeps it,
and Send / Schedule keep it first, so the stored text is the text that goes.

A refusal (review errors, the pushiness guard P9, a bounced address) comes back on the same
page with the reason and, when it was a judgement rather than a fact, a "send anyway"
button; a mail server that fails comes back as a 502 with the letter kept (``failed``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from followup.domain.documents import fitting
from followup.domain.errors import Conflict, OutsideFailure
from followup.domain.messages import Message
from followup.domain.outbox import NOT_MAILED
from followup.domain.review import Finding
from followup.services import (
    documents,
    drafting,
    inputs,
    mail_account,
    mail_actions,
    outbox,
    records,
)
from followup.services.context import Context
from followup.web import model_jobs
from followup.web.forms import Form, Id, checked_form, redirect
from followup.web.pages.common import page
from followup.web.render import render
from followup.web.state import run, session, web_state

router = APIRouter(include_in_schema=False)

# What a successful post comes back to say (``?said=``): fixed texts, nothing echoed.
SAID = {
    "saved": "Saved.",
    "sent": "Sent. The plan has moved on.",
    "scheduled": "Scheduled: the worker (`followup worker`) sends it then.",
    "settled": "Noted. The plan follows what you said.",
    "rewritten": "Written again from the template.",
}


@router.get("/drafts/{message_id}", response_class=HTMLResponse)
def editor(request: Request, message_id: Id, said: str = "") -> HTMLResponse:
    return _editor(request, message_id, notice=SAID.get(said))


def _editor(
    request: Request,
    message_id: int,
    *,
    status_code: int = 200,
    notice: str | None = None,
    refusal: dict[str, Any] | None = None,
    failure: str | None = None,
) -> HTMLResponse:
    with session(request) as ctx:
        message = drafting.get_draft(ctx, message_id, ctx.ports.templates())
        text, findings = drafting.review_edit(
            ctx, message, message.subject, message.body, ctx.ports.reviewers()
        )
        account = mail_account.current(ctx)
        now = ctx.now
        attached = documents.attachments(ctx, message_id)  # issue 18
        offered = documents.list_documents(ctx, message.application_id)
        state = web_state(request)
        writers = state.writer_list.writers(ctx.ports)
    job = state.jobs.get(message_id)
    writing = job is not None and job.running  # the letter is the job's until it is done
    return page(
        request, "draft.html", "today", status_code,
        attached=attached, offered=offered, fitting={d.id for d in fitting(message, offered)},
        attached_ids={a.document_id for a in attached},
        message=message, review=_review(message, message.subject, message.body, text, findings),
        account=account, editable=message.status in drafting.EDITABLE and not writing, now=now,
        mailable=message.kind not in NOT_MAILED,
        notice=notice, refusal=refusal, failure=failure,
        job=job, writers=writers, written_by=records.written_by(message),
        chosen=_chosen(message, writers),
    )  # fmt: skip


def _chosen(message: Message, writers: model_jobs.Writers) -> str:
    """The writer preselected: the model that wrote this letter, else the setting's."""
    wrote = str(message.facts_dict().get("writer") or "")
    if wrote.startswith("model:"):
        return wrote
    return f"model:{writers.default}" if writers.default else model_jobs.TEMPLATE


@router.post("/drafts/{message_id}/write")
async def write_again(request: Request, message_id: Id) -> Response:
    """Write the draft again with the writer chosen: the template at once, a model in a
    background job whose progress the page then shows."""
    form = await checked_form(request)
    state = web_state(request)
    writer = form.get("writer") or model_jobs.TEMPLATE

    def start(ctx: Context) -> model_jobs.Job | None:
        return model_jobs.rewrite(ctx, state.ports, state.settings, state.jobs, message_id, writer)

    job = await run(request, start)
    return redirect(f"/drafts/{message_id}" + ("" if job else "?said=rewritten"))


@router.get("/drafts/{message_id}/job", response_class=HTMLResponse)
def job_state(request: Request, message_id: Id) -> Response:
    """The model's progress (htmx polls it every second); once it is done, htmx reloads
    the page to show the letter and who wrote it."""
    job = web_state(request).jobs.get(message_id)
    if job is None or not job.running:
        done = f'<p id="model-job">Done: <a href="/drafts/{message_id}">see the letter</a>.</p>'
        return HTMLResponse(done, headers={"HX-Refresh": "true"})
    return render("_model_job.html", job=job)


@router.post("/drafts/{message_id}/review", response_class=HTMLResponse)
async def recheck(request: Request, message_id: Id) -> HTMLResponse:
    """The review panel for the text in the editor (htmx swaps it in)."""
    form = await checked_form(request)

    def check(ctx: Context) -> tuple[Message, str, list[Finding]]:
        message = drafting.get_draft(ctx, message_id)
        reviewers = ctx.ports.reviewers()
        text, found = drafting.review_edit(ctx, message, form["subject"], form["body"], reviewers)
        return message, text, found

    message, text, findings = await run(request, check)
    return render(
        "_review.html", review=_review(message, form["subject"], form["body"], text, findings)
    )


@router.post("/drafts/{message_id}/save")
async def save(request: Request, message_id: Id) -> Response:
    form = await checked_form(request)
    await run(
        request, lambda ctx: drafting.save_edit(ctx, message_id, form["subject"], form["body"])
    )
    return redirect(f"/drafts/{message_id}?said=saved")


@router.post("/drafts/{message_id}/send")
async def send(request: Request, message_id: Id) -> Response:
    """Keep the edit, then send now (settling an interrupted send first, as the CLI)."""
    form = await checked_form(request)
    force = form.get("force") is not None

    def go(ctx: Context) -> object:
        _keep_edit(ctx, message_id, form)
        ports = ctx.ports
        return mail_actions.send_now(
            ctx, ports.mail_servers(mail_account.get(ctx)), ports.composer(), message_id,
            force=force, reviewers=ports.reviewers(), templates=ports.templates(),
        )  # fmt: skip

    return await _attempt(request, message_id, go, "sent", {"how": "send"})


@router.post("/drafts/{message_id}/schedule")
async def schedule(request: Request, message_id: Id) -> Response:
    """At the planned action's due time (as ``send --when-due``: now once it is past) or at
    the moment chosen."""
    form = await checked_form(request)
    force = form.get("force") is not None
    when_due = form.get("when") == "due"
    at_text = None if when_due else form.get("at")

    def go(ctx: Context) -> str:
        _keep_edit(ctx, message_id, form)
        at = None if at_text is None else inputs.parse_datetime(at_text, "the time to send it")
        ports = ctx.ports
        done = mail_actions.schedule_or_send(
            ctx, ports.mail_servers, ports.composer(), message_id,
            when_due=when_due, at=at, force=force,
            reviewers=ports.reviewers(), templates=ports.templates(),
        )  # fmt: skip
        return "scheduled" if isinstance(done, Message) else "sent"

    again = {"how": "schedule", "when": "due" if when_due else "", "at": at_text or ""}
    return await _attempt(request, message_id, go, None, again)


@router.post("/drafts/{message_id}/settle")
async def settle(request: Request, message_id: Id) -> Response:
    """Your word on a letter an interrupted send left ``unsettled`` (as ``followup outbox
    settle --sent | --unsent``): the page says what to check, and that "sent" is likely."""
    form = await checked_form(request)
    went = form.get("sent") == "1"
    await run(request, lambda ctx: outbox.settle_by_hand(ctx, message_id, sent=went))
    return redirect(f"/drafts/{message_id}?said=settled")


def _keep_edit(ctx: Context, message_id: int, form: Form) -> None:
    """The editor's text becomes the stored letter before it goes ("send anyway" resends
    no text: what was saved is what goes)."""
    if "subject" in form.last and "body" in form.last:
        message = drafting.get_draft(ctx, message_id)
        if message.status in drafting.EDITABLE:
            drafting.save_edit(ctx, message_id, form["subject"], form["body"])


async def _attempt(
    request: Request,
    message_id: int,
    go: Callable[[Context], object],
    said: str | None,
    again: dict[str, str],
) -> Response:
    """Run a send or a schedule; a refusal or a failing server comes back on the page."""
    try:
        done = await run(request, go)
    except Conflict as refused:

        def helps(ctx: Context) -> bool:
            ports = ctx.ports
            return mail_actions.forcing_helps(ctx, ports.composer(), message_id, ports.reviewers())

        forceable = await run(request, helps)
        refusal = {"text": refused.message, "forceable": forceable, **again}
        return _editor(request, message_id, status_code=409, refusal=refusal)
    except OutsideFailure as failed:
        return _editor(request, message_id, status_code=502, failure=failed.message)
    return redirect(f"/drafts/{message_id}?said={said or done}")


@router.post("/drafts/{message_id}/eml")
async def download(request: Request, message_id: Id) -> Response:
    form = await checked_form(request)

    def build(ctx: Context) -> bytes:
        message = drafting.get_draft(ctx, message_id)
        return drafting.as_eml(ctx, message, form["subject"], form["body"])

    data = await run(request, build)
    return Response(
        data,
        media_type="message/rfc822",
        headers={"content-disposition": f'attachment; filename="draft-{message_id}.eml"'},
    )


def _review(
    message: Message, subject: str, body: str, text: str, findings: list[Finding]
) -> dict[str, object]:
    """The letter cut into plain and marked pieces, the findings, and the mailto link."""
    pieces: list[tuple[str, Finding | None]] = []
    at = 0
    for f in findings:
        if f.end <= f.start or f.start < at:
            continue  # a whole-letter finding, or one overlapping the previous mark
        pieces.append((text[at : f.start], None))
        pieces.append((text[f.start : f.end], f))
        at = f.end
    pieces.append((text[at:], None))
    mailto = f"mailto:{quote(message.to or '')}?subject={quote(subject)}&body={quote(body)}"
    return {"pieces": pieces, "findings": findings, "mailto": mailto, "text": text}
