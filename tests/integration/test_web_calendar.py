"""The calendar feed ``serve`` offers, its token and its rotation, and the week view: the
app in-process on a real SQLite file (tests/integration/conftest.py)."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from starlette.testclient import TestClient

from followup import bootstrap
from followup.services import events, interviews
from followup.web.pages import calendar as calendar_page

from .conftest import BASE, Web, client_for

LONDON = ZoneInfo("Europe/London")


def feed_path(settings: bootstrap.Settings) -> str:
    return f"/calendar/{bootstrap.Adapters(settings).feed_token()}.ics"


def uids(body: bytes) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per time the feed was read from the database and written."""
    counted: list[int] = []
    real = calendar_page._build_feed

    def counting(*args: object) -> object:
        counted.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(calendar_page, "_build_feed", counting)
    return counted


def test_the_right_token_gets_the_calendar_without_a_cookie(
    anonymous: TestClient, settings: bootstrap.Settings
) -> None:
    answer = anonymous.get(feed_path(settings))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    found = uids(answer.content)
    assert found
    assert {u.split("@")[0] for u in found} >= {"action-1.thanks.i1.c1"}
    again = vobject.readOne(answer.content.decode("utf-8"))
    assert {e.uid.value for e in again.vevent_list} == found
    links = {e.url.value for e in again.vevent_list}
    assert links == {f"{BASE}/applications/1"}
    kept = f"{settings.db}.feed-token"
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/nope.ics",
        "/calendar/" + "t" * 43 + ".ics",  # the web access token is not the feed's
        "/calendar/",
        "/calendar/é.ics",
    ],
)
def test_a_wrong_token_is_a_404_that_reveals_nothing(
    anonymous: TestClient, settings: bootstrap.Settings, path: str
) -> None:
    real = feed_path(settings)
    answer = anonymous.get(path)
    assert answer.status_code == 404
    assert "BEGIN:VCALENDAR" not in answer.text
    assert "Acme" not in answer.text
    assert anonymous.get(real.removesuffix(".ics")).status_code == 404  # the suffix counts


def test_no_token_made_yet_is_a_404_and_makes_none(
    anonymous: TestClient, settings: bootstrap.Settings
) -> None:
    assert anonymous.get("/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert not os.path.exists(f"{settings.db}.feed-token")


def test_rotation_from_settings_invalidates_the_old_address(
    web: Web, anonymous: TestClient
) -> None:
    page = web.client.get("/settings").text
    old = feed_path(web.settings)
    assert f"{BASE}{old}" in page
    assert anonymous.get(old).status_code == 200
    rotated = web.post("/settings/calendar/rotate")
    assert rotated.status_code == 303
    assert rotated.headers["location"] == "/settings?said=feed#calendar"
    new = feed_path(web.settings)
    assert new != old
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    shown = web.client.get("/settings?said=feed").text
    assert f"{BASE}{new}" in shown
    assert "A new calendar feed address" in shown


def test_rotation_needs_the_session_and_its_csrf_token(web: Web, anonymous: TestClient) -> None:
    old = feed_path(web.settings)
    assert anonymous.post("/settings/calendar/rotate", follow_redirects=False).status_code == 401
    forged = web.client.post("/settings/calendar/rotate", data={"csrf": "0" * 64})
    assert forged.status_code == 403
    assert feed_path(web.settings) == old


def test_the_feed_is_cached_until_something_is_written(
    anonymous: TestClient, settings: bootstrap.Settings, builds: list[int]
) -> None:
    path = feed_path(settings)
    anonymous.get(path)  # the first export names the database (a write: a new stamp)
    first = anonymous.get(path).content
    assert anonymous.get(path).content == first
    assert anonymous.get(path).content == first
    assert builds == [1, 1]
    with bootstrap.session(settings) as ctx:
        events.done_action(ctx, "1.thanks.i1.c1")
    after = anonymous.get(path).content
    assert builds == [1, 1, 1]
    assert "action-1.thanks.i1.c1" not in {u.split("@")[0] for u in uids(after)}


def test_a_moved_interview_moves_in_the_feed_with_a_higher_sequence(
    anonymous: TestClient, settings: bootstrap.Settings
) -> None:
    with bootstrap.session(settings) as ctx:
        added = interviews.add_interview(ctx, 1, datetime(2026, 11, 30, 14, 0))
    path = feed_path(settings)
    cal = icalendar.Calendar.from_ical(anonymous.get(path).content)
    (before,) = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("interview-")]
    assert before.decoded("DTSTART") == datetime(2026, 11, 30, 14, 0, tzinfo=LONDON)
    with bootstrap.session(settings) as ctx:
        interviews.edit_interview(
            ctx, added.id, interviews.InterviewChanges(start=datetime(2026, 12, 1, 9, 0))
        )
    cal = icalendar.Calendar.from_ical(anonymous.get(path).content)
    (after,) = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("interview-")]
    assert after["UID"] == before["UID"]
    assert after.decoded("DTSTART") == datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_the_week_view_lists_the_days_with_their_events(web: Web) -> None:
    with bootstrap.session(web.settings) as ctx:
        interviews.add_interview(ctx, 1, datetime(2026, 11, 26, 14, 0))
    page = web.client.get("/week")
    assert page.status_code == 200
    html = page.text
    assert '<a href="/week" aria-current="page">Week</a>' in html
    assert html.count('<section class="day"') == 7
    assert "Monday 23 November" in html
    assert "Sunday 29 November" in html
    thursday = html.split("Thursday 26 November")[1].split('<section class="day"')[0]
    assert "14:00" in thursday
    assert "Interview" in thursday
    assert "Acme · Data Engineer" in html


def test_the_week_view_needs_the_session(anonymous: TestClient) -> None:
    assert anonymous.get("/week").status_code == 401


def test_without_a_profile_the_feed_is_a_404(tmp_path: object) -> None:
    from pathlib import Path

    settings = bootstrap.Settings(db=str(Path(str(tmp_path)) / "empty.db"), config=None)
    bootstrap.open_store(settings.db).close()
    with client_for(settings, signed_in=False) as client:
        assert client.get(feed_path(settings)).status_code == 404
