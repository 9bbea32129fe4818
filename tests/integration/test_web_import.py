"""The Import page over the form (issue 16): the preview writes nothing, confirm writes once,
a refused file changes nothing, an oversized upload is refused."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from html import unescape
from pathlib import Path

from followup import bootstrap
from tests.integration.conftest import Web

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"


def _count(settings: bootstrap.Settings) -> int:
    with closing(sqlite3.connect(settings.db)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM application").fetchone()[0])


def _preview(web: Web, name: str) -> str:
    raw = (SAMPLES / name).read_bytes()
    answer = web.post("/import/preview", files={"spreadsheet": (name, raw, "text/csv")})
    assert answer.status_code == 200, answer.text
    return answer.text


def test_preview_then_confirm(web: Web, settings: bootstrap.Settings) -> None:
    assert web.client.get("/import").status_code == 200
    assert 'href="/import"' in web.client.get("/settings").text
    html = _preview(web, "plain.csv")
    assert "Initech" in html
    assert "rejected" in html
    assert _count(settings) == 1  # the seeded application only
    text = re.search(r'name="text" value="([^"]*)"', html, re.S)
    assert text is not None
    done = web.post("/import/confirm", {"text": unescape(text.group(1))})
    assert done.status_code == 200, done.text
    assert "Imported: 4 new" in done.text
    assert _count(settings) == 5


def test_bad_rows_are_refused_on_confirm_unless_skipped(
    web: Web, settings: bootstrap.Settings
) -> None:
    html = _preview(web, "bad_rows.csv")
    assert "3 row(s) have problems" in html
    found = re.search(r'name="text" value="([^"]*)"', html, re.S)
    assert found is not None
    text = unescape(found.group(1))
    refused = web.post("/import/confirm", {"text": text})
    assert refused.status_code == 400
    assert _count(settings) == 1
    done = web.post("/import/confirm", {"text": text, "skip_bad": "1"})
    assert "Imported: 1 new" in done.text
    assert _count(settings) == 2


def test_binary_upload_is_refused(web: Web, settings: bootstrap.Settings) -> None:
    raw = (SAMPLES / "binary.csv").read_bytes()
    answer = web.post("/import/preview", files={"spreadsheet": ("x.csv", raw, "text/csv")})
    assert answer.status_code == 400
    assert _count(settings) == 1
