"""Documents kept for an application (issue 18): the résumé sent, a work sample, references.

A document is a row that names a file by its content (SHA-256), so the same résumé given
to ten applications is one file on disk and "which version does Globex have?" has an exact
answer: the hash. The row carries what a person recognises it by (the name it had, its
kind, a note) and what was found in its bytes (the media type, detected: a name's
extension says what someone wished it were).

Pure: what is accepted and how a name is made safe; the bytes, the hash and the detection
are the adapters' (``adapters/documents.py``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from followup.domain import limits
from followup.domain.errors import BadInput, named
from followup.domain.kinds import _Named

TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.domain.messages import Message


class DocumentKind(_Named):
    RESUME = "resume"
    COVER_LETTER = "cover_letter"
    PORTFOLIO = "portfolio"
    WORK_SAMPLE = "work_sample"
    REFERENCES = "references"
    OTHER = "other"


@dataclass(frozen=True)
class Document:
    id: int
    application_id: int
    sha256: str  # 64 lowercase hex digits: the file's name in the store
    name: str  # the file name it was added under, non-ASCII kept
    media_type: str  # detected from the bytes
    size: int  # bytes
    kind: DocumentKind
    added_at: datetime  # aware
    note: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A document as a letter carries it: what it was when attached (the name, type and
    hash), kept with the letter, so a sent letter still says which bytes it carried after
    the document is removed (``document_id`` is then None)."""

    document_id: int | None
    sha256: str
    name: str
    media_type: str
    size: int

    @classmethod
    def of(cls, document: Document) -> Attachment:
        return cls(document.id, document.sha256, document.name, document.media_type, document.size)


@dataclass(frozen=True)
class SentAttachment:
    """What one sent letter carried: "which résumé does Globex have?" answered by hash."""

    message_id: int
    sent_at: datetime | None  # aware; None while the server's answer is unknown
    to: str | None
    attachment: Attachment


# Programs are refused whatever they are called. No follow-up letter carries one, mail
# providers bounce them (so an attachment would fail at the worst moment), and a résumé.pdf
# that is really an executable is either a mistake worth catching or malware; storing it
# under its true type would still put it one click from an employer's inbox.
EXECUTABLE_TYPES = frozenset(
    {
        "application/x-executable",  # ELF (Linux)
        "application/x-msdownload",  # PE: .exe, .dll (Windows)
        "application/x-mach-binary",  # Mach-O (macOS)
        "application/vnd.microsoft.portable-executable",
        "application/x-dosexec",
        "application/x-sharedlib",
        "application/vnd.android.package-archive",  # .apk
        "application/x-shellscript",
    }
)

OCTET_STREAM = "application/octet-stream"


def refusal(media_type: str, size: int, name: str) -> str | None:
    """Why these bytes cannot be kept as a document, or None. Asked before anything is
    written, so a refused file leaves no trace. An empty file is refused too: it is a
    download or an export that failed, and attached to a letter it would say so."""
    if size == 0:
        return f"{named(name)} is empty (0 bytes); add the file once it has its content"
    if size > limits.DOCUMENT_FILE_BYTES:
        cap = limits.DOCUMENT_FILE_BYTES // limits.MIB
        return f"{named(name)} is {size / limits.MIB:.1f} MiB; a document may be at most {cap} MiB"
    if media_type in EXECUTABLE_TYPES:
        return (
            f"{named(name)} is a program ({media_type}), whatever its name says; "
            "followup keeps documents, not programs"
        )
    return None


def file_name(raw: str | None) -> str:
    """The name a document is kept and attached under: the last part of what was given
    (a browser may send a whole Windows path), NFC-normalised so "é" typed on a Mac and
    on Linux is one name, non-ASCII kept. ``BadInput`` for none, control characters
    (they would break a mail header) or a name past the limit."""
    base = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", base).strip()
    if not name or name in (".", ".."):
        raise BadInput("a document needs a file name, such as resume.pdf")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise BadInput(f"the file name {named(name)} has a control character; rename the file")
    if len(name) > limits.DOCUMENT_NAME_CHARS:
        raise BadInput(
            f"the file name is {len(name)} characters; at most "
            f"{limits.DOCUMENT_NAME_CHARS} are accepted"
        )
    return name


# Words of an open point (or of what the letter adds) that name a kind of document.
_NAMED_BY = (
    (DocumentKind.REFERENCES, ("reference", "referee", "recommendation")),
    (DocumentKind.PORTFOLIO, ("portfolio", "case stud", "design")),
    (DocumentKind.WORK_SAMPLE, ("sample", "example", "code", "write-up", "writeup", "analysis",
                                "proposal", "presentation", "deck", "report", "plan")),
    (DocumentKind.COVER_LETTER, ("cover letter",)),
    (DocumentKind.RESUME, ("résumé", "resume", " cv", "cv ")),
)  # fmt: skip
# What "some more information" usually is, when the point names no kind.
_MORE_INFORMATION = (DocumentKind.WORK_SAMPLE, DocumentKind.PORTFOLIO, DocumentKind.REFERENCES)


def proposed(about: str | None, documents: list[Document]) -> list[Document]:
    """The documents worth attaching to a letter that sends more information: those whose
    kind the open point (or what the letter adds) names ("the references you asked for":
    the references), else the work samples, portfolio pieces and references, which is what
    such a letter usually carries. The résumé and cover letter were sent with the
    application, so they come only when named."""
    text = f" {(about or '').casefold()} "
    named = {kind for kind, words in _NAMED_BY if any(w in text for w in words)}
    wanted = named or set(_MORE_INFORMATION)
    return [d for d in documents if d.kind in wanted]


def fitting(message: Message, documents: list[Document]) -> list[Document]:
    """What a letter could carry: for one that sends more information, the ``proposed``
    documents for the point it covers and what it adds; none for other letters."""
    from followup.domain.messages import MessageKind

    if message.kind is not MessageKind.ADDITIONAL_INFO:
        return []
    facts = message.facts_dict()
    return proposed(" ".join(str(facts.get(k) or "") for k in ("point", "detail")), documents)


def size_text(size: int) -> str:
    """Bytes as a person reads them: 812 bytes, 14 KiB, 2.3 MiB."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    if size < limits.MIB:
        return f"{size / 1024:.0f} KiB"
    return f"{size / limits.MIB:.1f} MiB"


def is_sha256(text: str) -> bool:
    """Whether ``text`` can name a stored file: 64 lowercase hex digits and nothing else,
    so a hash read back from the database can never walk out of the files folder."""
    return len(text) == 64 and all(ch in "0123456789abcdef" for ch in text)
