"""What every page passes to its template: the CSRF token and which tab is current."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from followup.web.render import render


def page(
    request: Request, name: str, tab: str, status_code: int = 200, **values: Any
) -> HTMLResponse:
    return render(name, status_code, csrf=request.state.csrf, tab=tab, **values)
