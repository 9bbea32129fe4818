"""STUB until branch ``classify`` is merged: the same names, naive rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from followup.domain.kinds import _Named
from followup.domain.mail import InboundMail


class ReplyKind(_Named):
    REJECTION = "rejection"
    OFFER = "offer"
    NEXT_ROUND = "next_round"
    INFO_REQUEST = "info_request"
    TIMELINE = "timeline"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    REPLY = "reply"


@dataclass(frozen=True)
class Classification:
    kind: ReplyKind
    date: date | None
    confidence: float
    reasons: tuple[str, ...]


_BACK = re.compile(r"back on (\d{4}-\d{2}-\d{2})")


def classify(mail: InboundMail) -> Classification:
    heads = dict(mail.headers)
    if (mail.from_address or "").startswith("mailer-daemon"):
        return Classification(ReplyKind.BOUNCE, None, 0.9, ("mailer-daemon",))
    if heads.get("auto-submitted", "no") != "no" or "out of office" in mail.subject.lower():
        m = _BACK.search(mail.text)
        day = date.fromisoformat(m.group(1)) if m else None
        return Classification(ReplyKind.AUTO_REPLY, day, 0.9, ("auto-submitted",))
    if "unfortunately" in mail.text.lower():
        return Classification(ReplyKind.REJECTION, None, 0.8, ("unfortunately",))
    return Classification(ReplyKind.REPLY, None, 0.6, ("a human answer",))
