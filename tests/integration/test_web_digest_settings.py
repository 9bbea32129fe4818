"""Settings' morning digest fields (issue 15): the same two as ``followup digest setup``
(the time, off), saved through the page; the links' port is the server's own."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from tests.integration.conftest import Web


def rows(web: Web) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(web.settings.db)) as conn:
        return list(conn.execute("SELECT at, port FROM digest_setting"))


def test_the_digest_is_off_until_a_time_is_saved(web: Web) -> None:
    page = web.client.get("/settings")
    assert 'id="digest"' in page.text
    assert 'name="at" type="time" value=""' in page.text
    assert 'name="off" value="1" checked' in page.text
    saved = web.post("/settings/digest", {"at": "07:30"})
    assert saved.status_code == 303
    assert saved.headers["location"] == "/settings?said=digest#digest"
    assert rows(web) == [("07:30", 8765)]
    page = web.client.get("/settings?said=digest")
    assert "Morning digest saved." in page.text
    assert 'name="at" type="time" value="07:30"' in page.text
    assert 'name="off" value="1">' in page.text  # not checked
    web.post("/settings/digest", {"at": "07:30", "off": "1"})
    assert rows(web) == [(None, 8765)]


def test_a_bad_time_is_refused_with_nothing_written(web: Web) -> None:
    web.post("/settings/digest", {"at": "06:00"})
    refused = web.post("/settings/digest", {"at": "25:61"})
    assert refused.status_code == 400
    assert "is not a time of day" in refused.text
    assert rows(web) == [("06:00", 8765)]
    empty = web.post("/settings/digest", {"at": ""})
    assert empty.status_code == 400
    assert rows(web) == [("06:00", 8765)]


def test_the_form_needs_its_csrf_token(web: Web) -> None:
    refused = web.client.post("/settings/digest", data={"at": "07:30"}, follow_redirects=False)
    assert refused.status_code == 403
    assert rows(web) == []
