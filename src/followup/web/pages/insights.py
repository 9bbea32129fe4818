"""Insights: response rate, time to first answer, the funnel, follow-ups per application."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from followup.domain.errors import NoProfile
from followup.services import insights as figures
from followup.web import svg
from followup.web.pages.common import page
from followup.web.state import reading, session

router = APIRouter(include_in_schema=False)


@router.get("/insights", response_class=HTMLResponse)
def insights_page(request: Request) -> HTMLResponse:
    """From one aggregate query of the read side; before there is a profile nothing is
    planned, so the status columns it reads are not kept yet: then history by history."""
    try:
        with reading(request) as read:
            found = figures.from_views(read.views, read.now)
    except NoProfile:
        with session(request) as ctx:
            found = figures.insights(ctx)
    charts = {
        "funnel": svg.bars([(s.name, s.count) for s in found.funnel]),
        "answers": svg.bars(found.answer_buckets),
        "follow_ups": svg.bars(
            [(f"{n} follow-up{'s' if n != 1 else ''}", apps) for n, apps in found.follow_ups]
        ),
        "statuses": svg.bars([(s.label, n) for s, n in found.statuses]),
    }
    return page(request, "insights.html", "insights", found=found, charts=charts)
