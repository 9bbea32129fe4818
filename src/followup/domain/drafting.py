"""The facts a message is written from: pure, so a letter is a function of the record.

Templates only phrase; every decision about *what* a letter says is made here, from the
history, the profile, the recipient and ``now``: whose name goes in the greeting, which
topic this interviewer discussed, which strength fits it, how long it has been, what the
employer said about timing, the offer's deadline and terms. A fact the record does not hold
is reported as missing rather than papered over, so no draft ever carries a blank.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from followup.domain.errors import BadInput
from followup.domain.kinds import INBOUND_EVENTS, ContactRole, EventKind
from followup.domain.messages import MessageKind
from followup.domain.model import Contact, Debrief, History, Interview, Profile
from followup.domain.names import addressed_as

# What a user may supply on the command line when the record lacks it, and how.
SUPPLIABLE: dict[str, str] = {
    "topic": "--topic TEXT",
    "strength": "--strength TEXT",
    "phone": "--phone TEXT",
    "detail": "--detail TEXT",
    "terms": "--terms TEXT",
    "ask": "--ask TEXT",
}

# The facts without which a kind of letter would be generic or wrong.
REQUIRED: dict[MessageKind, tuple[str, ...]] = {
    MessageKind.THANK_YOU: ("topic", "strength"),
    MessageKind.LINKEDIN_NOTE: ("topic",),
    MessageKind.PHONE_SCRIPT: ("phone",),
    MessageKind.ADDITIONAL_INFO: ("detail",),
    MessageKind.ACCEPTANCE: ("terms",),
    MessageKind.NEGOTIATION: ("terms", "ask"),
}

# Who gets a letter that answers the employer, when no contact is named.
_ANSWERS = frozenset(
    {
        MessageKind.REPLY_TO_UPDATE,
        MessageKind.REPLY_TO_REJECTION,
        MessageKind.FEEDBACK_REQUEST,
        MessageKind.OFFER_ACKNOWLEDGEMENT,
        MessageKind.ACCEPTANCE,
        MessageKind.NEGOTIATION,
        MessageKind.DECLINE,
    }
)
_ROLE_ORDER = (
    ContactRole.HIRING_MANAGER,
    ContactRole.RECRUITER,
    ContactRole.AGENCY_RECRUITER,
    ContactRole.INTERVIEWER,
)

LINKEDIN_LIMIT = 300


@dataclass(frozen=True)
class Facts:
    """The facts for one letter, and the names of those it needs but could not find."""

    values: Mapping[str, object]
    missing: tuple[str, ...]


def day_text(day: date) -> str:
    """``Friday 13 November``: how a person writes a date in a letter."""
    return f"{day:%A} {day.day} {day:%B}"


def since_text(then: date, now: date) -> str:
    """How long ago the interview was, in the words a letter would use."""
    days = (now - then).days
    if days <= 1:
        return "yesterday" if days == 1 else "today"
    if days < 7:
        return f"{_count(days)} days"
    weeks = days // 7
    return "a week" if weeks == 1 else f"{_count(weeks)} weeks"


_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count(n: int) -> str:
    """Letters spell small numbers out."""
    return _WORDS[n] if n < len(_WORDS) else str(n)


def _when(then: date, now: date) -> str:
    """``today``, ``yesterday`` or ``on Monday 23 November``: after "we spoke ..."."""
    days = (now - then).days
    if days in (0, 1):
        return since_text(then, now)
    return f"on {day_text(then)}"


def greeting(profile: Profile, contact: Contact | None) -> str:
    """``Dear Priya,``; formal (``me --formal``): ``Dear Ms. Shah,``; see ``names.py``."""
    if contact is None:
        return "Hello,"
    return f"Dear {_address(contact, formal=profile.formal)},"


def _address(contact: Contact, *, formal: bool) -> str:
    return addressed_as(contact.name, greet=contact.greet, title=contact.title, formal=formal)


def latest_round(history: History, now: datetime) -> Interview | None:
    """The most recent interview that has happened (else the next one), not cancelled."""
    rounds = [i for i in history.interviews if not i.cancelled]
    held = [i for i in rounds if i.start <= now]
    chosen = held or rounds
    return max(chosen, key=lambda i: (i.start, i.id)) if chosen else None


def panel(history: History, now: datetime) -> tuple[Contact, ...]:
    """The people a thank-you goes to: the latest round's interviewers (P3), else (an AI
    interview, P4) the recruiting contacts."""
    found = latest_round(history, now)
    people = [c for i in (found.interviewer_ids if found else ()) if (c := history.contact(i))]
    if people:
        return tuple(people)
    return tuple(c for c in history.contacts if c.role is not ContactRole.INTERVIEWER)


def default_recipient(history: History, kind: MessageKind, now: datetime) -> Contact | None:
    """Whom a letter goes to when the user names nobody.

    An answer goes to whoever wrote last; through an agency, follow-ups go to the agency's
    recruiter (P5); otherwise the hiring manager, a recruiter, then anyone.
    """
    if kind in _ANSWERS:
        for event in reversed(history.events):
            if event.kind in INBOUND_EVENTS and (person := history.contact(event.contact_id)):
                return person
    if history.application.agency:
        for c in history.contacts:
            if c.role is ContactRole.AGENCY_RECRUITER:
                return c
    for role in _ROLE_ORDER:
        for c in history.contacts:
            if c.role is role:
                return c
    return None


def variant(app_id: int, kind: MessageKind, contact_id: int | None, people: tuple[int, ...]) -> int:
    """Which phrasing this recipient gets: stable, and different across one panel.

    A fixed hash of the application and kind picks where the panel starts; each member then
    takes the next phrasing in turn, so up to N members (N phrasings) never share one. Who
    is not on the panel is placed by a hash of their id. Templates take it modulo their
    own number of phrasings.
    """
    base = zlib.crc32(f"{app_id}:{kind.value}".encode())
    if contact_id in people:
        return base + people.index(contact_id)
    return base + zlib.crc32(f"{contact_id}".encode())


def gather(
    history: History,
    profile: Profile,
    kind: MessageKind,
    contact: Contact | None,
    now: datetime,
    supplied: Mapping[str, str] | None = None,
) -> Facts:
    """Everything a template may use; ``supplied`` (from the user) wins over the record."""
    supplied = {k: v.strip() for k, v in (supplied or {}).items() if v and v.strip()}
    app = history.application
    found = latest_round(history, now)
    debrief = _latest_debrief(history, now)
    people = tuple(c.id for c in panel(history, now))
    contact_id = contact.id if contact else None

    topic = supplied.get("topic") or _topic_for(debrief, contact_id)
    strength = supplied.get("strength") or _strength_for(debrief, topic)
    unaddressed = debrief.unaddressed[0] if debrief and debrief.unaddressed else None
    timeline = _timeline(history, debrief)
    offer = next((e for e in reversed(history.events) if e.kind is EventKind.OFFER), None)
    update = next(
        (e for e in reversed(history.events) if e.kind in INBOUND_EVENTS and e.note), None
    )
    name = contact.name if contact else None
    first = _address(contact, formal=False) if contact else None  # "Hi Wei Ling,"
    interview_day = found.start.date() if found else None

    values: dict[str, object] = {
        "kind": kind.value,
        "variant": variant(app.id, kind, contact_id, people),
        "recipient_name": name,
        "first_name": first,
        "greeting": greeting(profile, contact),
        "company": app.company,
        "role": app.role,
        "agency": app.agency,
        "topic": topic,
        "strength": strength,
        "unaddressed": unaddressed,
        "point": unaddressed,
        "detail": supplied.get("detail"),
        "interview_day": day_text(interview_day) if interview_day else None,
        "since": since_text(interview_day, now.date()) if interview_day else None,
        "when_met": _when(interview_day, now.date()) if interview_day else None,
        "timeline": day_text(timeline) if timeline else None,
        "timeline_passed": bool(timeline and timeline < now.date()),
        "deadline": day_text(offer.on) if offer and offer.on else None,
        "terms": supplied.get("terms") or (offer.note if offer else None),
        "ask": supplied.get("ask"),
        "update": update.note if update else None,
        "sender_name": profile.name,
        "sender_email": profile.email,
        "sender_phone": supplied.get("phone") or profile.phone,
        "phone": supplied.get("phone") or profile.phone,
        "callee_phone": contact.phone if contact else None,
        "signature": profile.signature,
    }
    missing = tuple(f for f in REQUIRED.get(kind, ()) if not values.get(f))
    return Facts(values=values, missing=missing)


class MissingFacts(BadInput):
    """A draft would have a blank: name the facts and the options that supply them."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        options = ", ".join(SUPPLIABLE.get(m, m) for m in missing)
        super().__init__(
            f"the draft needs what the record does not hold ({', '.join(missing)}); give {options}"
        )
        self.missing = missing


def _latest_debrief(history: History, now: datetime) -> Debrief | None:
    rounds = sorted(
        (i for i in history.interviews if i.debrief and not i.cancelled),
        key=lambda i: (i.start, i.id),
    )
    held = [i for i in rounds if i.start <= now] or rounds
    return held[-1].debrief if held else None


def _topic_for(debrief: Debrief | None, contact_id: int | None) -> str | None:
    if debrief is None or contact_id is None:
        return None
    topics = dict(debrief.topics).get(contact_id, ())
    return topics[0] if topics else None


_WORD = re.compile(r"[a-z0-9]{4,}")


def _strength_for(debrief: Debrief | None, topic: str | None) -> str | None:
    """The strength that shares a word with the topic, else the first one recorded."""
    if debrief is None or not debrief.strengths:
        return None
    words = set(_WORD.findall(topic.lower())) if topic else set()
    for strength in debrief.strengths:
        if words & set(_WORD.findall(strength.lower())):
            return strength
    return debrief.strengths[0]


def _timeline(history: History, debrief: Debrief | None) -> date | None:
    for event in reversed(history.events):
        if event.kind is EventKind.TIMELINE and event.on:
            return event.on
    return debrief.decision_date if debrief else None


def fits_linkedin(body: str) -> bool:
    return len(body) <= LINKEDIN_LIMIT
