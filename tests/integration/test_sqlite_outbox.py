"""The outbox columns and the mail account round-trip through SQLite (0004_mail_outbox)."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup.adapters.sqlite.store import SqliteStore
from followup.domain.errors import NotFound
from followup.domain.mail import Endpoint, MailAccount, Security
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import Application

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _draft(app_id: int, **changes: object) -> Message:
    base = Message(
        id=0,
        application_id=app_id,
        kind=MessageKind.FOLLOW_UP,
        contact_id=None,
        to="jane@acme.example",
        subject="Checking in",
        body="Dear Jane,\n",
        created_at=T0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_outbox_fields_round_trip_and_queries(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "f.db") as store:
        assert store.schema_version() >= "0004_mail_outbox"  # later migrations may follow
        with store.transaction():
            app = store.add_application(Application(id=0, company="Acme", role="Engineer"))
            plain = store.add_message(_draft(app.id))
            later = store.add_message(
                _draft(app.id, status=MessageStatus.SCHEDULED, send_at=T0 + timedelta(days=2))
            )
            soon = store.add_message(
                _draft(app.id, status=MessageStatus.SCHEDULED, send_at=T0 + timedelta(hours=1))
            )
        assert store.get_message(plain.id) == plain
        sent = dataclasses.replace(
            plain,
            status=MessageStatus.SENT,
            message_id="<abc@example.org>",
            in_reply_to="<one@example.org>",
            references=("<zero@example.org>", "<one@example.org>"),
            sent_at=T0 + timedelta(minutes=5),
            attempts=2,
            last_error="timed out",
        )
        with store.transaction():
            store.update_message(sent)
        assert store.get_message(plain.id) == sent
        assert store.find_message(" <abc@example.org> ") == sent
        assert store.find_message("<nope@example.org>") is None
        assert store.due_messages(T0 + timedelta(hours=1)) == [soon]
        assert store.due_messages(T0) == []
        outbox = store.messages_in([MessageStatus.SCHEDULED, MessageStatus.SENT])
        assert [m.id for m in outbox] == [soon.id, later.id, sent.id]
        with pytest.raises(NotFound), store.transaction():
            store.update_message(dataclasses.replace(sent, id=999))


def test_the_mail_account_is_one_row_without_a_password(tmp_path: Path) -> None:
    account = MailAccount(
        address="alex@example.org",
        username="alex",
        smtp=Endpoint("smtp.example.org", 587, Security.STARTTLS),
        imap=Endpoint("imap.example.org", 993, Security.TLS),
        ca_file="/etc/ca.pem",
        sent_folder="Sent Items",
        provider_files_sent=True,
    )
    with SqliteStore(tmp_path / "f.db") as store:
        assert store.get_mail_account() is None
        store.save_mail_account(account)
        assert store.get_mail_account() == account
        other = dataclasses.replace(account, username="alex2", provider_files_sent=False)
        store.save_mail_account(other)
        assert store.get_mail_account() == other
    columns = sqlite3.connect(tmp_path / "f.db").execute("SELECT * FROM mail_account").description
    assert not any("pass" in c[0] for c in columns)


def test_receipt_fields_round_trip(tmp_path: Path) -> None:
    account = MailAccount(
        address="alex@example.org",
        username="alex",
        smtp=Endpoint("smtp.example.org", 465, Security.TLS),
        imap=Endpoint("imap.example.org", 993, Security.TLS),
        bcc_self=True,
        receipt_grace_seconds=120,
    )
    with SqliteStore(tmp_path / "f.db") as store:
        store.save_mail_account(account)
        store.note_receipt()
        assert store.get_mail_account() == dataclasses.replace(account, receipt_seen=True)
        with store.transaction():
            app = store.add_application(Application(id=0, company="Acme", role="Engineer"))
            letter = store.add_message(
                _draft(app.id, status=MessageStatus.SENDING, handed_over=True, receipt_asked=True)
            )
        assert store.get_message(letter.id) == letter


@pytest.mark.parametrize(("provider", "receipts"), [(0, True), (1, False)])
def test_migration_0008_turns_receipts_on_and_keeps_old_sends_in_doubt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: int, receipts: bool
) -> None:
    """A letter an older followup left ``sending`` or ``unsettled`` may have gone: it is
    marked handed over, never taken for one cut off before its dot. Receipts go on where
    followup files the Sent copy, and stay off where the provider does."""
    from followup.adapters.sqlite import migrations
    from followup.adapters.sqlite import store as sqlite_store

    path = tmp_path / "f.db"
    before = tuple(m for m in migrations.MIGRATIONS if m.name < "0008")
    with monkeypatch.context() as patch:
        patch.setattr(sqlite_store, "MIGRATIONS", before)
        SqliteStore(path).close()
    with sqlite3.connect(path) as conn:  # what that version wrote
        conn.execute("INSERT INTO application (id, company, role) VALUES (1, 'Acme', 'Eng')")
        for n, status in enumerate(("sending", "unsettled", "failed"), start=1):
            conn.execute(
                "INSERT INTO message (id, application_id, kind, recipient, subject, body,"
                " status, facts, created_at, message_id) VALUES (?, 1, 'thank-you', 'j@x.y',"
                " 's', 'b', ?, '{}', '2026-11-23T10:00:00.000000Z', ?)",
                (n, status, f"<{n}@x.y>"),
            )
        conn.execute(
            "INSERT INTO mail_account (id, address, username, smtp_host, smtp_port,"
            " smtp_security, imap_host, imap_port, imap_security, provider_files_sent)"
            " VALUES (1, 'a@x.y', 'a', 's.x.y', 465, 'tls', 'i.x.y', 993, 'tls', ?)",
            (provider,),
        )
    conn.close()
    with SqliteStore(path) as store:
        assert [store.get_message(n).handed_over for n in (1, 2, 3)] == [True, True, False]
        account = store.get_mail_account()
        assert account is not None
        assert (account.receipts, account.receipt_seen, account.receipt_grace_seconds) == (
            receipts, False, 600,
        )  # fmt: skip
