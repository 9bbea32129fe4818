"""A language model's draft in a real browser (issue 17): Debian's Chromium, driven by
Playwright (see test_browser.py), against ``followup serve`` in a child process that finds
the test plugin as llm finds any plugin (its ``.dist-info`` on ``PYTHONPATH``, named in
``LLM_LOAD_PLUGINS``).

With the setting ``model = "followup-slow"``, Today's button drafts with it: the Draft page
shows the model at work (htmx polling), then its letter and what it took. Then
``followup-inventor``, chosen on the page, gives way to the template with the guard's
reason. Without JavaScript, Today's "Write with..." offers every model, and "Check again"
shows the model's letter once it is done.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Followup
from .test_browser import serving, shot
from .test_browser_calendar import _chromium_page

pytestmark = pytest.mark.slow

PLUGIN = Path(__file__).resolve().parents[1] / "llm_plugin"
TOPIC = "the streaming migration"
STRENGTH = "five years of Airflow in production"
MODEL_LINE = f"I especially enjoyed our conversation about {TOPIC}"


def _env(followup: Followup) -> dict[str, str]:
    return {
        "PYTHONPATH": str(PLUGIN),
        "LLM_LOAD_PLUGINS": "followup-test-models",
        "LLM_USER_PATH": str(followup.home / "llm"),
        "FOLLOWUP_TEST_MODEL_SLEEP": "3",
    }


@pytest.fixture
def script_page() -> Iterator[object]:
    yield from _chromium_page(script=True)


@pytest.fixture
def no_script_page() -> Iterator[object]:
    yield from _chromium_page(script=False)


@pytest.fixture
def with_model(interviewed: Followup) -> Followup:
    interviewed.config.write_text(
        '[drafting]\nmodel = "followup-slow"\nmodel_timeout = 30\n', encoding="utf-8"
    )
    return interviewed


def test_a_slow_model_drafts_without_blocking_and_an_inventor_gives_way(
    with_model: Followup, script_page: object
) -> None:
    from playwright.sync_api import Page, expect

    page: Page = script_page  # type: ignore[assignment]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    with serving(with_model, **_env(with_model)) as url:
        page.goto(url)
        page.click("text=Draft with followup-slow")
        page.fill("input[name=topic]", TOPIC)  # the record lacks them: the form asks
        page.fill("input[name=strength]", STRENGTH)
        page.click("text=Draft it")
        expect(page).to_have_url(re.compile(r"/drafts/\d+$"))
        job = page.locator("#model-job")
        expect(job).to_contain_text("model:followup-slow is writing the letter")
        expect(page.locator("textarea[name=body]")).to_have_attribute("readonly", "")
        shot(page, "model-01-writing")
        # htmx asks every second; once done the page reloads with the model's letter
        written = page.locator("#written-by")
        expect(written).to_contain_text("Written by model:followup-slow (", timeout=20_000)
        expect(written).to_contain_text("tokens in")
        expect(job).to_have_count(0)
        expect(page.locator("textarea[name=body]")).to_have_value(re.compile(MODEL_LINE))
        shot(page, "model-02-written")

        page.select_option("#writer-choice", "model:followup-inventor")
        page.click("#write-again")
        expect(written).to_contain_text(
            "the model added 'Google', which is not in your record", timeout=20_000
        )
        expect(written).to_contain_text("Written by the template (")
        body = page.locator("textarea[name=body]")
        expect(body).not_to_have_value(re.compile("Google"))
        expect(body).not_to_have_value(re.compile(MODEL_LINE))
        expect(body).to_have_value(re.compile(r"^Dear Jane,"))
        shot(page, "model-03-refused")
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert [u for u in missing if not u.endswith("/favicon.ico")] == []


def test_without_javascript_check_again_shows_the_letter(
    with_model: Followup, no_script_page: object
) -> None:
    from playwright.sync_api import Page, expect

    page: Page = no_script_page  # type: ignore[assignment]
    with serving(with_model, **_env(with_model)) as url:
        page.goto(url)
        shot(page, "model-04-today")
        page.click("text=Write with…")  # the choice of every writer, on a page of its own
        expect(page.locator("#writer-choice")).to_have_value("model:followup-slow")
        expect(page.locator("#writer-choice option")).to_contain_text(
            ["the template", "followup-good", "followup-inventor", "followup-slow"]
        )
        shot(page, "model-05-draft-with")
        page.click("#draft-it")
        page.fill("input[name=topic]", TOPIC)
        page.fill("input[name=strength]", STRENGTH)
        page.click("text=Draft it")
        expect(page.locator("#model-job")).to_contain_text("is writing the letter")
        for _ in range(40):
            if page.locator("#check-again").count() == 0:
                break
            page.wait_for_timeout(500)
            page.click("#check-again")
        written = page.locator("#written-by")
        expect(written).to_contain_text("Written by model:followup-slow (")
        expect(page.locator("textarea[name=body]")).to_have_value(re.compile(MODEL_LINE))
        expect(page.locator("#save")).to_be_visible()  # the letter is the user's again
