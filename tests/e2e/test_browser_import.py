"""The Import page in a real browser (Chromium through Playwright, as test_browser.py), against
``followup serve`` in a child process: upload, the dry run row by row, confirm (issue 16)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from .conftest import Followup, make_profile
from .test_browser import serving, shot
from .test_browser_calendar import _chromium_page

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"


@pytest.fixture
def no_script_page():  # type: ignore[no-untyped-def]
    yield from _chromium_page(script=False)


def _applications(followup: Followup) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(followup.db)) as conn:
        return conn.execute("SELECT company, role FROM application ORDER BY id").fetchall()


def test_upload_preview_and_confirm_in_chromium(followup: Followup, no_script_page: object) -> None:
    from playwright.sync_api import Page, expect

    make_profile(followup)
    page: Page = no_script_page  # type: ignore[assignment]
    with serving(followup) as url:
        page.goto(url)
        page.get_by_role("link", name="Settings").click()
        page.get_by_role("link", name="Import applications from a spreadsheet").click()
        page.get_by_label("Spreadsheet").set_input_files(str(SAMPLES / "bad_rows.csv"))
        page.get_by_role("button", name="Preview").click()
        rows = page.locator("#outcomes tbody tr")
        expect(rows).to_have_count(4)
        expect(rows.nth(0)).to_contain_text("created")
        expect(page.get_by_role("alert")).to_contain_text("3 row(s) have problems")
        shot(page, "import-preview")
        page.get_by_role("button", name="Import").click()  # refused: the whole file
        expect(page.locator("body")).to_contain_text("nothing imported")
        page.goto(url.split("/?")[0] + "/import")
        page.get_by_label("Spreadsheet").set_input_files(str(SAMPLES / "bad_rows.csv"))
        page.get_by_role("button", name="Preview").click()
        page.get_by_label("Skip the rows with problems").check()
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_role("status")).to_contain_text("Imported: 1 new")

        page.goto(url.split("/?")[0] + "/import")
        page.get_by_label("Spreadsheet").set_input_files(str(SAMPLES / "european_cp1252.csv"))
        page.get_by_role("button", name="Preview").click()
        expect(page.locator("#outcomes")).to_contain_text("Café Müller GmbH")
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_role("status")).to_contain_text("Imported: 3 new")
        shot(page, "import-done")
    # Read once the server is gone: the refused confirm wrote nothing, the two others did.
    assert _applications(followup) == [
        ("Acme", "Engineer"), ("Café Müller GmbH", "Entwickler"),
        ("Señor Datos SL", "Analista de datos"), ("Øresund AB", "Backend Engineer"),
    ]  # fmt: skip


def test_settings_export_and_backup_buttons_download_in_chromium(
    followup: Followup, no_script_page: object, tmp_path: Path
) -> None:
    """The Data card's three buttons give files a person can use: a JSON export that a new
    followup loads, a CSV for a spreadsheet, a backup that ``followup restore`` accepts."""
    import json

    from playwright.sync_api import Page

    make_profile(followup)
    followup.ok("app", "add", "Acme", "Data Engineer")
    page: Page = no_script_page  # type: ignore[assignment]
    saved: dict[str, Path] = {}
    with serving(followup) as url:
        page.goto(url)
        page.get_by_role("link", name="Settings").click()
        for button in ("Export JSON", "Export CSV", "Download a backup"):
            with page.expect_download() as download:
                page.get_by_role("button", name=button).click()
            got = download.value
            saved[button] = tmp_path / got.suggested_filename
            got.save_as(saved[button])
    document = json.loads(saved["Export JSON"].read_text())
    assert document["format"] == "followup-export"
    assert [a["company"] for a in document["applications"]] == ["Acme"]
    assert "Acme" in saved["Export CSV"].read_text(encoding="utf-8-sig")
    assert saved["Download a backup"].name.startswith("followup-backup-")
    new = tmp_path / "restored.db"
    restored = followup.raw("--db", str(new), "restore", str(saved["Download a backup"]))
    assert restored.code == 0, restored.err
    with closing(sqlite3.connect(new)) as conn:
        assert conn.execute("SELECT company FROM application").fetchall() == [("Acme",)]
