"""Use cases on documents (issue 18): keep a file for an application, list, show, remove.

The file goes to the files folder first and the row second: a crash between them leaves an
orphan file, which is harmless (nothing names it) and collected later, never a row naming
a file that is not there. Both entrances (``doc add FILE`` and the page's upload) end in
``keep``, so the checks (size, name, what the bytes are) are made once; the command line
reads its file through the bounded reader (``ports.read_file``) before the database opens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from followup.domain import limits
from followup.domain.documents import (
    Attachment,
    Document,
    DocumentKind,
    SentAttachment,
    file_name,
    refusal,
)
from followup.domain.errors import BadInput, Conflict, OutsideFailure
from followup.domain.messages import MessageStatus
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


# --- attachments (letters that carry documents) -------------------------------------------
# A letter's attachments change while it is still the user's to change, as its text does.
_ATTACHABLE = (MessageStatus.DRAFT, MessageStatus.FAILED)


def attachable(ctx: Context, app_id: int, document_ids: Sequence[int]) -> list[Attachment]:
    """The documents named, as attachments of a letter of ``app_id``, in the order given
    (a document named twice is attached once). Asked before the letter is saved, so a bad
    id leaves nothing behind: ``NotFound``, or ``Conflict`` for another application's."""
    chosen: list[Attachment] = []
    for document_id in dict.fromkeys(document_ids):
        document = ctx.store.get_document(document_id)
        if document.application_id != app_id:
            raise Conflict(
                f"document {document_id} belongs to application {document.application_id}, "
                f"not {app_id}; add the file to this application first (`followup doc add "
                f"{app_id} FILE`)"
            )
        chosen.append(Attachment.of(document))
    total = sum(a.size for a in chosen)
    if total > limits.DOCUMENT_FILE_BYTES:
        raise BadInput(
            f"the attachments come to {total / limits.MIB:.1f} MiB; a letter may carry at most "
            f"{limits.DOCUMENT_FILE_BYTES // limits.MIB} MiB (mail providers refuse more)"
        )
    return chosen


def attach(ctx: Context, message_id: int, attachments: Sequence[Attachment]) -> None:
    """The letter carries ``attachments`` (replacing what it carried)."""
    with ctx.store.transaction():
        message = ctx.store.get_message(message_id)
        if message.status not in _ATTACHABLE:
            raise Conflict(
                f"message {message_id} is {message.status.value}; only a draft (or a failed "
                "letter) can change what it carries"
            )
        ctx.store.attach(message_id, attachments)


def attachments(ctx: Context, message_id: int) -> list[Attachment]:
    return ctx.store.attachments(message_id)


def sent(ctx: Context, app_id: int) -> list[SentAttachment]:
    """What the application's sent letters carried: which version went where."""
    return ctx.store.sent_attachments(app_id)


def attached_files(ctx: Context, message_id: int) -> list[tuple[Attachment, bytes]]:
    """What the composer puts in the letter: each attachment with its bytes, checked
    against its hash, so a file changed on disk is never sent as if it were the one
    recorded."""
    kept = ctx.store.attachments(message_id)
    if not kept:
        return []
    files = ctx.ports.document_files()
    out = []
    for attachment in kept:
        data = files.read(attachment.sha256)
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise OutsideFailure(
                f"the file of {attachment.name} does not match what was attached (it changed "
                "on disk); attach the document again"
            )
        out.append((attachment, data))
    return out
