"""Far-dated rows already in a database (an older release let them in, or a hand edit did):
every CLI view and every web page still answers, on a real SQLite file.

The rows are written straight into the store (no service checks them), one application per
far year, with every kind of stored date at that year: the application's creation, an
interview and its debrief's decision date, events at it and dated to it, a snooze until
it, a scheduled letter and an inbox item. Then the plans are rebuilt, as a new release
does, and each view is rendered.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from followup import bootstrap
from followup.cli.main import run
from followup.domain.inbox import InboxItem
from followup.domain.matching import Strength
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import Application, Debrief, Event, EventKind, Interview
from followup.services import contacts, profile
from followup.services.planning import refresh

from .conftest import NOW, client_for

YEARS = (1, 1900, 2500, 9999)
STARTS = {1: datetime(1, 1, 1, 0, 0, tzinfo=UTC), 9999: datetime(9999, 12, 31, 23, 0, tzinfo=UTC)}
RECENTLY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _at(year: int) -> datetime:
    return STARTS.get(year, datetime(year, 6, 1, 12, 0, tzinfo=UTC))


def _on(year: int) -> date:
    return _at(year).date()


def far_dated(tmp_path: Path) -> bootstrap.Settings:
    settings = bootstrap.Settings(db=str(tmp_path / "far.db"), config=None, now=NOW)
    with bootstrap.session(settings) as ctx:
        profile.update_profile(
            ctx,
            profile.ProfileChanges(
                name="Alex Morgan", email="alex@example.org", timezone="Europe/London", country="GB"
            ),
        )
        store = ctx.store
        for year in YEARS:
            at, on = _at(year), _on(year)
            app = store.add_application(
                Application(id=0, company=f"Far{year}", role="Engineer", created_at=at)
            )
            jane = contacts.add_contact(
                ctx, app.id, "Jane Doe", contacts.ContactFields(email="jane@acme.example")
            )
            store.add_interview(
                Interview(
                    id=0,
                    application_id=app.id,
                    start=at,
                    interviewer_ids=(jane.id,),
                    debrief=Debrief(strengths=("pipelines",), decision_date=on),
                )
            )
            for kind in (EventKind.APPLIED, EventKind.NOTE):
                store.add_event(Event(id=0, application_id=app.id, kind=kind, at=at, note="far"))
            for kind in (EventKind.TIMELINE, EventKind.AUTO_REPLY):
                store.add_event(
                    Event(
                        id=0, application_id=app.id, kind=kind, at=RECENTLY, on=on,
                        contact_id=jane.id,
                    )
                )  # fmt: skip
            store.add_event(
                Event(
                    id=0, application_id=app.id, kind=EventKind.ACTION_SNOOZED, at=RECENTLY,
                    action_id=f"{app.id}.follow-up.i1.1", until=at,
                )
            )  # fmt: skip
            store.add_message(
                Message(
                    id=0, application_id=app.id, kind=MessageKind.STATUS_INQUIRY,
                    contact_id=jane.id, to="jane@acme.example", subject="Update",
                    body="Dear Jane,\n\nAny news?\n\nAlex", created_at=at,
                    status=MessageStatus.SCHEDULED, send_at=at, sent_at=at,
                )
            )  # fmt: skip
            store.add_inbox_item(
                InboxItem(
                    id=0, mail_id=f"<far{year}@acme.example>", folder="INBOX", uid=year,
                    application_id=app.id, contact_id=jane.id, strength=Strength.DEFINITE,
                    match_reason="a reply in our thread", from_address="jane@acme.example",
                    from_name="Jane Doe", subject="Out of office", date=at, kind="auto_reply",
                    on=on, confidence=0.9, reasons=("back then",), found_at=RECENTLY,
                )
            )  # fmt: skip
        with store.transaction():
            refresh(ctx, list(range(1, len(YEARS) + 1)))
    # As an old file holds them: text no release today would write, at the calendar's ends.
    with closing(sqlite3.connect(settings.db)) as conn, conn:
        conn.execute("UPDATE event SET at = '0001-01-01T00:00:00.000000Z' WHERE id = 1")
        conn.execute("UPDATE interview SET start_at = '9999-12-31T23:59:59.999999Z' WHERE id = 4")
    return settings


@pytest.fixture(scope="module")
def far(tmp_path_factory: pytest.TempPathFactory) -> bootstrap.Settings:
    return far_dated(tmp_path_factory.mktemp("far"))


def test_the_rows_are_really_stored_at_the_far_dates(far: bootstrap.Settings) -> None:
    with closing(sqlite3.connect(far.db)) as conn:
        ats = {r[0][:4] for r in conn.execute("SELECT at FROM event")}
        ons = {
            r[0][:4] for r in conn.execute("SELECT on_date FROM event WHERE on_date IS NOT NULL")
        }
    assert {"0001", "1900", "2500", "9999"} <= ats
    assert {"0001", "1900", "2500", "9999"} <= ons


CLI_VIEWS = [
    ("today",),
    ("today", "--json"),
    ("today", "--days", "3660"),
    ("app", "list"),
    ("app", "list", "--json"),
    ("drafts",),
    ("outbox",),
    ("inbox", "review"),
    *[(cmd, str(app_id)) for app_id in range(1, 5) for cmd in ("plan",)],
    *[("plan", str(app_id), "--json") for app_id in range(1, 5)],
    *[("app", "show", str(app_id)) for app_id in range(1, 5)],
    *[("interview", "list", str(app_id)) for app_id in range(1, 5)],
    *[("contact", "list", str(app_id)) for app_id in range(1, 5)],
    *[("debrief", "show", str(interview_id)) for interview_id in range(1, 5)],
    *[("drafts", str(message_id)) for message_id in range(1, 5)],
]


@pytest.mark.parametrize("argv", CLI_VIEWS, ids=" ".join)
def test_every_cli_view_answers(
    far: bootstrap.Settings, argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["--db", far.db, "--now", NOW, *argv])
    out, err = capsys.readouterr()
    assert "unexpected" not in err
    assert code == 0, err
    assert out


def test_a_draft_is_written_from_a_far_dated_history(
    far: bootstrap.Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    for app_id in range(1, 5):
        code = run(["--db", far.db, "--now", NOW, "draft", str(app_id), "status-inquiry"])
        _, err = capsys.readouterr()
        assert "unexpected" not in err
        assert code in (0, 2), err  # drafted, or refused in one line (a fact it lacks)


def test_the_plans_are_rebuilt_from_far_dated_rows_without_a_crash(tmp_path: Path) -> None:
    settings = far_dated(tmp_path)
    with bootstrap.session(settings) as ctx, ctx.store.transaction():
        refresh(ctx, list(range(1, len(YEARS) + 1)))


@pytest.fixture(scope="module")
def web(far: bootstrap.Settings) -> Iterator[TestClient]:
    with client_for(far, signed_in=True) as client:
        yield client


PAGES = [
    "/",
    "/applications",
    "/insights",
    "/inbox",
    "/settings",
    "/api/today",
    "/api/today?days=3660",
    "/api/applications",
    "/api/insights",
    *[f"/applications/{app_id}" for app_id in range(1, 5)],
    *[f"/api/applications/{app_id}/plan" for app_id in range(1, 5)],
    *[f"/interviews/{interview_id}/debrief" for interview_id in (1, 2)],
    *[f"/drafts/{message_id}" for message_id in range(1, 5)],
    *[f"/api/drafts/{message_id}" for message_id in range(1, 5)],
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers(web: TestClient, path: str) -> None:
    answer = web.get(path)
    assert answer.status_code == 200, (path, answer.text[:300])


@pytest.mark.parametrize("interview_id", [3, 4])
def test_a_far_future_round_is_not_debriefed_yet_and_says_so(
    web: TestClient, interview_id: int
) -> None:
    answer = web.get(f"/interviews/{interview_id}/debrief")
    assert answer.status_code == 400
    assert "has not started yet" in answer.text


def test_the_timeline_chart_keeps_far_rows_on_the_page(web: TestClient) -> None:
    """Read at the accepted range's edges (``date_range``), the far rows are drawn there."""
    page = web.get("/applications/4").text
    assert "<svg" in page
    assert "Jan 2201</text>" in page  # the axis names years when it spans decades
