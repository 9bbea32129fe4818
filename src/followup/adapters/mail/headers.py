"""A quick look at a raw message's headers: just what matching needs (issue 5).

A first sync reads every message of the inbox, most of them about nothing the user applied
for. Parsing each in full (MIME tree, charsets, the readable text) would cost far more than
fetching it, so a sync reads only the few headers that matching uses, here, and parses in
full (``mail/parse.parse_mail``) only the messages that match.
"""

from __future__ import annotations

import re
from email.utils import parseaddr

from followup.domain.matching import MailHeaders

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_FOLD = re.compile(r"\r?\n[ \t]+")
_MSGID = re.compile(r"<[^<>\s@]+@[^<>\s]+>")
_WANTED = frozenset({"message-id", "in-reply-to", "references", "from", "reply-to", "content-type"})
# Delivery reports come from these local parts; they quote our headers in their body.
_REPORTERS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon")
_QUOTE_LIMIT = 1 << 20  # a report's returned headers are near its start
# "Name <local@domain>" or a bare local@domain with a dot-atom local part: the forms nearly
# every From has, read without ``parseaddr`` (which cost more than the rest of the look
# together). Anything else (quotes, comments, groups, routes) goes to ``parseaddr``; a test
# holds both to the same answer.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDR = rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_SIMPLE_FROM = re.compile(rf"[^<>\"(),;:\\@\[\]]*<({_ADDR})>\s*|\s*({_ADDR})\s*")


def peek(raw: bytes) -> MailHeaders:
    """Message-ID, In-Reply-To, References and From, and for a delivery report the
    Message-IDs it quotes (none when ``raw`` is the headers alone)."""
    end = _HEADER_END.search(raw)
    head = (raw[: end.start()] if end else raw).decode("latin-1")
    fields: dict[str, str] = {}
    for line in _FOLD.sub(" ", head).splitlines():
        name, sep, value = line.partition(":")
        key = name.strip().lower()
        if sep and key in _WANTED and key not in fields:
            fields[key] = value.strip()
    own = _MSGID.findall(fields.get("message-id", ""))
    address = from_address(fields.get("from", ""))
    quoted: tuple[str, ...] = ()
    local = (address or "").split("@", 1)[0]
    report = local.startswith(_REPORTERS) or "report" in fields.get("content-type", "").lower()
    if report:
        body = raw[end.end() if end else len(raw) :][:_QUOTE_LIMIT].decode("latin-1")
        quoted = tuple(dict.fromkeys(m for m in _MSGID.findall(body) if m not in own))
    return MailHeaders(
        message_id=own[0] if own else None,
        in_reply_to=tuple(_MSGID.findall(fields.get("in-reply-to", ""))),
        references=tuple(_MSGID.findall(fields.get("references", ""))),
        from_address=address,
        quoted_ids=quoted,
        report=report,
        reply_to=from_address(fields["reply-to"]) if "reply-to" in fields else None,
    )


def from_address(value: str) -> str | None:
    """The From header's address, lower-cased: ``parseaddr``'s answer, sooner."""
    simple = _SIMPLE_FROM.fullmatch(value)
    if simple is not None:
        return (simple.group(1) or simple.group(2)).lower()
    return parseaddr(value)[1].strip().lower() or None
