"""Benchmark the inbox download against mbsync, on the same Dovecot mailbox, in the same run.

    python bench/mail_sync.py --messages 20000 [--runs 5] [--fill maildir|lmtp]

Starts the test Dovecot (tests/mailservers.py), fills one user's INBOX with realistic
messages (plain and multipart replies, HTML, a few attachments, several languages), then
times, interleaved so that a busy moment of the machine hurts every contestant alike:

- **first sync**: everything downloaded into an empty local state; followup through
  ``followup_sync`` (the real ``followup inbox sync``, a new process per run, on a fresh
  database), mbsync (Debian isync) into an empty Maildir with a generated mbsyncrc that
  trusts the test CA;
- **empty sync**: the same again with nothing new on the server.

Both sides pay for their own connection, TLS handshake and login. It prints the medians, the
ratios and the issue's targets (first sync within 2x mbsync; an empty sync under a tenth of
the first).

``followup_sync`` takes the server, the account and a folder that persists between the
first and the empty sync of a run, and returns how many messages it downloaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ holds the mail servers; src/ is installed

from tests.mailservers import HOST, Dovecot, running_dovecot  # noqa: E402

from followup.domain.mail import Endpoint, MailAccount, Security  # noqa: E402

TARGET_FIRST = 2.0  # followup's first sync within 2x mbsync's
TARGET_EMPTY = 0.1  # an empty sync under a tenth of the first


# -- the followup side ---------------------------------------------------------------------


def followup_sync(dovecot: Dovecot, account: MailAccount, password: str, state: Path) -> int:
    """``followup inbox sync --json``, a new process per run, on a database in ``state``
    (kept between the runs' first and empty sync); returns how many messages it fetched.

    The database is made on the first call, through the store (a few milliseconds, inside
    the timing): a profile, the mail account, and an application at one of the mailbox's
    employers (acme.test) with a contact there, so that a sixth of the mailbox matches by
    domain and is parsed, classified and stored, as a real user's inbox would be.
    """
    db = state / "followup.db"
    if not db.exists():
        _make_db(db, account)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["FOLLOWUP_IMAP_PASSWORD"] = password
    env["HOME"] = str(state)
    done = subprocess.run(
        [sys.executable, "-m", "followup", "--db", str(db), "--config", str(state / "none.toml"),
         "--now", "2026-11-23T10:00Z", "inbox", "sync", "--json"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"followup failed ({done.returncode}): {done.stderr.strip()}", file=sys.stderr)
        raise SystemExit(2)
    report = json.loads(done.stdout)
    return sum(f["fetched"] for f in report["folders"] if f["name"] == "INBOX")


def _make_db(db: Path, account: MailAccount) -> None:
    from followup.adapters.sqlite.store import SqliteStore
    from followup.domain.model import Application, Contact, Profile

    store = SqliteStore(db)
    try:
        with store.transaction():
            store.save_profile(Profile(name="Alex Morgan", email=account.address, timezone="UTC"))
            store.save_mail_account(account)
            app = store.add_application(Application(id=0, company="Acme", role="Engineer"))
            store.add_contact(
                Contact(id=0, application_id=app.id, name="Priya Shah", email="hr1@acme.test")
            )
    finally:
        store.close()


# -- the yardstick: mbsync -----------------------------------------------------------------


MBSYNC_FSYNC = ["yes"]  # mbsync's own default; --mbsync-fsync no measures the download alone


def mbsync_sync(dovecot: Dovecot, account: MailAccount, password: str, state: Path) -> int:
    """``mbsync`` pulls INBOX into a Maildir under ``state``; returns the Maildir's count.

    By default mbsync fsyncs every message it writes, which followup's side (bytes in
    memory) does not do; ``--mbsync-fsync no`` takes that cost out of the comparison."""
    local = state / "mbsync"
    local.mkdir(exist_ok=True)
    rc = state / "mbsyncrc"
    if not rc.exists():
        rc.write_text(
            f"""FSync {MBSYNC_FSYNC[0]}

IMAPAccount bench
Host {account.imap.host}
Port {account.imap.port}
User {account.username}
Pass {password}
SSLType IMAPS
CertificateFile {account.ca_file}

IMAPStore bench-far
Account bench

MaildirStore bench-near
Path {local}/
Inbox {local}/INBOX

Channel bench
Far :bench-far:
Near :bench-near:
Patterns INBOX
Sync Pull
Create Near
SyncState *
"""
        )
        rc.chmod(0o600)
    done = subprocess.run(
        ["mbsync", "-q", "-c", str(rc), "bench"],
        check=False,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        print(f"mbsync failed ({done.returncode}): {done.stderr.strip()}", file=sys.stderr)
        raise SystemExit(2)
    inbox = local / "INBOX"
    return sum(len(os.listdir(inbox / sub)) for sub in ("cur", "new") if (inbox / sub).exists())


# -- the mailbox ---------------------------------------------------------------------------

_TEXT = (
    "thank you for your time today the team enjoyed our conversation about the role and we "
    "would like to invite you to a second round with the engineering manager next week please "
    "let us know your availability we are still reviewing candidates and expect to decide by "
    "the end of the month unfortunately we have decided to move forward with other candidates "
    "merci beaucoup pour votre temps nous reviendrons vers vous vielen dank für das gespräch "
    "wir melden uns bald gracias por su tiempo estaremos en contacto"
)
_WORDS = _TEXT.split()


class Messages:
    """Realistic messages, fast: a few hundred bodies (plain, plain + HTML, some with a PDF)
    built once with ``email``, each message its own headers (From, Date, Message-ID, a
    thread for some) in front of one of them. About ten times faster than building every
    message whole, and the sizes keep their spread."""

    VARIANTS = 300

    def __init__(self, to: str, seed: int = 5) -> None:
        self._to = to
        self._rng = random.Random(seed)
        self._bodies = [self._body() for _ in range(self.VARIANTS)]

    def _body(self) -> bytes:
        rng = self._rng
        msg = EmailMessage()
        paragraphs = rng.choice([1, 2, 3, 5, 8, 20])
        text = "\n\n".join(
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(30, 90))).capitalize() + "."
            for _ in range(paragraphs)
        )
        msg.set_content(text)
        if rng.random() < 0.5:
            msg.add_alternative(
                f"<html><body><p>{text.replace(chr(10) * 2, '</p><p>')}</p></body></html>",
                subtype="html",
            )
        if rng.random() < 0.04:
            msg.add_attachment(
                rng.randbytes(rng.choice([20_000, 80_000, 300_000])),
                maintype="application",
                subtype="pdf",
                filename="offer.pdf",
            )
        return bytes(msg).replace(b"\r\n", b"\n")

    def make(self, n: int) -> bytes:
        """Message ``n`` (LF line ends, as a Maildir keeps them)."""
        rng = self._rng
        company = rng.choice(["acme", "globex", "initech", "umbrella", "hooli", "stark"])
        name = rng.choice(["Priya Shah", "Jon Li", "Zoë Müller", "Sam O'Neil"])
        lines = [
            f"From: {formataddr((name, f'hr{n % 97}@{company}.test'), charset='utf-8')}",
            f"To: {self._to}",
            f"Subject: {rng.choice(['Re: Thank you', 'Next steps', 'Your application'])}",
            f"Date: {format_datetime(time_from(n))}",
            f"Message-ID: <{n}.{rng.getrandbits(32):08x}@{company}.test>",
        ]
        if rng.random() < 0.4:
            lines.append(f"In-Reply-To: <{n - 1}.thanks@followup.test>")
            lines.append(f"References: <{n - 1}.thanks@followup.test>")
        head = ("\n".join(lines) + "\n").encode()
        return head + self._bodies[rng.randrange(self.VARIANTS)]


def time_from(n: int) -> dt.datetime:
    return dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(minutes=17 * n)


def fill_maildir(dovecot: Dovecot, user: str, count: int, seed: int = 5) -> float:
    """Write ``count`` messages straight into the user's Maildir (as Dovecot would store
    them), then let Dovecot index them once; returns the seconds it took."""
    started = time.perf_counter()
    messages = Messages(user, seed)
    cur = dovecot.maildir(user) / "cur"
    for sub in ("cur", "new", "tmp"):
        (cur.parent / sub).mkdir(parents=True, exist_ok=True)
    host = socket.gethostname().replace("/", "_").replace(":", "_")
    stamp = int(time.time())
    for n in range(count):
        raw = messages.make(n)
        (cur / f"{stamp}.M{n}P{os.getpid()}.{host},S={len(raw)}:2,S").write_bytes(raw)
    owner = (dovecot.root / "mail").stat()
    for path in (dovecot.root / "mail" / user).rglob("*"):
        os.chown(path, owner.st_uid, owner.st_gid)
    os.chown(dovecot.root / "mail" / user, owner.st_uid, owner.st_gid)
    dovecot.doveadm("mailbox", "status", "-u", user, "messages", "INBOX")  # index them now
    return time.perf_counter() - started


def fill_lmtp(dovecot: Dovecot, user: str, count: int, seed: int = 5) -> float:
    """Deliver ``count`` messages over LMTP, one session; returns the seconds it took."""
    import smtplib

    started = time.perf_counter()
    messages = Messages(user, seed)
    lmtp = smtplib.LMTP(HOST, dovecot.lmtp_port, timeout=60)
    try:
        for n in range(count):
            lmtp.sendmail("hr@employer.test", [user], messages.make(n))
    finally:
        lmtp.quit()
    return time.perf_counter() - started


# -- the run -------------------------------------------------------------------------------


@dataclass
class Timings:
    first: list[float]
    empty: list[float]
    counts: tuple[int, int] = (0, 0)


Sync = Callable[[Dovecot, MailAccount, str, Path], int]


def measure(
    runs: int, contestants: dict[str, Sync], env: tuple[Dovecot, MailAccount, str]
) -> dict[str, Timings]:
    results = {name: Timings([], []) for name in contestants}
    names = list(contestants)
    for run in range(runs + 1):  # run 0 warms the caches and is not counted
        order = names if run % 2 else names[::-1]
        states = {name: Path(tempfile.mkdtemp(prefix=f"bench-{name}-")) for name in names}
        try:
            for phase in ("first", "empty"):
                for name in order:
                    started = time.perf_counter()
                    count = contestants[name](*env, states[name])
                    took = time.perf_counter() - started
                    if run:
                        getattr(results[name], phase).append(took)
                    if phase == "first":
                        first_count = count
                    else:
                        results[name].counts = (first_count, count)
        finally:
            for state in states.values():
                shutil.rmtree(state, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fill", choices=["maildir", "lmtp"], default="maildir")
    parser.add_argument(
        "--compare-fill",
        type=int,
        default=0,
        metavar="N",
        help="also time filling N messages each way, and print the rates",
    )
    parser.add_argument("--mbsync-fsync", choices=["yes", "no"], default="yes")
    args = parser.parse_args(argv)
    MBSYNC_FSYNC[0] = args.mbsync_fsync
    if shutil.which("mbsync") is None:
        print("mbsync is missing: run `make mail-prereqs` (Debian package isync)", file=sys.stderr)
        return 2

    with running_dovecot() as dovecot:
        user, password = dovecot.add_user()
        account = MailAccount(
            address=user,
            username=user,
            smtp=Endpoint(HOST, 1, Security.TLS),  # unused: the benchmark only reads
            imap=Endpoint(HOST, dovecot.imaps_port, Security.TLS),
            ca_file=dovecot.certs.ca_file,
        )
        if args.compare_fill:
            for how, fill in (("maildir", fill_maildir), ("lmtp", fill_lmtp)):
                spare, _ = dovecot.add_user()
                took = fill(dovecot, spare, args.compare_fill)
                print(f"fill {how:8} {args.compare_fill / took:8.0f} messages/s")
        fill = fill_maildir if args.fill == "maildir" else fill_lmtp
        took = fill(dovecot, user, args.messages)
        size = sum(p.stat().st_size for p in dovecot.maildir(user).rglob("*") if p.is_file())
        print(
            f"mailbox: {args.messages} messages, {size / 2**20:.0f} MiB, filled by "
            f"{args.fill} in {took:.1f} s; {args.runs} interleaved runs, medians; "
            f"mbsync FSync {args.mbsync_fsync}"
        )
        results = measure(
            args.runs,
            {"followup": followup_sync, "mbsync": mbsync_sync},
            (dovecot, account, password),
        )

    ours, peer = results["followup"], results["mbsync"]
    for name, t in results.items():
        if t.counts[0] != args.messages or t.counts[1] not in (0, args.messages):
            print(
                f"{name} synced {t.counts}, expected {args.messages} then nothing", file=sys.stderr
            )
            return 2
    first_ratio = statistics.median(ours.first) / statistics.median(peer.first)
    empty_share = statistics.median(ours.empty) / statistics.median(ours.first)
    print()
    print("| sync | followup (s) | mbsync (s) | followup / mbsync |")
    print("|---|---:|---:|---:|")
    for phase in ("first", "empty"):
        a = statistics.median(getattr(ours, phase))
        b = statistics.median(getattr(peer, phase))
        print(f"| {phase} | {a:.3f} | {b:.3f} | {a / b:.2f}x |")
    print()
    print(
        f"first sync: {first_ratio:.2f}x mbsync (target within {TARGET_FIRST:g}x) "
        f"{'ok' if first_ratio <= TARGET_FIRST else 'MISSED'}"
    )
    print(
        f"empty sync: {empty_share:.3f} of the first (target under {TARGET_EMPTY:g}) "
        f"{'ok' if empty_share < TARGET_EMPTY else 'MISSED'}"
    )
    return 0 if first_ratio <= TARGET_FIRST and empty_share < TARGET_EMPTY else 1


if __name__ == "__main__":
    sys.exit(main())
