"""Documents on the application page in a real browser (Chromium through Playwright, as
test_browser.py), against ``followup serve`` in a child process (issue 18): a file chosen
and uploaded, listed, downloaded with its name and bytes, attached on the Draft page, and
removed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Followup, make_profile
from .test_browser import serving, shot
from .test_browser_calendar import _chromium_page

pytestmark = pytest.mark.slow

NAME = "Arbeitsprobe Müller 履歴.pdf"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 16 + b"\n%%EOF\n"


@pytest.fixture
def script_page() -> Iterator[object]:
    yield from _chromium_page(script=True)


def test_upload_download_attach_and_remove_in_chromium(
    followup: Followup, script_page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    make_profile(followup)
    followup.ok("app", "add", "Acme", "Data Engineer")
    followup.ok("contact", "add", "1", "Jane Doe", "--email", "jane@acme.example")
    source = tmp_path / NAME
    source.write_bytes(PDF)
    page: Page = script_page  # type: ignore[assignment]
    with serving(followup) as url:
        base = url.split("/?")[0]
        page.goto(url)
        page.goto(base + "/applications/1")
        card = page.locator("#documents")
        expect(card).to_contain_text("No documents yet.")
        card.get_by_label("File (at most 25 MiB)").set_input_files(str(source))
        card.get_by_label("Kind").select_option(label="Work sample")
        card.get_by_label("Note").fill("the migration write-up")
        card.get_by_role("button", name="Add document").click()
        expect(card).to_contain_text(NAME)
        expect(card).to_contain_text("Work sample · application/pdf · 4 KiB · the migration")
        shot(page, "documents-card")

        with page.expect_download() as waiting:
            card.get_by_role("link", name=NAME).click()
        download = waiting.value
        assert download.suggested_filename == NAME
        saved = tmp_path / "downloaded.pdf"
        download.save_as(saved)
        assert saved.read_bytes() == PDF

        # Attach it to a letter on the Draft page; the review counts it.
        out = followup.ok(
            "draft", "1", "send-additional-info", "--detail", "Here is more on the migration."
        )
        draft_id = out.split("#", 1)[1].split(":", 1)[0]
        page.goto(f"{base}/drafts/{draft_id}")
        attachments = page.locator("#attachments")
        expect(attachments).to_contain_text("Nothing attached.")
        attachments.get_by_label(NAME).check()
        attachments.get_by_role("button", name="Attach the ticked documents").click()
        expect(attachments.locator("ul")).to_contain_text(NAME)
        expect(page.locator("#review")).to_contain_text("never mentions it")
        shot(page, "documents-attached")

        page.goto(base + "/applications/1")
        page.locator("#documents").get_by_role("button", name=f"Remove {NAME}").click()
        expect(page.locator("#documents")).to_contain_text("No documents yet.")
    # The draft still carries the file it was given, so the file stays.
    shown = followup.json("drafts", "show", draft_id)["messages"][0]
    assert [a["name"] for a in shown["attachments"]] == [NAME]
    assert shown["attachments"][0]["document_id"] is None
