"""Messages the drafting layer writes (DESIGN section 3), as records.

A ``Message`` is a draft first; sending (a later issue) moves it through ``scheduled``,
``sending`` and ``sent`` or ``failed``. It keeps the facts it was written from, so a
reviewer (or the user, a month later) can see why the letter says what it says.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from followup.domain.kinds import ActionKind


class MessageKind(enum.StrEnum):
    """One template each; the value is the template's file name (without ``.j2``)."""

    THANK_YOU = "thank-you"
    STATUS_INQUIRY = "status-inquiry"
    FOLLOW_UP = "follow-up"
    PHONE_SCRIPT = "phone-script"
    ADDITIONAL_INFO = "additional-info"
    REPLY_TO_UPDATE = "reply-to-update"
    LINKEDIN_NOTE = "linkedin-note"
    REPLY_TO_REJECTION = "reply-to-rejection"
    FEEDBACK_REQUEST = "feedback-request"
    OFFER_ACKNOWLEDGEMENT = "offer-acknowledgement"
    ACCEPTANCE = "acceptance"
    NEGOTIATION = "negotiation"
    DECLINE = "decline"
    CLOSING_NOTE = "closing-note"


class MessageStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # Left in ``sending`` after the whole letter was handed over, and no evidence either way
    # (no receipt, no provider's Sent copy): the server very probably took it, but only the
    # user can say (``followup outbox settle``); guessing risks a letter sent twice or never.
    UNSETTLED = "unsettled"


# The states a message is in while the outbox still owes the user something.
OUTBOX_STATES = (
    MessageStatus.SCHEDULED,
    MessageStatus.SENDING,
    MessageStatus.FAILED,
    MessageStatus.UNSETTLED,
)


class Decision(enum.StrEnum):
    """How the user answers an offer (``decide-offer``): each has its own template."""

    ACCEPT = "accept"
    NEGOTIATE = "negotiate"
    DECLINE = "decline"


# The planner's action kinds that end in a message, and the template each one uses.
# ``decide_offer`` depends on the decision, so it is resolved by ``message_kind``.
ACTION_MESSAGES: dict[ActionKind, MessageKind] = {
    ActionKind.THANK_YOU: MessageKind.THANK_YOU,
    ActionKind.STATUS_INQUIRY: MessageKind.STATUS_INQUIRY,
    ActionKind.FOLLOW_UP: MessageKind.FOLLOW_UP,
    ActionKind.PHONE_FOLLOW_UP: MessageKind.PHONE_SCRIPT,
    ActionKind.SEND_ADDITIONAL_INFO: MessageKind.ADDITIONAL_INFO,
    ActionKind.RESPOND_TO_UPDATE: MessageKind.REPLY_TO_UPDATE,
    ActionKind.LINKEDIN_CONNECT: MessageKind.LINKEDIN_NOTE,
    ActionKind.REPLY_TO_REJECTION: MessageKind.REPLY_TO_REJECTION,
    ActionKind.REQUEST_FEEDBACK: MessageKind.FEEDBACK_REQUEST,
    ActionKind.ACKNOWLEDGE_OFFER: MessageKind.OFFER_ACKNOWLEDGEMENT,
    ActionKind.MOVE_ON: MessageKind.CLOSING_NOTE,
}
DECISIONS: dict[Decision, MessageKind] = {
    Decision.ACCEPT: MessageKind.ACCEPTANCE,
    Decision.NEGOTIATE: MessageKind.NEGOTIATION,
    Decision.DECLINE: MessageKind.DECLINE,
}
DRAFTABLE: tuple[ActionKind, ...] = (*ACTION_MESSAGES, ActionKind.DECIDE_OFFER)


def message_kind(action: ActionKind, decision: Decision | None) -> MessageKind | None:
    """The template for an action; None when the action writes no message (or needs a
    decision that was not given)."""
    if action is ActionKind.DECIDE_OFFER:
        return None if decision is None else DECISIONS[decision]
    return ACTION_MESSAGES.get(action)


@dataclass(frozen=True)
class Message:
    id: int
    application_id: int
    kind: MessageKind
    contact_id: int | None
    to: str | None  # the address (email) or profile link (LinkedIn) it is for, if known
    subject: str
    body: str
    created_at: datetime  # aware
    status: MessageStatus = MessageStatus.DRAFT
    action_id: str | None = None  # the planned action it answers, if drafted from one
    facts: tuple[tuple[str, object], ...] = field(default=())  # what it was written from
    # Sending (issue 5). The Message-ID is made by the project and stored before the server
    # sees the message, so a crash mid-send can be settled by looking for it afterwards.
    message_id: str | None = None  # with its angle brackets
    in_reply_to: str | None = None  # the thread's latest Message-ID, for follow-ups
    references: tuple[str, ...] = ()  # the thread's Message-IDs, oldest first
    send_at: datetime | None = None  # when scheduled: the moment it is due to go
    # When it went: when the server accepted it; for a letter settled after a crash, the Date
    # it carries. While ``sending`` (or ``unsettled``), that Date: the moment it went, if it did.
    sent_at: datetime | None = None
    attempts: int = 0  # sends tried (each a connection to the server)
    # Set, and committed, just before the closing dot goes out: from then on the server may
    # have the whole letter. A letter left ``sending`` without it cannot have been taken.
    handed_over: bool = False
    # Its envelope also named the user's own address: the server's copy to them (a receipt)
    # arrives if, and only if, it took the letter.
    receipt_asked: bool = False
    last_error: str | None = None  # the one line the last failure said

    def facts_dict(self) -> dict[str, object]:
        return dict(self.facts)
