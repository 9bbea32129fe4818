"""Sending for real: ``followup send`` and ``worker`` as subprocesses, against the real
Dovecot and aiosmtpd servers of tests/mailservers.py.

What each test reads back, it reads with other tools than the code under test: the
recipient's Maildir files on disk and the standard library's imaplib
(``MailServers.message_ids``), the database with sqlite3.
"""

from __future__ import annotations

import asyncio
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

from followup.adapters.smtp_transport import SmtpTransport
from followup.domain.errors import MaybeSent, OutsideFailure
from followup.domain.mail import Endpoint, Security
from tests.e2e.conftest import Followup, Result
from tests.mailservers import HOST, MailServers, closed_port, free_port

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
    assert world.servers.message_ids(world.me, "Sent") == [row["message_id"]]
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
    """An implicit-TLS SMTP server that delivers to Dovecot at once, then holds its final
    ``250`` for a long time: the window in which the test kills the client.

    This is the real crash window as the client lives it: the recipient has the letter and
    the client has not recorded it. With ``file_sent`` the server also files a copy in the
    sender's Sent folder, as Gmail and Outlook do. With ``drop`` it closes the connection
    instead of answering: the letter went, and the client never hears so.
    """

    def __init__(
        self, servers: MailServers, *, file_sent: bool = False, drop: bool = False
    ) -> None:
        self.servers = servers
        self.file_sent = file_sent
        self.drop = drop
        self.port = free_port()
        self.delivered = 0
        self._controller: Any = None

    def __enter__(self) -> SlowSmtp:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        outer = self
        users = self.servers.dovecot.users

        class Handler:
            async def handle_DATA(self, srv: Any, session: Any, envelope: Any) -> str:
                raw = envelope.original_content or envelope.content
                outer.servers.deliver(raw, to=envelope.rcpt_tos, sender=envelope.mail_from)
                if outer.file_sent:
                    outer._file(envelope.mail_from, raw)
                outer.delivered += 1
                if outer.drop:
                    srv.transport.abort()  # the letter is delivered; the 250 never goes
                    return "250 2.0.0 OK delivered"
                await asyncio.sleep(60)
                return "250 2.0.0 OK delivered"

        def auth(srv: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
            if not isinstance(data, LoginPassword):
                return AuthResult(success=False, handled=False)
            ok = users.get(data.login.decode()) == data.password.decode()
            return AuthResult(success=ok, handled=False)

        self._controller = Controller(
            Handler(),
            hostname=HOST,
            port=self.port,
            authenticator=auth,
            ssl_context=self.servers.certs.server_context(),
            auth_require_tls=False,
            ready_timeout=10.0,
        )
        self._controller.start()
        return self

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
        self._controller.stop()


def _send_and_kill(world: World, message_id: int, slow: SlowSmtp) -> None:
    """Start ``followup send``, wait until the recipient has the letter, SIGKILL it."""
    f = world.followup
    proc = subprocess.Popen(
        [sys.executable, "-m", "followup", "--db", str(f.db), "--config", str(f.config),
         "--now", f.now, "send", str(message_id)],
        env=f.env(FOLLOWUP_SMTP_PASSWORD=world.password, FOLLOWUP_IMAP_PASSWORD=world.password),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
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


def test_a_send_killed_mid_flight_is_settled_without_a_duplicate(
    world: World, slow: SlowSmtp
) -> None:
    world.setup_account(smtp_port=slow.port)
    first = world.draft("thank-you", *FACTS)
    _send_and_kill(world, first, slow)
    stuck = world.row(first)
    assert stuck["status"] == "sending"
    assert stuck["message_id"]
    assert world.servers.message_ids(world.jane) == [stuck["message_id"]]

    # Nothing in Sent (we never got to append), not to ourselves: nobody can tell. The
    # worker says so and sends nothing; the user decides.
    world.ok("worker", "--once")
    assert world.row(first)["status"] == "unsettled"
    assert "unsettled" in world.ok("outbox")
    refused = world.run("send", str(first))
    assert refused.code == 2
    assert world.servers.message_ids(world.jane) == [stuck["message_id"]]
    world.ok("outbox", "settle", str(first), "--sent")
    assert world.row(first)["status"] == "sent"
    assert world.events() == ["thank_you_sent"]
    assert len(world.inbox(world.jane)) == 1


def test_a_provider_sent_copy_settles_a_killed_send_as_sent(world: World) -> None:
    with SlowSmtp(world.servers, file_sent=True) as slow:
        world.setup_account("--provider-files-sent", smtp_port=slow.port)
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
        time.sleep(3)  # a pass, then waiting in IDLE
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
    assert "found in your mailbox" in out
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
        again = world.run("send", str(first))  # settles first: nothing in Sent, unsettled
        assert again.code == 2
        assert world.row(first)["status"] == "unsettled"
        world.ok("worker", "--once")
        assert world.row(first)["status"] == "unsettled"
    assert dropping.delivered == 1
    assert world.servers.message_ids(world.jane) == [row["message_id"]]


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
