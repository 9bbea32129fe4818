"""Hostile requests against the real server (uvicorn on 127.0.0.1, bytes on a socket, so
nothing is normalised by a client on the way): each is a 4xx with a message, and nothing
is written (issue 12, item 4)."""

from __future__ import annotations

import re
import select
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from followup import bootstrap
from followup.domain.limits import NOTE_CHARS
from followup.web.app import create_app
from followup.web.guard import MAX_BODY_BYTES, sign_in_location

from .conftest import TOKEN, seeded


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Live:
    """A server on a free loopback port; ``cookie`` once signed in, ``csrf`` its token."""

    settings: bootstrap.Settings
    port: int
    cookie: str = ""
    csrf: str = ""

    def send(self, head: bytes, body: bytes = b"", chunks: Iterator[bytes] | None = None) -> Answer:
        """One request as the bytes given; ``Host`` is added, and the cookie when signed in."""
        line, _, rest = head.partition(b"\r\n")
        host = f"Host: 127.0.0.1:{self.port}\r\n".encode()
        cookie = f"Cookie: followup_session={self.cookie}\r\n".encode() if self.cookie else b""
        raw = line + b"\r\n" + host + cookie + rest + b"Connection: close\r\n\r\n" + body
        data = b""
        with socket.create_connection(("127.0.0.1", self.port), timeout=20) as conn:
            conn.sendall(raw)
            try:
                for chunk in chunks or ():
                    conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    time.sleep(0.005)
                    if select.select([conn], [], [], 0)[0]:
                        break  # the server has answered before the end: stop sending
                else:
                    if chunks is not None:
                        conn.sendall(b"0\r\n\r\n")
                while part := conn.recv(65536):
                    data += part
            except (BrokenPipeError, ConnectionResetError):
                pass  # closed on a body it would not read: what came before is the answer
        assert data, "an empty reply"
        head_bytes, _, payload = data.partition(b"\r\n\r\n")
        status_line, *header_lines = head_bytes.decode("latin-1").split("\r\n")
        headers = {}
        for h in header_lines:
            name, _, value = h.partition(":")
            headers[name.strip().lower()] = value.strip()
        return Answer(int(status_line.split()[1]), headers, payload)

    def get(self, target: str | bytes) -> Answer:
        path = target.encode() if isinstance(target, str) else target
        return self.send(b"GET " + path + b" HTTP/1.1\r\n")

    def post(self, target: str, body: bytes, kind: str, extra: bytes = b"") -> Answer:
        head = (
            f"POST {target} HTTP/1.1\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
        ).encode()
        return self.send(head + extra, body)

    def form(self, target: str, fields: str) -> Answer:
        return self.post(target, fields.encode(), "application/x-www-form-urlencoded")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    settings = seeded(tmp_path_factory.mktemp("hostile"))
    port = _free_port()
    app = create_app(settings, TOKEN, "127.0.0.1", port)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    found = Live(settings, port)
    signed = found.get(f"/?token={TOKEN}")
    found.cookie = re.search(r"followup_session=([^;]+)", signed.headers["set-cookie"]).group(1)  # type: ignore[union-attr]
    found.csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', found.get("/").text).group(1)  # type: ignore[union-attr]
    yield found
    server.should_exit = True
    thread.join(10)


def dump(settings: bootstrap.Settings) -> list[str]:
    with sqlite3.connect(settings.db) as conn:
        return list(conn.iterdump())


def refused(answer: Answer, status: int, words: str) -> None:
    assert answer.status == status, answer.text[:300]
    assert words in answer.text
    assert "Traceback" not in answer.text


# --- 1. a CSRF token in another alphabet ------------------------------------------------


def test_a_non_ascii_csrf_token_is_refused_not_a_crash(live: Live) -> None:
    before = dump(live.settings)
    refused(live.form("/applications", "csrf=%C3%A9&company=Evil&role=x"), 403, "reload the page")
    api = live.post(
        "/api/applications", b'{"company": "Evil", "role": "x"}', "application/json",
        b"X-CSRF-Token: \xe9\r\n",
    )  # fmt: skip
    refused(api, 403, '"error"')
    assert dump(live.settings) == before


def test_a_forged_cookie_in_another_alphabet_is_no_session(live: Live) -> None:
    forged = Live(live.settings, live.port, cookie="abc.\xe9")
    assert forged.get("/").status == 401


# --- 2. numbers beyond what SQLite holds --------------------------------------------------


@pytest.mark.parametrize(
    ("target", "fields", "words"),
    [
        ("/applications/1/events", "kind=note&contact=99999999999999999999999", "too large"),
        ("/applications/1/events", "kind=note&contact=%C2%B2", "whole number"),
        ("/applications/1/events", "kind=note&contact=" + "9" * 5000, "too large"),
        ("/applications/1/interviews", "start=2026-11-24+10:00&minutes=" + "9" * 31, "too"),
        ("/applications/1/interviews", "start=2026-11-24+10:00&with=99999999999999999999", "too"),
        ("/applications/1/contacts", "name=X&role=interviewer&email=a%40b.example", ""),
    ],
)
def test_a_huge_number_in_a_form_is_a_400(live: Live, target: str, fields: str, words: str) -> None:
    if not words:  # the control case: the same form with sane values is accepted
        answer = live.form(target, f"csrf={live.csrf}&{fields}")
        assert answer.status == 303, answer.text[:300]
        return
    before = dump(live.settings)
    refused(live.form(target, f"csrf={live.csrf}&{fields}"), 400, words)
    assert dump(live.settings) == before


@pytest.mark.parametrize(
    "target",
    [
        "/applications/99999999999999999999999",
        "/applications/-1",
        "/api/applications/99999999999999999999999/plan",
        "/?days=99999999999999999999999",
        "/api/today?days=-5",
        "/drafts/99999999999999999999999",
        "/interviews/99999999999999999999999/debrief",
    ],
)
def test_a_huge_number_in_a_path_or_query_is_a_400(live: Live, target: str) -> None:
    answer = live.get(target)
    assert 400 <= answer.status < 500, answer.text[:300]


def test_a_huge_contact_id_on_the_api_is_a_400(live: Live) -> None:
    body = b'{"kind": "note", "contact_id": 99999999999999999999999}'
    extra = f"X-CSRF-Token: {live.csrf}\r\n".encode()
    before = dump(live.settings)
    refused(live.post("/api/applications/1/events", body, "application/json", extra), 400, "")
    assert dump(live.settings) == before


# --- 3. the size of a request -------------------------------------------------------------


def test_a_declared_huge_body_is_refused_before_it_is_read(live: Live) -> None:
    head = (
        "POST /api/applications HTTP/1.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {300 * 1024 * 1024}\r\nX-CSRF-Token: {live.csrf}\r\n"
    ).encode()
    before = dump(live.settings)
    refused(live.send(head, b'{"company": "Acme", "notes": "'), 413, "too large")
    assert dump(live.settings) == before


def test_a_chunked_body_is_counted_as_it_streams_in(live: Live) -> None:
    head = (
        "POST /api/applications HTTP/1.1\r\nContent-Type: application/json\r\n"
        f"Transfer-Encoding: chunked\r\nX-CSRF-Token: {live.csrf}\r\n"
    ).encode()

    def notes() -> Iterator[bytes]:
        yield b'{"company": "Acme", "role": "R", "notes": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    before = dump(live.settings)
    refused(live.send(head, chunks=notes()), 413, "too large")
    assert dump(live.settings) == before


def test_a_form_over_the_cap_is_a_413_page_and_a_long_note_under_it_is_taken(
    live: Live,
) -> None:
    before = dump(live.settings)
    big = f"csrf={live.csrf}&company=Acme&role=R&notes=" + "x" * (MAX_BODY_BYTES + 1)
    refused(live.form("/applications", big), 413, "too large")
    assert dump(live.settings) == before
    # Under the cap: a note as long as a note may be, of non-ASCII text, percent-encoded
    # (six bytes a character): the body cap leaves room for every field at its own cap.
    letter = f"csrf={live.csrf}&company=Acme&role=R&notes=" + "%C3%A9" * NOTE_CHARS
    assert live.form("/applications", letter).status == 303


# --- 4. the sign-in redirect --------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("//evil.example", "/evil.example"),
        ("///evil.example", "/evil.example"),
        ("/\\evil.example", "/%5Cevil.example"),
        ("/%E2%82%AC", "/%E2%82%AC"),
        ("/%0d%0aSet-Cookie:x=1", "/%0d%0aSet-Cookie:x=1"),
        ("/applications?q=Acme&%74oken=x", "/applications?q=Acme"),
    ],
)
def test_the_sign_in_redirect_stays_on_this_server(live: Live, target: str, location: str) -> None:
    anonymous = Live(live.settings, live.port)
    joiner = "&" if "?" in target else "?"
    answer = anonymous.get(f"{target}{joiner}token={TOKEN}")
    assert answer.status == 303
    assert answer.headers["location"] == location
    assert "x=1" not in answer.headers.get("set-cookie", "")


def test_a_raw_non_ascii_path_is_redirected_escaped_or_refused(live: Live) -> None:
    anonymous = Live(live.settings, live.port)
    answer = anonymous.get(f"/€?token={TOKEN}".encode())
    assert answer.status in (303, 400), answer.status
    if answer.status == 303:
        assert answer.headers["location"] == "/%E2%82%AC"


@pytest.mark.parametrize("target", ["/%E2%82%AC", "/%0d%0aX", "/evil.example", "/%5Cevil"])
def test_odd_paths_are_a_404_once_signed_in(live: Live, target: str) -> None:
    refused(live.get(target), 404, "Not Found")


def test_the_location_is_always_one_slash_and_ascii() -> None:
    for raw in (b"//a", b"/\\/a", b"/\t/a", b"/\xe2\x82\xac", b"/a\r\nb", b"/ok/path"):
        location = sign_in_location(raw, b"")
        assert location.startswith("/")
        assert not location.startswith(("//", "/\\"))
        assert location.isascii()
        assert all(ch.isprintable() and ch not in " \\" for ch in location)
    assert sign_in_location(b"/a", b"token=T&q=%C3%A9&x") == "/a?q=%C3%A9&x"
    assert sign_in_location(b"/a", b"q=\xe9\r\n") == "/a?q=%E9%0D%0A"
