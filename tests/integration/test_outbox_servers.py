"""Sending for real: ``followup send`` and ``worker`` as subprocesses, against the real
Dovecot and aiosmtpd servers of tests/mailservers.py.

What each test reads back, it reads with other tools than the code under test: the
recipient's Maildir files on disk and the standard library's imaplib
(``MailServers.message_ids``), the database with sqlite3.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from followup.adapters.mail.smtp import SmtpTransport
from followup.domain.errors import MaybeSent, OutsideFailure
from followup.domain.mail import Endpoint, Security
from tests.e2e.conftest import Followup, Result
from tests.mailservers import HOST, DataAction, MailServers, closed_port
from tests.waiting import wait_until

FACTS = ("--topic", "the new data platform", "--strength", "five years of Airflow in production")


@dataclass
class World:
    """One sender (the user) and one recipient (Jane at the employer), both fresh."""

    followup: Followup
    servers: MailServers
    me: str
    jane: str
    password: str

    def run(self, *args: str, now: str | None = None, password: str | None = None) -> Result:
        secret = self.password if password is None else password
        return self.followup.raw(
            "--db", str(self.followup.db), "--config", str(self.followup.config),
            "--now", now or self.followup.now, *args,
            FOLLOWUP_SMTP_PASSWORD=secret, FOLLOWUP_IMAP_PASSWORD=secret,
        )  # fmt: skip

    def ok(self, *args: str, now: str | None = None) -> str:
        result = self.run(*args, now=now)
        assert result.code == 0, result.err
        return result.out

    def setup_account(self, *extra: str, smtp_port: int | None = None, tls: bool = True) -> None:
        s = self.servers
        smtp = s.smtp_tls if tls else s.smtp_starttls
        imap = s.imap_tls if tls else s.imap_starttls
        self.ok(
            "mail", "setup", "--address", self.me, "--smtp-host", HOST,
            "--smtp-port", str(smtp_port or smtp.port), "--smtp-security", smtp.security.value,
            "--imap-host", HOST, "--imap-port", str(imap.port),
            "--imap-security", imap.security.value, "--ca-file", s.ca_file, *extra,
        )  # fmt: skip

    def draft(self, kind: str = "thank-you", *args: str, now: str | None = None) -> int:
        out = self.ok("draft", "1", kind, *args, now=now)
        return int(out.split("#", 1)[1].split(":", 1)[0])

    def row(self, message_id: int) -> dict[str, Any]:
        with closing(sqlite3.connect(self.followup.db)) as conn:
            conn.row_factory = sqlite3.Row
            found = conn.execute("SELECT * FROM message WHERE id = ?", (message_id,)).fetchone()
            return dict(found)

    def events(self) -> list[str]:
        with closing(sqlite3.connect(self.followup.db)) as conn:
            return [k for (k,) in conn.execute("SELECT kind FROM event ORDER BY at, id")]

    def inbox(self, who: str, folder: str = "INBOX") -> list[Any]:
        """The letters in ``folder``, read from Dovecot's Maildir files."""
        base = self.servers.dovecot.maildir(who, folder)
        files = sorted(p for d in ("new", "cur") for p in (base / d).glob("*") if p.is_file())
        return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]


@pytest.fixture
def world(tmp_path: Path, mail_servers: MailServers) -> World:
    me, password = mail_servers.new_user()
    jane, _ = mail_servers.new_user()
    home = tmp_path / "home"
    home.mkdir()
    f = Followup(db=tmp_path / "f.db", config=tmp_path / "config.toml", home=home)
    w = World(f, mail_servers, me, jane, password)
    w.ok("me", "--name", "Alex Morgan", "--email", me, "--timezone", "Europe/London")
    w.ok("app", "add", "Acme", "Data Engineer")
    w.ok("contact", "add", "1", "Jane Doe", "--email", jane)
    w.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")
    return w


def test_a_thank_you_then_a_threaded_follow_up(world: World) -> None:
    world.setup_account()
    first = world.draft("thank-you", *FACTS)
    assert "thank-you" in [a["kind"] for a in world.run("today", "--json").json()["actions"]]
    out = world.ok("send", str(first))
    row = world.row(first)
    assert row["status"] == "sent"
    assert row["message_id"] in out
    assert row["message_id"].endswith("@followup.test>")  # the sender's own domain
    [arrived] = world.inbox(world.jane)
    assert arrived["Message-ID"] == row["message_id"]
    assert arrived["From"] == f"Alex Morgan <{world.me}>"
    # The Sent copy is the server's receipt, moved out of INBOX (receipts are the default).
    assert world.servers.message_ids(world.me, "Sent") == [row["message_id"]]
    assert world.servers.message_ids(world.me) == []
    shown = world.run("mail", "show", "--json").json()
    assert (shown["bcc_self"], shown["receipts"], shown["receipt_seen"]) == (True, True, True)
    assert "Receipts:  on (have arrived)" in world.ok("mail", "show")
    assert world.events() == ["thank_you_sent"]
    # The planner moved on: no thank-you left to do.
    kinds = [a["kind"] for a in world.run("today", "--json").json()["actions"]]
    assert "thank-you" not in kinds

    later = "2026-12-04T10:00"
    nudge = world.draft("follow-up", now=later)
    world.ok("send", str(nudge), now=later)
    follow = world.row(nudge)
    arrived = {m["Message-ID"]: m for m in world.inbox(world.jane)}
    assert set(arrived) == {row["message_id"], follow["message_id"]}
    assert arrived[follow["message_id"]]["In-Reply-To"] == row["message_id"]
    assert arrived[follow["message_id"]]["References"] == row["message_id"]
    assert world.events() == ["thank_you_sent", "follow_up_sent"]
    # Sent already: refused, exit 2, nothing more on the wire.
    again = world.run("send", str(first))
    assert again.code == 2
    assert "already sent" in again.err
    assert len(world.inbox(world.jane)) == 2


def test_starttls_both_ways_and_mail_test(world: World) -> None:
    world.setup_account(tls=False)
    out = world.ok("mail", "test")
    assert out.count(": ok") == 2
    first = world.draft("thank-you", *FACTS)
    world.ok("send", str(first))
    assert world.servers.message_ids(world.jane) == [world.row(first)["message_id"]]


def test_a_server_that_does_not_offer_starttls_fails_the_test(world: World) -> None:
    world.setup_account(smtp_port=world.servers.smtp_no_starttls.port, tls=False)
    result = world.run("mail", "test")
    assert result.code == 1
    smtp_line, imap_line = result.out.splitlines()
    assert "ok" not in smtp_line
    assert imap_line.endswith(": ok")


def test_a_wrong_password_fails_the_send_and_keeps_the_message(world: World) -> None:
    world.setup_account()
    first = world.draft("thank-you", *FACTS)
    result = world.run("send", str(first), password="not-the-password")
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    row = world.row(first)
    assert row["status"] == "failed"
    assert row["last_error"]
    assert world.events() == []
    assert world.inbox(world.jane) == []
    listed = world.ok("outbox")
    assert f"#{first}" in listed
    assert "failed" in listed
    world.ok("send", str(first))  # the right password: it goes, once
    assert world.row(first)["status"] == "sent"
    assert len(world.inbox(world.jane)) == 1


def test_a_server_that_is_down_fails_the_send(world: World) -> None:
    world.setup_account(smtp_port=closed_port())
    first = world.draft("thank-you", *FACTS)
    result = world.run("send", str(first))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert world.row(first)["status"] == "failed"


def test_a_scheduled_send_goes_with_the_worker(world: World) -> None:
    world.setup_account()
    first = world.draft("thank-you", *FACTS)
    out = world.ok("send", str(first), "--at", "2026-11-23 15:00")
    assert "Scheduled" in out
    assert world.row(first)["status"] == "scheduled"
    world.ok("worker", "--once", now="2026-11-23T14:59")
    assert world.inbox(world.jane) == []
    world.ok("worker", "--once", now="2026-11-23T15:00")
    assert world.row(first)["status"] == "sent"
    assert len(world.inbox(world.jane)) == 1


# --- the crash between the server's acceptance and the database write ----------------------
class SlowSmtp:
    """An implicit-TLS SMTP server (``MailServers.hooked_smtp``) that delivers at once, then
    holds its final ``250`` for a long time: the window in which the test kills the client.

    This is the real crash window as the client lives it: the recipient has the letter and
    the client has not recorded it. With ``file_sent`` the server also files a copy in the
    sender's Sent folder, as Gmail and Outlook do. With ``drop`` it closes the connection
    instead of answering: the letter went, and the client never hears so. With
    ``deliver=False`` it loses the letter after the dot (a server failing there): nobody
    gets it, the receipt included.
    """

    def __init__(
        self,
        servers: MailServers,
        *,
        file_sent: bool = False,
        drop: bool = False,
        deliver: bool = True,
    ) -> None:
        self.servers = servers
        self.file_sent = file_sent
        self.drop = drop
        self.deliver = deliver
        self.port = 0
        self.delivered = 0  # letters whose closing dot arrived
        self.letters: list[bytes] = []
        self._running: Any = None

    def __enter__(self) -> SlowSmtp:
        self._running = self.servers.hooked_smtp(on_data=self._on_data)
        self.port = self._running.__enter__().port
        return self

    def _on_data(self, sender: str, recipients: tuple[str, ...], raw: bytes) -> DataAction:
        def after() -> None:
            if self.file_sent and self.deliver:
                self._file(sender, raw)
            self.letters.append(raw)
            self.delivered += 1

        stall = 0.0 if self.drop else 60.0
        return DataAction(deliver=self.deliver, after=after, stall=stall, drop=self.drop)

    def _file(self, owner: str, raw: bytes) -> None:
        import imaplib

        conn = imaplib.IMAP4_SSL(
            HOST, self.servers.dovecot.imaps_port, ssl_context=self.servers.certs.client_context()
        )
        try:
            conn.login(owner, self.servers.password_of(owner))
            conn.append("Sent", "(\\Seen)", None, raw)
        finally:
            conn.logout()

    def __exit__(self, *exc: object) -> None:
        self._running.__exit__(None, None, None)


def _spawn_send(world: World, message_id: int, now: str | None = None) -> subprocess.Popen[bytes]:
    f = world.followup
    return subprocess.Popen(
        [sys.executable, "-m", "followup", "--db", str(f.db), "--config", str(f.config),
         "--now", now or f.now, "send", str(message_id)],
        env=f.env(FOLLOWUP_SMTP_PASSWORD=world.password, FOLLOWUP_IMAP_PASSWORD=world.password),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def _send_and_kill(world: World, message_id: int, slow: SlowSmtp) -> None:
    """Start ``followup send``, wait until the recipient has the letter, SIGKILL it."""
    proc = _spawn_send(world, message_id)
    try:
        deadline = time.monotonic() + 60
        while slow.delivered == 0:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the letter never reached the server"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def slow(world: World) -> Iterator[SlowSmtp]:
    with SlowSmtp(world.servers) as server:
        yield server


def test_a_send_killed_mid_flight_is_settled_by_its_receipt(world: World, slow: SlowSmtp) -> None:
    """Receipts are on by default: the server delivered the letter, so it delivered the
    user's copy too; the next run finds it, marks the letter sent at its Date and files the
    copy in Sent. No question, no duplicate."""
    world.setup_account(smtp_port=slow.port)
    first = world.draft("thank-you", *FACTS)
    _send_and_kill(world, first, slow)
    stuck = world.row(first)
    assert (stuck["status"], stuck["handed_over"], stuck["receipt_asked"]) == ("sending", 1, 1)
    assert world.servers.message_ids(world.jane) == [stuck["message_id"]]
    assert world.servers.message_ids(world.me) == [stuck["message_id"]]  # the receipt

    out = world.ok("worker", "--once", now="2026-11-25T09:00")  # two days later
    row = world.row(first)
    assert row["status"] == "sent"
    assert f"#{first} sent: settled: found in your INBOX folder" in out
    assert row["sent_at"] == stuck["sent_at"]  # the Date it carries, not the settling
    assert world.events() == ["thank_you_sent"]
    assert world.servers.message_ids(world.jane) == [row["message_id"]]
    assert world.servers.message_ids(world.me, "Sent") == [row["message_id"]]
    assert world.servers.message_ids(world.me) == []  # filed, not left in INBOX
    [jane_copy] = world.inbox(world.jane)
    assert "Bcc" not in jane_copy  # the receipt was asked for in the envelope only
    assert world.ok("inbox", "review").strip().startswith("Nothing")


def test_without_receipts_a_killed_send_asks_the_truth(world: World, slow: SlowSmtp) -> None:
    """Receipts off: nothing can tell. The worker sends nothing and asks, saying the letter
    was handed over whole, what would tell, and that --sent is the answer to give."""
    world.setup_account("--no-bcc-self", smtp_port=slow.port)
    first = world.draft("thank-you", *FACTS)
    _send_and_kill(world, first, slow)
    stuck = world.row(first)
    assert (stuck["status"], stuck["receipt_asked"]) == ("sending", 0)
    assert world.servers.message_ids(world.me) == []  # no receipt asked, none came

    world.ok("worker", "--once", now="2026-11-23T15:00")
    assert world.row(first)["status"] == "unsettled"
    listed = world.ok("outbox")
    assert "unsettled" in listed
    assert "very probably went" in listed
    assert f"answer `followup outbox settle {first} --sent`" in listed
    assert "your Sent folder would not" in listed
    refused = world.run("send", str(first))
    assert refused.code == 2
    assert "very probably sent already" in refused.err
    assert world.servers.message_ids(world.jane) == [stuck["message_id"]]
    world.ok("outbox", "settle", str(first), "--sent")
    assert world.row(first)["status"] == "sent"
    assert world.events() == ["thank_you_sent"]
    assert len(world.inbox(world.jane)) == 1


def test_a_send_killed_before_its_dot_goes_again_without_a_question(world: World) -> None:
    """Killed while giving the recipients: the letter never went whole, so the server
    cannot have it. The next run says so at once (no grace, no question) and it goes once."""
    running: list[subprocess.Popen[bytes]] = []

    def kill(address: str) -> None:
        if running and running[0].poll() is None:
            os.kill(running[0].pid, signal.SIGKILL)
            running[0].wait(timeout=30)

    with world.servers.hooked_smtp(on_rcpt=kill) as killing:
        world.setup_account(smtp_port=killing.port)
        first = world.draft("thank-you", *FACTS)
        running.append(_spawn_send(world, first))
        running[0].wait(timeout=60)
    assert running[0].returncode == -signal.SIGKILL
    stuck = world.row(first)
    assert (stuck["status"], stuck["handed_over"]) == ("sending", 0)
    world.setup_account()  # the usual server again
    out = world.ok("worker", "--once")
    row = world.row(first)
    assert row["status"] == "failed"
    assert "your server cannot have it; safe to send again" in out
    world.ok("send", str(first))
    assert world.row(first)["status"] == "sent"
    assert world.servers.message_ids(world.jane) == [row["message_id"]]
    assert world.servers.message_ids(world.me, "Sent") == [row["message_id"]]


def _second_application(world: World) -> int:
    """A letter of another application, sent plainly: the first receipt for the account."""
    world.ok("app", "add", "Beta", "Analyst")
    world.ok("contact", "add", "2", "Joe Roe", "--email", world.jane)
    world.ok("interview", "add", "2", "--at", "2026-11-23 08:00", "--with", "2")
    out = world.ok("draft", "2", "thank-you", *FACTS)
    letter = int(out.split("#", 1)[1].split(":", 1)[0])
    world.ok("send", str(letter))
    return letter


def test_a_letter_the_server_lost_waits_then_goes_again_once_receipts_are_known(
    world: World,
) -> None:
    """The server took the dot and lost the letter (no copy to anyone). Receipts have come
    for this account before: during the grace the letter waits; after it, the missing
    receipt means the server never took it, and it is sent again, once."""
    world.setup_account()
    proven = _second_application(world)
    assert world.run("mail", "show", "--json").json()["receipt_seen"] is True
    with SlowSmtp(world.servers, drop=True, deliver=False) as losing:
        world.setup_account(smtp_port=losing.port)
        first = world.draft("thank-you", *FACTS)
        lost = world.run("send", str(first))
    assert lost.code == 1
    assert "may have been sent" in lost.err
    row = world.row(first)
    assert (row["status"], row["handed_over"], row["receipt_asked"]) == ("sending", 1, 1)
    world.setup_account()
    waiting = world.ok("worker", "--once", now="2026-11-23T10:05")
    assert "waiting up to 10 min for your server's copy" in waiting
    assert world.row(first)["status"] == "sending"
    decided = world.ok("worker", "--once", now="2026-11-23T10:11")
    assert "your server's copy to you never came" in decided
    assert world.row(first)["status"] == "failed"
    world.ok("send", str(first), now="2026-11-23T10:12")
    again = world.row(first)
    assert again["status"] == "sent"
    assert again["message_id"] == row["message_id"]
    ids = world.servers.message_ids(world.jane)
    assert ids.count(row["message_id"]) == 1
    assert world.row(proven)["message_id"] in ids


def test_before_any_receipt_a_lost_letter_is_asked_about_and_a_late_receipt_settles_it(
    world: World,
) -> None:
    with SlowSmtp(world.servers, drop=True, deliver=False) as losing:
        world.setup_account(smtp_port=losing.port)
        first = world.draft("thank-you", *FACTS)
        assert world.run("send", str(first)).code == 1
    world.setup_account()
    world.ok("worker", "--once", now="2026-11-23T11:00")
    assert world.row(first)["status"] == "unsettled"
    listed = world.ok("outbox")
    assert "your server's copy to you has not come, but none ever has yet" in listed
    # Its copy turns up after all (a slow queue): it settles the question by itself.
    [letter] = losing.letters
    world.servers.deliver(letter, to=world.me)
    out = world.ok("worker", "--once", now="2026-11-23T11:05")
    assert f"#{first} sent" in out
    row = world.row(first)
    assert row["status"] == "sent"
    assert world.servers.message_ids(world.me, "Sent") == [row["message_id"]]
    assert world.servers.message_ids(world.me) == []


def test_a_provider_sent_copy_settles_a_killed_send_as_sent(world: World) -> None:
    with SlowSmtp(world.servers, file_sent=True) as slow:
        world.setup_account("--provider-files-sent", smtp_port=slow.port)
        assert world.run("mail", "show", "--json").json()["bcc_self"] is False
        first = world.draft("thank-you", *FACTS)
        _send_and_kill(world, first, slow)
        assert world.row(first)["status"] == "sending"
        world.ok("worker", "--once")
    row = world.row(first)
    assert row["status"] == "sent"
    assert world.events() == ["thank_you_sent"]
    assert world.servers.message_ids(world.jane) == [row["message_id"]]  # exactly once


def test_the_worker_stops_cleanly_on_sigterm(world: World) -> None:
    world.setup_account()
    f = world.followup
    proc = subprocess.Popen(
        [sys.executable, "-m", "followup", "--db", str(f.db), "--config", str(f.config),
         "worker", "--interval", "600"],
        env=f.env(FOLLOWUP_SMTP_PASSWORD=world.password, FOLLOWUP_IMAP_PASSWORD=world.password),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # A pass, then waiting in IDLE: the signal must find the worker there.
        wait_until(
            lambda: proc.poll() is not None or world.servers.dovecot.idling(world.me),
            what="the worker's pass, then its IDLE on the inbox",
            timeout=30,
        )
        assert proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_a_killed_send_to_oneself_is_found_in_the_inbox(world: World) -> None:
    """A letter to one's own address lands in one's own INBOX: proof that it went."""
    world.ok("contact", "edit", "1", "--email", world.me)
    with SlowSmtp(world.servers) as slow:
        world.setup_account(smtp_port=slow.port)
        first = world.draft("thank-you", *FACTS)
        _send_and_kill(world, first, slow)
        assert world.row(first)["status"] == "sending"
        out = world.ok("worker", "--once")
    row = world.row(first)
    assert row["status"] == "sent"
    assert "found in your INBOX folder" in out
    assert row["receipt_asked"] == 0  # its own copy is the proof, and stays to be read
    assert world.servers.message_ids(world.me) == [row["message_id"]]


# --- a connection lost after the letter went, before the server answered ------------------
def _transport(world: World, port: int, timeout: float = 30.0) -> SmtpTransport:
    smtp = Endpoint(HOST, port, Security.TLS)
    account = world.servers.account(world.me, smtp=smtp)
    return SmtpTransport(account, world.password, timeout=timeout)


def _letter(world: World) -> bytes:
    return (
        f"From: {world.me}\r\nTo: {world.jane}\r\nSubject: Thank you\r\n"
        f"Message-ID: <lost-reply@followup.test>\r\n\r\n.A line that starts with a dot.\r\n"
    ).encode()


def test_the_transport_says_maybe_sent_when_the_connection_drops_after_the_letter(
    world: World,
) -> None:
    with SlowSmtp(world.servers, drop=True) as dropping:
        transport = _transport(world, dropping.port)
        with pytest.raises(MaybeSent, match="closed the connection after the whole message"):
            transport.send(_letter(world), sender=world.me, recipients=[world.jane])
        transport.close()
    [arrived] = world.inbox(world.jane)
    assert arrived["Message-ID"] == "<lost-reply@followup.test>"
    assert ".A line that starts with a dot." in arrived.get_content()  # dot-stuffed right


def test_the_transport_says_maybe_sent_when_the_final_answer_times_out(
    world: World, slow: SlowSmtp
) -> None:
    transport = _transport(world, slow.port, timeout=2.0)
    with pytest.raises(MaybeSent, match="timed out after the whole message"):
        transport.send(_letter(world), sender=world.me, recipients=[world.jane])
    transport.close()
    assert len(world.inbox(world.jane)) == 1


def test_a_letter_refused_before_it_went_is_a_plain_failure(world: World) -> None:
    """A refused recipient, a refused login: the server does not have it."""
    transport = _transport(world, world.servers.smtp_tls.port)
    with pytest.raises(OutsideFailure) as refused:
        transport.send(_letter(world), sender=world.me, recipients=["nobody@followup.test"])
    assert not isinstance(refused.value, MaybeSent)
    transport.close()
    wrong = SmtpTransport(
        world.servers.account(world.me, smtp=world.servers.smtp_tls), "not-the-password"
    )
    with pytest.raises(OutsideFailure) as login:
        wrong.send(_letter(world), sender=world.me, recipients=[world.jane])
    assert not isinstance(login.value, MaybeSent)
    assert world.inbox(world.jane) == []


def test_send_with_a_dropped_reply_stays_sending_and_is_never_sent_twice(world: World) -> None:
    with SlowSmtp(world.servers, drop=True) as dropping:
        world.setup_account(smtp_port=dropping.port)
        first = world.draft("thank-you", *FACTS)
        result = world.run("send", str(first))
        assert result.code == 1
        assert len(result.err.strip().splitlines()) == 1
        assert "Traceback" not in result.err
        assert "may have been sent" in result.err
        row = world.row(first)
        assert row["status"] == "sending"
        assert world.events() == []
        # Sending it again settles first: its receipt is in the INBOX, so it went.
        again = world.run("send", str(first))
        assert again.code == 2
        assert "already sent" in again.err
        assert world.row(first)["status"] == "sent"
        world.ok("worker", "--once")
        assert world.row(first)["status"] == "sent"
    assert dropping.delivered == 1
    assert world.servers.message_ids(world.jane) == [row["message_id"]]
    assert world.servers.message_ids(world.me, "Sent") == [row["message_id"]]
    assert world.events() == ["thank_you_sent"]


def test_the_inbox_sync_files_our_copies_and_never_takes_them_for_answers(
    world: World,
) -> None:
    """A receipt that comes late (here into Junk) and a note from one's own address that
    names our letter: neither is an answer; the receipt goes to Sent, once."""
    world.setup_account()
    first = world.draft("thank-you", *FACTS)
    world.ok("send", str(first))
    nudge = world.draft("follow-up", now="2026-12-04T10:00")
    world.ok("send", str(nudge), now="2026-12-04T10:00")
    follow = world.row(nudge)
    [copy] = [m for m in world.inbox(world.jane) if m["Message-ID"] == follow["message_id"]]
    world.servers.deliver(copy.as_bytes(), to=world.me, folder="Junk")  # again, late
    note = (
        f"From: {world.me}\r\nTo: {world.me}\r\nSubject: Re: my follow-up\r\n"
        f"Message-ID: <note-to-self@followup.test>\r\nIn-Reply-To: {follow['message_id']}\r\n"
        "\r\nRemember to call Jane on Friday.\r\n"
    ).encode()
    world.servers.deliver(note, to=world.me, sender=world.me)
    out = world.ok("inbox", "sync", now="2026-12-04T10:30")
    assert "0 about your applications" in out or "nothing" in out.lower()
    assert world.servers.message_ids(world.me, "Junk") == []
    sent = world.servers.message_ids(world.me, "Sent")
    assert sorted(sent) == sorted([world.row(first)["message_id"], follow["message_id"]])
    assert world.servers.message_ids(world.me) == ["<note-to-self@followup.test>"]
    assert world.events() == ["thank_you_sent", "follow_up_sent"]


def test_a_dropped_reply_with_a_provider_sent_copy_settles_as_sent_at_its_date(
    world: World,
) -> None:
    with SlowSmtp(world.servers, file_sent=True, drop=True) as dropping:
        world.setup_account("--provider-files-sent", smtp_port=dropping.port)
        first = world.draft("thank-you", *FACTS)
        assert world.run("send", str(first)).code == 1
        assert world.row(first)["status"] == "sending"
        world.ok("worker", "--once", now="2026-11-25T09:00")  # two days later
    row = world.row(first)
    assert row["status"] == "sent"
    [arrived] = world.inbox(world.jane)
    went = parsedate_to_datetime(arrived["Date"])
    assert datetime.fromisoformat(row["sent_at"]) == went  # its Date, not the settling
    with closing(sqlite3.connect(world.followup.db)) as conn:
        [(at,)] = conn.execute("SELECT at FROM event").fetchall()
    assert datetime.fromisoformat(at) == went
    assert dropping.delivered == 1


def test_a_letter_lost_where_the_provider_files_sent_goes_again_after_the_grace(
    world: World,
) -> None:
    with SlowSmtp(world.servers, file_sent=True, drop=True, deliver=False) as losing:
        world.setup_account("--provider-files-sent", smtp_port=losing.port)
        first = world.draft("thank-you", *FACTS)
        assert world.run("send", str(first)).code == 1
    world.setup_account("--provider-files-sent")
    assert "waiting up to 10 min" in world.ok("worker", "--once", now="2026-11-23T10:02")
    out = world.ok("worker", "--once", now="2026-11-23T10:10")
    assert "your provider never filed it in Sent" in out
    assert world.row(first)["status"] == "failed"
    world.ok("send", str(first), now="2026-11-23T10:11")
    row = world.row(first)
    assert row["status"] == "sent"
    assert world.servers.message_ids(world.jane) == [row["message_id"]]
