"""The nouns of the follow-up playbook (DESIGN section 2).

Everything here is a frozen value. Events are the source of truth; status and actions are
derived from them (see ``status.py`` and ``planner.py``), so nothing here carries a status
field that a caller could set by hand.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta


class _Named(enum.StrEnum):
    """An enum whose user-facing spelling uses dashes (``thank-you-sent``).

    The value is the storage spelling; ``label`` is what a person types and reads.
    """

    @property
    def label(self) -> str:
        return self.value.replace("_", "-")

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


class EventKind(_Named):
    APPLIED = "applied"
    THANK_YOU_SENT = "thank_you_sent"
    FOLLOW_UP_SENT = "follow_up_sent"
    CALLED = "called"
    LINKEDIN_SENT = "linkedin_sent"
    REPLY = "reply"
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


# What a person may type after ``followup log APP EVENT``: everything but the book-keeping.
LOGGABLE_EVENTS: tuple[EventKind, ...] = tuple(
    k for k in EventKind if k not in (EventKind.ACTION_DONE, EventKind.ACTION_SKIPPED)
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


@dataclass(frozen=True)
class WorkingHours:
    """The business day of the user and, by default, of everyone they write to."""

    start: time = time(9, 0)
    end: time = time(17, 0)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("working hours must start before they end")
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError("working days must be some of Monday (0) to Sunday (6)")

    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Profile:
    name: str
    email: str
    timezone: str  # an IANA zone name, e.g. "Europe/London"
    country: str | None = None  # ISO 3166 code, for public holidays; None: no holidays
    phone: str | None = None
    signature: str | None = None
    hours: WorkingHours = field(default_factory=WorkingHours)


@dataclass(frozen=True)
class Application:
    id: int
    company: str
    role: str
    agency: str | None = None
    url: str | None = None
    source: str | None = None
    notes: str | None = None
    documents: str | None = None  # which résumé / cover-letter version went out
    created_at: datetime | None = None


@dataclass(frozen=True)
class Contact:
    id: int
    application_id: int
    name: str
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    role: ContactRole = ContactRole.INTERVIEWER
    timezone: str | None = None  # None: the profile's zone
    cadence_days: int | None = None  # None: the policy's cadence
    prefers: Channel | None = None  # EMAIL or PHONE; None: no stated preference
    rapport: Rapport | None = None  # as the user judged it (the debrief may say too)


@dataclass(frozen=True)
class QuestionAnswer:
    question: str
    answer: str = ""
    confidence: int | None = None  # 1-5


@dataclass(frozen=True)
class Debrief:
    """The candidate's reflection on one interview round (captured in a later issue)."""

    questions: tuple[QuestionAnswer, ...] = ()
    strengths: tuple[str, ...] = ()
    stumbles: tuple[str, ...] = ()
    demeanour: int | None = None  # self-rating 1-5
    topics: tuple[tuple[int, tuple[str, ...]], ...] = ()  # contact id -> topics discussed
    unaddressed: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    rapport: tuple[tuple[int, Rapport], ...] = ()  # contact id -> rapport
    next_steps: str | None = None
    decision_date: date | None = None

    def rapport_with(self, contact_id: int) -> Rapport | None:
        return dict(self.rapport).get(contact_id)


@dataclass(frozen=True)
class Interview:
    id: int
    application_id: int
    start: datetime  # aware
    minutes: int = 60
    format: InterviewFormat = InterviewFormat.VIDEO
    interviewer_ids: tuple[int, ...] = ()
    cancelled: bool = False
    debrief: Debrief | None = None

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Event:
    id: int
    application_id: int
    kind: EventKind
    at: datetime  # aware
    contact_id: int | None = None
    on: date | None = None  # stated decision date (timeline) or offer deadline (offer)
    note: str | None = None
    action_id: str | None = None  # for ACTION_DONE / ACTION_SKIPPED and ``done`` events


@dataclass(frozen=True)
class History:
    """Everything the planner may know about one application."""

    application: Application
    contacts: tuple[Contact, ...] = ()
    interviews: tuple[Interview, ...] = ()
    events: tuple[Event, ...] = ()

    def contact(self, contact_id: int | None) -> Contact | None:
        for c in self.contacts:
            if c.id == contact_id:
                return c
        return None


@dataclass(frozen=True)
class Action:
    """Something the user should do, with its window and the practice behind it.

    ``id`` is stable across re-planning (derived from what the action is about, not from
    when it was computed), so ``followup done ID`` works on an id printed yesterday.
    ``expires`` is when the action stops making sense (an ask-next-steps reminder once the
    interview is over); None means it stays until done or skipped.
    """

    id: str
    kind: ActionKind
    application_id: int
    contact_id: int | None
    channel: Channel
    earliest: datetime
    due: datetime
    latest: datetime
    why: str
    expires: datetime | None = None
    interview_id: int | None = None
    step: int | None = None  # rung of the follow-up ladder, 1-based

    def is_live(self, now: datetime) -> bool:
        return self.expires is None or now < self.expires
