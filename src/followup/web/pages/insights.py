"""Insights: response rate, time to first answer, the funnel, follow-ups per application."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from followup.web import state, svg
from followup.web.pages.common import page

router = APIRouter(include_in_schema=False)


@router.get("/insights", response_class=HTMLResponse)
def insights_page(request: Request) -> HTMLResponse:
    found = state.insights(request)
    charts = {
        "funnel": svg.bars([(s.name, s.count) for s in found.funnel]),
        "answers": svg.bars(found.answer_buckets),
        "follow_ups": svg.bars(
            [(f"{n} follow-up{'s' if n != 1 else ''}", apps) for n, apps in found.follow_ups]
        ),
        "statuses": svg.bars([(s.words, n) for s, n in found.statuses]),
    }
    return page(request, "insights.html", "insights", found=found, charts=charts)
