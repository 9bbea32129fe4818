"""The CLI's ``--json`` and the JSON API say the same about the same record.

Both build a record's JSON in ``services.records`` (or, for plan and today, the read model in
``services.read_models``); these tests hold that true from the outside: the real ``followup`` as a
subprocess and the API through the test client, on one database. The profile lives in Tokyo
so that an instant written in another zone, or with ``Z`` for UTC, would show.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from followup import bootstrap
from followup.domain.inbox import InboxItem
from followup.domain.matching import Strength
from followup.web.app import create_app

from .conftest import Followup

TOKEN = "t" * 43
THANKS = "1.thanks.i1.c1"


@pytest.fixture
def both(followup: Followup) -> Iterator[tuple[Followup, TestClient]]:
    """Application 1 (Acme) with Jane (contact 1), interviewed this morning; the API on it."""
    followup.ok(
        "me", "--name", "Alex Morgan", "--email", "alex@example.org",
        "--timezone", "Asia/Tokyo", "--country", "JP",
    )  # fmt: skip
    followup.ok("app", "add", "Acme", "Data Engineer", "--url", "https://acme.example/jobs/1")
    followup.ok("contact", "add", "1", "Jane Doe", "--email", "jane@acme.example")
    followup.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")
    settings = bootstrap.Settings(
        db=str(followup.db), config=str(followup.config), now=followup.now
    )
    app = create_app(settings, TOKEN, "127.0.0.1", 8765)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        assert client.get(f"/?token={TOKEN}", follow_redirects=False).status_code == 303
        yield followup, client


def csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/").text)
    assert found
    return found.group(1)


def write(client: TestClient, path: str, body: object) -> Any:
    answer = client.post(path, json=body, headers={"X-CSRF-Token": csrf(client)})
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def without_id(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "id"}


def test_actions_today_and_the_plan_agree(both: tuple[Followup, TestClient]) -> None:
    cli, api = both
    today = cli.json("today")
    assert today["actions"], "nothing planned: the test would compare empty lists"
    assert today == api.get("/api/today").json()
    cli.ok("log", "1", "note", "--note", "asked about the team")
    cli.ok("snooze", THANKS, "--until", "tomorrow")  # an event with `until`
    plan = cli.json("plan", "1")
    assert [e["kind"] for e in plan["events"]] == ["note", "action-snoozed"]
    assert plan["actions"]
    assert plan["events"][1]["until"].endswith("+09:00")
    assert plan == api.get("/api/applications/1/plan").json()


def test_applications_agree(both: tuple[Followup, TestClient]) -> None:
    cli, api = both
    listed = cli.json("app", "list")["applications"]
    assert listed[0]["created_at"].endswith("+09:00")
    assert listed[0]["next_due"].endswith("+09:00")
    assert listed == api.get("/api/applications").json()


def test_a_logged_event_agrees(both: tuple[Followup, TestClient]) -> None:
    """The same event logged both ways: the same JSON but for the id."""
    cli, api = both
    by_cli = cli.json("log", "1", "timeline", "--at", "2026-11-23 09:00", "--contact", "1",
                      "--on", "2026-12-04", "--note", "decision early December")  # fmt: skip
    by_api = write(api, "/api/applications/1/events", {
        "kind": "timeline", "at": "2026-11-23T09:00:00+09:00", "contact_id": 1,
        "on": "2026-12-04", "note": "decision early December",
    })  # fmt: skip
    assert by_cli["at"] == "2026-11-23T09:00:00+09:00"
    assert by_api["id"] == by_cli["id"] + 1
    assert without_id(by_api) == without_id(by_cli)


def test_a_done_action_agrees_with_its_event_in_the_plan(
    both: tuple[Followup, TestClient],
) -> None:
    cli, api = both
    done = write(api, f"/api/actions/{THANKS}/done", {"note": "by hand"})
    assert done["action_id"] == THANKS
    assert done["application_id"] == 1
    shown = [e for e in cli.json("plan", "1")["events"] if e["id"] == done["id"]]
    assert shown == [{k: v for k, v in done.items() if k not in ("application_id", "action_id")}]


def test_a_draft_and_its_outbox_entry_agree(
    both: tuple[Followup, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, api = both
    monkeypatch.setenv("FOLLOWUP_SMTP_PASSWORD", "secret-smtp-1")
    monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", "secret-imap-1")
    with socket.socket() as s:  # a port nothing listens on: the letter is only scheduled
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    saved = api.post("/settings/mail", data={
        "csrf": csrf(api), "address": "alex@example.org", "smtp_host": "127.0.0.1",
        "smtp_port": port, "smtp_security": "starttls", "imap_host": "127.0.0.1",
        "imap_port": port, "imap_security": "starttls",
    }, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303, saved.text
    made = cli.json(
        "draft", THANKS, "--topic", "the streaming migration", "--strength", "pipelines"
    )
    draft_id = made["messages"][0]["id"] if "messages" in made else made["id"]
    shown = cli.json("drafts", "show", str(draft_id))["messages"]
    assert shown[0]["text"].startswith("Subject: ")
    assert shown == [api.get(f"/api/drafts/{draft_id}").json()]
    scheduled = write(api, f"/api/drafts/{draft_id}/schedule", {"at": "2026-11-25T10:00"})
    assert scheduled["status"] == "scheduled"
    assert scheduled["send_at"] == "2026-11-25T10:00:00+09:00"
    assert cli.json("outbox")["messages"] == [scheduled]


def test_inbox_items_agree(both: tuple[Followup, TestClient]) -> None:
    cli, api = both
    with bootstrap.session(
        bootstrap.Settings(db=str(cli.db), config=str(cli.config), now=cli.now)
    ) as ctx:
        ctx.store.add_inbox_item(
            InboxItem(
                id=0, mail_id="<1@acme.example>", folder="INBOX", uid=1,
                application_id=1, contact_id=1, strength=Strength.PROBABLE,
                match_reason="from a contact's address", from_address="jane@acme.example",
                from_name="Jane Doe", subject="Next steps",
                date=datetime(2026, 11, 23, 1, 0, tzinfo=UTC), kind="timeline",
                on=datetime(2026, 12, 4).date(), confidence=0.714, reasons=("says 'by'",),
                found_at=datetime(2026, 11, 23, 1, 5, tzinfo=UTC),
            )
        )  # fmt: skip
    pending = cli.json("inbox", "review")
    assert pending["items"][0]["received"] == "2026-11-23T10:00:00+09:00"
    assert pending == api.get("/api/inbox").json()
    dismissed = write(api, "/api/inbox/1/dismiss", None)
    assert dismissed == {**pending["items"][0], "status": dismissed["status"]}
    assert dismissed["status"] != pending["items"][0]["status"]
