"""Benchmark sending: one ``followup worker --once`` pass that sends N due letters, per
account setting (receipts, no receipts, provider files Sent), against the test servers.

    python bench/send.py --letters 50 [--runs 3]

The servers are tests/mailservers.py's (Dovecot over LMTP and IMAP, an implicit-TLS
aiosmtpd that delivers before it answers), on this machine: the figures are followup's own
cost per letter (the Message-ID and ``sending`` committed, the letter handed over, the
"handed over" mark committed before the closing dot, ``sent`` and its event committed, the
Sent copy filed), not a provider's latency. Each run is a new process on a new database
and fresh mailboxes; the table shows the median. Exit status 0, or 2 when a letter did not
go.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.mailservers import HOST, MailServers, mail_servers  # noqa: E402

from followup.adapters.sqlite.store import SqliteStore  # noqa: E402
from followup.domain.messages import Message, MessageKind, MessageStatus  # noqa: E402
from followup.domain.model import Application, Contact  # noqa: E402

SETTINGS: dict[str, tuple[str, ...]] = {
    "receipts (the default)": (),
    "--no-bcc-self": ("--no-bcc-self",),
    "--provider-files-sent": ("--provider-files-sent",),
}


def followup(db: Path, home: Path, secret: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update(HOME=str(home), FOLLOWUP_SMTP_PASSWORD=secret, FOLLOWUP_IMAP_PASSWORD=secret)
    env["FOLLOWUP_RUNTIME_DIR"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "followup", "--db", str(db), *args],
        env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip


def due_letters(db: Path, to: str, count: int) -> None:
    due = datetime.now(UTC) - timedelta(minutes=1)
    store = SqliteStore(db)
    try:
        with store.transaction():
            for n in range(count):
                app = store.add_application(Application(id=0, company=f"Co {n}", role="Eng"))
                who = store.add_contact(Contact(id=0, application_id=app.id, name="Jo", email=to))
                store.add_message(
                    Message(
                        id=0, application_id=app.id, kind=MessageKind.THANK_YOU,
                        contact_id=who.id, to=to, subject=f"Thank you ({n})",
                        body="Dear Jo,\n\nThank you for today.\n\nAlex\n", created_at=due,
                        status=MessageStatus.SCHEDULED, send_at=due,
                    )
                )  # fmt: skip
    finally:
        store.close()


def one_run(servers: MailServers, options: Sequence[str], letters: int) -> float:
    me, secret = servers.new_user()
    them, _ = servers.new_user()
    folder = Path(tempfile.mkdtemp(prefix="fu-send-"))
    db, home = folder / "f.db", folder
    setup = [
        ("me", "--name", "Alex Morgan", "--email", me, "--timezone", "UTC"),
        ("mail", "setup", "--address", me, "--smtp-host", HOST,
         "--smtp-port", str(servers.smtp_tls.port), "--smtp-security", "tls",
         "--imap-host", HOST, "--imap-port", str(servers.dovecot.imaps_port),
         "--imap-security", "tls", "--ca-file", servers.ca_file, *options),
    ]  # fmt: skip
    for args in setup:
        done = followup(db, home, secret, *args)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args[:2])}: {done.stderr.strip()}")
    due_letters(db, them, letters)
    started = time.perf_counter()
    done = followup(db, home, secret, "worker", "--once")
    elapsed = time.perf_counter() - started
    delivered = servers.message_ids(them)
    if done.returncode != 0 or len(set(delivered)) != letters or len(delivered) != letters:
        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(2)
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with mail_servers() as servers:
        print(f"{args.letters} letters per pass, {args.runs} run(s), median\n")
        print("| account setting | pass | per letter |")
        print("|---|---|---|")
        for name, options in SETTINGS.items():
            times = [one_run(servers, options, args.letters) for _ in range(args.runs)]
            median = statistics.median(times)
            print(f"| {name} | {median:.2f} s | {1000 * median / args.letters:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
