"""The application page's cache never shows what is no longer true.

It is served from memory while nothing was written, so these tests first prove that a
second read *is* served from it (else the rest would pass without a cache), then write in
every way a write can happen (through the app, another connection in this process, another
process, the config file) and move the clock on, and compare with a page drawn afresh.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from followup import bootstrap
from followup.services import applications as applications_service
from followup.services import contacts, interviews
from followup.web.app import create_app
from followup.web.pages import applications
from followup.web.state import WebState

from .conftest import BASE, TOKEN, Web

BEARER = {"Authorization": f"Bearer {TOKEN}"}
BENCH = Path(__file__).resolve().parents[2] / "bench"


def fresh(settings: bootstrap.Settings, path: str = "/applications/1") -> str:
    """The page as a new server (an empty cache) draws it now."""
    with TestClient(create_app(settings, TOKEN), base_url=BASE) as client:
        answer = client.get(path, headers=BEARER)
    assert answer.status_code == 200, answer.text
    return str(answer.text)


def script(web: Web) -> TestClient:
    """A client of the same server (the same cache) without the browser's cookie: its pages
    carry no CSRF token, as a fresh server's for ``BEARER`` do, so the two compare."""
    client = TestClient(web.client.app, base_url=BASE, headers=BEARER)
    return client


def state(web: Web | TestClient) -> WebState:
    client = web.client if isinstance(web, Web) else web
    found = client.app.app.state.followup  # type: ignore[union-attr]
    assert isinstance(found, WebState)
    return found


def test_a_page_read_again_is_served_from_the_cache(web: Web, reads: list[str]) -> None:
    first = web.client.get("/applications/1").text
    again = web.client.get("/applications/1").text
    assert again == first
    assert len(reads) == 1


def test_a_write_through_the_app_shows_at_once(web: Web, reads: list[str]) -> None:
    reader = script(web)
    before = reader.get("/applications/1").text
    assert reader.get("/applications/1").text == before
    web.post("/applications/1/events", {"kind": "rejection"})
    after = reader.get("/applications/1").text
    assert after != before
    assert 'class="status rejected"' in after
    assert after == fresh(web.settings)


def test_a_write_by_another_connection_of_this_process_shows(web: Web, reads: list[str]) -> None:
    assert "Sam Lee" not in web.client.get("/applications/1").text
    assert "Sam Lee" not in web.client.get("/applications/1").text
    assert len(reads) == 1
    with bootstrap.session(web.settings) as ctx:
        contacts.add_contact(ctx, 1, "Sam Lee", contacts.ContactFields())
    assert "Sam Lee" in web.client.get("/applications/1").text
    assert len(reads) == 2


# Both cached pages, and an event the CLI logs that changes each of them.
PAGES = pytest.mark.parametrize(
    ("path", "event"),
    [("/applications/1", "offer"), ("/", "rejection")],
    ids=["application", "today"],
)


@PAGES
def test_a_write_by_another_process_shows(
    web: Web, reads: list[str], path: str, event: str
) -> None:
    """The CLI may write while the server runs: here a bare sqlite3 in a child process."""
    reader = script(web)
    assert "Initech" not in reader.get(path).text
    assert "Initech" not in reader.get(path).text
    assert len(reads) == 1
    writer = (
        "import sqlite3, sys\n"
        "with sqlite3.connect(sys.argv[1]) as conn:\n"
        "    conn.execute(\"UPDATE application SET company = 'Initech' WHERE id = 1\")\n"
    )
    subprocess.run([sys.executable, "-c", writer, web.settings.db], check=True)
    page = reader.get(path).text
    assert "Initech" in page
    assert page == fresh(web.settings, path)


@PAGES
def test_the_cli_writing_meanwhile_shows(web: Web, reads: list[str], path: str, event: str) -> None:
    reader = script(web)
    before = reader.get(path).text
    subprocess.run(
        [sys.executable, "-m", "followup", "--db", web.settings.db, "--now", "2026-11-23T10:00",
         "log", "1", event],
        check=True, capture_output=True, env={k: v for k, v in os.environ.items()
                                              if not k.startswith("FOLLOWUP_")},
    )  # fmt: skip
    after = reader.get(path).text
    assert after != before
    assert after == fresh(web.settings, path)


def test_an_edited_config_file_is_a_change(tmp_path: Path, settings: bootstrap.Settings) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[policy]\ncadence_days = 14\n")
    watched = bootstrap.Settings(db=settings.db, config=str(config), now=settings.now)
    changes = bootstrap.Changes(watched)
    before = changes.stamp()
    assert before is not None
    assert changes.stamp() == before
    config.write_text("[policy]\ncadence_days = 10\n")
    assert changes.stamp() != before


def test_the_stamp_moves_with_every_commit_and_a_file_put_in_place(
    tmp_path: Path, settings: bootstrap.Settings
) -> None:
    changes = bootstrap.Changes(settings)
    first = changes.stamp()
    assert first is not None
    assert changes.stamp() == first  # reading moves nothing
    with sqlite3.connect(settings.db) as conn:
        conn.execute("SELECT COUNT(*) FROM application").fetchone()
    assert changes.stamp() == first
    with sqlite3.connect(settings.db) as conn:
        conn.execute("UPDATE application SET role = 'Lead' WHERE id = 1")
    second = changes.stamp()
    assert second != first
    copy = tmp_path / "copy.db"
    with sqlite3.connect(settings.db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    os.replace(copy, settings.db)  # a restored backup: another file, its own versions
    third = changes.stamp()
    assert third not in (first, second)
    changes.close()


def test_a_database_removed_and_made_again_is_another(settings: bootstrap.Settings) -> None:
    changes = bootstrap.Changes(settings)
    first = changes.stamp()
    for suffix in ("", "-wal", "-shm"):
        Path(settings.db + suffix).unlink(missing_ok=True)
    assert changes.stamp() is None
    with sqlite3.connect(settings.db) as conn:  # its inode may well be the old one's
        conn.execute("CREATE TABLE application (id INTEGER PRIMARY KEY)")
    assert changes.stamp() not in (None, first)
    changes.close()


def test_no_database_is_no_stamp_and_none_is_made(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.db"
    changes = bootstrap.Changes(bootstrap.Settings(db=str(missing), config=None))
    assert changes.stamp() is None
    assert not missing.exists()


TIMES = [
    "2026-11-23T10:00",  # the seeded moment: the debrief is upcoming at 10:30
    "2026-11-23T10:00:30",  # nothing on the page changes (the now line may not move)
    "2026-11-23T10:31",  # the debrief falls due
    "2026-11-23T13:00",
    "2026-11-24T09:00",  # the thank-you's window
    "2026-11-26T12:00",
    "2026-12-20T12:00",  # beyond everything planned: the timeline stretches to now
    "2026-12-21T12:00",
]


def test_as_the_clock_moves_the_page_is_what_a_new_server_would_draw(
    web: Web, reads: list[str]
) -> None:
    """Without a write the records are read once; what time changes is drawn again."""
    reader = script(web)
    for now in TIMES:
        web.settings.now = now
        cached = reader.get("/applications/1").text
        assert cached == fresh(web.settings), now
    assert len(reads) == 1 + len(TIMES)  # once by this server, once by each new one


def test_a_round_ending_while_the_page_is_kept_makes_it_awaiting(
    web: Web, reads: list[str]
) -> None:
    with bootstrap.session(web.settings) as ctx:
        globex = applications_service.add_application(ctx, "Globex", "Analyst").id
        interviews.add_interview(ctx, globex, datetime(2026, 11, 23, 11, 0), minutes=45)
    reader = script(web)
    for now, status in (("2026-11-23T10:00", "active"), ("2026-11-23T11:50", "awaiting")):
        web.settings.now = now
        page = reader.get(f"/applications/{globex}").text
        assert f'class="status {status}"' in page, now
        assert page == fresh(web.settings, f"/applications/{globex}"), now
    assert len(reads) == 1 + 2  # this server read once; each new one once


def test_an_earlier_clock_reads_again(web: Web, reads: list[str]) -> None:
    reader = script(web)
    web.settings.now = "2026-11-24T09:00"
    reader.get("/applications/1")
    web.settings.now = "2026-11-23T10:00"
    earlier = reader.get("/applications/1").text
    assert len(reads) == 2
    assert earlier == fresh(web.settings)


def test_an_unknown_application_is_not_found_and_not_kept(web: Web) -> None:
    assert web.client.get("/applications/99").status_code == 404
    assert web.client.get("/applications/99").status_code == 404
    assert len(state(web).pages) == 0


def test_on_a_generated_search_every_moment_draws_what_a_fresh_read_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """Many applications of every shape (rounds, offers, closed ones), the clock moving on
    by uneven steps over months, and by a few seconds: the cached page always equals one
    read afresh, though the cache read each application only once."""
    db = tmp_path / "bench.db"
    subprocess.run(
        [sys.executable, str(BENCH / "make_db.py"), "--applications", "20", "--years", "0.4",
         "--out", str(db), "--now", "2026-11-23T10:00:00+00:00"],
        check=True, capture_output=True,
    )  # fmt: skip
    at = bootstrap.Settings(db=str(db), config=None, now="2026-11-01T08:00")
    cached = TestClient(create_app(at, TOKEN), base_url=BASE, headers=BEARER)
    again = TestClient(create_app(at, TOKEN), base_url=BASE, headers=BEARER)
    drawn: list[int] = []
    real = applications._draw

    def drawing(*args: Any) -> Any:
        drawn.append(1)
        return real(*args)

    monkeypatch.setattr(applications, "_draw", drawing)
    moment, asked = datetime(2026, 11, 18, 8, 0), 0  # to 9 December: actions fall due, expire
    for step in range(20):
        moment += timedelta(hours=(7, 30, 55, 2)[step % 4], minutes=13 * step)
        for later in (0, 20):  # the same page 20 s on: mostly the same moment
            at.now = (moment + timedelta(seconds=later)).isoformat()
            for app_id in range(1, 21):
                page = cached.get(f"/applications/{app_id}").text
                state(again).pages.clear()
                assert page == again.get(f"/applications/{app_id}").text, (app_id, at.now)
                asked += 1
    assert len(reads) == 20 + asked  # the cache read each once; the other server, every time
    from_memory = asked - (len(drawn) - asked)
    assert from_memory > asked / 4, from_memory  # the same bytes served, not drawn again
