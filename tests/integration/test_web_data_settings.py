"""Settings' Data card (issue 16): the backup download is the whole database, as
``followup backup`` makes it, and leaves no copy behind on the server."""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from followup.adapters.sqlite.backup import check
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
