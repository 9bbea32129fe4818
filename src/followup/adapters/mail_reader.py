"""The ``MailReader`` port: the quick header look for matching, the full parse after."""

from __future__ import annotations

from followup.adapters.mail_headers import peek
from followup.adapters.mail_parse import parse_mail
from followup.domain.mail import InboundMail
from followup.domain.matching import MailHeaders


class EmailReader:
    def headers(self, raw: bytes) -> MailHeaders:
        return peek(raw)

    def parse(self, raw: bytes, *, folder: str, uid: int) -> InboundMail:
        return parse_mail(raw, folder=folder, uid=uid)
