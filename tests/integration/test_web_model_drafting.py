"""A language model's draft on the web (issue 17): the choice of writer on the Draft page
and Today's Draft button, the model run as a background job with its progress shown, and
the letter, or the template's with the guard's reasons, once it is done.

Real llm with the test plugin registered in process (``test_models``): ``followup-good``
keeps to the facts, ``followup-inventor`` adds an employer, ``followup-slow`` sleeps
``FOLLOWUP_TEST_MODEL_SLEEP`` seconds, ``followup-broken`` fails as a server would.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup import bootstrap

from .conftest import Web, client_for

THANKS = "1.thanks.i1.c1"
FACTS = {"topic": "the streaming migration", "strength": "five years of Airflow in production"}
MODEL_LINE = "I especially enjoyed our conversation about"  # the test models' wording

pytestmark = pytest.mark.usefixtures("test_models")


def configured(settings: bootstrap.Settings, tmp_path: Path, text: str) -> bootstrap.Settings:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    return bootstrap.Settings(settings.db, str(config), settings.now)


@pytest.fixture
def slow_web(
    settings: bootstrap.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Web]:
    """The server with a model timeout of 2 s, and followup-slow taking 1 s."""
    monkeypatch.setenv("FOLLOWUP_TEST_MODEL_SLEEP", "1")
    chosen = configured(settings, tmp_path, "[drafting]\nmodel_timeout = 2\n")
    with client_for(chosen, signed_in=True) as client:
        yield Web(client, chosen)


def drafted(web: Web, writer: str | None = None) -> int:
    """Today's Draft button (with ``writer`` when given): the draft it made."""
    made = web.post(f"/actions/{THANKS}/draft", {**FACTS, **({"writer": writer} if writer else {})})
    assert made.status_code == 303, made.text
    found = re.fullmatch(r"/drafts/(\d+)", made.headers["location"])
    assert found, made.headers["location"]
    return int(found.group(1))


def finished(web: Web, draft: int, within: float = 20) -> str:
    """Poll the job as htmx does, until it says it is done; then the page."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        polled = web.client.get(f"/drafts/{draft}/job")
        assert polled.status_code == 200
        if polled.headers.get("hx-refresh") == "true":
            page = web.client.get(f"/drafts/{draft}")
            assert page.status_code == 200
            return page.text
        assert 'id="model-job"' in polled.text
        assert "is writing the letter" in polled.text
        time.sleep(0.1)
    raise AssertionError(f"the job for draft {draft} did not finish in {within} s")


def writes(web: Web) -> dict[str, str]:
    """The header an API write from this browser session carries (as htmx sends it)."""
    return {"X-CSRF-Token": web.csrf("/applications")}


def body_of(page: str) -> str:
    found = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert found
    return found.group(1)


def test_the_draft_page_offers_the_template_and_every_model_llm_knows(web: Web) -> None:
    page = web.client.get(f"/drafts/{drafted(web)}").text
    assert '<option value="template" selected>the template</option>' in page
    for name in ("followup-good", "followup-inventor", "followup-slow", "followup-broken"):
        assert f'<option value="model:{name}">{name}</option>' in page
    assert 'id="written-by"' not in page  # the template wrote it and no model was asked


def test_the_setting_is_preselected_and_todays_button_drafts_with_it(
    settings: bootstrap.Settings, tmp_path: Path
) -> None:
    chosen = configured(settings, tmp_path, '[drafting]\nmodel = "followup-good"\n')
    with client_for(chosen, signed_in=True) as client:
        web = Web(client, chosen)
        today = client.get("/").text
        assert 'name="writer" value="model:followup-good"' in today
        assert "Draft with followup-good" in today
        assert f'href="/actions/{THANKS}/draft">Write with' in today  # any model, or none
        choice = client.get(f"/actions/{THANKS}/draft").text
        assert '<option value="template">the template</option>' in choice
        assert '<option value="model:followup-good" selected>followup-good (your setting)' in choice
        assert '<option value="model:followup-inventor">followup-inventor</option>' in choice
        draft = drafted(web, "model:followup-good")
        page = finished(web, draft)
        assert '<option value="model:followup-good" selected>followup-good (your setting)' in page
        assert "Written by model:followup-good (" in page
        assert "tokens in" in page
        assert "I especially enjoyed our conversation about the streaming migration" in page
        # and the template is one click away, at once
        again = web.post(f"/drafts/{draft}/write", {"writer": "template"})
        assert again.headers["location"] == f"/drafts/{draft}?said=rewritten"
        page = client.get(again.headers["location"]).text
        assert MODEL_LINE not in body_of(page)
        assert body_of(page).startswith("Dear Jane,")
        assert 'id="written-by"' not in page


def test_todays_draft_with_offers_every_model_and_drafts_with_the_one_chosen(web: Web) -> None:
    today = web.client.get("/").text
    assert "Draft with followup" not in today  # no setting: Draft is the template's
    assert f'href="/actions/{THANKS}/draft">Write with' in today
    choice = web.client.get(f"/actions/{THANKS}/draft").text
    assert '<option value="template" selected>the template</option>' in choice
    assert '<option value="model:followup-good">followup-good</option>' in choice
    page = finished(web, drafted(web, "model:followup-good"))
    assert "Written by model:followup-good (" in page
    assert web.client.get("/actions/no-such-action/draft").status_code == 404


def test_a_slow_model_shows_its_progress_and_blocks_nothing(slow_web: Web) -> None:
    web = slow_web
    draft = drafted(web)
    template = body_of(web.client.get(f"/drafts/{draft}").text)
    started = web.post(f"/drafts/{draft}/write", {"writer": "model:followup-slow"})
    assert started.status_code == 303
    assert started.headers["location"] == f"/drafts/{draft}"
    begun = time.monotonic()
    page = web.client.get(f"/drafts/{draft}").text
    assert time.monotonic() - begun < 0.9  # the page did not wait for the model
    assert "model:followup-slow is writing the letter" in page
    assert f'hx-get="/drafts/{draft}/job" hx-trigger="every 1s"' in page
    assert f'<a href="/drafts/{draft}" id="check-again">Check again</a>' in page  # no JS
    assert body_of(page) == template
    assert "readonly" in page
    assert 'id="write-again"' not in page
    assert 'id="save"' not in page
    assert web.client.get("/").status_code == 200  # the server answers others meanwhile
    # asking again while it writes is the same job, not a second one
    assert web.post(f"/drafts/{draft}/write", {"writer": "model:followup-good"}).status_code == 303
    assert "model:followup-slow is writing" in web.client.get(f"/drafts/{draft}").text
    page = finished(web, draft)
    assert "Written by model:followup-slow (" in page
    assert "I especially enjoyed our conversation about the streaming migration" in body_of(page)


def test_an_inventing_model_leaves_the_template_with_the_guards_reason(web: Web) -> None:
    draft = drafted(web)
    template = body_of(web.client.get(f"/drafts/{draft}").text)
    web.post(f"/drafts/{draft}/write", {"writer": "model:followup-inventor"})
    page = finished(web, draft)
    assert "Written by the template (" in page
    assert "the model added &#39;Google&#39;, which is not in your record" in page
    assert body_of(page) == template
    assert "Google" not in body_of(page)


def test_a_failing_model_and_a_timeout_are_the_template_with_the_reason(
    slow_web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    web = slow_web
    draft = drafted(web)
    template = body_of(web.client.get(f"/drafts/{draft}").text)
    web.post(f"/drafts/{draft}/write", {"writer": "model:followup-broken"})
    page = finished(web, draft)
    assert "the model followup-broken failed: the server answered 500 Internal Server Error" in page
    assert body_of(page) == template
    monkeypatch.setenv("FOLLOWUP_TEST_MODEL_SLEEP", "30")
    web.post(f"/drafts/{draft}/write", {"writer": "model:followup-slow"})
    page = finished(web, draft, within=15)
    assert "the model followup-slow gave no letter within 2 s" in page
    assert body_of(page) == template


def test_an_unknown_model_is_refused_at_once(web: Web) -> None:
    draft = drafted(web)
    answer = web.post(f"/drafts/{draft}/write", {"writer": "model:no-such-model"})
    assert answer.status_code == 400
    assert "llm knows no model" in answer.text
    assert web.client.get(f"/drafts/{draft}/job").headers.get("hx-refresh") == "true"
    assert web.post(f"/drafts/{draft}/write", {"writer": "gpt"}).status_code == 400
    assert (
        web.post(f"/actions/{THANKS}/draft", {**FACTS, "writer": "model:nope"}).status_code == 400
    )


def test_an_edit_made_while_the_model_writes_is_kept(slow_web: Web) -> None:
    web = slow_web
    draft = drafted(web)
    web.post(f"/drafts/{draft}/write", {"writer": "model:followup-slow"})
    mine = {"subject": "Thank you", "body": "Dear Jane,\n\nMy own words.\n\nAlex\n"}
    saved = web.client.post(f"/api/drafts/{draft}", json=mine, headers=writes(web))
    assert saved.status_code == 200, saved.text
    page = finished(web, draft)
    assert "The letter was not written again: the letter changed while" in page
    assert body_of(page) == mine["body"]


def test_without_llm_the_choice_says_how_to_install_it(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "llm", None)  # `import llm` fails, as when not installed
    draft = drafted(web)
    page = web.client.get(f"/drafts/{draft}").text
    assert "pip install &#39;followup[llm]&#39;" in page
    assert "pip install &#39;followup[llm]&#39;" in web.client.get(f"/actions/{THANKS}/draft").text
    assert 'value="model:' not in page
    answer = web.post(f"/drafts/{draft}/write", {"writer": "model:followup-good"})
    assert answer.status_code == 400
    assert "pip install" in answer.text


def test_the_api_starts_a_job_and_reports_its_state(web: Web) -> None:
    draft = drafted(web)
    listed = web.client.get("/api/writers").json()
    assert "followup-good" in listed["models"]
    assert listed["default"] is None
    assert listed["missing"] is None
    assert web.client.get(f"/api/drafts/{draft}/job").status_code == 404
    started = web.client.post(
        f"/api/drafts/{draft}/write",
        json={"writer": "model:followup-inventor"},
        headers=writes(web),
    )
    assert started.status_code == 202, started.text
    assert started.json()["writer"] == "model:followup-inventor"
    deadline = time.monotonic() + 20
    while (state := web.client.get(f"/api/drafts/{draft}/job").json())["state"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert state["state"] == "done"
    assert state["failure"] is None
    letter = web.client.get(f"/api/drafts/{draft}").json()
    assert letter["writer"] == "template"
    assert letter["refused"] == ["the model added 'Google', which is not in your record"]
    assert letter["model"]["tries"] == 2
    by_template = web.client.post(
        f"/api/drafts/{draft}/write", json={"writer": "template"}, headers=writes(web)
    )
    assert by_template.status_code == 202
    assert by_template.json()["state"] == "done"
    letter = web.client.get(f"/api/drafts/{draft}").json()
    assert letter["writer"] == "template"
    assert "refused" not in letter
    assert "model" not in letter
    refused = web.client.post(
        f"/api/drafts/{draft}/write", json={"writer": "model:nope"}, headers=writes(web)
    )
    assert refused.status_code == 400
