"""``followup send``, ``outbox``, ``mail`` and ``worker``: bad input is exit status 2, one
line, and nothing written; no server is contacted for any of it (the account points at a
port where nothing listens, so a connection attempt would be exit status 1 instead)."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tests.e2e.conftest import Followup, Result

FACTS = ("--topic", "the new data platform", "--strength", "five years of Airflow in production")


def _port_nobody_listens_on() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def ready(interviewed: Followup) -> Followup:
    """Jane's thank-you drafted (message 1), and an account on a dead port."""
    port = str(_port_nobody_listens_on())
    interviewed.ok(
        "mail", "setup", "--address", "alex@example.org", "--smtp-host", "127.0.0.1",
        "--smtp-port", port, "--imap-host", "127.0.0.1", "--imap-port", port,
    )  # fmt: skip
    interviewed.ok("draft", "1", "thank-you", *FACTS)
    interviewed.ok("today")  # the plan cache settled, so only a send could write
    return interviewed


def refused(followup: Followup, *args: str, match: str) -> Result:
    before = followup.fingerprint()
    result = followup(*args)
    assert result.code == 2, result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert result.err.startswith("error: ")
    assert match in result.err
    assert followup.fingerprint() == before
    return result


def tamper(followup: Followup, sql: str) -> None:
    """Put what no command would write straight into the file (an old or edited database)."""
    with closing(sqlite3.connect(followup.db)) as conn, conn:
        conn.execute(sql)
    followup.ok("today")


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        ("UPDATE message SET subject = 'Thanks' || char(13, 10) || 'Bcc: x@evil.example'",
         "subject"),
        ("UPDATE message SET subject = 'Thanks' || char(10) || 'Bcc: x@evil.example'",
         "subject"),
        ("UPDATE message SET recipient = 'jane@acme.example' || char(10) || 'Bcc: x@e.example'",
         "recipient"),
        ("UPDATE profile SET name = 'Alex' || char(13) || 'Bcc: x@evil.example'", "name"),
    ],
)  # fmt: skip
def test_header_injection_is_refused(ready: Followup, sql: str, what: str) -> None:
    tamper(ready, sql)
    refused(ready, "send", "1", match=what)


def test_a_recipient_that_is_not_an_address(ready: Followup) -> None:
    tamper(ready, "UPDATE message SET recipient = 'jane at acme'")
    refused(ready, "send", "1", match="not an email address")
    tamper(ready, "UPDATE message SET recipient = NULL")
    refused(ready, "send", "1", match="no email address")


def test_unknown_message(ready: Followup) -> None:
    refused(ready, "send", "99", match="no message with id 99")
    refused(ready, "outbox", "settle", "99", "--sent", match="no message with id 99")


def test_bad_times(ready: Followup) -> None:
    refused(ready, "send", "1", "--at", "2026-11-20 09:00", match="not in the future")
    refused(ready, "send", "1", "--at", "yesterday-ish", match="--at")
    refused(ready, "send", "1", "--at", "2026-11-30 09:00", "--when-due", match="not both")


def test_settle_needs_a_word_and_an_unsettled_message(ready: Followup) -> None:
    refused(ready, "outbox", "settle", "1", match="--sent or --unsent")
    refused(ready, "outbox", "settle", "1", "--unsent", match="not unsettled")


def test_the_worker_pins_time_only_once(ready: Followup) -> None:
    refused(ready, "worker", match="worker --once")


def test_setup_without_a_terminal_needs_the_options(interviewed: Followup) -> None:
    refused(interviewed, "mail", "setup", match="--address")
    refused(interviewed, "mail", "show", match="followup mail setup")
    refused(
        interviewed, "mail", "setup", "--address", "not-an-address", "--smtp-host", "h.example",
        "--imap-host", "h.example", match="not an email address",
    )  # fmt: skip


def test_scheduling_then_listing(ready: Followup) -> None:
    out = ready.ok("send", "1", "--at", "2026-11-23 15:00")
    assert "Scheduled #1" in out
    [row] = ready.json("outbox")["messages"]
    assert row["status"] == "scheduled"
    assert row["send_at"] == "2026-11-23T15:00:00+00:00"
    shown = ready.json("mail", "show")
    assert shown["smtp"]["security"] == "tls"
    assert "password" not in str(shown).lower()


def test_an_outside_failure_is_exit_1_and_the_message_failed(ready: Followup) -> None:
    result = ready("send", "1")
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1, result.err
    [row] = ready.json("outbox")["messages"]
    assert row["status"] == "failed"
    assert row["last_error"]


def test_no_password_anywhere_is_exit_1_saying_which_variable(ready: Followup) -> None:
    result = ready.raw("--db", str(ready.db), "--config", str(ready.config), "mail", "test")
    assert result.code == 1
    assert "FOLLOWUP_SMTP_PASSWORD" in result.out


def test_when_due_schedules_at_the_planned_actions_due(interviewed: Followup) -> None:
    """The thank-you is planned for 09:00 the next business day: that is when it is sent."""
    port = str(_port_nobody_listens_on())
    interviewed.ok(
        "mail", "setup", "--address", "alex@example.org", "--smtp-host", "127.0.0.1",
        "--smtp-port", port, "--imap-host", "127.0.0.1", "--imap-port", port,
    )  # fmt: skip
    [action] = [a for a in interviewed.json("today")["actions"] if a["kind"] == "thank-you"]
    interviewed.ok("draft", action["id"], *FACTS)
    out = interviewed.ok("send", "1", "--when-due")
    assert "Scheduled #1" in out
    [row] = interviewed.json("outbox")["messages"]
    assert row["send_at"] == action["due"] == "2026-11-24T09:00:00+00:00"
    # A draft written without a planned action has no due time to go by.
    interviewed.ok("draft", "1", "thank-you", *FACTS)
    refused(interviewed, "send", "2", "--when-due", match="--at DATETIME")
