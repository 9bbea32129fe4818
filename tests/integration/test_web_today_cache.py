"""The Today page's cache never shows what is no longer true.

Today is kept, rendered, for a *span*: from the request that drew it until the next
minute (its heading shows the minute) or the first instant an action enters the window,
falls due, closes or expires, whichever is first, and only while the change stamp holds.
These tests first prove that a second read *is* served from the cache (else the rest would
pass without one), then write in every way a write can happen and walk the clock across
every instant at which the page changes, one microsecond either side, comparing each page
with one drawn afresh.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from followup import bootstrap
from followup.services import applications as applications_service
from followup.services import interviews
from followup.web.app import create_app
from tests.waiting import wait_until

from .conftest import BASE, TOKEN, Web
from .test_web_page_cache import BEARER, BENCH, fresh, script, state

EPSILON = timedelta(microseconds=1)


def test_today_read_again_is_served_from_the_cache(web: Web, reads: list[str]) -> None:
    first = web.client.get("/").text
    assert 'name="csrf"' in first
    assert web.client.get("/").text == first
    assert len(reads) == 1
    web.client.get("/?days=3")  # another page: its own entry
    web.client.get("/?all=1")
    assert web.client.get("/").text == first
    assert len(reads) == 3


def test_each_csrf_token_has_its_own_page(web: Web, reads: list[str]) -> None:
    """A script (bearer, no cookie) gets forms without a token; the browser, its own."""
    mine = web.client.get("/").text
    theirs = script(web).get("/").text
    assert mine != theirs
    assert 'value=""' not in mine
    assert web.client.get("/").text == mine
    assert script(web).get("/").text == theirs
    assert len(reads) == 2


def test_marking_an_action_done_through_the_app_shows_at_once(web: Web, reads: list[str]) -> None:
    reader = script(web)
    web.settings.now = "2026-11-23T11:00"  # the debrief is due
    before = reader.get("/").text
    assert "/actions/1.debrief.i1/done" in before
    assert reader.get("/").text == before
    answer = web.post("/actions/1.debrief.i1/done")
    assert answer.status_code == 303, answer.text
    after = reader.get("/").text
    assert "/actions/1.debrief.i1/done" not in after
    assert after == fresh(web.settings, "/")


def test_a_write_by_another_connection_of_this_process_shows(web: Web, reads: list[str]) -> None:
    reader = script(web)
    assert "Globex" not in reader.get("/").text
    assert "Globex" not in reader.get("/").text
    assert len(reads) == 1
    with bootstrap.session(web.settings) as ctx:
        globex = applications_service.add_application(ctx, "Globex", "Analyst").id
        interviews.add_interview(ctx, globex, datetime(2026, 11, 23, 9, 0), minutes=45)
    page = reader.get("/").text
    assert len(reads) == 2
    assert "Globex" in page
    assert page == fresh(web.settings, "/")


def test_an_earlier_clock_reads_again(web: Web, reads: list[str]) -> None:
    reader = script(web)
    web.settings.now = "2026-11-23T10:40"
    reader.get("/")
    web.settings.now = "2026-11-23T10:20"
    earlier = reader.get("/").text
    assert len(reads) == 2
    assert earlier == fresh(web.settings, "/")


def test_the_heading_minute_is_never_stale(web: Web, reads: list[str]) -> None:
    """Within the minute the bytes are kept; at the next, drawn again."""
    reader = script(web)
    for now in ("2026-11-23T10:00", "2026-11-23T10:00:59.999999"):
        web.settings.now = now
        assert "Monday 23 November, 10:00" in reader.get("/").text
    assert len(reads) == 1
    web.settings.now = "2026-11-23T10:01"
    assert "Monday 23 November, 10:01" in reader.get("/").text
    assert len(reads) == 2


def test_on_the_real_clock_the_page_is_kept_within_its_span_only(
    web: Web, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ``--now``: every request reads the clock (here a fake one, moved by hand)."""
    clock = [datetime(2026, 11, 23, 10, 29, 58, tzinfo=UTC)]

    def real(pinned: str | None, zone: tzinfo) -> datetime:
        assert pinned is None
        return clock[0].astimezone(zone)

    monkeypatch.setattr(bootstrap, "clock", real)
    web.settings.now = None
    reader = script(web)
    seen = []
    for step in (0, 1, 0.5, 0.499999, 0.000001, 30, 0.000001):  # the debrief's due: 10:30
        clock[0] += timedelta(seconds=step)
        page = reader.get("/").text
        state(web).pages.clear()
        assert page == reader.get("/").text, clock[0]
        seen.append(page)
    assert 'id="due"' in seen[-1]
    assert seen[0] == seen[3]  # 10:29:58 to 10:29:59.999999 is one span
    assert seen[3] != seen[4]  # 10:30:00: the debrief due, and a new minute


def _changes(db: str, days: int) -> list[datetime]:
    """Every instant at which a Today page of this store may change: each live action's
    due, latest (overdue just after), expiry, its due less ``days``; and every minute."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT due, latest, expires FROM plan_action").fetchall()
    found: set[datetime] = set()
    for due, latest, expires in rows:
        for text, shift in ((due, timedelta()), (due, -timedelta(days=days)),
                            (latest, EPSILON), (expires, timedelta())):  # fmt: skip
            if text is not None:
                found.add(datetime.fromisoformat(text) + shift)
    return sorted(found)


@pytest.mark.parametrize(("path", "days"), [("/", 7), ("/?days=1&all=1", 1)])
def test_across_every_change_of_a_generated_search_the_page_is_a_fresh_one(
    tmp_path: Path, reads: list[str], path: str, days: int
) -> None:
    """Twenty applications of every shape; the clock steps onto each instant at which an
    action enters the window, falls due, closes or expires over three weeks, and a
    microsecond either side of it, in order: the kept page always equals one read afresh,
    and about a third of the steps (the microsecond before each change) are served from
    memory: the span reaches up to the change, not merely short of it."""
    db = tmp_path / "bench.db"
    subprocess.run(
        [sys.executable, str(BENCH / "make_db.py"), "--applications", "20", "--years", "0.4",
         "--out", str(db), "--now", "2026-11-23T10:00:00+00:00"],
        check=True, capture_output=True,
    )  # fmt: skip
    at = bootstrap.Settings(db=str(db), config=None, now="2026-11-18T08:00:00+00:00")
    cached = TestClient(create_app(at, TOKEN), base_url=BASE, headers=BEARER)
    again = TestClient(create_app(at, TOKEN), base_url=BASE, headers=BEARER)
    start, end = datetime(2026, 11, 18, 8, tzinfo=UTC), datetime(2026, 12, 9, 8, tzinfo=UTC)
    instants = [c for c in _changes(str(db), days) if start <= c <= end]
    assert len(instants) > 40, len(instants)
    asked = 0
    for change in instants:
        for moment in (change - EPSILON, change, change + EPSILON):
            at.now = moment.isoformat()
            page = cached.get(path).text
            state(again).pages.clear()
            assert page == again.get(path).text, (path, at.now)
            asked += 1
    drawn_by_cache = len(reads) - asked  # the other server draws every time
    assert drawn_by_cache < asked * 0.8, (drawn_by_cache, asked)


def test_requests_finding_the_plans_stale_at_once_re_plan_once(
    settings: bootstrap.Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new release (another planner) and eight first requests: one re-plans, the others
    wait for it and read, instead of each re-planning in turn while the rest time out."""
    import threading

    from followup.services import planning

    with sqlite3.connect(settings.db) as conn:
        conn.execute("UPDATE meta SET value = 'planner 0; config none' WHERE key = 'plan_basis'")
    replans: list[int] = []
    found_stale: list[int] = []
    real, rebuild = planning.replan_everything, bootstrap._rebuild_plans

    def counted(at: bootstrap.Settings) -> None:
        found_stale.append(1)
        rebuild(at)

    def slow(*args: Any) -> Any:
        replans.append(1)
        # Held until every reader has found the basis stale and queued behind this one, so
        # that none can read before it (on a slow machine a fixed pause could be too short).
        wait_until(lambda: len(found_stale) == 8, what="all eight readers to find it stale")
        return real(*args)

    monkeypatch.setattr(bootstrap, "_rebuild_plans", counted)
    monkeypatch.setattr(planning, "replan_everything", slow)
    counts: list[int] = []

    def read() -> None:
        with bootstrap.read_session(settings) as reading:
            counts.append(
                len(reading.views.due_actions(reading.now + timedelta(days=7), reading.now))
            )

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(counts) == 8
    assert len(set(counts)) == 1
    assert counts[0] > 0
    assert replans == [1]
