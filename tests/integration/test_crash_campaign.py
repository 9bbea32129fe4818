"""The crash campaign: ``followup worker`` killed over and over while it sends, with a user
who does exactly what followup tells them, against real servers.

What runs: a real Dovecot (tests/mailservers.py) and a fresh implicit-TLS SMTP server of the
same kind whose ``on_data`` hook stalls 50-200 ms between the closing dot and its answer,
and, when a worker's life is to end there, fires SIGKILL at it in that window. Other lives
end at a random moment (a timer), at the first recipient (before the dot), or see the server
lose a letter after its dot (no copy to anyone; only once receipts are known to arrive: the
one case where followup's advice can be wrong, see docs/mail.md), or are stopped calmly
with SIGTERM (which must exit 0 after the letter in hand). ``followup worker`` runs
as a subprocess with the real clock, and is started again after each death.

The scripted user reads ``followup outbox`` after each death and does what it says: for a
question, the command it recommends ("answer `followup outbox settle ID --sent`"); for a
failed letter, ``followup send ID`` again, as the states table in docs/mail.md says.

The verdict is read with other tools than the code under test: every letter's Message-ID
is in the recipient's mailbox exactly once and in the sender's Sent folder exactly once
(imaplib), every message is ``sent`` with one event, at the Date it carries (sqlite3).
``FOLLOWUP_CAMPAIGN_LETTERS`` makes the run longer (default 60 letters per account setting),
``FOLLOWUP_CAMPAIGN_SEED`` plays another campaign.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from followup.adapters.sqlite.store import SqliteStore
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import Application, Contact
from tests.e2e.conftest import Followup, Result
from tests.mailservers import HOST, DataAction, MailServers

LETTERS = int(os.environ.get("FOLLOWUP_CAMPAIGN_LETTERS", "60"))
BUDGET_SECONDS = 60 + 3 * LETTERS  # a minute or two; a run that needs more has failed
GRACE_SECONDS = 3  # the account's receipt grace: seconds, so a lost letter goes again soon
SEED = int(os.environ.get("FOLLOWUP_CAMPAIGN_SEED", "13"))
ASKED = re.compile(r"answer `followup outbox settle (\d+) --sent`")


@dataclass
class Campaign:
    """The state the SMTP hooks and the scripted user share with the loop."""

    rng: random.Random
    worker: subprocess.Popen[bytes] | None = None
    death: str = "random"  # how the current worker life is to end
    kill_after: int = 0  # "dot": letters to take before the kill
    taken: int = 0  # letters whose dot arrived in this life
    receipts_known: bool = False
    kills: Counter[str] = field(default_factory=Counter)
    lost: int = 0  # letters the server took the dot of and lost
    file_sent: Callable[[str, bytes], None] | None = None  # the provider files Sent itself
    lock: threading.Lock = field(default_factory=threading.Lock)

    def kill(self, how: str) -> None:
        with self.lock:
            proc = self.worker
            if proc is None or proc.poll() is not None:
                return
            os.kill(proc.pid, signal.SIGKILL)
            self.kills[how] += 1
            self.worker = None

    # -- the SMTP server's hooks --------------------------------------------------------
    def on_rcpt(self, address: str) -> None:
        if self.death == "rcpt":
            self.kill("at the first recipient, before the dot")

    def on_data(self, sender: str, recipients: tuple[str, ...], raw: bytes) -> DataAction:
        stall = self.rng.uniform(0.05, 0.2)
        self.taken += 1
        if self.death == "lose" and self.receipts_known:
            self.death = "dot"  # one letter lost, then a kill a letter or two later
            self.kill_after = self.taken + self.rng.randint(1, 2)
            self.lost += 1
            return DataAction(deliver=False, drop=True)
        filing = self.file_sent

        def after(kill: bool) -> None:
            if filing is not None:
                filing(sender, raw)
            if kill:
                self.kill("between the dot and the answer")

        kill = self.death in ("dot", "lose") and self.taken >= self.kill_after
        return DataAction(after=lambda: after(kill), stall=0 if kill else stall)


@dataclass
class User:
    """Does what followup says, and counts what it was asked."""

    run: Callable[..., Result]
    questions: int = 0
    answers: list[str] = field(default_factory=list)

    def follow(self) -> None:
        listing = self.run("outbox")
        assert listing.code == 0, listing.err
        entries = re.split(r"(?m)^(?=#\d+ )", listing.out)
        for entry in entries:
            head = re.match(r"#(\d+)\s+(\w+)", entry)
            if head is None:
                continue
            message_id, status = head.groups()
            if status == "unsettled":
                self.questions += 1
                asked = ASKED.search(" ".join(entry.split()))
                assert asked is not None, f"a question without the answer to give: {entry}"
                said = self.run("outbox", "settle", asked.group(1), "--sent")
                assert said.code == 0, said.err
                self.answers.append(f"#{message_id} --sent")
            elif status == "failed":
                sent = self.run("send", message_id)  # "send it again", as the table says
                assert sent.code in (0, 1), sent.err
                self.answers.append(f"#{message_id} send")


def _letters(db: Path, to: str, count: int) -> list[int]:
    """``count`` applications, each with one contact and one thank-you due a minute ago."""
    due = datetime.now(UTC) - timedelta(minutes=1)
    store = SqliteStore(db)
    ids = []
    try:
        with store.transaction():
            for n in range(count):
                app = store.add_application(
                    Application(id=0, company=f"Company {n}", role="Data Engineer")
                )
                contact = store.add_contact(
                    Contact(id=0, application_id=app.id, name=f"Jane Doe {n}", email=to)
                )
                letter = Message(
                    id=0,
                    application_id=app.id,
                    kind=MessageKind.THANK_YOU,
                    contact_id=contact.id,
                    to=to,
                    subject=f"Thank you for today ({n})",
                    body="Dear Jane,\n\nThank you for the conversation today.\n\nBest,\nAlex\n",
                    created_at=due,
                    status=MessageStatus.SCHEDULED,
                    send_at=due,
                )
                ids.append(store.add_message(letter).id)
    finally:
        store.close()
    return ids


def _rows(db: Path) -> dict[int, sqlite3.Row]:
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        return {r["id"]: r for r in conn.execute("SELECT * FROM message")}


def _provider_files(servers: MailServers) -> Callable[[str, bytes], None]:
    """What Gmail and Outlook do: the server files the sender's Sent copy itself."""

    def file(owner: str, raw: bytes) -> None:
        import imaplib

        conn = imaplib.IMAP4_SSL(
            HOST, servers.dovecot.imaps_port, ssl_context=servers.certs.client_context()
        )
        try:
            conn.login(owner, servers.password_of(owner))
            conn.append("Sent", "(\\Seen)", None, raw)
        finally:
            conn.logout()

    return file


MODES = {
    # account setting: (mail setup options, the server files Sent, may the server lose one)
    "receipts": ((), False),
    "no-receipts": (("--no-bcc-self",), False),
    "provider-files-sent": (("--provider-files-sent",), True),
}


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(MODES))
def test_the_worker_killed_at_random_and_between_dot_and_answer_never_sends_twice(
    tmp_path: Path, mail_servers: MailServers, report: Callable[[str], None], mode: str
) -> None:
    """Receipts (the default) and a provider that files Sent settle every interruption by
    evidence; without either, followup asks, and its default answer is the right one. A
    server that loses a letter after its dot is played only where evidence can tell."""
    options, provider = MODES[mode]
    started = time.monotonic()
    me, password = mail_servers.new_user()
    jane, _ = mail_servers.new_user()
    home = tmp_path / "home"
    home.mkdir()
    f = Followup(db=tmp_path / "f.db", config=tmp_path / "config.toml", home=home)
    secrets = {"FOLLOWUP_SMTP_PASSWORD": password, "FOLLOWUP_IMAP_PASSWORD": password}
    base = ("--db", str(f.db), "--config", str(f.config))

    def run(*args: str) -> Result:
        return f.raw(*base, *args, **secrets)

    campaign = Campaign(random.Random(SEED))
    if provider:
        campaign.file_sent = _provider_files(mail_servers)
    user = User(run)
    log = (tmp_path / "worker.log").open("ab")
    with mail_servers.hooked_smtp(on_data=campaign.on_data, on_rcpt=campaign.on_rcpt) as smtp:
        assert run("me", "--name", "Alex Morgan", "--email", me, "--timezone", "UTC").code == 0
        setup = run(
            "mail", "setup", "--address", me, "--smtp-host", HOST, "--smtp-port",
            str(smtp.port), "--smtp-security", "tls", "--imap-host", HOST, "--imap-port",
            str(mail_servers.dovecot.imaps_port), "--imap-security", "tls",
            "--ca-file", mail_servers.ca_file, "--receipt-grace", str(GRACE_SECONDS), *options,
        )  # fmt: skip
        assert setup.code == 0, setup.err
        letters = _letters(f.db, jane, LETTERS)
        deadline = started + BUDGET_SECONDS
        lives = 0
        while True:
            rows = _rows(f.db)
            if all(rows[i]["status"] == "sent" for i in letters):
                break
            assert time.monotonic() < deadline, (
                f"not done in {BUDGET_SECONDS} s: "
                f"{Counter(rows[i]['status'] for i in letters)}; see {log.name}"
            )
            with closing(sqlite3.connect(f.db)) as conn:
                (seen,) = conn.execute("SELECT receipt_seen FROM mail_account").fetchone()
            campaign.receipts_known = provider or (mode == "receipts" and bool(seen))
            lives += 1
            death = campaign.rng.choices(
                ["dot", "random", "rcpt", "lose", "term"], weights=[10, 5, 1, 2, 1]
            )[0]
            campaign.death, campaign.taken = death, 0
            campaign.kill_after = campaign.rng.randint(1, 2)
            proc = subprocess.Popen(
                [sys.executable, "-m", "followup", *base, "worker", "--interval", "10"],
                env=f.env(**secrets), stdout=log, stderr=log,
            )  # fmt: skip
            campaign.worker = proc
            timer = None
            if death == "random":
                delay = campaign.rng.uniform(0.2, 1.5)
                timer = threading.Timer(delay, campaign.kill, ("at random",))
                timer.start()
            # A "term" life is stopped calmly (SIGTERM: the letter in hand is finished).
            life_end = time.monotonic() + (campaign.rng.uniform(0.5, 2) if death == "term" else 8)
            while proc.poll() is None and time.monotonic() < life_end:
                time.sleep(0.05)
            if timer is not None:
                timer.cancel()
            if proc.poll() is None:  # a calm stop, or it outlived its plan
                campaign.worker = None
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
                assert proc.returncode == 0, f"SIGTERM: exit {proc.returncode}; see {log.name}"
            proc.wait(timeout=30)
            user.follow()
        # One last pass files any receipt a killed worker left in the INBOX.
        last = subprocess.run(
            [sys.executable, "-m", "followup", *base, "worker", "--once"],
            env=f.env(**secrets), capture_output=True, timeout=120, check=False,
        )  # fmt: skip
        assert last.returncode == 0, last.stderr
    log.close()

    rows = _rows(f.db)
    ids = {rows[i]["message_id"]: i for i in letters}
    delivered = Counter(mail_servers.message_ids(jane))
    duplicates = {m: n for m, n in delivered.items() if n > 1}
    missing = [m for m in ids if delivered[m] == 0]
    assert duplicates == {}, f"delivered more than once: {duplicates}"
    assert missing == [], f"never delivered: {missing}"
    assert set(delivered) == set(ids)
    assert all(rows[i]["status"] == "sent" for i in letters)
    sent_copies = Counter(mail_servers.message_ids(me, "Sent"))
    if mode == "no-receipts":  # appended after ``sent``: a kill in between leaves none
        assert set(sent_copies) <= set(ids)
        assert max(sent_copies.values(), default=1) == 1
    else:
        assert sent_copies == Counter(set(ids)), "each letter's Sent copy, exactly once"
    assert not set(mail_servers.message_ids(me)) & set(ids), "a receipt left in INBOX"
    with closing(sqlite3.connect(f.db)) as conn:
        events = Counter(a for (a,) in conn.execute("SELECT application_id FROM event"))
    assert all(events[rows[i]["application_id"]] == 1 for i in letters), "one event each"
    # Per-letter truth: each letter's sent_at is the Date it carries, and they differ.
    dates = {}
    inbox = mail_servers.dovecot.maildir(jane)
    for path in [*(inbox / "new").iterdir(), *(inbox / "cur").iterdir()]:
        letter = message_from_bytes(path.read_bytes())
        dates[str(letter["Message-ID"]).strip()] = parsedate_to_datetime(str(letter["Date"]))
    for mid, i in ids.items():
        assert datetime.fromisoformat(rows[i]["sent_at"]) == dates[mid]
    assert len(set(dates.values())) > 1
    elapsed = time.monotonic() - started
    how = ", ".join(f"{n} {k}" for k, n in sorted(campaign.kills.items()))
    report(
        f"crash campaign ({mode}): {LETTERS} letters, {lives} worker lives, "
        f"{sum(campaign.kills.values())} SIGKILLs ({how}), {campaign.lost} lost by the "
        f"server after the dot; {user.questions} question(s) asked, answered as told "
        f"({sum('--sent' in a for a in user.answers)} --sent, "
        f"{sum(a.endswith('send') for a in user.answers)} send again); 0 duplicates, 0 lost; "
        f"{elapsed:.0f} s (seed {SEED})"
    )
