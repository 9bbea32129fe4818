"""The playbook's vocabulary: kinds of event, action, channel, status ... and their groups.

Apart from the records in ``model.py`` because these cost almost nothing to import (no
dataclasses), and the read paths (``today``, ``plan``) need them and nothing else.
"""

from __future__ import annotations

import enum


class _Named(enum.StrEnum):
    """An enum whose user-facing spelling uses dashes (``thank-you-sent``).

    The value is the storage spelling; ``label`` is what a person types (the CLI's
    arguments, the API's values); ``words`` is what a page shows (``Status inquiry``).
    """

    @property
    def label(self) -> str:
        return self.value.replace("_", "-")

    @property
    def words(self) -> str:
        return words(self.value)

    @classmethod
    def parse(cls, text: str) -> _Named:
        """Accept either spelling, any case; raise ``ValueError`` listing what is accepted."""
        key = text.strip().lower().replace("-", "_")
        try:
            return cls(key)
        except ValueError:
            accepted = ", ".join(m.label for m in cls)
            raise ValueError(
                f"unknown {cls.__name__.lower()} {text!r}; use one of: {accepted}"
            ) from None


# Where a slug's words are not simply its parts: a name, a noun spelt with a hyphen.
_SPELT = {
    "linkedin": "LinkedIn", "ai": "AI", "thank you": "thank-you", "in person": "in-person",
    "follow up": "follow-up", "auto reply": "auto-reply",
}  # fmt: skip


def words(slug: str) -> str:
    """``status-inquiry`` or ``status_inquiry`` -> ``Status inquiry``: a kind, a status or a
    channel as a person reads it (a page shows this; a command line takes the slug)."""
    text = f" {' '.join(slug.replace('_', ' ').replace('-', ' ').split())} "
    for plain, spelt in _SPELT.items():
        text = text.replace(f" {plain} ", f" {spelt} ")
    text = text.strip()
    return text[:1].upper() + text[1:]


class EventKind(_Named):
    APPLIED = "applied"
    THANK_YOU_SENT = "thank_you_sent"
    FOLLOW_UP_SENT = "follow_up_sent"
    CALLED = "called"
    LINKEDIN_SENT = "linkedin_sent"
    REPLY = "reply"
    # An automatic answer (out of office ...): not a reply, so it cancels nothing (P10); its
    # ``on`` is the date they said they are back, and the next follow-up waits for it.
    AUTO_REPLY = "auto_reply"
    TIMELINE = "timeline"
    NEXT_ROUND = "next_round"
    INFO_REQUEST = "info_request"
    REJECTION = "rejection"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    FEEDBACK_REQUESTED = "feedback_requested"
    NOTE = "note"
    # Moved on after no response (P8). DESIGN's status list has ``closed``; this is its event.
    CLOSED = "closed"
    # Book-keeping for ``followup done`` / ``followup skip`` on actions that have no natural
    # event of their own (a debrief, a reply to a rejection ...). ``action_id`` names it.
    ACTION_DONE = "action_done"
    ACTION_SKIPPED = "action_skipped"
    # The user put an action off (``followup snooze``): ``until`` says until when; the
    # planner moves the action's window there. A later snooze of the same action wins.
    ACTION_SNOOZED = "action_snoozed"


# What a person may type after ``followup log APP EVENT``: everything but the book-keeping.
LOGGABLE_EVENTS: tuple[EventKind, ...] = tuple(
    k
    for k in EventKind
    if k not in (EventKind.ACTION_DONE, EventKind.ACTION_SKIPPED, EventKind.ACTION_SNOOZED)
)

# Inbound: the employer (or agency) said something. Any of these cancels pending follow-ups.
INBOUND_EVENTS = frozenset(
    {
        EventKind.REPLY,
        EventKind.TIMELINE,
        EventKind.NEXT_ROUND,
        EventKind.INFO_REQUEST,
        EventKind.REJECTION,
        EventKind.OFFER,
    }
)

# Outbound messages nobody asked for: what the pushiness guard (P9) counts.
UNSOLICITED_SENT_EVENTS = frozenset(
    {EventKind.THANK_YOU_SENT, EventKind.FOLLOW_UP_SENT, EventKind.CALLED}
)


class ActionKind(_Named):
    ASK_NEXT_STEPS = "ask_next_steps"
    DEBRIEF = "debrief"
    THANK_YOU = "thank_you"
    FIND_CONTACT = "find_contact"
    STATUS_INQUIRY = "status_inquiry"
    FOLLOW_UP = "follow_up"
    PHONE_FOLLOW_UP = "phone_follow_up"
    MOVE_ON = "move_on"
    SEND_ADDITIONAL_INFO = "send_additional_info"
    RESPOND_TO_UPDATE = "respond_to_update"
    LINKEDIN_CONNECT = "linkedin_connect"
    REPLY_TO_REJECTION = "reply_to_rejection"
    REQUEST_FEEDBACK = "request_feedback"
    ACKNOWLEDGE_OFFER = "acknowledge_offer"
    DECIDE_OFFER = "decide_offer"


# The rungs of the follow-up ladder (P6-P8).
FOLLOW_UP_ACTIONS = frozenset(
    {ActionKind.STATUS_INQUIRY, ActionKind.FOLLOW_UP, ActionKind.PHONE_FOLLOW_UP}
)
# Actions that put an unsolicited message in front of the employer: P9 spaces these.
UNSOLICITED_ACTIONS = FOLLOW_UP_ACTIONS | {ActionKind.THANK_YOU, ActionKind.MOVE_ON}

# What ``followup done`` logs for an action. Kinds not listed log ACTION_DONE.
DONE_EVENT: dict[ActionKind, EventKind] = {
    ActionKind.THANK_YOU: EventKind.THANK_YOU_SENT,
    ActionKind.STATUS_INQUIRY: EventKind.FOLLOW_UP_SENT,
    ActionKind.FOLLOW_UP: EventKind.FOLLOW_UP_SENT,
    ActionKind.PHONE_FOLLOW_UP: EventKind.CALLED,
    ActionKind.LINKEDIN_CONNECT: EventKind.LINKEDIN_SENT,
    ActionKind.MOVE_ON: EventKind.CLOSED,
    ActionKind.REQUEST_FEEDBACK: EventKind.FEEDBACK_REQUESTED,
}


class Channel(_Named):
    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"
    NONE = "none"  # a reminder to the user, not a message to anyone


class InterviewFormat(_Named):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    AI = "ai"  # automated or asynchronous: no human to thank


class ContactRole(_Named):
    INTERVIEWER = "interviewer"
    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    AGENCY_RECRUITER = "agency_recruiter"


class Rapport(_Named):
    GOOD = "good"
    NEUTRAL = "neutral"
    POOR = "poor"


class Status(_Named):
    ACTIVE = "active"
    AWAITING = "awaiting"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


TERMINAL_STATUSES = frozenset(
    {Status.ACCEPTED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN, Status.CLOSED}
)
