"""The week view and the calendar feed's settings in a real browser (Debian's Chromium,
driven by Playwright; see test_browser.py), against ``followup serve`` in a child process,
with JavaScript off: the week is plain HTML, and the feed's rotation a plain form."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from .conftest import Followup
from .test_browser import CHROMIUM, FLAGS, serving, shot

pytestmark = pytest.mark.slow


@pytest.fixture
def no_script_page() -> Iterator[object]:
    yield from _chromium_page(script=False)


@pytest.fixture
def script_page() -> Iterator[object]:
    yield from _chromium_page(script=True)


def _chromium_page(*, script: bool) -> Iterator[object]:
    import os

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: `make test` installs it (see Makefile)")
        pytest.skip("no /usr/bin/chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            context = browser.new_context(java_script_enabled=script)
            yield context.new_page()
        finally:
            browser.close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers["content-type"], answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["content-type"], exc.read()


def test_the_week_and_the_feed_in_chromium(interviewed: Followup, no_script_page: object) -> None:
    from playwright.sync_api import Page, expect

    interviewed.ok("interview", "add", "1", "--at", "2026-11-26 14:00", "--minutes", "45")
    page: Page = no_script_page  # type: ignore[assignment]
    with serving(interviewed) as url:
        base = url.split("/?")[0]
        page.goto(url)
        page.get_by_role("link", name="Week").click()
        expect(page).to_have_url(f"{base}/week")
        expect(page.get_by_role("heading", level=1)).to_contain_text("The week ahead")
        days = page.get_by_role("region")
        expect(days).to_have_count(7)
        thursday = page.get_by_role("region", name="Thursday 26 November")
        interview = thursday.get_by_role("listitem").filter(has_text="Interview")
        expect(interview).to_contain_text("14:00")
        expect(interview.get_by_role("link", name="Acme · Data Engineer")).to_be_visible()
        today = page.get_by_role("region", name="Monday 23 November today")
        expect(today.get_by_role("listitem").first).to_be_visible()
        shot(page, "calendar-week")

        page.get_by_role("link", name="the calendar feed").click()
        address = page.get_by_label("Feed address")
        old = address.input_value()
        assert old.startswith(f"{base}/calendar/")
        status, kind, body = fetch(old)
        assert (status, kind) == (200, "text/calendar; charset=utf-8")
        assert b"BEGIN:VEVENT" in body
        page.get_by_role("button", name="Make a new address").click()
        expect(page.get_by_role("status")).to_contain_text("A new calendar feed address")
        new = page.get_by_label("Feed address").input_value()
        assert new != old
        assert fetch(old)[0] == 404
        assert fetch(new)[0] == 200
        shot(page, "calendar-settings")


def test_an_invitation_dropped_on_the_application_becomes_its_interview(
    interviewed: Followup, script_page: object
) -> None:
    """With script on: the .ics file dropped on the Interviews card is sent as if chosen."""
    from pathlib import Path

    from playwright.sync_api import Page, expect

    invite = Path(__file__).resolve().parents[1] / "data" / "invites" / "google.ics"
    page: Page = script_page  # type: ignore[assignment]
    with serving(interviewed) as url:
        page.goto(url)
        page.goto(url.split("/?")[0] + "/applications/1")
        zone = page.locator("form[data-drop-ics]")
        expect(zone).to_contain_text("drop the .ics file here")
        # What a drag from the file manager hands the page: a DataTransfer holding the file.
        dropped = page.evaluate_handle(
            """(text) => { const t = new DataTransfer();
                 t.items.add(new File([text], "invite.ics", {type: "text/calendar"}));
                 return t; }""",
            invite.read_text(encoding="utf-8"),
        )
        zone.dispatch_event("dragover", {"dataTransfer": dropped})
        expect(zone).to_have_class("drop over")
        zone.dispatch_event("drop", {"dataTransfer": dropped})
        expect(page).to_have_url(url.split("/?")[0] + "/applications/1#interviews")
        people = page.locator("section.card").filter(has_text="People")
        expect(people).to_contain_text("Priya Shah")
        shot(page, "application-invitation-dropped")
    import json

    listed = json.loads(interviewed.ok("interview", "list", "1", "--json"))["interviews"]
    assert len(listed) == 2  # this morning's round, and the one the invitation was for
    assert "Priya Shah" in interviewed.ok("contact", "list", "1")
