"""The web's entrances keep the same limits as the CLI (``domain/limits.py``): a date outside
the accepted range, a line break in a one-line field or an over-long field is a 4xx with
one clear line, never a 500, and nothing is written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from followup.domain import limits

from .conftest import Web

OUTSIDE = "is outside the dates followup accepts (1970-01-01 to 2200-12-31)"


def _bytes(web: Web) -> str:
    """The database and its WAL, as they are on disk."""
    db = Path(web.settings.db)
    parts = [db, Path(f"{db}-wal")]
    return "|".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in parts if p.exists())


def _rows(web: Web, table: str) -> int:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(web.settings.db)) as conn:
        count = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    return int(count)


@pytest.mark.parametrize("start", ["9999-12-31T23:00", "0001-01-01T00:00", "1969-12-31T12:00"])
def test_the_interview_form_refuses_a_date_outside_the_range(web: Web, start: str) -> None:
    before = _rows(web, "interview")
    answer = web.post("/applications/1/interviews", {"start": start, "format": "video"})
    assert answer.status_code == 400, answer.text[:300]
    assert OUTSIDE in answer.text
    assert _rows(web, "interview") == before


def test_the_event_form_refuses_far_dates(web: Web) -> None:
    before = _rows(web, "event")
    for data in (
        {"kind": "note", "at": "9999-12-31T23:00"},
        {"kind": "auto-reply", "on": "9999-12-31"},
        {"kind": "timeline", "on": "2201-01-01"},
    ):
        answer = web.post("/applications/1/events", data)
        assert answer.status_code == 400, (data, answer.text[:300])
        assert OUTSIDE in answer.text
    assert _rows(web, "event") == before


def test_the_api_refuses_far_dates_with_one_line(web: Web) -> None:
    csrf = web.csrf()
    before = _bytes(web)
    for body in (
        {"kind": "note", "at": "9999-12-31T23:00:00"},
        {"kind": "note", "at": "0001-01-01T00:00:00+00:00"},
        {"kind": "offer", "on": "9999-12-31"},
    ):
        answer = web.client.post(
            "/api/applications/1/events", json=body, headers={"X-CSRF-Token": csrf}
        )
        assert answer.status_code == 400, (body, answer.text)
        assert OUTSIDE in answer.json()["error"]
    assert _bytes(web) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("role", "Role\nSecond line"),
        ("company", "Acme\r\nBcc: x@evil.example"),
        ("role", "Tab\tseparated"),
        ("company", "x" * (limits.COMPANY_CHARS + 1)),
    ],
)
def test_the_application_form_refuses_what_the_cli_refuses(
    web: Web, field: str, value: str
) -> None:
    before = _rows(web, "application")
    data = {"company": "Acme", "role": "Engineer", field: value}
    answer = web.post("/applications", data)
    assert answer.status_code == 400, answer.text[:300]
    assert field in answer.text
    assert _rows(web, "application") == before


def test_the_api_and_the_form_cap_the_company_at_the_same_length(web: Web) -> None:
    csrf = web.csrf()
    longest = "x" * limits.COMPANY_CHARS
    one_more = longest + "x"
    made = web.client.post(
        "/api/applications", json={"company": longest, "role": "R"}, headers={"X-CSRF-Token": csrf}
    )
    assert made.status_code in (200, 201), made.text
    refused = web.client.post(
        "/api/applications", json={"company": one_more, "role": "R"}, headers={"X-CSRF-Token": csrf}
    )
    assert 400 <= refused.status_code < 500
    form = web.post("/applications", {"company": one_more, "role": "R"})
    assert form.status_code == 400
    assert f"at most {limits.COMPANY_CHARS} characters" in form.text


def test_a_contact_with_a_line_break_in_the_name_is_refused(web: Web) -> None:
    before = _rows(web, "contact")
    answer = web.post("/applications/1/contacts", {"name": "Wei\nLing", "role": "interviewer"})
    assert answer.status_code == 400
    assert "contact name must be one line" in answer.text
    assert _rows(web, "contact") == before


def test_the_schema_quotes_the_limits(web: Web) -> None:
    schema = web.client.get("/api/openapi.json").json()["components"]["schemas"]
    company = schema["ApplicationIn"]["properties"]["company"]
    assert company["maxLength"] == limits.COMPANY_CHARS
    assert schema["DraftIn"]["properties"]["subject"]["maxLength"] == limits.SUBJECT_CHARS
