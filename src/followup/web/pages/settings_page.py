"""Settings: the profile (editable), the playbook's policy values in force (read-only: they
live in the config file), and where the data is kept."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from followup.domain.policy import POLICY_DOCS
from followup.services import profile
from followup.services.context import Context
from followup.web.forms import checked_form, redirect
from followup.web.pages.common import page
from followup.web.state import run, session, web_state

router = APIRouter(include_in_schema=False)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    settings = web_state(request).settings
    with session(request) as ctx:
        me = profile.get_profile(ctx)
        policy = [(f.name, getattr(ctx.policy, f.name), POLICY_DOCS.get(f.name, ""))
                  for f in dataclasses.fields(ctx.policy)]  # fmt: skip
    return page(
        request, "settings.html", "settings",
        me=me, policy=policy, db=settings.db, config=settings.config,
    )  # fmt: skip


@router.post("/settings/profile")
async def save_profile(request: Request) -> Response:
    form = await checked_form(request)

    def save(ctx: Context) -> object:
        changes = profile.ProfileChanges(
            name=form["name"],
            email=form["email"],
            timezone=form["timezone"],
            country=form.get("country"),
            phone=form.get("phone"),
            signature=form.get("signature"),
        )
        return profile.update_profile(ctx, changes)

    await run(request, save)
    return redirect("/settings")
