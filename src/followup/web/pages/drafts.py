"""Draft: the editor, its review highlighted in the text and re-checked as the user types.

The letter is reviewed by the same service as ``followup check``; the page sends the text
back (htmx, debounced) and gets the highlighted copy and the findings list in return. Copy,
a ``mailto:`` link and a .eml download take the text as it is in the editor.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from followup.domain.messages import Message
from followup.domain.review import Finding
from followup.services import drafting
from followup.services.context import Context
from followup.web.forms import Id, checked_form
from followup.web.pages.common import page
from followup.web.render import render
from followup.web.state import run, session, web_state

router = APIRouter(include_in_schema=False)


@router.get("/drafts/{message_id}", response_class=HTMLResponse)
def editor(request: Request, message_id: Id) -> HTMLResponse:
    reviewers = web_state(request).reviewers()
    with session(request) as ctx:
        message = drafting.get_draft(ctx, message_id)
        text, findings = drafting.review_edit(
            ctx, message, message.subject, message.body, reviewers
        )
    return page(
        request, "draft.html", "today",
        message=message, review=_review(message, message.subject, message.body, text, findings),
    )  # fmt: skip


@router.post("/drafts/{message_id}/review", response_class=HTMLResponse)
async def recheck(request: Request, message_id: Id) -> HTMLResponse:
    """The review panel for the text in the editor (htmx swaps it in)."""
    form = await checked_form(request)
    reviewers = web_state(request).reviewers()

    def check(ctx: Context) -> tuple[Message, str, list[Finding]]:
        message = drafting.get_draft(ctx, message_id)
        text, found = drafting.review_edit(ctx, message, form["subject"], form["body"], reviewers)
        return message, text, found

    message, text, findings = await run(request, check)
    return render(
        "_review.html", review=_review(message, form["subject"], form["body"], text, findings)
    )


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
