"""Reading a posted form, CSRF token first.

Every form carries the session's CSRF token in a hidden ``csrf`` field, and htmx sends it
as the ``X-CSRF-Token`` header (set once on ``<body hx-headers>``). A request signed in by
``Authorization: Bearer`` carries no cookie a foreign page could ride on, so it needs none.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from starlette.requests import Request
from starlette.responses import RedirectResponse

from followup.domain.errors import BadInput
from followup.domain.limits import ID_MAX
from followup.web.guard import same_secret

# A record id in a URL: SQLite's integers stop at ID_MAX; a larger one names nothing.
Id = Annotated[int, Path(ge=1, le=ID_MAX)]


class CsrfRefused(BadInput):
    """A form without this session's token: another site's, or an old page."""


def check_csrf(request: Request, offered: str | None) -> None:
    if request.state.bearer:
        return
    expected = request.state.csrf
    if not offered or not expected or not same_secret(offered, expected):
        raise CsrfRefused(
            "this form is stale or came from another site; reload the page and try again"
        )


class Form:
    """A posted form's text fields: ``form[name]`` the last value (or ""), ``many`` them all."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        self.last = dict(pairs)

    def __getitem__(self, name: str) -> str:
        return self.last.get(name, "")

    def get(self, name: str) -> str | None:
        """The value, or None when the field was left empty or not sent."""
        value = self.last.get(name, "").strip()
        return value or None

    def many(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]


async def checked_form(request: Request) -> Form:
    """The form's text fields, once the CSRF token matched."""
    data = await request.form()
    form = Form([(k, v) for k, v in data.multi_items() if isinstance(v, str)])
    check_csrf(request, form.get("csrf") or request.headers.get("x-csrf-token"))
    return form


async def checked_upload(
    request: Request, field: str, limit: int, *, missing: str, too_big: str
) -> tuple[bytes, str | None]:
    """The bytes and file name of the file posted as ``field`` (a multipart form), once the
    CSRF token matched; ``missing`` or ``too_big`` (over ``limit`` bytes) is the
    ``BadInput`` said on the page. Read at most ``limit + 1`` bytes: never the whole of a
    bigger file."""
    from starlette.datastructures import UploadFile

    data = await request.form(max_part_size=limit + 1)
    token = data.get("csrf")
    check_csrf(
        request, (token if isinstance(token, str) else None) or request.headers.get("x-csrf-token")
    )
    upload = data.get(field)
    if not isinstance(upload, UploadFile):
        raise BadInput(missing)
    raw = await upload.read(limit + 1)
    if len(raw) > limit:
        raise BadInput(too_big)
    return raw, upload.filename


def redirect(path: str) -> RedirectResponse:
    """After a successful post: see the result with a GET (no resubmission on reload)."""
    return RedirectResponse(path, status_code=303)


def local_path(value: str | None, default: str) -> str:
    """Where to go back to: only a path on this server (``/x``, never ``//evil`` or a URL)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
