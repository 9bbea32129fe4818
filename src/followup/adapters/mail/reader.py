"""The ``MailReader`` port: the quick header look for matching, the full parse after.

Both parsers are imported on first use, so a sync that finds nothing new never loads them.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from followup.domain.invitation import Invitation
    from followup.domain.mail import InboundMail
    from followup.domain.matching import MailHeaders


class EmailReader:
    def headers(self, raw: bytes) -> MailHeaders:
        from followup.adapters.mail.headers import peek

        return peek(raw)

    def parse(self, raw: bytes, *, folder: str, uid: int) -> InboundMail:
        from followup.adapters.mail.parse import parse_mail

        return parse_mail(raw, folder=folder, uid=uid)

    def invitation(self, raw: bytes, home: ZoneInfo, source: str) -> Invitation:
        from followup.adapters.calendar.invite import read_invitation

        return read_invitation(raw, home, source)
