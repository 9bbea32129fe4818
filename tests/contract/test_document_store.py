"""The ``DocumentRepo`` part of the ``Store`` port (issue 18), held against every store."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from followup.domain.documents import Attachment, Document, DocumentKind, SentAttachment
from followup.domain.errors import NotFound
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import Application
from followup.services.ports import Store

SHA_A = "a" * 64
SHA_B = "b" * 64
ADDED = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London"))


class Boom(Exception):
    pass


def _app(store: Store, company: str = "Acme") -> int:
    with store.transaction():
        return store.add_application(Application(id=0, company=company, role="Engineer")).id


def _doc(app_id: int, sha: str = SHA_A, name: str = "résumé.pdf") -> Document:
    return Document(
        id=0,
        application_id=app_id,
        sha256=sha,
        name=name,
        media_type="application/pdf",
        size=1234,
        kind=DocumentKind.RESUME,
        added_at=ADDED,
        note="v3",
    )


def test_documents_round_trip_with_new_ids_and_instants_in_utc(store: Store) -> None:
    app_id = _app(store)
    saved = store.add_document(_doc(app_id))
    assert saved.id > 0
    assert saved == dataclasses.replace(_doc(app_id), id=saved.id)
    got = store.get_document(saved.id)
    assert got == saved
    assert got.added_at.tzinfo == UTC
    assert got.name == "résumé.pdf"


def test_listed_by_id_per_application_or_all(store: Store) -> None:
    one, two = _app(store), _app(store, "Globex")
    a = store.add_document(_doc(one))
    b = store.add_document(_doc(two))
    c = store.add_document(_doc(one, SHA_B, "sample.png"))
    assert store.list_documents(one) == [a, c]
    assert store.list_documents(two) == [b]
    assert store.list_documents() == [a, b, c]
    assert store.document_hashes() == {SHA_A, SHA_B}


def test_unknown_ids_are_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no document with id 99"):
        store.get_document(99)
    with pytest.raises(NotFound, match="no document with id 99"):
        store.remove_document(99)
    with pytest.raises(NotFound, match="application"):
        store.add_document(_doc(42))
    with pytest.raises(ValueError, match="id 0"):
        store.add_document(dataclasses.replace(_doc(_app(store)), id=5))


def test_removed_one_by_one_and_with_their_application(store: Store) -> None:
    one, two = _app(store), _app(store, "Globex")
    a = store.add_document(_doc(one))
    b = store.add_document(_doc(two))
    store.remove_document(a.id)
    assert store.list_documents() == [b]
    assert store.document_hashes() == {SHA_A}  # b names the same file
    with store.transaction():
        store.remove_application(two)
    assert store.list_documents() == []
    assert store.document_hashes() == set()


def test_a_failed_transaction_keeps_nothing(store: Store) -> None:
    app_id = _app(store)

    def add_then_fail() -> None:
        with store.transaction():
            store.add_document(_doc(app_id))
            raise Boom

    with pytest.raises(Boom):
        add_then_fail()
    assert store.list_documents() == []


def _letter(store: Store, app_id: int) -> int:
    with store.transaction():
        return store.add_message(
            Message(
                id=0,
                application_id=app_id,
                kind=MessageKind.ADDITIONAL_INFO,
                contact_id=None,
                to="jane@acme.example",
                subject="More on the migration",
                body="I have attached it.",
                created_at=ADDED,
            )
        ).id


def test_a_letter_s_attachments_are_kept_in_order_and_replaced_whole(store: Store) -> None:
    app_id = _app(store)
    a = Attachment.of(store.add_document(_doc(app_id)))
    b = Attachment.of(store.add_document(_doc(app_id, SHA_B, "sample.png")))
    letter = _letter(store, app_id)
    assert store.attachments(letter) == []
    store.attach(letter, [b, a])
    assert store.attachments(letter) == [b, a]
    store.attach(letter, [a])
    assert store.attachments(letter) == [a]
    with pytest.raises(NotFound, match="no message with id 99"):
        store.attach(99, [a])


def test_what_sent_letters_carried_outlives_the_document(store: Store) -> None:
    app_id = _app(store)
    doc = store.add_document(_doc(app_id))
    letter = _letter(store, app_id)
    store.attach(letter, [Attachment.of(doc)])
    assert store.sent_attachments(app_id) == []  # a draft has sent nothing
    sent_at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with store.transaction():
        sent = dataclasses.replace(
            store.get_message(letter), status=MessageStatus.SENT, sent_at=sent_at
        )
        store.update_message(sent)
    [carried] = store.sent_attachments(app_id)
    assert carried == SentAttachment(letter, sent_at, "jane@acme.example", Attachment.of(doc))
    store.remove_document(doc.id)
    [after] = store.sent_attachments(app_id)
    assert after.attachment.document_id is None
    assert after.attachment.sha256 == SHA_A
    assert store.document_hashes() == {SHA_A}  # the letter's file is kept
