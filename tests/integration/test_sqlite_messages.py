"""Drafts round-trip through SQLite (migration 0002_messages) as the fake store keeps them."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.adapters.sqlite.store import SqliteStore
from followup.domain.errors import NotFound
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import Application, Contact, Profile


def test_a_message_keeps_everything_it_was_given(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "f.db")
    try:
        with store.transaction():
            app = store.add_application(Application(id=0, company="Acme", role="Engineer"))
            other = store.add_application(Application(id=0, company="Globex", role="Analyst"))
            jane = store.add_contact(Contact(id=0, application_id=app.id, name="Jane Doe"))
        draft = Message(
            id=0,
            application_id=app.id,
            kind=MessageKind.THANK_YOU,
            contact_id=jane.id,
            to="jane@acme.example",
            subject="Thank you",
            body="Dear Jane,\n\nThank you — ünïcode too.\n",
            created_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
            action_id="1.thanks.i1.c1",
            facts=(("topic", "streaming"), ("variant", 2)),
        )
        with store.transaction():
            saved = store.add_message(draft)
        assert saved.id > 0
        assert store.get_message(saved.id) == saved
        assert saved.status is MessageStatus.DRAFT
        assert store.list_messages() == [saved]
        assert store.list_messages(app.id) == [saved]
        assert store.list_messages(other.id) == []
        with pytest.raises(NotFound):
            store.get_message(saved.id + 1)
        with pytest.raises(NotFound):
            store.list_messages(999)
    finally:
        store.close()


def test_formal_address_round_trips(tmp_path: Path) -> None:
    """Migration 0003: the profile's ``formal`` and a contact's ``title``."""
    store = SqliteStore(tmp_path / "f.db")
    try:
        with store.transaction():
            store.save_profile(
                Profile(name="A", email="a@example.org", timezone="UTC", formal=True)
            )
            app = store.add_application(Application(id=0, company="Acme", role="Engineer"))
            jane = store.add_contact(
                Contact(id=0, application_id=app.id, name="Jane Doe", title="Dr.")
            )
        assert store.get_profile() == Profile(
            name="A", email="a@example.org", timezone="UTC", formal=True
        )
        assert store.get_contact(jane.id).title == "Dr."
        with store.transaction():
            store.update_contact(dataclasses.replace(jane, title=None))
        assert store.get_contact(jane.id).title is None
    finally:
        store.close()


def test_how_to_greet_a_contact_round_trips_and_an_old_database_catches_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 0007: a contact's ``greet``, added to a database made before it."""
    from followup.adapters.sqlite import migrations
    from followup.adapters.sqlite import store as sqlite_store

    path = tmp_path / "f.db"
    before = tuple(m for m in migrations.MIGRATIONS if m.name < "0007")
    with monkeypatch.context() as patch:
        patch.setattr(sqlite_store, "MIGRATIONS", before)
        SqliteStore(path).close()
    with closing(sqlite3.connect(path)) as conn, conn:  # what that version wrote
        conn.execute("INSERT INTO application (id, company, role) VALUES (1, 'Acme', 'Eng')")
        conn.execute("INSERT INTO contact (id, application_id, name, role, title)"
                     " VALUES (1, 1, 'Sam Lee', 'interviewer', 'Mr')")  # fmt: skip
    with SqliteStore(path) as store:
        assert store.schema_version() == migrations.MIGRATIONS[-1].name
        app = store.get_application(1)
        sam = store.get_contact(1)
        assert sam == Contact(id=1, application_id=1, name="Sam Lee", title="Mr", greet=None)
        wei_ling = store.add_contact(
            Contact(id=0, application_id=app.id, name="Chua Wei Ling", greet="Wei Ling")
        )
        assert store.get_contact(wei_ling.id).greet == "Wei Ling"
        store.update_contact(dataclasses.replace(sam, greet="Mr Lee"))
        assert [c.greet for c in store.list_contacts(app.id)] == ["Mr Lee", "Wei Ling"]
        store.update_contact(dataclasses.replace(sam, greet=None))
        assert store.get_contact(sam.id).greet is None
