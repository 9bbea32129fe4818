"""The whole loop against real servers, through the CLI as a subprocess (issue 5).

A profile, an application, a contact at the employer's domain and an interview; the mail
account pointed at the test Dovecot and SMTP server (passwords through the environment);
a thank-you drafted and sent; then an answer delivered into the user's INBOX over LMTP with
In-Reply-To naming our Message-ID, and ``followup inbox sync``. What the plan does next
depends on what the answer was: a rejection confirmed ends the follow-ups, an out-of-office
keeps them and moves the next one, a bounce alerts the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.conftest import Followup, Result, make_profile
from tests.mailservers import RECRUITER, MailServers

pytestmark = pytest.mark.slow

FOLLOW_UPS = {"status-inquiry", "follow-up", "phone-follow-up"}
SENT_AT = "2026-11-24T09:05"  # the morning after the interview
ANSWERED = "Wed, 25 Nov 2026 10:00:00 +0000"


@dataclass
class Loop:
    """One user's mailbox and database, with the thank-you sent to the recruiter."""

    followup: Followup
    servers: MailServers
    address: str
    password: str
    thanks_id: str = ""

    def run(self, *args: str, now: str) -> Result:
        f = self.followup
        argv = ["--db", str(f.db), "--config", str(f.config), "--now", now, *args]
        env = {"FOLLOWUP_SMTP_PASSWORD": self.password, "FOLLOWUP_IMAP_PASSWORD": self.password}
        return f.raw(*argv, **env)

    def ok(self, *args: str, now: str) -> str:
        result = self.run(*args, now=now)
        assert result.code == 0, result.err
        return result.out

    def json(self, *args: str, now: str) -> Any:
        result = self.run(*args, "--json", now=now)
        return result.json()

    def deliver(self, raw: str) -> None:
        self.servers.deliver(raw.encode(), to=self.address)

    def follow_ups(self, now: str) -> list[dict[str, Any]]:
        actions = self.json("today", "--days", "90", now=now)["actions"]
        return [a for a in actions if a["kind"] in FOLLOW_UPS]


@pytest.fixture
def loop(followup: Followup, mail_servers: MailServers) -> Loop:
    address, password = mail_servers.new_user()
    lp = Loop(followup, mail_servers, address, password)
    make_profile(followup)
    followup.ok("me", "--email", address)
    followup.ok("app", "add", "Acme", "Data Engineer")
    followup.ok("contact", "add", "1", "Riley Recruiter", "--email", RECRUITER)
    followup.ok("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1")
    imap, smtp = mail_servers.imap_tls, mail_servers.smtp_tls
    lp.ok(
        "mail", "setup", "--address", address, "--username", address,
        "--smtp-host", smtp.host, "--smtp-port", str(smtp.port), "--smtp-security", "tls",
        "--imap-host", imap.host, "--imap-port", str(imap.port), "--imap-security", "tls",
        "--ca-file", mail_servers.ca_file, "--no-password",
        now=SENT_AT,
    )  # fmt: skip
    lp.ok(
        "draft", "1.thanks.i1.c1", "--topic", "streaming joins", "--strength", "Spark", now=SENT_AT
    )
    message = lp.json("drafts", now=SENT_AT)["messages"][0]
    lp.ok("send", str(message["id"]), "--force", now=SENT_AT)
    ids = mail_servers.message_ids(RECRUITER)
    sent = [i for i in ids if i.endswith(address.split("@")[1] + ">")]
    assert sent, f"the thank-you did not reach the recruiter: {ids}"
    lp.thanks_id = sent[-1]
    return lp


def answer(loop: Loop, subject: str, body: str, extra: str = "") -> str:
    return (
        f"From: Riley Recruiter <{RECRUITER}>\r\nTo: {loop.address}\r\n"
        f"Subject: {subject}\r\nDate: {ANSWERED}\r\n"
        f"Message-ID: <answer-{abs(hash(subject))}@employer.test>\r\n"
        f"In-Reply-To: {loop.thanks_id}\r\nReferences: {loop.thanks_id}\r\n{extra}"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n"
    )


def test_a_reply_waits_for_the_user_then_a_confirmed_rejection_ends_the_follow_ups(
    loop: Loop,
) -> None:
    now = "2026-11-25T11:00"
    before = loop.follow_ups(now)
    assert before, "a follow-up is planned after the thank-you"
    loop.deliver(
        answer(
            loop,
            "Re: Thank you",
            "Dear Alex,\r\n\r\nThank you for your time. Unfortunately we have decided to "
            "move forward with other candidates whose experience more closely matches the "
            "role.\r\n\r\nBest wishes,\r\nRiley",
        )
    )
    synced = loop.json("inbox", "sync", now=now)
    [item] = synced["items"]
    assert (item["strength"], item["kind"], item["status"]) == ("definite", "rejection", "pending")
    assert item["application_id"] == 1
    assert item["contact_id"] == 1
    assert loop.follow_ups(now) == before  # nothing moves until the user confirms

    review = loop.json("inbox", "review", now=now)
    assert [i["id"] for i in review["items"]] == [item["id"]]
    loop.ok("inbox", "confirm", str(item["id"]), "--as", "rejection", now=now)
    assert loop.follow_ups(now) == []
    kinds = {a["kind"] for a in loop.json("today", "--days", "90", now=now)["actions"]}
    assert "reply-to-rejection" in kinds
    assert loop.json("inbox", "review", now=now)["items"] == []

    # A sync with nothing new fetches nothing: both folders skipped.
    again = loop.json("inbox", "sync", now=now)
    assert again["items"] == []
    assert all(f["skipped"] and f["fetched"] == 0 for f in again["folders"])


def test_an_out_of_office_keeps_the_follow_ups_and_moves_the_next_one(loop: Loop) -> None:
    now = "2026-11-24T12:00"
    [first, *rest] = loop.follow_ups(now)
    assert first["due"].startswith("2026-12-01")  # a week after the thank-you
    loop.deliver(
        answer(
            loop,
            "Automatic reply: Thank you",
            "I am out of the office until Monday 14 December 2026 with limited access to "
            "email. I will reply when I am back.",
            extra="Auto-Submitted: auto-replied\r\nX-Autoreply: yes\r\n",
        )
    )
    [item] = loop.json("inbox", "sync", now=now)["items"]
    assert (item["kind"], item["status"]) == ("auto-reply", "applied")
    assert item["date"] == "2026-12-14"
    after = loop.follow_ups(now)
    assert len(after) == len(rest) + 1  # none cancelled
    assert after[0]["due"] >= "2026-12-15"  # after the return date
    assert loop.json("inbox", "review", now=now)["items"] == []  # nothing to confirm


def test_a_bounce_alerts_the_user(loop: Loop) -> None:
    now = "2026-11-24T09:30"
    dsn = (
        f"From: Mail Delivery System <MAILER-DAEMON@{loop.address.split('@')[1]}>\r\n"
        f"To: {loop.address}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Date: Tue, 24 Nov 2026 09:06:00 +0000\r\nMessage-ID: <dsn-1@mx.followup.test>\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\n"
        f"Your message could not be delivered to <{RECRUITER}>: 550 5.1.1 User unknown\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.followup.test\r\n\r\n"
        f"Final-Recipient: rfc822; {RECRUITER}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: <{loop.address}>\r\nTo: <{RECRUITER}>\r\nSubject: Thank you\r\n"
        f"Message-ID: {loop.thanks_id}\r\n"
        "--B--\r\n"
    )
    loop.servers.deliver(dsn.encode(), to=loop.address, sender="")
    [item] = loop.json("inbox", "sync", now=now)["items"]
    assert (item["kind"], item["status"], item["bounced"]) == ("bounce", "applied", RECRUITER)
    alerts = loop.json("today", now=now)["alerts"]
    assert [(a["kind"], a["address"]) for a in alerts] == [("bounce", RECRUITER)]
    assert f"mail to {RECRUITER} bounced" in loop.ok("today", now=now)
    assert loop.json("inbox", "review", now=now)["alerts"][0]["item_id"] == item["id"]
    # Writing to the flagged address again is refused without --force.
    loop.ok("draft", "1.follow-up.i1.1", "--topic", "streaming joins", now=now)
    latest = max(m["id"] for m in loop.json("drafts", now=now)["messages"])
    refused = loop.run("send", str(latest), now=now)
    assert refused.code == 2
    assert f"mail to {RECRUITER} bounced before" in refused.err
    loop.ok("inbox", "confirm", str(item["id"]), now=now)  # seen: the alert goes
    assert loop.json("today", now=now)["alerts"] == []


def test_a_renumbered_inbox_is_read_again_without_duplicates(loop: Loop) -> None:
    now = "2026-11-25T11:00"
    loop.deliver(answer(loop, "Re: Thank you", "Thanks Alex, we will be in touch next week."))
    assert len(loop.json("inbox", "sync", now=now)["items"]) == 1
    loop.servers.dovecot.doveadm(
        "mailbox", "update", "-u", loop.address, "--uid-validity", "4242", "INBOX"
    )
    again = loop.json("inbox", "sync", now=now)
    inbox = next(f for f in again["folders"] if f["name"] == "INBOX")
    assert inbox["reset"]
    assert inbox["fetched"] >= 1
    assert again["items"] == []
    assert len(loop.json("inbox", "review", now=now)["items"]) == 1


def test_the_worker_syncs_the_inbox_too(loop: Loop) -> None:
    now = "2026-11-25T11:00"
    loop.deliver(answer(loop, "Re: Thank you", "Thanks Alex, could you send two references?"))
    loop.ok("worker", "--once", now=now)
    [item] = loop.json("inbox", "review", now=now)["items"]
    assert (item["strength"], item["status"]) == ("definite", "pending")
    assert item["kind"] in {"info-request", "reply"}


def test_sync_without_an_account_or_with_the_server_down(followup: Followup) -> None:
    make_profile(followup)
    result = followup("inbox", "sync")
    assert result.code == 2
    assert result.err == "error: no mail account yet: run `followup mail setup`\n"
    from tests.mailservers import closed_port

    followup.ok(
        "mail", "setup", "--address", "a@followup.test", "--smtp-host", "127.0.0.1",
        "--imap-host", "127.0.0.1", "--imap-port", str(closed_port()), "--no-password",
    )  # fmt: skip
    down = followup.raw(
        "--db", str(followup.db), "--config", str(followup.config), "inbox", "sync",
        FOLLOWUP_IMAP_PASSWORD="x",
    )  # fmt: skip
    assert down.code == 1
    assert down.err.startswith("error: ")
    assert len(down.err.splitlines()) == 1
    assert "Traceback" not in down.err
