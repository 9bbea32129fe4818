"""Everyday load on one database (issue 13): the web app under wrk, six CLI writers and the
worker with real Dovecot and SMTP, for half a minute (``tests/contention.py`` runs it).

Before the write transactions were short, this load made about one CLI write in ten fail
with "database is locked", left the worker behind, and turned letters the server had taken
into questions for the user. What the test reads back, it reads with sqlite3 and from
Dovecot's Maildir files, not through followup.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from email import message_from_bytes, policy
from pathlib import Path

from tests.contention import Load, Outcome, letters, prepare, run
from tests.mailservers import MailServers

SECONDS = float(os.environ.get("FOLLOWUP_CONTENTION_SECONDS", "30"))


def delivered(servers: MailServers, who: str) -> list[str]:
    base = servers.dovecot.maildir(who)
    files = [p for d in ("new", "cur") for p in (base / d).glob("*") if p.is_file()]
    return [
        str(message_from_bytes(p.read_bytes(), policy=policy.default)["Message-ID"]) for p in files
    ]


def test_everyday_load_loses_no_write_and_asks_no_false_question(
    tmp_path: Path, mail_servers: MailServers, report: object
) -> None:
    load = Load(seconds=SECONDS)
    outcome: Outcome = run(prepare(tmp_path, mail_servers, load), load)
    setup = outcome.setup
    cli = [w for w in outcome.writes if w.who.startswith("cli")]
    web = [w for w in outcome.writes if w.who.startswith("web")]
    failed = [w for w in outcome.writes if w.status not in (0, 201)]
    seen = "".join(w.err for w in outcome.writes) + outcome.worker_err + outcome.web_err
    report(  # type: ignore[operator]
        f"contention, {load.seconds:.0f} s: {len(cli)} CLI writes, {len(web)} web writes, "
        f"{outcome.wrk['requests']:.0f} Today pages under wrk, {len(setup.letters)} letters; "
        f"{len(failed)} writes failed"
    )
    assert len(cli) >= load.cli_writers * 3, "the writers barely ran"
    assert web, "the API client never wrote"
    assert failed == []
    assert "locked" not in seen, seen[-2000:]
    assert "busy" not in seen, seen[-2000:]
    assert outcome.wrk["requests"] > 0
    assert outcome.wrk["not_2xx"] == 0
    # Every write that said it was done is in the database, once.
    with closing(sqlite3.connect(setup.db)) as conn:
        notes = [n for (n,) in conn.execute("SELECT note FROM event WHERE kind = 'note'")]
        header_ids = [h for (h,) in conn.execute("SELECT message_id FROM message")]
    assert sorted(notes) == sorted(w.note for w in outcome.writes)
    # The worker kept up: every letter due during the run went before the run ended, once,
    # and none became a question ("unsettled"): nothing was killed, nothing is in doubt.
    sent = letters(setup)
    assert {status for status, _ in sent.values()} == {"sent"}, outcome.worker_out
    assert max(datetime.fromisoformat(str(at)) for _, at in sent.values()) <= outcome.ended_at
    assert "unsettled" not in outcome.worker_out + outcome.worker_err
    assert "warning" not in outcome.worker_err, outcome.worker_err
    assert sorted(delivered(mail_servers, setup.recipient)) == sorted(header_ids)
    # What the load left is planned: no plan lags its history once a read has run.
    with closing(sqlite3.connect(setup.db)) as conn:
        lagging = conn.execute(
            "SELECT COUNT(*) FROM application WHERE planned_rev IS NOT rev"
        ).fetchone()[0]
    assert lagging == 0
