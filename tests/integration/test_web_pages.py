"""The pages as a person uses them, in-process: debrief, draft, review as you type, .eml,
mark sent, and the plan moving on. (The browser runs the same journey in tests/e2e.)"""

from __future__ import annotations

import email
import re
from email import policy

import pytest

from followup import bootstrap

from .conftest import Web, client_for

THANKS = "1.thanks.i1.c1"
DEBRIEF = {
    "questions": "Why Acme? | Data quality focus | 4\nA hard bug | the cache one",
    "strengths": "pipelines\nmentoring",
    "stumbles": "Kafka internals",
    "unaddressed": "my on-call experience",
    "cues": "nodded at streaming",
    "demeanour": "4",
    "topics_1": "the streaming migration",
    "rapport_1": "good",
    "next_steps": "a call with the CTO",
    "decision_date": "2026-12-04",
}


def drafted(web: Web) -> int:
    web.post("/interviews/1/debrief", DEBRIEF)
    made = web.post(f"/actions/{THANKS}/draft")
    assert made.status_code == 303, made.text
    found = re.fullmatch(r"/drafts/(\d+)", made.headers["location"])
    assert found
    return int(found.group(1))


def test_the_debrief_form_keeps_every_field_and_shows_it_again(web: Web) -> None:
    saved = web.post("/interviews/1/debrief", DEBRIEF)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/applications/1"
    form = web.client.get("/interviews/1/debrief").text
    for value in ("Why Acme? | Data quality focus | 4", "mentoring", "Kafka internals",
                  "my on-call experience", "nodded at streaming", "the streaming migration",
                  "a call with the CTO", "2026-12-04"):  # fmt: skip
        assert value in form
    assert '<option value="good" selected>' in form
    assert '<option value="4" selected>' in form
    plan = web.client.get("/api/applications/1/plan").json()
    assert any(e["kind"] == "timeline" for e in plan["events"])  # the decision date logged


def test_a_bad_rating_in_the_debrief_is_refused_with_one_line(web: Web) -> None:
    answer = web.post("/interviews/1/debrief", {"questions": "Why? | because | 9"})
    assert answer.status_code == 400
    assert "from 1 to 5" in answer.text


def test_a_missing_fact_is_asked_for_on_a_form(web: Web) -> None:
    asked = web.post(f"/actions/{THANKS}/draft")  # no debrief: no topic to thank them for
    assert asked.status_code == 200
    assert 'name="topic"' in asked.text
    again = web.post(f"/actions/{THANKS}/draft", {"topic": "the streaming migration"})
    # what was given is kept (hidden), not asked again
    assert '<input type="hidden" name="topic" value="the streaming migration">' in again.text
    assert '<input name="topic"' not in again.text
    assert '<input name="strength" required>' in again.text
    made = web.post(
        f"/actions/{THANKS}/draft", {"topic": "the streaming migration", "strength": "pipelines"}
    )
    assert made.status_code == 303


def test_the_editor_marks_a_planted_typo_as_the_user_types(web: Web) -> None:
    draft = drafted(web)
    page = web.client.get(f"/drafts/{draft}").text
    assert "the streaming migration" in page
    subject = re.search(r'name="subject" value="([^"]*)"', page)
    assert subject
    body = "Dear Jane,\n\nI was glad to recieve your time today.\n\nBest,\nAlex Morgan"
    panel = web.client.post(
        f"/drafts/{draft}/review",
        data={"subject": subject.group(1), "body": body},
        headers={"X-CSRF-Token": web.csrf(), "HX-Request": "true"},
    )
    assert panel.status_code == 200
    assert re.search(r"<mark class=\"\w+\" title=\"[^\"]*\">recieve</mark>", panel.text), panel.text
    assert "mailto:jane%40acme.example?subject=" in panel.text


def test_the_letter_downloads_as_an_eml_and_a_header_injection_is_refused(web: Web) -> None:
    draft = drafted(web)
    eml = web.post(
        f"/drafts/{draft}/eml", {"subject": "Thank you", "body": "Dear Jane,\n\nThanks."}
    )
    assert eml.status_code == 200
    assert eml.headers["content-type"].startswith("message/rfc822")
    parsed = email.message_from_bytes(eml.content, policy=policy.default)
    assert parsed["To"] == "jane@acme.example"
    assert parsed["Subject"] == "Thank you"
    assert "Alex Morgan" in parsed["From"]
    evil = web.post(f"/drafts/{draft}/eml", {"subject": "Hi\r\nBcc: all@evil.example", "body": "x"})
    assert evil.status_code == 400
    assert b"Bcc: all@evil.example" not in evil.content.replace(b"\r\n", b" ")


def test_marking_the_thank_you_sent_moves_the_plan_on(web: Web) -> None:
    draft = drafted(web)
    page = web.client.get(f"/drafts/{draft}").text
    assert f'action="/actions/{THANKS}/done"' in page
    done = web.post(f"/actions/{THANKS}/done", {"next": "/applications/1"})
    assert done.status_code == 303
    assert done.headers["location"] == "/applications/1"
    kinds = [a["kind"] for a in web.client.get("/api/applications/1/plan").json()["actions"]]
    assert "thank-you" not in kinds
    assert "status-inquiry" in kinds
    assert "Thank-you sent" in web.client.get("/applications/1").text


def test_done_goes_back_only_to_a_page_of_this_server(web: Web) -> None:
    done = web.post(f"/actions/{THANKS}/skip", {"next": "//evil.example/x"})
    assert done.headers["location"] == "/"


def test_the_board_filters_by_status_and_search(web: Web) -> None:
    web.post("/applications", {"company": "Globex", "role": "Analyst"})
    everything = web.client.get("/applications").text
    assert "Acme" in everything
    assert "Globex" in everything
    searched = web.client.get("/applications?q=glob").text
    assert "Globex" in searched
    assert "Acme" not in searched
    awaiting = web.client.get("/applications?status=awaiting").text
    assert "Acme" in awaiting
    assert "Globex" not in awaiting
    assert web.client.get("/applications?status=nope").status_code == 400


def test_the_application_page_draws_the_timeline(web: Web) -> None:
    page = web.client.get("/applications/1").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('class="due"') >= 2  # the debrief and the thank-you, planned
    assert 'class="now"' in svg
    assert "Thank-you" in svg
    # The interview (Mon 08:30, 60 min, seeded) is on it too, drawn as its span.
    assert "Interview (Video, 60 min) · 23 Nov 08:30" in svg
    assert svg.count('class="interview"') == 1


def _later(settings: bootstrap.Settings, now: str) -> bootstrap.Settings:
    return bootstrap.Settings(db=settings.db, config=settings.config, now=now)


def test_pages_show_kinds_and_statuses_in_words_not_slugs(web: Web) -> None:
    web.post("/applications/1/events", {"kind": "thank-you-sent", "contact": "1"})
    pages = {p: web.client.get(p).text for p in ("/", "/applications", "/applications/1")}
    shown = " ".join(re.sub(r"<[^>]+>", " ", page) for page in pages.values())  # the text
    for slug in ("thank-you-sent", "status-inquiry", "linkedin-connect", "hiring-manager"):
        assert slug not in shown, slug
    assert "Thank-you sent" in shown
    assert "Awaiting" in pages["/applications"]
    assert 'value="thank_you_sent">Thank-you sent<' in pages["/applications/1"]  # values stay


def test_adding_people_and_rounds_and_logging_events(web: Web) -> None:
    sam = {"name": "Sam Lee", "email": "sam@acme.example", "role": "recruiter", "greet": "Mr Lee"}
    web.post("/applications/1/contacts", sam)
    call = {"start": "2026-11-30T14:00", "minutes": "45", "format": "phone", "with": "2"}
    web.post("/applications/1/interviews", call)
    web.post("/applications/1/events", {"kind": "note", "note": "liked the office"})
    page = web.client.get("/applications/1").text
    assert "Sam Lee" in page
    assert "greet as “Mr Lee”" in page
    assert 'name="greet"' in page
    assert "Mon 30 Nov 14:00" in page
    assert "liked the office" in web.client.get("/api/applications/1/plan").text


def test_settings_show_the_profile_and_the_policy_and_save_changes(web: Web) -> None:
    page = web.client.get("/settings").text
    assert "Alex Morgan" in page
    assert "cadence_days" in page
    saved = web.post("/settings/profile", {"name": "Alex M. Morgan", "email": "alex@example.org",
                                            "timezone": "Europe/London"})  # fmt: skip
    assert saved.status_code == 303
    assert "Alex M. Morgan" in web.client.get("/settings").text


def test_today_shows_the_first_of_each_list_and_all_on_request(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.web.pages import today

    monkeypatch.setattr(today, "SHOWN", 1)
    page = web.client.get("/").text
    upcoming = page[page.index('id="upcoming"') :]
    assert upcoming.count('<li class="action upcoming">') == 1
    assert "Show all 2" in upcoming  # the debrief (due 10:30) and the thank-you
    everything = web.client.get("/?all=1").text
    assert everything[everything.index('id="upcoming"') :].count('class="action upcoming"') == 2


def test_a_person_with_a_bad_greet_is_refused_and_not_added(web: Web) -> None:
    long = {"name": "Sam Lee", "role": "recruiter", "greet": "S" * 81}
    answer = web.post("/applications/1/contacts", long)
    assert answer.status_code == 400
    assert "greet" in answer.text
    assert "Sam Lee" not in web.client.get("/applications/1").text


def test_an_offer_is_answered_by_choosing_on_the_form(web: Web) -> None:
    web.post("/interviews/1/debrief", DEBRIEF)
    logged = web.post(
        "/applications/1/events", {"kind": "offer", "contact": "1", "on": "2026-12-04"}
    )
    assert logged.status_code == 303, logged.text
    plan = web.client.get("/api/applications/1/plan").json()
    decide = next(a["id"] for a in plan["actions"] if a["kind"] == "decide-offer")
    asked = web.post(f"/actions/{decide}/draft")  # accept, negotiate or decline?
    assert asked.status_code == 200
    assert 'type="radio" name="decision" value="decline"' in asked.text
    made = web.post(
        f"/actions/{decide}/draft",
        {"decision": "decline", "reason": "I have accepted a role closer to home"},
    )
    assert made.status_code == 303, made.text
    letter = web.client.get(made.headers["location"]).text
    assert "I have accepted a role closer to home." in letter


def test_actions_whose_moment_has_gone_are_folded_away_as_lapsed(web: Web) -> None:
    """At the offer stage, a debrief still planned from the first round is not what is
    next: the page folds it into a collapsed Lapsed group (``domain.lapse``)."""
    page = web.client.get("/applications/1").text
    assert 'id="lapsed"' not in page  # nothing has lapsed on the interview's day
    later = Web(client_for(_later(web.settings, "2026-12-02T10:00"), signed_in=True), web.settings)
    later.post("/applications/1/events", {"kind": "offer", "on": "2026-12-09"})
    page = later.client.get("/applications/1").text
    lapsed = page[page.index('id="lapsed"') : page.index("</details>", page.index('id="lapsed"'))]
    assert "<details" in page[page.index('id="lapsed"') - 40 : page.index('id="lapsed"')]
    assert "Debrief" in lapsed
    what_is_next = page[page.index("What is next") : page.index('id="lapsed"')]
    assert "Acknowledge offer" in what_is_next
    assert "Debrief" not in what_is_next
    today = later.client.get("/").text
    assert "Acknowledge offer" in today
