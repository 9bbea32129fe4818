"""Drafts round-trip through SQLite (migration 0002_messages) as the fake store keeps them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.adapters.sqlite_store import SqliteStore
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
