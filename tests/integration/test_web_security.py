"""The web app's locks, against the real app on a real database: token, cookie, CSRF,
cross-origin and DNS-rebinding refusals, escaping, security headers, traceless errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from followup import bootstrap
from followup.web.guard import COOKIE

from .conftest import BASE, TOKEN, Web, client_for

PAGES = ["/", "/applications", "/applications/1", "/inbox", "/insights", "/settings"]

# Every form that writes or reaches a mail server, and the API's writes (issue 6's later parts).
FORMS = [
    "/actions/1.thanks.i1.c1/snooze",
    "/drafts/1/save",
    "/drafts/1/send",
    "/drafts/1/schedule",
    "/drafts/1/settle",
    "/drafts/1/write",
    "/settings/mail",
    "/settings/mail/test",
    "/inbox/check",
    "/inbox/1/confirm",
    "/inbox/1/dismiss",
]
API_WRITES = [
    ("/api/actions/1.thanks.i1.c1/snooze", {"choice": "tomorrow"}),
    ("/api/drafts/1", {"subject": "x", "body": "y"}),
    ("/api/drafts/1/send", {"force": True}),
    ("/api/drafts/1/schedule", {"when_due": True}),
    ("/api/drafts/1/write", {"writer": "template"}),
    ("/api/inbox/sync", None),
    ("/api/inbox/1/confirm", {}),
    ("/api/inbox/1/dismiss", None),
]


def dump(settings: bootstrap.Settings) -> list[str]:
    """Everything in the database, to show that a refused request changed nothing."""
    with sqlite3.connect(settings.db) as conn:
        return list(conn.iterdump())


def rows(settings: bootstrap.Settings, table: str) -> int:
    with sqlite3.connect(settings.db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize("path", [*PAGES, "/interviews/1/debrief"])
def test_every_page_renders_for_a_signed_in_browser(web: Web, path: str) -> None:
    page = web.client.get(path)
    assert page.status_code == 200, page.text
    assert "<main>" in page.text


@pytest.mark.parametrize("path", [*PAGES, "/api/today", "/api/openapi.json"])
def test_nothing_is_shown_without_the_token(anonymous: TestClient, path: str) -> None:
    answer = anonymous.get(path)
    assert answer.status_code == 401
    assert "Acme" not in answer.text
    if path.startswith("/api"):
        assert answer.json() == {"error": answer.json()["error"]}


def test_a_wrong_token_or_a_forged_cookie_is_refused(anonymous: TestClient) -> None:
    assert anonymous.get("/?token=" + "x" * 43, follow_redirects=False).status_code == 401
    anonymous.cookies.set(COOKIE, "abc.def")
    assert anonymous.get("/").status_code == 401


def test_the_token_sets_a_strict_httponly_cookie_and_leaves_the_url(
    settings: bootstrap.Settings,
) -> None:
    client = TestClient(
        client_for(settings, signed_in=False).app, base_url=BASE, raise_server_exceptions=False
    )
    first = client.get(f"/applications?q=Acme&token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/applications?q=Acme"
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert TOKEN not in cookie
    assert client.get("/applications?q=Acme").status_code == 200


def test_a_bearer_token_opens_the_api(anonymous: TestClient) -> None:
    answer = anonymous.get("/api/today", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    assert isinstance(answer.json()["actions"], list)


def test_a_form_without_the_csrf_token_changes_nothing(web: Web) -> None:
    before = rows(web.settings, "application")
    for form in ({}, {"csrf": "0" * 64}):
        answer = web.client.post(
            "/applications", data={"company": "Evil", "role": "x", **form}, follow_redirects=False
        )
        assert answer.status_code == 403
        assert "reload the page" in answer.text
    api = web.client.post("/api/applications", json={"company": "Evil", "role": "x"})
    assert api.status_code == 403
    assert rows(web.settings, "application") == before


@pytest.mark.parametrize("path", FORMS)
def test_every_new_form_is_refused_without_the_csrf_token_or_from_another_site(
    web: Web, path: str
) -> None:
    fields = {"until": "tomorrow", "subject": "Hacked", "body": "x", "address": "e@evil.example"}
    before = dump(web.settings)
    for form in ({}, {"csrf": "0" * 64}):
        answer = web.client.post(path, data={**fields, **form}, follow_redirects=False)
        assert answer.status_code == 403, answer.text
        assert "reload the page" in answer.text
    foreign = web.post(path, fields, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    assert dump(web.settings) == before


@pytest.mark.parametrize(("path", "body"), API_WRITES)
def test_every_new_api_write_needs_the_csrf_header_from_a_browser(
    web: Web, anonymous: TestClient, path: str, body: dict[str, object] | None
) -> None:
    before = dump(web.settings)
    assert web.client.post(path, json=body).status_code == 403
    assert anonymous.post(path, json=body).status_code == 401
    assert dump(web.settings) == before


def test_the_csrf_token_in_the_form_or_the_htmx_header_is_accepted(web: Web) -> None:
    before = rows(web.settings, "application")
    assert web.post("/applications", {"company": "Globex", "role": "Analyst"}).status_code == 303
    api = web.client.post(
        "/api/applications",
        json={"company": "Initech", "role": "Analyst"},
        headers={"X-CSRF-Token": web.csrf()},
    )
    assert api.status_code == 201, api.text
    assert rows(web.settings, "application") == before + 2


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_cross_origin_writes_are_refused_even_with_the_csrf_token(
    web: Web, headers: dict[str, str]
) -> None:
    before = rows(web.settings, "application")
    answer = web.post("/applications", {"company": "Evil", "role": "x"}, headers=headers)
    assert answer.status_code == 403
    assert rows(web.settings, "application") == before


def test_a_foreign_host_header_is_refused_dns_rebinding(web: Web) -> None:
    answer = web.client.get("/", headers={"Host": "evil.example:8765"})
    assert answer.status_code == 421
    assert "Acme" not in answer.text
    assert web.client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_a_script_in_a_company_name_is_shown_as_text(web: Web) -> None:
    evil = "<script>alert(1)</script>"
    made = web.post("/applications", {"company": evil, "role": '"><img src=x onerror=alert(2)>'})
    where = made.headers["location"]
    for path in (where, "/applications", "/insights"):
        page = web.client.get(path).text
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page
    page = web.client.get(where).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_every_answer_carries_the_security_headers(web: Web, anonymous: TestClient) -> None:
    for answer in (web.client.get("/"), anonymous.get("/"), web.client.get("/static/style.css")):
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"


def test_pages_carry_no_inline_script(web: Web) -> None:
    for path in PAGES:
        page = web.client.get(path).text
        assert "<script>" not in page
        assert " on" + "click=" not in page


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/applications/999", 404, "no application with id 999"),
        ("/applications/abc", 400, "app_id"),
        ("/interviews/999/debrief", 404, "interview"),
        ("/drafts/42", 404, "message"),
        ("/nowhere", 404, "Not Found"),
        ("/api/applications/999/plan", 404, "999"),
    ],
)
def test_errors_are_a_clear_page_never_a_trace(
    web: Web, path: str, status: int, words: str
) -> None:
    answer = web.client.get(path)
    assert answer.status_code == status
    assert words in answer.text
    assert "Traceback" not in answer.text
    assert ".py" not in answer.text


def test_bad_input_on_a_form_says_what_and_writes_nothing(web: Web) -> None:
    before = rows(web.settings, "event")
    answer = web.post("/applications/1/events", {"kind": "timeline"})
    assert answer.status_code == 400
    assert "timeline needs" in answer.text
    assert rows(web.settings, "event") == before


def test_a_failing_database_is_a_502_page(web: Web, tmp_path: Path) -> None:
    Path(web.settings.db).unlink()
    Path(web.settings.db).mkdir()  # a folder where the file was: SQLite cannot open it
    answer = web.client.get("/applications")
    assert answer.status_code == 502
    assert "database" in answer.text
    assert "Traceback" not in answer.text


def test_the_access_token_is_kept_private_and_stable(tmp_path: Path) -> None:
    settings = bootstrap.Settings(db=str(tmp_path / "x" / "f.db"), config=None)
    token = bootstrap.access_token(settings)
    assert len(token) >= 32
    assert bootstrap.access_token(settings) == token
    path = Path(f"{settings.db}.web-token")
    assert path.stat().st_mode & 0o777 == 0o600
