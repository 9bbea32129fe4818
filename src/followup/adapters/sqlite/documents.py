"""The documents' table on SQLite (issue 18), mixed into ``SqliteStore``: one row per
document of an application, each naming its file by content hash (``adapters/documents.py``
keeps the files)."""

from __future__ import annotations

import sqlite3

from followup.adapters.sqlite.formats import instant_text, parse_instant
from followup.domain.documents import Document, DocumentKind
from followup.domain.errors import NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import Any

_COLUMNS = "id, application_id, sha256, name, media_type, size, kind, added_at, note"


def _document(r: tuple[Any, ...]) -> Document:
    return Document(
        id=r[0],
        application_id=r[1],
        sha256=r[2],
        name=r[3],
        media_type=r[4],
        size=r[5],
        kind=DocumentKind(r[6]),
        added_at=parse_instant(r[7]),
        note=r[8],
    )


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
            cursor = self._conn.execute(
                f"INSERT INTO document ({_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.application_id,
                    document.sha256,
                    document.name,
                    document.media_type,
                    document.size,
                    document.kind.value,
                    instant_text(document.added_at),
                    document.note,
                ),
            )
        assert cursor.lastrowid is not None
        return Document(
            id=cursor.lastrowid,
            application_id=document.application_id,
            sha256=document.sha256,
            name=document.name,
            media_type=document.media_type,
            size=document.size,
            kind=document.kind,
            added_at=document.added_at,
            note=document.note,
        )

    def get_document(self, document_id: int) -> Document:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM document WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return _document(row)

    def list_documents(self, app_id: int | None = None) -> list[Document]:
        if app_id is None:
            rows = self._conn.execute(f"SELECT {_COLUMNS} FROM document ORDER BY id")
        else:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM document WHERE application_id = ? ORDER BY id",
                (app_id,),
            )
        return [_document(r) for r in rows]

    def remove_document(self, document_id: int) -> None:
        with self.transaction():
            cursor = self._conn.execute("DELETE FROM document WHERE id = ?", (document_id,))
            if cursor.rowcount == 0:
                raise NotFound(f"no document with id {document_id}")

    def document_hashes(self) -> set[str]:
        """Every hash a document names: the files to keep."""
        return {sha for (sha,) in self._conn.execute("SELECT DISTINCT sha256 FROM document")}
