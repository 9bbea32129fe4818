"""Documents on the application page (issue 18): upload, download, remove.

A download is always an attachment, never shown inline: an uploaded HTML or SVG file drawn
by the browser on this origin could run its scripts with the user's session. Its name goes
in ``Content-Disposition`` twice (RFC 6266): an ASCII stand-in for old clients and the
real one as ``filename*`` (RFC 5987, UTF-8, percent-encoded), so "Lebenslauf Müller.pdf"
arrives as itself.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import Response

from followup.domain.documents import DocumentKind
from followup.domain.limits import DOCUMENT_FILE_BYTES, MIB
from followup.services import documents
from followup.services.context import Context
from followup.web.forms import Id, checked_form, checked_upload, redirect

router = APIRouter(include_in_schema=False)

FIELD = "document"


@router.post("/applications/{app_id}/documents")
async def upload(request: Request, app_id: Id) -> Response:
    """A file chosen (or dropped) on the application's page, kept as ``followup doc add``
    keeps one, then the page again."""
    from followup.web.state import run

    raw, name = await checked_upload(
        request, FIELD, DOCUMENT_FILE_BYTES,
        missing="choose a file to add",
        too_big=f"the file is larger than {DOCUMENT_FILE_BYTES // MIB} MiB; "
        "a document may be at most that",
    )  # fmt: skip
    form = await request.form()  # parsed once by checked_upload; the other fields
    kind_text = form.get("kind")
    note = form.get("note")
    kind = _kind(kind_text if isinstance(kind_text, str) else "")

    def keep(ctx: Context) -> None:
        documents.keep(
            ctx, app_id, raw, name, kind=kind, note=note if isinstance(note, str) else None
        )

    await run(request, keep)
    return redirect(f"/applications/{app_id}#documents")


@router.get("/documents/{document_id}/file")
async def download(request: Request, document_id: Id) -> Response:
    from followup.web.state import run

    document, data = await run(request, lambda ctx: documents.content(ctx, document_id))
    return Response(
        data,
        media_type=document.media_type,
        headers={"content-disposition": content_disposition(document.name)},
    )


@router.post("/documents/{document_id}/remove")
async def remove(request: Request, document_id: Id) -> Response:
    from followup.web.state import run

    await checked_form(request)
    document = await run(request, lambda ctx: documents.remove_document(ctx, document_id))
    return redirect(f"/applications/{document.application_id}#documents")


@router.post("/drafts/{message_id}/attachments")
async def attach(request: Request, message_id: Id) -> Response:
    """The documents ticked on the Draft page become what the letter carries, as
    ``draft --attach`` records them (none ticked: it carries nothing)."""
    from followup.web.state import run

    form = await checked_form(request)
    ids = [_document_id(v) for v in form.many("document")]

    def keep(ctx: Context) -> None:
        letter = ctx.store.get_message(message_id)
        documents.attach(ctx, message_id, documents.attachable(ctx, letter.application_id, ids))

    await run(request, keep)
    return redirect(f"/drafts/{message_id}#attachments")


def content_disposition(name: str) -> str:
    """``attachment`` with the name as ASCII (non-ASCII letters without their accents, the
    rest as ``_``) and as ``filename*`` in UTF-8 (RFC 6266, RFC 5987)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(ch if ch.isalnum() or ch in " .-_()" else "_" for ch in plain).strip()
    if not fallback.strip("._ ") or fallback.startswith("."):
        fallback = "document" + (fallback if fallback.startswith(".") else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _document_id(text: str) -> int:
    from followup.services import inputs

    return inputs.whole_number(text, "document id")


def _kind(text: str) -> DocumentKind:
    from followup.services import inputs

    return (
        inputs.choice(DocumentKind, text, "document kind") if text.strip() else DocumentKind.OTHER
    )
