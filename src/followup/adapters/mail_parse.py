"""STUB until branch ``classify`` is merged: the same name, naive parsing."""

from __future__ import annotations

import email
import email.policy
from email.utils import getaddresses, parsedate_to_datetime

from followup.domain.mail import InboundMail


def parse_mail(raw: bytes, *, folder: str, uid: int) -> InboundMail:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    sender = getaddresses([str(msg.get("From", ""))])
    name, addr = sender[0] if sender else ("", "")
    try:
        when = parsedate_to_datetime(str(msg["Date"])) if msg["Date"] else None
    except (TypeError, ValueError):
        when = None
    body = msg.get_payload(decode=True) if not msg.is_multipart() else b""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else ""
    return InboundMail(
        folder=folder,
        uid=uid,
        message_id=str(msg["Message-ID"]).strip() if msg["Message-ID"] else None,
        in_reply_to=tuple(str(msg.get("In-Reply-To", "")).split()),
        references=tuple(str(msg.get("References", "")).split()),
        from_address=addr.lower() or None,
        from_name=name or None,
        to=tuple(a for _, a in getaddresses([str(msg.get("To", ""))])),
        subject=str(msg.get("Subject", "")),
        date=when,
        headers=tuple((k.lower(), str(v)) for k, v in msg.items()),
        text=text,
        size=len(raw),
    )
