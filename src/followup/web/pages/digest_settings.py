"""Settings' morning digest (issue 15): the two fields of ``followup digest setup``, the
time and off. The links' port is the one this server is reached on, since the page knows
it and the worker cannot."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from followup.domain.errors import BadInput
from followup.services import digest
from followup.services.context import Context
from followup.web.forms import checked_form, redirect
from followup.web.state import run

router = APIRouter(include_in_schema=False)


@router.post("/settings/digest")
async def save_digest(request: Request) -> Response:
    form = await checked_form(request)
    off = form.get("off") is not None
    at = (form.get("at") or "").strip() or None
    port = request.url.port
    if not off and at is None:
        raise BadInput("give the time to send the digest at, or tick Off")

    def save(ctx: Context) -> object:
        return digest.setup(ctx, at=None if off else at, off=off, port=port)

    await run(request, save)
    return redirect("/settings?said=digest#digest")
