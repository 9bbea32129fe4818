"""Use cases on documents (issue 18): keep a file for an application, list, show, remove.

The file goes to the files folder first and the row second: a crash between them leaves an
orphan file, which is harmless (nothing names it) and collected later, never a row naming
a file that is not there. Both entrances (``doc add FILE`` and the page's upload) end in
``keep``, so the checks (size, name, what the bytes are) are made once; the command line
reads its file through the bounded reader (``ports.read_file``) before the database opens.
"""

from __future__ import annotations

from followup.domain import limits
from followup.domain.documents import Document, DocumentKind, file_name, refusal
from followup.domain.errors import BadInput
from followup.services import inputs
from followup.services.context import Context

WHAT = "document"  # how the bounded reader names a file too big or not a file


def keep(
    ctx: Context,
    app_id: int,
    data: bytes,
    name: str | None,
    *,
    kind: DocumentKind = DocumentKind.OTHER,
    note: str | None = None,
) -> Document:
    """``data`` kept under ``name`` for ``app_id``: the file once by its hash, then the row."""
    ctx.store.get_application(app_id)
    name = file_name(name)
    note = _note(note)
    files = ctx.ports.document_files()
    media_type = files.media_type(data)
    why = refusal(media_type, len(data), name)
    if why is not None:
        raise BadInput(why)
    sha256 = files.put(data)  # outside the write lock: the slow part
    record = Document(
        id=0,
        application_id=app_id,
        sha256=sha256,
        name=name,
        media_type=media_type,
        size=len(data),
        kind=kind,
        added_at=ctx.now,
        note=note,
    )
    with ctx.store.transaction():
        # Under the lock ``remove_document`` holds while it deletes a file nothing names:
        # if one took these bytes' file between the put and now, it is put back.
        if not files.has(sha256):
            files.put(data)
        return ctx.store.add_document(record)


def list_documents(ctx: Context, app_id: int | None = None) -> list[Document]:
    if app_id is not None:
        ctx.store.get_application(app_id)
    return ctx.store.list_documents(app_id)


def get_document(ctx: Context, document_id: int) -> Document:
    return ctx.store.get_document(document_id)


def content(ctx: Context, document_id: int) -> tuple[Document, bytes]:
    """The document and its bytes (a download, ``doc show --out``)."""
    document = ctx.store.get_document(document_id)
    return document, ctx.ports.document_files().read(document.sha256)


def remove_document(ctx: Context, document_id: int) -> Document:
    """The row goes; the file goes with it when no other document names the same bytes.
    Done under the write lock so a ``keep`` of the same bytes meanwhile puts it back.
    Orphans (a crash between a file and its row, an application removed) go too."""
    files = ctx.ports.document_files()
    with ctx.store.transaction():
        document = ctx.store.get_document(document_id)
        ctx.store.remove_document(document_id)
        kept = ctx.store.document_hashes()
        if document.sha256 not in kept:
            files.remove(document.sha256)
    files.collect(kept)
    return document


def _note(note: str | None) -> str | None:
    return inputs.optional_text(note, "note", limits.NOTE_CHARS)
