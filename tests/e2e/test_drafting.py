"""``followup draft``, ``drafts`` and ``templates`` through the real command line."""

from __future__ import annotations

import re
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from tests.e2e.conftest import NOW, Followup

FACTS = ("--topic", "the new data platform", "--strength", "five years of Airflow in production")


def messages(followup: Followup) -> int:
    with closing(sqlite3.connect(followup.db)) as conn:
        count: int = conn.execute("SELECT COUNT(*) FROM message").fetchone()[0]
        return count


def test_missing_facts_exit_2_with_one_line_and_nothing_written(interviewed: Followup) -> None:
    interviewed.ok("today")  # the plan cache is settled, so only a draft could write
    before = interviewed.fingerprint()
    result = interviewed("draft", "1", "thank-you")
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert "--topic TEXT" in result.err
    assert "--strength TEXT" in result.err
    assert interviewed.fingerprint() == before
    assert messages(interviewed) == 0


def test_draft_then_list_and_show(interviewed: Followup) -> None:
    drafted = interviewed.json("draft", "1", "thank-you", *FACTS)["messages"]
    assert len(drafted) == 1
    (message,) = drafted
    assert set(message) == {
        "id", "application_id", "kind", "contact_id", "to", "subject", "body", "status",
        "action_id", "writer", "attachments", "text", "findings",
    }  # fmt: skip
    assert message["writer"] == "template"
    assert [f for f in message["findings"] if f["severity"] == "error"] == []
    assert message["kind"] == "thank-you"
    assert message["to"] == "jane@acme.example"
    assert message["contact_id"] == 1
    body = message["body"]
    assert body.startswith("Dear Jane,")
    for fact in ("the new data platform", "Acme", "Data Engineer", "Alex Morgan"):
        assert fact in body
    assert messages(interviewed) == 1

    listed = interviewed.json("drafts")["messages"]
    assert listed == drafted
    assert interviewed.json("drafts", "1")["messages"] == drafted
    shown = interviewed.ok("drafts", "show", str(message["id"]))
    assert f"Subject: {message['subject']}" in shown
    assert body in shown
    people = interviewed.ok("drafts")
    assert f"#{message['id']}" in people
    assert "Jane Doe" in people


def test_draft_a_planned_action_by_its_id(interviewed: Followup) -> None:
    actions = interviewed.json("today", "--days", "7")["actions"]
    thanks = next(a for a in actions if a["kind"] == "thank-you")
    found = re.search(r"\b1\.thanks\.\S+", interviewed.ok("today", "--days", "7"))
    assert found is not None
    action_id = found.group(0)
    (message,) = interviewed.json("draft", action_id, *FACTS)["messages"]
    assert message["contact_id"] == thanks["contact_id"]


def test_a_linkedin_note_fits_and_bad_requests_are_refused(interviewed: Followup) -> None:
    (note,) = interviewed.json("draft", "1", "linkedin-connect", "--topic", "data contracts")[
        "messages"
    ]
    assert len(note["body"].strip()) <= 300
    for args in (["draft", "1"], ["draft", "1", "debrief"], ["draft", "1", "decide-offer"]):
        result = interviewed(*args)
        assert result.code == 2, args
        assert result.err.startswith("error: ")
    assert messages(interviewed) == 1


def test_a_template_in_the_config_folder_overrides_the_built_in(interviewed: Followup) -> None:
    folder = interviewed.ok("templates", "path").strip()
    assert folder == str(interviewed.config.parent / "templates")
    assert "thank-you                built-in" in interviewed.ok("templates", "list")
    shown = interviewed("templates", "show", "thank-you")
    assert shown.code == 0
    assert "Subject:" in shown.out
    interviewed.config.parent.joinpath("templates").mkdir()
    interviewed.config.parent.joinpath("templates", "thank-you.j2").write_text(
        "Subject: Thanks, {{ first_name }}\n\nHi {{ first_name }}, thanks for {{ topic }}.\n",
        encoding="utf-8",
    )
    assert "thank-you                yours" in interviewed.ok("templates", "list")
    (message,) = interviewed.json("draft", "1", "thank-you", *FACTS)["messages"]
    assert message["subject"] == "Thanks, Jane"
    assert message["body"] == "Hi Jane, thanks for the new data platform.\n"


def test_formal_letters_use_the_title(interviewed: Followup) -> None:
    interviewed.ok("me", "--formal")
    assert interviewed.json("me")["formal"] is True
    assert interviewed.json("contact", "edit", "1", "--title", "Dr.")["title"] == "Dr."
    (message,) = interviewed.json("draft", "1", "thank-you", *FACTS)["messages"]
    assert message["body"].startswith("Dear Dr. Doe,")
    interviewed.ok("me", "--informal")
    (message,) = interviewed.json("draft", "1", "thank-you", *FACTS)["messages"]
    assert message["body"].startswith("Dear Jane,")


def test_edit_opens_the_editor_before_saving(interviewed: Followup, tmp_path: Path) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('Dear Jane,', 'Hi Jane,'))\n",
        encoding="utf-8",
    )
    result = interviewed.raw(
        "--db", str(interviewed.db), "--config", str(interviewed.config), "--now", NOW,
        "draft", "1", "thank-you", *FACTS, "--edit", "--json",
        EDITOR=f"{sys.executable} {editor}",
    )  # fmt: skip
    (message,) = result.json()["messages"]
    assert message["body"].startswith("Hi Jane,")
    assert interviewed.json("drafts", "show", str(message["id"]))["messages"][0] == message


def test_records_typed_in_lower_case_are_written_with_capitals(followup: Followup) -> None:
    """Read aloud by Sam: "Dear sam, ... at acme ... alex morgan" was typed, not written."""
    f = followup
    f.ok("me", "--name", "alex morgan", "--email", "alex@example.org",
         "--timezone", "Europe/London", "--country", "GB")  # fmt: skip
    f.ok("app", "add", "acme ltd", "ux researcher")
    f.ok("contact", "add", "1", "sam o'neil", "--email", "sam@acme.example")
    f.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")
    (letter,) = f.json("draft", "1", "thank-you", *FACTS)["messages"]
    body = letter["body"]
    assert body.startswith("Dear Sam,\n")
    assert "Acme Ltd" in body
    assert "acme ltd" not in body
    assert "\nAlex Morgan\n" in body
    assert letter["subject"][:1].isupper()
    assert "UX researcher" in body
    # The review expects the name as the letters sign it: no "sign with your name" alarm.
    (note,) = f.json("draft", "1", "linkedin-connect", "--topic", "research ops")["messages"]
    assert note["body"].rstrip().endswith("Alex Morgan")
    assert [x["message"] for x in note["findings"] if "sign" in x["message"]] == []
    assert f.ok("contact", "list", "1").count("sam o'neil") == 1  # the record stays as typed
