"""The morning digest for real (issue 15): the worker's passes against the real Dovecot and
SMTP servers of tests/mailservers.py, in this process and as ``followup worker --once``
subprocesses (each a new process with its own store connection: a restart).

What arrived is read from the user's Maildir files on disk, and the database with sqlite3,
not through the code under test.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass, replace
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from followup import bootstrap
from followup.services import outbox, worker
from tests.e2e.conftest import Followup, Result
from tests.mailservers import HOST, MailServers

FACTS = ("--topic", "the new data platform", "--strength", "five years of Airflow in production")


@dataclass
class World:
    followup: Followup
    servers: MailServers
    me: str
    password: str

    def run(self, *args: str, now: str) -> Result:
        f = self.followup
        return f.raw(
            "--db", str(f.db), "--config", str(f.config), "--now", now, *args,
            FOLLOWUP_SMTP_PASSWORD=self.password, FOLLOWUP_IMAP_PASSWORD=self.password,
        )  # fmt: skip

    def ok(self, *args: str, now: str = "2026-11-23T10:00") -> str:
        result = self.run(*args, now=now)
        assert result.code == 0, result.err
        return result.out

    def setup_account(self, smtp_port: int | None = None) -> None:
        s = self.servers
        self.ok(
            "mail", "setup", "--address", self.me, "--smtp-host", HOST,
            "--smtp-port", str(smtp_port or s.smtp_tls.port), "--smtp-security", "tls",
            "--imap-host", HOST, "--imap-port", str(s.imap_tls.port),
            "--imap-security", "tls", "--ca-file", s.ca_file,
        )  # fmt: skip

    def digests(self) -> list[EmailMessage]:
        """The digests in the user's INBOX, read from Dovecot's Maildir files."""
        base = self.servers.dovecot.maildir(self.me, "INBOX")
        files = sorted(p for d in ("new", "cur") for p in (base / d).glob("*") if p.is_file())
        found = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]
        return [m for m in found if str(m["From"]) == f"followup <{self.me}>"]

    def days(self) -> dict[str, str]:
        with closing(sqlite3.connect(self.followup.db)) as conn:
            return dict(conn.execute("SELECT day, status FROM digest_day ORDER BY day"))

    def settings(self, now: str) -> bootstrap.Settings:
        f = self.followup
        return bootstrap.Settings(db=str(f.db), config=str(f.config), now=now)


@pytest.fixture
def world(tmp_path: Path, mail_servers: MailServers) -> World:
    me, password = mail_servers.new_user()
    jane, _ = mail_servers.new_user()
    home = tmp_path / "home"
    home.mkdir()
    f = Followup(db=tmp_path / "f.db", config=tmp_path / "config.toml", home=home)
    w = World(f, mail_servers, me, password)
    w.ok("me", "--name", "Alex Morgan", "--email", me, "--timezone", "Europe/London")
    w.ok("app", "add", "Acme", "Data Engineer")
    w.ok("contact", "add", "1", "Jane Doe", "--email", jane)
    w.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")
    w.ok("draft", "1", "thank-you", *FACTS)  # a draft ready to send: the digest has news
    w.setup_account()
    w.ok("digest", "setup", "--at", "07:30")
    return w


def test_one_digest_a_day_across_passes_restarts_and_days(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_SMTP_PASSWORD", world.password)
    monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", world.password)
    early = world.ok("worker", "--once", now="2026-11-24T07:29")
    assert "digest" not in early
    assert world.digests() == []

    # Two passes of one worker (one process, one store connection) the same morning.
    chosen = world.settings("2026-11-24T07:31")
    with bootstrap.session(chosen) as ctx:
        servers = ctx.ports.mail_servers(outbox.require_account(ctx))
        first = worker.one_pass(ctx, servers, ctx.ports.composer())
        later = replace(ctx, now=ctx.now.replace(hour=12))
        second = worker.one_pass(later, servers, ctx.ports.composer())
    assert (first.digest or "").startswith(f"sent to {world.me} ("), first.problems
    assert second.digest is None
    [note] = world.digests()
    assert note["To"] == world.me
    assert note["Subject"].startswith("Your follow-ups for Tuesday 24 November: ")
    assert note["Subject"].endswith(", 1 draft ready")
    text = note.get_content()
    assert "Drafts ready to send:" in text
    assert "http://127.0.0.1:8765/drafts/1" in text
    assert world.days() == {"2026-11-24": "sent"}

    # A restart the same day (a new process, a new connection): nothing more.
    again = world.ok("worker", "--once", now="2026-11-24T18:00")
    assert "digest" not in again
    assert len(world.digests()) == 1

    # The next day: one more, and only one.
    assert f"digest: sent to {world.me}" in world.ok("worker", "--once", now="2026-11-25T07:45")
    world.ok("worker", "--once", now="2026-11-25T08:00")
    assert len(world.digests()) == 2
    assert world.days() == {"2026-11-24": "sent", "2026-11-25": "sent"}


def test_a_day_with_nothing_to_do_gets_no_digest(world: World) -> None:
    # Withdrawn: nothing is planned; and the draft is gone.
    world.ok("log", "1", "withdrawn", now="2026-11-23T12:00")
    with closing(sqlite3.connect(world.followup.db)) as conn, conn:
        conn.execute("DELETE FROM message")
    out = world.ok("worker", "--once", now="2026-11-24T08:00")
    assert "digest: nothing to do today: no digest" in out
    assert world.digests() == []
    assert world.days() == {"2026-11-24": "empty"}
    assert "digest" not in world.ok("worker", "--once", now="2026-11-24T09:00")


def _spawn_worker(world: World, now: str) -> subprocess.Popen[bytes]:
    f = world.followup
    return subprocess.Popen(
        [sys.executable, "-m", "followup", "--db", str(f.db), "--config", str(f.config),
         "--now", now, "worker", "--once"],
        env=f.env(FOLLOWUP_SMTP_PASSWORD=world.password, FOLLOWUP_IMAP_PASSWORD=world.password),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_a_crash_after_marking_loses_the_day_but_never_sends_two(world: World) -> None:
    """Killed while the server is given the recipient: the day was marked ``sending``
    before the server heard of the letter, so the next pass (a new process) the same day
    sends nothing: that day's digest is lost, by design (at most once). The next day's
    comes as usual."""
    running: list[subprocess.Popen[bytes]] = []

    def kill(address: str) -> None:
        if running and running[0].poll() is None:
            os.kill(running[0].pid, signal.SIGKILL)
            running[0].wait(timeout=30)

    with world.servers.hooked_smtp(on_rcpt=kill) as killing:
        world.setup_account(smtp_port=killing.port)
        running.append(_spawn_worker(world, "2026-11-24T07:31"))
        running[0].wait(timeout=60)
    assert running[0].returncode == -signal.SIGKILL
    assert world.days() == {"2026-11-24": "sending"}
    world.setup_account()  # the usual server again
    out = world.ok("worker", "--once", now="2026-11-24T09:00")
    assert "digest" not in out
    assert world.digests() == []
    shown = world.ok("digest", "show", now="2026-11-24T09:00")
    assert "interrupted or unsure whether it went: not sent again today" in shown
    assert f"digest: sent to {world.me}" in world.ok("worker", "--once", now="2026-11-25T07:30")
    assert len(world.digests()) == 1
    assert world.days() == {"2026-11-24": "sending", "2026-11-25": "sent"}


def test_the_server_down_gives_the_day_back_for_the_next_pass(world: World) -> None:
    from tests.mailservers import closed_port

    world.setup_account(smtp_port=closed_port())
    out = world.run("worker", "--once", now="2026-11-24T07:31")
    assert out.code == 0, out.err
    assert "digest: not sent (" in out.out
    assert world.days() == {"2026-11-24": "failed"}
    world.setup_account()
    assert f"digest: sent to {world.me}" in world.ok("worker", "--once", now="2026-11-24T07:40")
    assert len(world.digests()) == 1
