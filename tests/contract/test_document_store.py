"""The ``DocumentRepo`` part of the ``Store`` port (issue 18), held against every store."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from followup.domain.documents import Document, DocumentKind
from followup.domain.errors import NotFound
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
