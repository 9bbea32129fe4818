"""A letter the server took is never turned into a question by a busy database (issue 13).

The issue's reproduction, with the real worker as a subprocess and the real Dovecot and SMTP
servers of tests/mailservers.py: another program takes the database's write lock at the
moment the SMTP server has the closing dot and holds it while the worker waits for the
server's answer and then for the lock. Before, the ``sent`` commit gave up after five
seconds: the letter stayed ``sending``, and the next pass, finding it nowhere in the
mailbox, asked the user ("unsettled") about a letter that had certainly gone.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Followup, Result
from tests.integration.test_outbox_servers import FACTS, World
from tests.mailservers import MailServers, SmtpVariant


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
    w.setup_account()
    return w


class LockAtTheDot:
    """Hold BEGIN IMMEDIATE on ``db`` for ``seconds`` from the moment the SMTP server has
    the letter, before it answers: what a busy neighbour (the web app, another command)
    does at the worst moment. A plain sqlite3 connection in a thread of this process."""

    def __init__(self, db: Path, seconds: float) -> None:
        self.db = db
        self.seconds = seconds
        self.taken = threading.Event()
        self.released_at = 0.0
        self._thread: threading.Thread | None = None

    def __call__(self, raw: bytes) -> None:
        if self._thread is not None:
            return  # only the first letter
        self._thread = threading.Thread(target=self._hold)
        self._thread.start()
        assert self.taken.wait(10), "the lock was not taken"

    def _hold(self) -> None:
        conn = sqlite3.connect(self.db, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            self.taken.set()
            time.sleep(self.seconds)
            conn.execute("ROLLBACK")
            self.released_at = time.monotonic()
        finally:
            conn.close()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()


@pytest.fixture
def smtp(mail_servers: MailServers) -> Iterator[object]:
    server = mail_servers.smtp[SmtpVariant.TLS]  # the one setup_account points at
    yield server
    server.before_answer = None


def worker_once(world: World, *env: tuple[str, str]) -> Result:
    f = world.followup
    return f.raw(
        "--db", str(f.db), "--config", str(f.config), "--now", "2026-11-23T15:00",
        "worker", "--once",
        FOLLOWUP_SMTP_PASSWORD=world.password, FOLLOWUP_IMAP_PASSWORD=world.password,
        **dict(env),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("hold", "budget"),
    [
        pytest.param(6.0, None, id="the issue's 6 s hold, the default budget"),
        pytest.param(4.0, "1", id="a hold longer than the budget"),
    ],
)
def test_a_letter_the_server_took_ends_sent_however_long_the_lock_is_held(
    world: World, smtp: object, hold: float, budget: str | None
) -> None:
    first = world.draft("thank-you", *FACTS)
    world.ok("send", str(first), "--at", "2026-11-23 15:00")
    lock = LockAtTheDot(world.followup.db, hold)
    smtp.before_answer = lock  # type: ignore[attr-defined]
    env = () if budget is None else (("FOLLOWUP_BUSY_TIMEOUT", budget),)
    started = time.monotonic()
    first_pass = worker_once(world, *env)
    lock.join()
    assert first_pass.code == 0, first_pass.err
    assert time.monotonic() - started >= hold  # it did wait for the lock
    assert "locked" not in first_pass.out + first_pass.err
    assert "unsettled" not in first_pass.out + first_pass.err
    row = world.row(first)
    assert row["status"] == "sent", row
    assert world.events() == ["thank_you_sent"]
    second_pass = worker_once(world, *env)
    assert second_pass.code == 0, second_pass.err
    assert "unsettled" not in second_pass.out + second_pass.err
    assert world.row(first)["status"] == "sent"
    [arrived] = world.inbox(world.jane)  # delivered once
    assert arrived["Message-ID"] == row["message_id"]
    # The re-plan after the commit ran too: the thank-you is no longer asked for.
    kinds = [a["kind"] for a in world.run("today", "--json").json()["actions"]]
    assert "thank-you" not in kinds
