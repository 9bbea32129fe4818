"""Use cases on documents (issue 18): keep a file for an application, list, show, remove.

The file goes to the files folder first and the row second: a crash between them leaves an
orphan file, which is harmless (nothing names it) and collected later, never a row naming
a file that is not there. Both entrances (``doc add FILE`` and the page's upload) end in
``keep``, so the checks (size, name, what the bytes are) are made once.
"""

from __future__ import annotations

from followup.domain import limits
from followup.domain.documents import Document, DocumentKind, file_name, refusal
from followup.domain.errors import BadInput
from followup.services import inputs
from followup.services.context import Context

WHAT = "document"


def add_document(
    ctx: Context,
    app_id: int,
    source: str,
    *,
    kind: DocumentKind = DocumentKind.OTHER,
    note: str | None = None,
) -> Document:
    """The file the user named, kept for ``app_id``. Read through the bounded reader, so a
    file over the cap (or a folder, or ``/dev/zero``) is refused before anything is kept."""
    if source == "-":
        raise BadInput("a document needs a file name (standard input has none); name the file")
    ctx.store.get_application(app_id)  # NotFound before the file is read
    name = file_name(source)
    note = _note(note)
    data = ctx.ports.read_file(source, limits.DOCUMENT_FILE_BYTES, WHAT)
    return keep(ctx, app_id, data, name, kind=kind, note=note)


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
