"""Who may talk to the server, and what every answer carries: one ASGI middleware.

The server holds a person's job search, and any web page they visit can make their browser
send requests to 127.0.0.1. So, in this order, for every request:

1. **Host** must be the address the server is bound to (``127.0.0.1:8765``, or
   ``localhost:8765`` when bound to loopback): a page on ``evil.example`` that resolves its
   name to 127.0.0.1 (DNS rebinding) is refused before anything else.
2. **Access**: the session cookie (HttpOnly, SameSite=Strict), else ``Authorization: Bearer
   TOKEN`` (scripts, the API). A ``GET`` that carries ``?token=TOKEN`` sets the cookie and is
   redirected to the same URL without it, so the token does not stay in the address bar or
   the history. Anything else gets the 401 page (JSON under ``/api``).
3. **Cross-origin**: a request whose ``Origin`` is not the server's own, or whose
   ``Sec-Fetch-Site`` says another site sent it, is refused for every method that changes
   something. (The CSRF token, checked by ``forms.check_csrf``, is the second lock.)
4. **Size**: a body larger than ``MAX_BODY_BYTES`` is refused with 413, by its
   Content-Length before a byte is read, and by counting as it streams in (a chunked body
   names no length), so no request can fill the memory or the database. A document's
   upload (``POST /applications/ID/documents``) is the one path allowed more: 25 MiB
   and the form around it (``body_cap``).
5. **Headers** on every answer: a Content-Security-Policy with no inline script, no framing,
   no sniffing, a referrer for this server's own pages only (``no-referrer`` would make
   Chromium send ``Origin: null`` on our own forms, which step 3 must then refuse).

The cookie holds a random session id and its HMAC under the access token, so it needs no
server-side table and survives a restart; the CSRF token is another HMAC of the same id, so
it is per session and a page cannot guess it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, unquote_to_bytes

from starlette.exceptions import HTTPException

from followup.domain import limits

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "followup_session"
FEED_PREFIX = "/calendar/"  # the calendar feed: its own read-only token (pages/calendar.py)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The largest request body: 1 MiB. The longest thing a person sends is a letter (50,000
# characters); percent-encoded in a form, non-ASCII text takes up to 9 bytes a character,
# so 450 KB at worst, and the debrief form's fields together stay well below. Twice that
# leaves room, and keeps a hostile 300 MB upload out of memory and out of the database.
MAX_BODY_BYTES = limits.REQUEST_BYTES
TOO_LARGE = f"The request is too large: at most {MAX_BODY_BYTES // 1024} KiB is accepted."
# The one exception: a document's upload (issue 18) carries up to 25 MiB of file, and the
# multipart form around it a few hundred bytes; 64 KiB of room for those.
UPLOAD_BODY_BYTES = limits.DOCUMENT_FILE_BYTES + 64 * 1024
UPLOAD_TOO_LARGE = (
    f"The file is too large: a document may be at most {limits.DOCUMENT_FILE_BYTES // limits.MIB}"
    " MiB."
)


def body_cap(method: str, path: str) -> tuple[int, str]:
    """The largest body this request may carry, and what a refusal says."""
    parts = path.split("/")
    upload = len(parts) == 4 and parts[1] == "applications" and parts[3] == "documents"
    if method == "POST" and upload and parts[2].isascii() and parts[2].isdigit():
        return UPLOAD_BODY_BYTES, UPLOAD_TOO_LARGE
    return MAX_BODY_BYTES, TOO_LARGE


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


@dataclass(frozen=True)
class Keys:
    """The access token and what is derived from it."""

    token: str

    def _mac(self, purpose: str, value: str) -> str:
        key = self.token.encode()
        return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def new_session(self) -> str:
        session = secrets.token_urlsafe(18)
        return f"{session}.{self._mac('session', session)}"

    def session_of(self, cookie: str | None) -> str | None:
        """The session id a cookie carries, if the cookie is genuine."""
        if not cookie or "." not in cookie:
            return None
        session, mac = cookie.rsplit(".", 1)
        return session if same_secret(mac, self._mac("session", session)) else None

    def csrf(self, session: str) -> str:
        return self._mac("csrf", session)

    def token_ok(self, offered: str | None) -> bool:
        return offered is not None and same_secret(offered, self.token)


def same_secret(offered: str, expected: str) -> bool:
    """Compared in constant time, as bytes: ``compare_digest`` refuses a str with a
    non-ASCII character (a TypeError, so a 500), and anyone can send one."""
    return hmac.compare_digest(offered.encode("utf-8", "replace"), expected.encode())


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers that name this server; a loopback server answers to localhost too."""
    names = {host}
    if host in {"127.0.0.1", "localhost", "::1"}:
        names |= {"127.0.0.1", "localhost"}
    out = set()
    for name in names:
        shown = f"[{name}]" if ":" in name else name
        out |= {f"{shown}:{port}"}
        if port == 80:
            out.add(shown)
    return frozenset(out)


class Guard:
    """The middleware; ``hosts`` are the accepted Host headers (see ``allowed_hosts``)."""

    def __init__(self, app: ASGIApp, keys: Keys, hosts: frozenset[str]) -> None:
        self.app = app
        self.keys = keys
        self.hosts = hosts
        self.origins = frozenset(f"http://{h}" for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path: str = scope["path"]
        method: str = scope["method"]
        api = path.startswith("/api")

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        if headers.get("host") not in self.hosts:
            await _refuse(secured, 421, "This server answers only to its own address.", api)
            return
        if method not in SAFE_METHODS and not self._same_origin(headers):
            await _refuse(secured, 403, "Requests from other sites are refused.", api)
            return
        cap, too_large = body_cap(method, path)
        if _declared_length(headers) > cap:
            await _refuse(secured, 413, too_large, api)
            return
        if path.startswith("/static/") or (
            path.startswith(FEED_PREFIX) and method in ("GET", "HEAD")
        ):
            # The calendar feed checks its own token (calendar apps send no cookie).
            await self.app(scope, receive, secured)
            return
        session = self.keys.session_of(_cookie(headers))
        bearer = _bearer(headers)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if session is None and method == "GET" and self.keys.token_ok(query.get("token")):
            raw_path = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
            location = sign_in_location(raw_path, scope.get("query_string", b""))
            await _sign_in(secured, location, self.keys.new_session())
            return
        if session is None and not self.keys.token_ok(bearer):
            await _refuse(
                secured,
                401,
                "Open the address that `followup serve` printed (it carries the access token).",
                api,
            )
            return
        scope.setdefault("state", {})
        scope["state"]["session"] = session
        scope["state"]["csrf"] = self.keys.csrf(session) if session else None
        scope["state"]["bearer"] = session is None
        await self.app(scope, _capped(receive, cap, too_large), secured)

    def _same_origin(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return False
        site = headers.get("sec-fetch-site")
        return site in (None, "same-origin", "none")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _cookie(headers: dict[str, str]) -> str | None:
    raw = headers.get("cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is no session, not an error page
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else None


def _bearer(headers: dict[str, str]) -> str | None:
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _declared_length(headers: dict[str, str]) -> int:
    """The Content-Length a request declares (0 if none); one that is not a number counts
    as too large: the server cannot know how much is coming."""
    value = headers.get("content-length")
    if value is None:
        return 0
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 2**63


def _capped(receive: Receive, cap: int = MAX_BODY_BYTES, too_large: str = TOO_LARGE) -> Receive:
    """``receive`` that counts the body as it streams in and stops it past the cap: the
    HTTPException reaches the app's error handler (a 413 page, or JSON under /api)."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > cap:
                raise HTTPException(413, too_large)
        return message

    return counted


# What may stay as it is in the address the sign-in redirects to: RFC 3986's unreserved
# and sub-delimiter characters, "%" (the request's own escapes are kept), ":" and "@".
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


def sign_in_location(raw_path: bytes, raw_query: bytes) -> str:
    """The address the sign-in redirects to: the requested path on this server, with the
    query less ``token``, every byte outside plain ASCII escaped (a CR or LF would split
    the header, a non-Latin-1 character cannot be sent in one, a backslash or tab browsers
    read as a slash). Leading slashes become one: ``//evil.example`` is a path here, and as
    a Location it would be another site."""
    path = "/" + quote(raw_path, safe=_PATH_SAFE).lstrip("/")
    kept = [
        quote(pair, safe=_QUERY_SAFE)
        for pair in raw_query.split(b"&")
        if pair and unquote_to_bytes(pair.split(b"=", 1)[0].replace(b"+", b" ")) != b"token"
    ]
    return path + ("?" + "&".join(kept) if kept else "")


async def _sign_in(send: Send, location: str, cookie: str) -> None:
    set_cookie = f"{COOKIE}={cookie}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode("ascii")),
                (b"set-cookie", set_cookie.encode("latin-1")),
                (b"content-length", b"0"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send: Send, status: int, message: str, api: bool) -> None:
    from followup.web.errors import error_body

    body, content_type = error_body(status, message, api)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
