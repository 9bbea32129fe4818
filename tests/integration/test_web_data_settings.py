"""Settings' Data card (issue 16): the backup download is the whole database, as
``followup backup`` makes it, and leaves no copy behind on the server; the exports are the
same bytes as ``followup export`` writes."""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from followup import bootstrap
from followup.adapters.sqlite.backup import check
from followup.services import exporting
from tests.integration.conftest import Web


def _leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("followup-backup-*")}


def test_the_backup_download_is_a_sound_copy_of_every_row(web: Web, tmp_path: Path) -> None:
    page = web.client.get("/settings")
    assert 'action="/settings/backup"' in page.text
    before = _leftovers()
    answer = web.post("/settings/backup")
    assert answer.status_code == 200, answer.text[:300]
    disposition = answer.headers["content-disposition"]
    assert 'filename="followup-backup-2026-11-23.db"' in disposition
    assert disposition.startswith("attachment")
    copy = tmp_path / "downloaded.db"
    copy.write_bytes(answer.content)
    check(str(copy))  # SQLite, followup's mark, integrity_check, a known schema
    with closing(sqlite3.connect(copy)) as conn:
        assert list(conn.execute("SELECT company, role FROM application")) == [
            ("Acme", "Data Engineer")
        ]
        assert list(conn.execute("SELECT name FROM contact")) == [("Jane Doe",)]
    assert _leftovers() == before  # the temporary copy went once it was sent


def test_the_backup_needs_the_forms_csrf_token(web: Web) -> None:
    refused = web.client.post("/settings/backup", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert not refused.content.startswith(b"SQLite format 3")


def test_the_json_export_is_the_cli_export_and_loads_into_a_new_database(
    web: Web, tmp_path: Path
) -> None:
    page = web.client.get("/settings")
    assert 'action="/settings/export/json"' in page.text
    answer = web.post("/settings/export/json")
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("application/json")
    assert 'filename="followup-export-2026-11-23.json"' in answer.headers["content-disposition"]
    with bootstrap.session(web.settings) as ctx:
        assert answer.text == exporting.export_json(ctx)  # the clock is pinned: same bytes
    new = bootstrap.Settings(db=str(tmp_path / "new.db"), config=None, now=web.settings.now)
    with bootstrap.session(new) as ctx:
        loaded = exporting.load_json(ctx, answer.text)
    assert loaded.counts["applications"] == 1


def test_the_csv_export_is_one_row_per_application_for_excel(web: Web) -> None:
    answer = web.post("/settings/export/csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith("\ufeff".encode())  # UTF-8 with a BOM: Excel reads it so
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert "Acme" in lines[1]
    assert "Data Engineer" in lines[1]


def test_an_unknown_export_format_is_refused(web: Web) -> None:
    refused = web.post("/settings/export/xlsx")
    assert refused.status_code == 400
    assert "choose JSON or CSV" in refused.text


def test_the_exports_need_the_forms_csrf_token(web: Web) -> None:
    for path in ("/settings/export/json", "/settings/export/csv"):
        refused = web.client.post(path, data={}, follow_redirects=False)
        assert refused.status_code == 403
