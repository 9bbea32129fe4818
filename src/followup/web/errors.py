"""The one place where failures become what the browser or a script sees.

``BadInput`` -> 400 (``NotFound`` -> 404, a form without this session's CSRF token -> 403),
``OutsideFailure`` -> 502: the same split as the CLI's exit statuses 2 and 1. Under
``/api`` the answer is ``{"error": message}``; elsewhere a calm page with the message and a
way back. An unexpected exception is a 500 that names no file, line or frame: the trace
goes to the server's log, never to the page.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match

from followup.domain.errors import BadInput, FollowupError, NotFound, OutsideFailure

log = logging.getLogger("followup.web")

TITLES = {
    400: "That cannot be used",
    401: "Sign in first",
    403: "Refused",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    421: "Wrong address",
    422: "That cannot be used",
    500: "Something went wrong",
    502: "An outside service failed",
}


def status_of(exc: FollowupError) -> int:
    from followup.web.forms import CsrfRefused

    if isinstance(exc, CsrfRefused):  # refused as a cross-origin request is: not a typo
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, BadInput):
        return 400
    if isinstance(exc, OutsideFailure):
        return 502
    return 500


def error_body(status: int, message: str, api: bool) -> tuple[bytes, str]:
    """The bytes and content type of an error answer."""
    if api:
        return json.dumps({"error": message}).encode(), "application/json"
    from followup.web.render import render_text

    title = TITLES.get(status, "Error")
    page = render_text("error.html", status=status, title=title, message=message, csrf=None)
    return page.encode(), "text/html; charset=utf-8"


def _answer(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    body, content_type = error_body(status, message, request.url.path.startswith("/api"))
    return Response(body, status_code=status, media_type=content_type, headers=headers)


def _allowed(request: Request) -> str:
    """Every method some route offers at this path (RFC 9110 wants them all in ``Allow``)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if route.matches(request.scope)[0] is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    async def followup_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, FollowupError)
        return _answer(request, status_of(exc), " ".join(exc.message.split()))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # Starlette names the first matching route's methods only
            headers["Allow"] = _allowed(request)
        return _answer(request, exc.status_code, detail, headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return _answer(request, 400, f"{where}: {first.get('msg', 'invalid')}".strip(": "))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _answer(
            request, 500, f"unexpected {type(exc).__name__}; this is a bug, see the server log"
        )

    app.add_exception_handler(FollowupError, followup_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, unexpected)
