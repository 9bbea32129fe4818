"""A draft as RFC 5322 bytes, headers built only by ``email.message.EmailMessage``.

Nothing here pastes text into a header by hand: every value goes through the library's
header registry under ``policy.SMTP`` (CRLF line ends, folding, RFC 2047 for non-ASCII
names). Line breaks are refused before that (``domain.outbox.check_header``), because a
folded value is still one header but a raw CR or LF would start another.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from followup.domain.errors import BadInput
from followup.domain.outbox import check_header


def address(text: str | None, what: str) -> Address:
    """One plain address (``jane@acme.example``), or ``BadInput`` saying which is wrong."""
    if text is None or not text.strip():
        raise BadInput(f"{what} has no email address; add one and draft again")
    check_header(what, text)
    spec = text.strip()
    try:
        found = Address(addr_spec=spec)
    except (HeaderParseError, ValueError, IndexError) as exc:
        raise BadInput(f"{what} {spec!r} is not an email address ({exc})") from exc
    if not found.username or "." not in found.domain or found.addr_spec != spec:
        raise BadInput(f"{what} {spec!r} is not an email address (want name@domain.tld)")
    return found


def new_message_id(sender: str) -> str:
    """A fresh Message-ID on the sender's own domain (never the machine's host name)."""
    return make_msgid(domain=address(sender, "your account's address").domain)


def compose(
    *,
    from_name: str,
    from_address: str,
    to: str | None,
    subject: str,
    body: str,
    message_id: str,
    date: datetime,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> bytes:
    """The letter as the server receives it; ``BadInput`` for any header that cannot be.

    ``attachments``: (file name, media type, bytes) each, after the text as MIME parts
    (``multipart/mixed``), base64 for anything but text; a non-ASCII name is written as
    RFC 2231 asks (``filename*=utf-8''...``), which the ``email`` package does itself."""
    sender = address(from_address, "your account's address")
    recipient = address(to, "the recipient")
    name = check_header("sender's name", from_name.strip())
    check_header("subject", subject)
    for ref in (message_id, in_reply_to or "", *references):
        check_header("Message-ID", ref)
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = Address(display_name=name, username=sender.username, domain=sender.domain)
    msg["To"] = recipient
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    msg["MIME-Version"] = "1.0"
    msg.set_content(body if body.endswith("\n") else body + "\n")
    for name, media_type, data in attachments:
        _attach(msg, name, media_type, data)
    return msg.as_bytes()


def _attach(msg: EmailMessage, name: str, media_type: str, data: bytes) -> None:
    """One attachment, sent as the bytes it is (base64: a text file's line ends and
    encoding arrive untouched too)."""
    check_header("attachment's file name", name)
    maintype, _, subtype = media_type.partition("/")
    if not maintype or not subtype or "\n" in media_type or "\r" in media_type:
        maintype, subtype = "application", "octet-stream"
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name, cte="base64")


def draft_file(
    *, from_name: str, from_address: str, to: str | None, subject: str, body: str, date: datetime
) -> bytes:
    """The letter as an .eml a mail client opens as a new message to send: ``X-Unsent``
    marks it a draft, not a received mail, and there is no Message-ID (the client that
    sends it makes one). The recipient may still be missing: the user adds one there."""
    sender = address(from_address, "your address")
    name = check_header("your name", from_name.strip())
    check_header("subject", subject)
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = Address(display_name=name, username=sender.username, domain=sender.domain)
    if to and to.strip():
        msg["To"] = address(to, "the recipient")
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["X-Unsent"] = "1"
    msg["MIME-Version"] = "1.0"
    msg.set_content(body.replace("\r\n", "\n"))
    return msg.as_bytes()


class EmailComposer:
    """The ``Composer`` port over this module's functions."""

    new_message_id = staticmethod(new_message_id)
    compose = staticmethod(compose)
    draft_file = staticmethod(draft_file)
