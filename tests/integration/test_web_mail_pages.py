"""The pages and API calls that issue 6 finished: snooze, the draft saved, sent and
scheduled, the mail account in Settings, and the Inbox, in-process on a real SQLite file.

No mail server runs here: a closed port on loopback stands for one that is down (the real
servers are in tests/e2e/test_browser.py and tests/e2e/test_mail_loop.py).
"""

from __future__ import annotations

import dataclasses
import re
import socket
from datetime import UTC, datetime

import pytest

from followup import bootstrap
from followup.domain.inbox import InboxItem
from followup.domain.matching import Strength
from followup.domain.messages import MessageStatus
from followup.services import mail_account

from .conftest import Web
from .test_web_pages import DEBRIEF, THANKS, drafted

LETTER = {"subject": "Thank you, Jane", "body": "Dear Jane,\n\nThank you for today.\n\nAlex"}


def closed_port() -> int:
    """A loopback port nothing listens on: a mail server that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def with_account(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_SMTP_PASSWORD", "secret-smtp-1")
    monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", "secret-imap-1")
    port = str(closed_port())
    saved = web.post(
        "/settings/mail",
        {"address": "alex@example.org", "smtp_host": "127.0.0.1", "smtp_port": port,
         "smtp_security": "starttls", "imap_host": "127.0.0.1", "imap_port": port,
         "imap_security": "starttls"},
    )  # fmt: skip
    assert saved.status_code == 303, saved.text


def plant_item(web: Web, subject: str = "Update on your application", kind: str = "reply") -> int:
    """An inbox item as a sync stores one (the sync itself runs against real servers in
    the e2e tests)."""
    with bootstrap.session(web.settings) as ctx:
        item = ctx.store.add_inbox_item(
            InboxItem(
                id=0, mail_id=f"<{subject.__hash__()}@acme.example>", folder="INBOX", uid=1,
                application_id=1, contact_id=1, strength=Strength.PROBABLE,
                match_reason="from a contact's address", from_address="jane@acme.example",
                from_name="Jane Doe", subject=subject,
                date=datetime(2026, 11, 23, 9, 0, tzinfo=UTC), kind=kind, on=None,
                confidence=0.7, reasons=("says 'next steps'",),
                found_at=datetime(2026, 11, 23, 9, 5, tzinfo=UTC),
            )
        )  # fmt: skip
    return item.id


def api(web: Web, path: str, body: object = None):  # type: ignore[no-untyped-def]
    """A write through the API from the signed-in browser: the CSRF header, as htmx sends."""
    return web.client.post(path, json=body, headers={"X-CSRF-Token": web.csrf()})


def plan_kinds(web: Web) -> list[str]:
    return [a["kind"] for a in web.client.get("/api/applications/1/plan").json()["actions"]]


# --- snooze ---------------------------------------------------------------------------------
def test_snooze_until_next_week_moves_the_action_and_says_why(web: Web) -> None:
    today = web.client.get("/").text
    assert f'formaction="/actions/{THANKS}/snooze"' in today
    answer = web.post(f"/actions/{THANKS}/snooze", {"until": "next-week"})
    assert answer.status_code == 303
    plan = web.client.get("/api/applications/1/plan").json()["actions"]
    thanks = next(a for a in plan if a["kind"] == "thank-you")
    assert thanks["due"].startswith("2026-11-30T09:00")
    assert "Snoozed by you until Mon 30 Nov 09:00." in thanks["why"]


def test_snooze_until_a_date_and_its_refusals(web: Web) -> None:
    assert web.post(f"/actions/{THANKS}/snooze", {"until": "date"}).status_code == 400
    past = web.post(f"/actions/{THANKS}/snooze", {"until": "date", "on": "2026-11-01"})
    assert past.status_code == 400
    assert "not in the future" in past.text
    ok = web.post(
        f"/actions/{THANKS}/snooze",
        {"until": "date", "on": "2026-12-02", "next": "/applications/1"},
    )
    assert ok.headers["location"] == "/applications/1"
    page = web.client.get("/applications/1").text
    assert "Snoozed by you until Wed 2 Dec 09:00." in page
    assert "Action snoozed until 02 Dec 09:00" in page  # the timeline says until when
    plan = web.client.get("/api/applications/1/plan").json()
    [snoozed] = [e for e in plan["events"] if e["kind"] == "action-snoozed"]
    assert snoozed["until"].startswith("2026-12-02T09:00:00")


def test_the_api_snoozes_with_a_moment_or_a_choice(web: Web) -> None:
    answer = api(web, f"/api/actions/{THANKS}/snooze", {"until": "2026-11-26T15:00:00"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["due"].startswith("2026-11-26T15:00")
    assert answer.json()["event"]["kind"] == "action-snoozed"
    both = api(
        web, f"/api/actions/{THANKS}/snooze", {"until": "2026-11-26T15:00:00", "choice": "tomorrow"}
    )
    assert both.status_code == 400


# --- the draft ------------------------------------------------------------------------------
def test_a_draft_is_saved_and_shown_again(web: Web) -> None:
    draft = drafted(web)
    saved = web.post(f"/drafts/{draft}/save", LETTER)
    assert saved.headers["location"] == f"/drafts/{draft}?said=saved"
    page = web.client.get(saved.headers["location"]).text
    assert "Saved." in page
    assert 'value="Thank you, Jane"' in page
    assert "Thank you for today." in page
    assert 'id="outbox-state">draft<' in page
    empty = web.post(f"/drafts/{draft}/save", {"subject": "x", "body": "  "})
    assert empty.status_code == 400
    saved_api = api(web, f"/api/drafts/{draft}", {"subject": "Thanks", "body": "Dear Jane"})
    assert saved_api.status_code == 200
    assert saved_api.json()["subject"] == "Thanks"


def test_without_an_account_the_draft_says_so_and_sending_fails_cleanly(web: Web) -> None:
    draft = drafted(web)
    page = web.client.get(f"/drafts/{draft}").text
    assert 'id="no-account"' in page
    assert 'href="/settings#mail"' in page
    answer = web.post(f"/drafts/{draft}/send", LETTER)
    assert answer.status_code == 400
    assert "no mail account" in answer.text
    refused = api(web, f"/api/drafts/{draft}/send", {})
    assert refused.status_code == 400
    assert "no mail account" in refused.json()["error"]
    # The edit was kept all the same.
    assert "Thank you for today." in web.client.get(f"/drafts/{draft}").text


def test_a_server_that_is_down_is_a_502_and_the_letter_is_kept_as_failed(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_account(web, monkeypatch)
    draft = drafted(web)
    page = web.client.get(f"/drafts/{draft}").text
    assert 'id="send"' in page
    assert 'id="when-due"' in page
    answer = web.post(f"/drafts/{draft}/send", LETTER)
    assert answer.status_code == 502
    assert "The mail server failed" in answer.text
    assert 'id="outbox-state">failed<' in answer.text
    assert "Thank you for today." in answer.text
    assert "Traceback" not in answer.text
    assert "thank-you" in plan_kinds(web)  # nothing went, so nothing moved on


def test_a_bounced_address_is_refused_with_a_send_anyway_button(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_account(web, monkeypatch)
    draft = drafted(web)
    with bootstrap.session(web.settings) as ctx, ctx.store.transaction():
        ctx.store.flag_bounced("jane@acme.example", ctx.now, None)
    refused = web.post(f"/drafts/{draft}/send", LETTER)
    assert refused.status_code == 409
    assert "bounced before" in refused.text
    assert 'id="force"' in refused.text
    assert 'name="force" value="1"' in refused.text
    forced = web.post(f"/drafts/{draft}/send", {"force": "1"})
    assert forced.status_code == 502  # past the refusal, on to the (down) server


def test_schedule_at_a_time_or_when_due(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    with_account(web, monkeypatch)
    draft = drafted(web)
    at = web.post(f"/drafts/{draft}/schedule", {**LETTER, "when": "at", "at": "2026-11-25T10:00"})
    assert at.headers["location"] == f"/drafts/{draft}?said=scheduled"
    page = web.client.get(at.headers["location"]).text
    assert 'id="outbox-state">scheduled<' in page
    assert "Scheduled for Wed 25 Nov 2026, 10:00" in page
    assert "readonly" in page  # a scheduled letter is the worker's, no longer edited
    again = web.post(f"/drafts/{draft}/save", LETTER)
    assert again.status_code == 400
    past = web.post(f"/drafts/{draft}/schedule", {"when": "at", "at": "2026-11-20T10:00"})
    assert past.status_code == 400
    # A second draft, scheduled for its action's due time (tomorrow morning, in hours).
    other = drafted(web)
    due = web.post(f"/drafts/{other}/schedule", {**LETTER, "when": "due"})
    assert due.status_code == 303
    assert web.client.get(f"/api/drafts/{other}").json()["status"] == "scheduled"


def test_an_unsettled_letter_asks_whether_it_went(web: Web) -> None:
    draft = drafted(web)
    with bootstrap.session(web.settings) as ctx, ctx.store.transaction():
        message = ctx.store.get_message(draft)
        ctx.store.update_message(
            dataclasses.replace(message, status=MessageStatus.UNSETTLED, message_id="<x@y.z>")
        )
    page = web.client.get(f"/drafts/{draft}").text
    assert 'id="unsettled"' in page
    assert "Your server very probably has it" in page
    assert "Not your Sent folder" in page
    assert "readonly" in page
    went = web.post(f"/drafts/{draft}/settle", {"sent": "1"})
    assert went.headers["location"] == f"/drafts/{draft}?said=settled"
    assert 'id="outbox-state">sent<' in web.client.get(went.headers["location"]).text
    assert "thank-you" not in plan_kinds(web)  # it went: the plan moved on
    again = web.post(f"/drafts/{draft}/settle", {"sent": "0"})
    assert again.status_code == 400  # only an unsettled letter is settled by hand


# --- settings -------------------------------------------------------------------------------
def test_the_mail_account_is_saved_and_a_password_is_never_shown_back(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems: list[str] = []

    class NoKeyring:
        def save(self, server: str, username: str, secret: str) -> str | None:
            problems.append(secret)
            return "no system keyring is available here"

        def where(self, server: str, username: str) -> str | None:
            return None

        def variable(self, server: str) -> str:
            return f"FOLLOWUP_{server.upper()}_PASSWORD"

    monkeypatch.setattr(bootstrap.Adapters, "secrets", lambda self: NoKeyring())
    answer = web.post(
        "/settings/mail",
        {"address": "alex@example.org", "username": "alex", "smtp_password": "hunter2-secret"},
    )
    assert answer.status_code == 200
    assert "hunter2-secret" not in answer.text
    assert "no system keyring is available here" in answer.text
    assert "FOLLOWUP_SMTP_PASSWORD and FOLLOWUP_IMAP_PASSWORD" in answer.text
    assert problems == ["hunter2-secret"]
    with bootstrap.session(web.settings) as ctx:
        account = mail_account.get(ctx)
    assert (account.username, account.smtp.host, account.smtp.port) == (
        "alex", "smtp.example.org", 465,
    )  # fmt: skip
    assert (account.imap.host, account.imap.port) == ("imap.example.org", 993)
    page = web.client.get("/settings").text
    assert 'value="smtp.example.org"' in page
    assert "hunter2-secret" not in page
    assert "none yet" in page


def test_receipts_are_on_for_a_new_account_and_can_be_turned_off(web: Web) -> None:
    page = web.client.get("/settings").text
    assert 'name="bcc_self" value="1" checked' in page  # ticked for a new account
    saved = web.post(
        "/settings/mail",
        {"address": "alex@example.org", "bcc_self": "1", "receipt_grace": "120"},
    )
    assert saved.status_code == 303, saved.text
    with bootstrap.session(web.settings) as ctx:
        account = mail_account.get(ctx)
    assert (account.bcc_self, account.receipts, account.receipt_grace_seconds) == (True, True, 120)
    assert 'name="receipt_grace" inputmode="numeric" placeholder="600" value="120"' in (
        web.client.get("/settings").text
    )
    off = web.post("/settings/mail", {"address": "alex@example.org"})  # the box left empty
    assert off.status_code == 303
    with bootstrap.session(web.settings) as ctx:
        assert not mail_account.get(ctx).bcc_self
    assert 'name="bcc_self" value="1" checked' not in web.client.get("/settings").text
    bad = web.post("/settings/mail", {"address": "alex@example.org", "receipt_grace": "soon"})
    assert bad.status_code == 400
    assert "not a number of seconds" in bad.text


def test_a_stored_password_is_said_to_be_stored(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    kept: dict[str, str] = {}

    class Keyring:
        def save(self, server: str, username: str, secret: str) -> str | None:
            kept[server] = secret
            return None

        def where(self, server: str, username: str) -> str | None:
            return "keyring" if server in kept else None

        def variable(self, server: str) -> str:
            return f"FOLLOWUP_{server.upper()}_PASSWORD"

    monkeypatch.setattr(bootstrap.Adapters, "secrets", lambda self: Keyring())
    answer = web.post("/settings/mail", {"address": "alex@example.org", "smtp_password": "pw-1"})
    assert answer.headers["location"] == "/settings?said=passwords#mail"
    assert kept == {"smtp": "pw-1", "imap": "pw-1"}
    page = web.client.get("/settings?said=passwords").text
    assert "Passwords stored in the system keyring." in page
    assert page.count("stored in the system keyring") >= 2
    assert "pw-1" not in page


def test_bad_account_fields_are_refused_with_one_line(web: Web) -> None:
    for fields, words in (
        ({"address": "not-an-address"}, "not an email address"),
        ({"address": "a@b.org", "smtp_port": "abc"}, "not a number"),
        ({"address": "a@b.org", "imap_security": "ssl3"}, "use one of"),
        ({"address": "a@b.org", "ca_file": "/no/such/ca.pem"}, "no such file"),
    ):
        answer = web.post("/settings/mail", fields)
        assert answer.status_code == 400, fields
        assert words in answer.text


def test_test_connection_says_what_failed_per_server(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_account(web, monkeypatch)
    answer = web.post("/settings/mail/test")
    assert answer.status_code == 502
    lines = re.findall(r'<li class="bad">([^<]*)</li>', answer.text)
    assert [line.split()[0] for line in lines] == ["SMTP", "IMAP"]
    assert "secret-smtp-1" not in answer.text


# --- the inbox ------------------------------------------------------------------------------
def test_the_inbox_lists_items_escaped_and_confirming_moves_the_plan_on(web: Web) -> None:
    web.post("/interviews/1/debrief", DEBRIEF)
    item = plant_item(web, subject="<script>alert(1)</script> next steps")
    page = web.client.get("/inbox").text
    assert 'href="/inbox" aria-current="page"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; next steps" in page
    assert "<script>alert(1)" not in page
    assert 'id="no-account"' in page
    # Corrected: a timeline with its date, which cancels the chasing until then.
    answer = web.post(f"/inbox/{item}/confirm", {"kind": "timeline", "on": "2026-12-09"})
    assert answer.headers["location"] == "/inbox?said=confirmed"
    assert "Nothing waits for you" in web.client.get("/inbox?said=confirmed").text
    events = web.client.get("/api/applications/1/plan").json()["events"]
    assert ("timeline", "2026-12-09") in [(e["kind"], e["on"]) for e in events]


def test_a_date_is_kept_only_for_a_meaning_that_takes_one(web: Web) -> None:
    item = plant_item(web)
    answer = web.post(f"/inbox/{item}/confirm", {"kind": "reply", "on": "2026-12-04"})
    assert answer.status_code == 303
    events = web.client.get("/api/applications/1/plan").json()["events"]
    assert [(e["kind"], e["on"]) for e in events] == [("reply", None)]
    assert web.post(f"/inbox/{item}/confirm", {}).status_code == 400  # already confirmed


def test_dismiss_and_the_api(web: Web) -> None:
    first = plant_item(web, subject="Newsletter")
    second = plant_item(web, subject="We would like to offer you", kind="offer")
    listed = web.client.get("/api/inbox").json()
    assert [i["id"] for i in listed["items"]] == [first, second]
    assert listed["items"][0]["from"] == "jane@acme.example"
    assert web.post(f"/inbox/{first}/dismiss").headers["location"] == "/inbox?said=dismissed"
    confirmed = api(web, f"/api/inbox/{second}/confirm", {"date": "2026-12-10"})
    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["date"]) == ("confirmed", "2026-12-10")
    assert "decide-offer" in plan_kinds(web)
    assert api(web, f"/api/inbox/{first}/dismiss").status_code == 200


def test_a_bounce_alert_is_shown(web: Web) -> None:
    item = plant_item(web, subject="Undelivered Mail Returned to Sender", kind="bounce")
    with bootstrap.session(web.settings) as ctx, ctx.store.transaction():
        ctx.store.settle_inbox_item(item, ctx.store.get_inbox_item(item).status, "bounce", None)
    page = web.client.get("/inbox").text
    assert 'data-testid="alert"' in page


def test_check_mail_without_an_account_or_with_the_server_down(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    none = web.post("/inbox/check")
    assert none.status_code == 400
    assert "no mail account" in none.text
    assert api(web, "/api/inbox/sync").status_code == 400
    with_account(web, monkeypatch)
    page = web.client.get("/inbox").text
    assert 'id="check-mail"' in page
    down = web.post("/inbox/check")
    assert down.status_code == 502
    assert 'id="failure"' in down.text
    assert "Nothing is lost" in down.text
    assert api(web, "/api/inbox/sync").status_code == 502
