"""Mail as the domain sees it (issue 5): the account (never its password), the state of a
folder that a sync keeps, and one message read from the inbox.

The transports (SMTP, IMAP) move raw RFC 5322 bytes; turning bytes into an ``InboundMail``
and a draft into bytes happens in adapters. What a reply *means* is decided in
``domain.replies``, from an ``InboundMail`` alone, so it can be tested without a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup.domain.kinds import _Named


class Security(_Named):
    """How a connection is protected. There is no plain-text choice: a password never
    crosses the network in clear."""

    TLS = "tls"  # implicit TLS from the first byte (SMTP 465, IMAP 993)
    STARTTLS = "starttls"  # upgrade after greeting; the server must offer it or we stop


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    security: Security


@dataclass(frozen=True)
class MailAccount:
    """The user's own mail account. Passwords live in the keyring or the environment
    (``FOLLOWUP_SMTP_PASSWORD`` / ``FOLLOWUP_IMAP_PASSWORD``), never here."""

    address: str  # the From address
    username: str
    smtp: Endpoint
    imap: Endpoint
    ca_file: str | None = None  # a private CA for the user's own servers (and the tests)
    sent_folder: str | None = None  # None: found by SPECIAL-USE \Sent, else "Sent"
    junk_folder: str | None = None  # None: found by SPECIAL-USE \Junk, else "Junk"
    provider_files_sent: bool = False  # the provider keeps a Sent copy itself: do not append
    # The envelope (never a header) names the user too, so the server delivers them a copy
    # only if it took the letter: a receipt that settles an interrupted send, and that
    # followup then files as the Sent copy. Only where followup files the Sent copy.
    bcc_self: bool = False
    receipt_seen: bool = False  # a receipt has arrived before: its absence now means something
    # How long after a hand-over a missing receipt (or provider's Sent copy) still means
    # "not here yet" rather than "never taken": see docs/mail.md for why ten minutes.
    receipt_grace_seconds: int = 600

    @property
    def receipts(self) -> bool:
        """Whether letters ask the server for a receipt (see ``bcc_self``)."""
        return self.bcc_self and not self.provider_files_sent


@dataclass(frozen=True)
class FolderState:
    """What a sync remembers of a folder between runs (RFC 3501 UIDVALIDITY/UIDNEXT and,
    where the server offers CONDSTORE, RFC 7162 HIGHESTMODSEQ)."""

    uidvalidity: int
    uidnext: int
    highestmodseq: int | None = None


@dataclass(frozen=True)
class InboundMail:
    """One message read from a folder: what matching and classifying need, nothing more."""

    folder: str
    uid: int
    message_id: str | None  # with its angle brackets, as in the header
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    from_address: str | None  # lower-cased addr-spec
    from_name: str | None
    to: tuple[str, ...]
    subject: str
    date: datetime | None  # aware; None when missing or unreadable
    # Headers that tell an auto-reply or a bounce (Auto-Submitted, X-Autoreply, Precedence,
    # Content-Type ...), lower-cased names, in order.
    headers: tuple[tuple[str, str], ...]
    text: str  # the readable body: text/plain, or text/html made plain; quoted history cut
    size: int = 0  # bytes as stored on the server
    # A delivery status notification's failed recipients (RFC 3464 ``Final-Recipient`` with
    # ``Action: failed``, Exim's ``X-Failed-Recipients``, or read from a bounce's text).
    failed_recipients: tuple[str, ...] = ()
    # ``multipart/report; report-type=delivery-status`` at the top: a standard bounce.
    delivery_status: bool = False
    # The message was larger than the parser keeps: ``text`` is from its beginning only.
    truncated: bool = False
    # Calendar invitations it carries (``text/calendar`` parts, ``.ics`` attachments), raw,
    # each whole or left out: read by the inbox sync into an interview to propose (issue 15).
    calendar: tuple[bytes, ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case) among those kept, else None."""
        key = name.lower()
        return next((value for hname, value in self.headers if hname == key), None)
