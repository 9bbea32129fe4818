"""The nouns of the follow-up playbook (DESIGN section 2).

Everything here is a frozen value. Events are the source of truth; status and actions are
derived from them (see ``status.py`` and ``planner.py``), so nothing here carries a status
field that a caller could set by hand. The vocabulary (kinds of events, actions, channels,
statuses) lives in ``kinds.py`` and is re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from followup.domain.kinds import (
    DONE_EVENT,
    FOLLOW_UP_ACTIONS,
    INBOUND_EVENTS,
    LOGGABLE_EVENTS,
    TERMINAL_STATUSES,
    UNSOLICITED_ACTIONS,
    UNSOLICITED_SENT_EVENTS,
    ActionKind,
    Channel,
    ContactRole,
    EventKind,
    InterviewFormat,
    Rapport,
    Status,
)

__all__ = [
    "DONE_EVENT",
    "FOLLOW_UP_ACTIONS",
    "INBOUND_EVENTS",
    "LOGGABLE_EVENTS",
    "TERMINAL_STATUSES",
    "UNSOLICITED_ACTIONS",
    "UNSOLICITED_SENT_EVENTS",
    "Action",
    "ActionKind",
    "Application",
    "Channel",
    "Contact",
    "ContactRole",
    "Debrief",
    "Event",
    "EventKind",
    "History",
    "Interview",
    "InterviewFormat",
    "Profile",
    "QuestionAnswer",
    "Rapport",
    "Status",
    "WorkingHours",
]


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
    formal: bool = False  # letters open "Dear Ms. Shah," rather than "Dear Priya,"


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
    title: str | None = None  # Ms., Mr., Dr. ...: for formal letters
    greet: str | None = None  # how every greeting addresses them ("Wei Ling", "Dr Chua")


@dataclass(frozen=True)
class QuestionAnswer:
    question: str
    answer: str = ""
    confidence: int | None = None  # 1-5


@dataclass(frozen=True)
class Debrief:
    """The candidate's reflection on one interview round, captured by ``followup debrief``."""

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
    action_id: str | None = None  # for ACTION_DONE / _SKIPPED / _SNOOZED and ``done`` events
    until: datetime | None = None  # ACTION_SNOOZED: the moment the action is put off to


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
