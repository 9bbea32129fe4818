"""The documents' table on SQLite (issue 18), mixed into ``SqliteStore``: one row per
document of an application, each naming its file by content hash (``adapters/documents.py``
keeps the files)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from followup.adapters.sqlite.formats import instant_text, parse_instant
from followup.adapters.sqlite.tables import Column, Table
from followup.domain.errors import NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from contextlib import AbstractContextManager

    from followup.domain.documents import Attachment, Document, SentAttachment

# ``domain.documents`` (its records and enum: ~2 ms) is imported when a row is first built or
# a kind read: every command opens the store, few touch a document.


def _new_document(**fields: Any) -> Document:
    from followup.domain.documents import Document

    return Document(**fields)


def _kind(value: str) -> Any:
    from followup.domain.documents import DocumentKind

    return DocumentKind(value)


DOCUMENTS: Table[Document] = Table(
    "document",
    _new_document,
    [Column(f) for f in ("application_id", "sha256", "name", "media_type", "size")]
    + [
        Column("kind", load=_kind, dump=lambda kind: kind.value),
        Column("added_at", load=parse_instant, dump=instant_text),
        Column("note"),
    ],
)

# Every hash a document or a letter's attachment names: the files to keep (and to back up).
HASHES_SQL = "SELECT sha256 FROM document UNION SELECT sha256 FROM message_attachment ORDER BY 1"


class DocumentTables:
    """Methods of the ``DocumentRepo`` port; ``SqliteStore`` provides the rest."""

    if TYPE_CHECKING:
        _conn: sqlite3.Connection

        def transaction(self) -> AbstractContextManager[None]: ...
        def _require_application(self, app_id: int) -> None: ...

    def add_document(self, document: Document) -> Document:
        if document.id != 0:
            raise ValueError("add a new document with id 0 (the store assigns it)")
        with self.transaction():
            self._require_application(document.application_id)
            cursor = self._conn.execute(DOCUMENTS.insert_sql, DOCUMENTS.params(document))
        assert cursor.lastrowid is not None
        return replace(document, id=cursor.lastrowid)

    def get_document(self, document_id: int) -> Document:
        row = self._conn.execute(
            f"SELECT {DOCUMENTS.columns} FROM document WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return DOCUMENTS.row(row)

    def list_documents(self, app_id: int | None = None) -> list[Document]:
        if app_id is None:
            rows = self._conn.execute(f"SELECT {DOCUMENTS.columns} FROM document ORDER BY id")
        else:
            rows = self._conn.execute(
                f"SELECT {DOCUMENTS.columns} FROM document WHERE application_id = ? ORDER BY id",
                (app_id,),
            )
        return [DOCUMENTS.row(r) for r in rows]

    def remove_document(self, document_id: int) -> None:
        with self.transaction():
            cursor = self._conn.execute("DELETE FROM document WHERE id = ?", (document_id,))
            if cursor.rowcount == 0:
                raise NotFound(f"no document with id {document_id}")

    def document_hashes(self) -> set[str]:
        """Every hash a document or a letter's attachment names: the files to keep."""
        return {sha for (sha,) in self._conn.execute(HASHES_SQL)}

    def attach(self, message_id: int, attachments: Sequence[Attachment]) -> None:
        """The letter's attachments become ``attachments``, in this order."""
        with self.transaction():
            if (
                self._conn.execute("SELECT 1 FROM message WHERE id = ?", (message_id,)).fetchone()
                is None
            ):
                raise NotFound(f"no message with id {message_id}")
            self._conn.execute("DELETE FROM message_attachment WHERE message_id = ?", (message_id,))
            self._conn.executemany(
                "INSERT INTO message_attachment (message_id, position, document_id, sha256, name,"
                " media_type, size) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (message_id, i, a.document_id, a.sha256, a.name, a.media_type, a.size)
                    for i, a in enumerate(attachments)
                ],
            )

    def attachments(self, message_id: int) -> list[Attachment]:
        from followup.domain.documents import Attachment

        rows = self._conn.execute(
            "SELECT document_id, sha256, name, media_type, size FROM message_attachment"
            " WHERE message_id = ? ORDER BY position",
            (message_id,),
        )
        return [Attachment(*r) for r in rows]

    def sent_attachments(self, app_id: int) -> list[SentAttachment]:
        """What each sent letter of the application carried, by letter then position."""
        from followup.domain.documents import Attachment, SentAttachment

        rows = self._conn.execute(
            "SELECT m.id, m.sent_at, m.recipient, a.document_id, a.sha256, a.name, a.media_type,"
            " a.size FROM message_attachment a JOIN message m ON m.id = a.message_id"
            " WHERE m.application_id = ? AND m.status = 'sent' ORDER BY m.id, a.position",
            (app_id,),
        )
        return [
            SentAttachment(r[0], parse_instant(r[1]) if r[1] else None, r[2], Attachment(*r[3:]))
            for r in rows
        ]
