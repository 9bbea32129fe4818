"""Messages from the inbox that are about an application, and what confirming one means.

A sync stores only the messages that match an application (``domain.matching``), never the
rest of the user's mail. Each item carries the proposed meaning (``domain.replies``'
classification); the user confirms or corrects it, and confirming logs the event that
meaning implies, so the planner re-plans (P10-P16).

What is applied without asking (``applies_itself``): only a *definite* match (a reply in our
own thread) whose meaning ends nothing:

- ``auto_reply``: logged as an ``auto-reply`` event. It cancels no follow-up; a stated
  return date only moves the next one after it, and a later word from them overrides it.
  Wrongly taking a real answer for an auto-reply costs at most a delay that the user's
  correction (``inbox confirm ID --as ...`` or ``--date``) undoes: the correction's event
  replaces the one the item applied, and dismissing the item removes it.
- ``bounce``: the address is flagged and the user alerted; no event (nothing was said).

Everything else waits for the user, ``reply`` included: a reply cancels the pending
follow-ups (P10), and an out-of-office mistaken for a reply would silently stop them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from followup.domain.date_range import accepts
from followup.domain.kinds import EventKind, _Named
from followup.domain.mail import FolderState
from followup.domain.matching import Strength


class ItemStatus(_Named):
    PENDING = "pending"  # waits for the user (inbox review)
    APPLIED = "applied"  # applied by itself (see ``applies_itself``); may still be corrected
    CONFIRMED = "confirmed"  # the user confirmed or corrected it; its event is logged
    DISMISSED = "dismissed"  # not about a job after all


# The meanings a message can have (``domain.replies.ReplyKind`` values) and the event each
# one logs when confirmed. A bounce logs none: it flags the address instead.
MEANINGS: dict[str, EventKind | None] = {
    "rejection": EventKind.REJECTION,
    "offer": EventKind.OFFER,
    "next_round": EventKind.NEXT_ROUND,
    "info_request": EventKind.INFO_REQUEST,
    "timeline": EventKind.TIMELINE,
    "auto_reply": EventKind.AUTO_REPLY,
    "reply": EventKind.REPLY,
    "bounce": None,
}
# What the date of each meaning is, for ``--date`` and the listings.
DATE_MEANS = {
    "timeline": "the date they will decide by",
    "offer": "the offer's deadline",
    "auto_reply": "the date they are back",
}
_SELF_APPLYING = frozenset({"auto_reply", "bounce"})
# A calendar invitation in the mail (issue 15): confirming it records, moves or cancels the
# interview (``services.invitations``), with its interviewers; it logs no event of its own.
INVITATION = "invitation"


def applies_itself(strength: Strength, kind: str) -> bool:
    """Whether a new item is applied without the user (see the module's docstring)."""
    return strength is Strength.DEFINITE and kind in _SELF_APPLYING


def parse_meaning(text: str) -> str:
    """A meaning as typed (``next-round``, ``Auto_Reply`` ...); ValueError listing them."""
    key = text.strip().lower().replace("-", "_")
    if key not in MEANINGS and key != INVITATION:
        accepted = ", ".join(k.replace("_", "-") for k in MEANINGS)
        raise ValueError(f"unknown meaning {text!r}; use one of: {accepted}")
    return key


@dataclass(frozen=True)
class FolderSync:
    """A folder as the last sync left it: the server's state and the last UID read."""

    name: str
    state: FolderState
    last_uid: int

    def unchanged(self, now: FolderState) -> bool:
        """Nothing new can have arrived: same UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ."""
        return (
            self.state.uidvalidity == now.uidvalidity
            and self.state.uidnext == now.uidnext
            and self.state.highestmodseq == now.highestmodseq
        )


@dataclass(frozen=True)
class InboxItem:
    """One matched message and its proposed meaning; the mail itself is not kept."""

    id: int
    mail_id: str  # its Message-ID (or a stand-in), so a refetch never stores it twice
    folder: str
    uid: int
    application_id: int
    contact_id: int | None
    strength: Strength
    match_reason: str
    from_address: str | None
    from_name: str | None
    subject: str
    date: datetime | None  # its Date header
    kind: str  # proposed meaning, a ``MEANINGS`` key
    on: dt.date | None  # the date the meaning carries (decision, deadline, return)
    confidence: float
    reasons: tuple[str, ...]
    found_at: datetime
    status: ItemStatus = ItemStatus.PENDING
    event_id: int | None = None
    bounced: str | None = None  # for a bounce: the address that failed


def event_time(item: InboxItem, now: datetime) -> datetime:
    """When the event happened: the message's date, never in the future, else when found.

    A Date header outside the dates followup accepts (``date_range``: a sender's clock at year 1
    or 9999) is not taken as a fact; the time the mail was found stands in for it.
    """
    if item.date is None or not accepts(item.date):
        return item.found_at
    return min(item.date, now)
