"""The facts a message is written from: pure, so a letter is a function of the record.

Templates only phrase; every decision about *what* a letter says is made here, from the
history, the profile, the recipient, the moment the letter is planned to go out and what was
said to the same person before: whose name goes in the greeting, which topic this person
discussed and which strength fits it (``fact_choice``), each in a form its sentence can carry
(``phrasing``), the situation (an AI interview, a recruiter who was not in the room, an agency),
time words for the send day and dates the recipient's way (``timewords``).

What a letter may quote comes from fields made to be quoted: the debrief's strengths, topics
and open points, and what the user types for the letter (``--detail``, ``--terms``, ``--ask``,
``--reason``). Event notes and the rest of the debrief (questions, answers, cues, stumbles,
next steps) are the user's own and never reach a letter. A fact the record does not hold is
reported as missing rather than papered over, so no draft ever carries a blank.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from followup.domain import fact_choice, lexicon, phrasing, planner, review_rules, timewords
from followup.domain.errors import BadInput
from followup.domain.kinds import INBOUND_EVENTS, ContactRole, EventKind, InterviewFormat
from followup.domain.messages import MessageKind
from followup.domain.model import Contact, Debrief, History, Interview, Profile
from followup.domain.names import addressed_as, as_written, title_as_written
from followup.domain.phrasing import Phrase, Role

# What a user may supply on the command line when the record lacks it, and how.
SUPPLIABLE: dict[str, str] = {
    "topic": "--topic TEXT",
    "strength": "--strength TEXT",
    "phone": "--phone TEXT",
    "detail": "--detail TEXT",
    "terms": "--terms TEXT",
    "ask": "--ask TEXT",
    "reason": "--reason TEXT",
}

# What each kind of letter uses of what a user may type. Anything else given is refused:
# an option silently ignored is a letter that does not say what the user asked it to.
TAKES: dict[MessageKind, tuple[str, ...]] = {
    MessageKind.THANK_YOU: ("topic", "strength"),
    MessageKind.STATUS_INQUIRY: ("topic",),
    MessageKind.FOLLOW_UP: ("topic", "strength"),
    MessageKind.PHONE_SCRIPT: ("phone", "topic", "strength"),
    MessageKind.ADDITIONAL_INFO: ("detail",),
    MessageKind.REPLY_TO_UPDATE: ("detail",),
    MessageKind.LINKEDIN_NOTE: ("topic",),
    MessageKind.REPLY_TO_REJECTION: ("topic",),
    MessageKind.FEEDBACK_REQUEST: (),
    MessageKind.OFFER_ACKNOWLEDGEMENT: ("terms",),
    MessageKind.ACCEPTANCE: ("terms",),
    MessageKind.NEGOTIATION: ("terms", "ask", "strength"),
    MessageKind.DECLINE: ("reason",),
    MessageKind.CLOSING_NOTE: (),
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
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
# The news a reply to an update answers: its kind is what the letter says about it.
_UPDATES = frozenset({EventKind.NEXT_ROUND, EventKind.INFO_REQUEST, EventKind.TIMELINE,
                      EventKind.REPLY})  # fmt: skip

# LinkedIn refuses a note over 300 characters, and one under 200 reads best: the review's
# limits, so a draft and its review agree.
LINKEDIN_LIMIT = review_rules.LINKEDIN_ERROR
LINKEDIN_COMFORT = review_rules.LINKEDIN_WARNING


@dataclass(frozen=True)
class Facts:
    """The facts for one letter, and the names of those it needs but could not find."""

    values: Mapping[str, object]
    missing: tuple[str, ...]
    unfit: tuple[str, ...] = ()  # debrief items left out because no sentence could carry them


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
    """The people a thank-you goes to, as the planner thanks them: the latest round's
    interviewers (P3); for an automated round or one whose interviewers have no address, the
    one who arranged it (P4)."""
    found = latest_round(history, now)
    people = [c for i in (found.interviewer_ids if found else ()) if (c := history.contact(i))]
    human = found is not None and found.format is not InterviewFormat.AI
    if people and human and any(c.email for c in people):
        return tuple(people)
    host = planner.arranger(history)
    return (host,) if host else tuple(people)


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


def pick_index(seed: int, turn: int, slot: str, count: int) -> int:
    """Which of ``count`` sentences a letter uses in ``slot`` (its opening, its close ...).

    Each slot is placed by its own hash of the seed, so the choices of one letter are
    independent of each other and a set of letters spreads over every sentence; members of
    one panel take consecutive turns, so up to ``count`` of them never share a sentence.
    """
    if count <= 0:
        return 0
    # BLAKE2, not CRC-32: a CRC is affine in its input's bits, and the seeds (numbers as
    # text, with the slot's name after them) are structured enough to bunch its remainders.
    digest = hashlib.blake2b(f"{seed}:{slot}".encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") + turn) % count


def _turn(contact_id: int | None, people: tuple[int, ...]) -> int:
    if contact_id in people:
        return people.index(contact_id)
    return zlib.crc32(f"{contact_id}".encode())


def check_supplied(kind: MessageKind, supplied: Mapping[str, str]) -> None:
    """Refuse what a kind would not use: ``--detail`` on a decline is a mistake to report,
    not text to drop."""
    takes = TAKES.get(kind, ())
    unused = [k for k in supplied if k not in takes]
    if unused:
        given = ", ".join(SUPPLIABLE.get(k, k).split()[0] for k in unused)
        usable = ", ".join(SUPPLIABLE[k].split()[0] for k in takes) or "none"
        raise BadInput(
            f"a {kind.value} letter does not use {given}; the options it takes: {usable}"
        )


def gather(
    history: History,
    profile: Profile,
    kind: MessageKind,
    contact: Contact | None,
    now: datetime,
    supplied: Mapping[str, str] | None = None,
    *,
    send_at: datetime | None = None,
    said: Mapping[int, Collection[str]] | None = None,
    fill_in: bool = False,
) -> Facts:
    """Everything a template may use; ``supplied`` (from the user) wins over the record
    (what ``kind`` does not take is not used: ``check_supplied`` refuses it at the door),
    or, with ``fill_in`` (a letter to each of a panel), only fills what the record lacks:
    one ``--topic`` typed for the interviewer who has none must not replace the others'.

    ``send_at`` is when the letter is planned to go out (the action's due time; default
    ``now``): time words are for that day, on the recipient's clock. ``said`` holds, per
    contact, the debrief items earlier rounds' letters to them cited.
    """
    supplied = {k: v.strip() for k, v in (supplied or {}).items() if v and v.strip()}
    supplied = {k: v for k, v in supplied.items() if k in TAKES.get(kind, ())}
    app = history.application
    found = latest_round(history, now)
    people = panel(history, now)
    people_ids = tuple(c.id for c in people)
    contact_id = contact.id if contact else None
    zone = ZoneInfo((contact.timezone if contact else None) or profile.timezone)
    locale = timewords.locale_for(contact.timezone if contact else None, profile.country)
    send_day = (send_at or now).astimezone(zone).date()
    met_day = found.start.astimezone(zone).date() if found else None

    debrief = _debrief_for(history, kind, found, now)
    reading = fact_choice.read(debrief)
    lead = next((c.id for c in people if c.role is ContactRole.HIRING_MANAGER), None)
    choice = fact_choice.choose(reading, people_ids, contact_id, lead=lead, said=said)
    if fill_in:
        supplied = {
            k: v
            for k, v in supplied.items()
            if not (k == "topic" and choice.topic) and not (k == "strength" and choice.strength)
        }
    topic = _supplied_phrase(supplied, "topic", Role.TOPIC) or choice.topic
    strength = _supplied_phrase(supplied, "strength", Role.STRENGTH)
    if strength is None and "topic" in supplied:  # the strength that fits the topic typed
        told = (said or {}).get(contact_id, ()) if contact_id is not None else ()
        strength = fact_choice.best_strength(reading.strengths, topic, told)
    strength = strength or choice.strength
    point = choice.point

    # The sentences are placed by who writes to whom about what, not by the application's
    # number: every user's first application is number 1, and two candidates' letters to one
    # hiring manager must not share their choices.
    seed = zlib.crc32(f"{profile.name}|{app.company}|{app.role}|{kind.value}".encode())
    situation = _situation(found, contact)
    held = [i for i in history.interviews if i.start <= now and not i.cancelled]
    earlier = [i for i in held if found is not None and i.start < found.start]
    met_before = bool(contact and any(contact.id in i.interviewer_ids for i in earlier))
    met_ever = bool(contact and any(contact.id in i.interviewer_ids for i in held))
    rounds = _round_number(history, found)
    turn = _turn(contact_id, people_ids) + (rounds - 1) * max(1, len(people_ids))
    timeline = _timeline(history, debrief)
    if timeline and met_day and timeline < met_day:
        timeline = None  # a date given before a later round: that round superseded it
    offer = next((e for e in reversed(history.events) if e.kind is EventKind.OFFER), None)
    update = next((e for e in reversed(history.events) if e.kind in _UPDATES and e.at <= now), None)
    informal = _address(contact, formal=False) if contact else None  # "Hi Wei Ling,"
    ask, ask_verb = _ask_forms(supplied.get("ask"))
    topic_text = _to_reader(topic.noun, contact) if topic and topic.noun else None

    values: dict[str, object] = {
        "kind": kind.value,
        "seed": seed,
        "turn": turn,
        "variant": seed + turn,
        # Typed in lower case at a command line, written with capitals in a letter.
        "recipient_name": as_written(contact.name) if contact else None,
        "first_name": informal,
        "greeting": greeting(profile, contact),
        "formal": profile.formal,
        "company": as_written(app.company),
        "role": title_as_written(app.role),
        "role_phrase": role_phrase(title_as_written(app.role)),
        "agency": as_written(app.agency) if app.agency else None,
        "recipient_role": contact.role.value if contact else None,
        "at_agency": bool(contact and contact.role is ContactRole.AGENCY_RECRUITER),
        "situation": situation,
        "met_before": met_before,
        "met_ever": met_ever,
        "interview_format": found.format.value if found else None,
        "round": rounds,
        "round_word": _ORDINALS[rounds - 1] if 0 < rounds <= len(_ORDINALS) else None,
        "topic": topic_text,
        "topic_asked": bool(topic and topic.asked),
        "strength": strength.noun if strength else None,
        "strength_clause": strength.clause if strength else None,
        "strength_done": bool(strength and strength.done),
        "point": point.noun if point else None,
        "unaddressed": point.noun if point else None,
        "detail": _detail(supplied.get("detail")),
        "terms": _inline(supplied.get("terms")),
        "ask": ask,
        "ask_verb": ask_verb,
        "ask_is_pay": bool(_PAY.search(supplied.get("ask") or "")),
        "reason": _reason(supplied.get("reason")),
        "update": update.kind.value if update else None,
        "update_day": _day(update.on, locale) if update and update.on else None,
        "interview_day": _day(met_day, locale),
        "timeline": _day(timeline, locale),
        **_time_words(met_day, timeline, send_day, locale),
        "deadline": _day(offer.on, locale) if offer and offer.on else None,
        "sender_name": as_written(profile.name),
        "sender_email": profile.email,
        "sender_phone": supplied.get("phone") or profile.phone,
        "phone": supplied.get("phone") or profile.phone,
        "callee_phone": contact.phone if contact else None,
        "signature": profile.signature,
        "met_day": met_day.isoformat() if met_day else None,
        "timeline_on": timeline.isoformat() if timeline else None,
        "locale": locale,
        "interview_id": found.id if found else None,
        "cited": [p.typed for p in (topic, strength, point) if p is not None],
    }
    needed = REQUIRED.get(kind, ())
    if kind is MessageKind.THANK_YOU and situation != "met":
        needed = ("strength",)  # who was not in the room is thanked for arranging it
    if kind is MessageKind.LINKEDIN_NOTE and not met_ever:
        needed = ()  # a recruiter is thanked for their help, not for a talk
    missing = tuple(f for f in needed if not _has(values, f))
    return Facts(values=values, missing=missing, unfit=reading.unfit)


def _time_words(
    met: date | None, timeline: date | None, send_day: date, locale: str
) -> dict[str, object]:
    """What a letter says about time on ``send_day``: when we met ("yesterday", "on
    Thursday"), how long ago, whether the date they gave has passed; and that day itself."""
    return {
        "when_met": timewords.met_words(met, send_day, locale) if met else None,
        "since": timewords.since_words(met, send_day) if met else None,
        "timeline_passed": bool(timeline and timeline < send_day),
        "send_day": send_day.isoformat(),
    }


def retime(values: Mapping[str, object], send_day: date) -> dict[str, object]:
    """The facts of a letter written for another day, made true for ``send_day`` (the time
    words, how long ago, whether a stated date passed). Dates themselves do not move."""
    locale = str(values.get("locale") or timewords.FALLBACK_LOCALE)
    met, timeline = _iso(values.get("met_day")), _iso(values.get("timeline_on"))
    return {**values, **_time_words(met, timeline, send_day, locale)}


def _iso(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _has(values: Mapping[str, object], fact: str) -> bool:
    if fact == "strength":
        return bool(values.get("strength") or values.get("strength_clause"))
    if fact == "ask":
        return bool(values.get("ask") or values.get("ask_verb"))
    return bool(values.get(fact))


def _debrief_for(
    history: History, kind: MessageKind, found: Interview | None, now: datetime
) -> Debrief | None:
    """A thank-you is about its own round (a later round's letter must not repeat the
    first's topics); other letters use the latest debrief written."""
    if kind is MessageKind.THANK_YOU and found is not None:
        return found.debrief
    rounds = sorted(
        (i for i in history.interviews if i.debrief and not i.cancelled),
        key=lambda i: (i.start, i.id),
    )
    held = [i for i in rounds if i.start <= now] or rounds
    return held[-1].debrief if held else None


def _situation(found: Interview | None, contact: Contact | None) -> str:
    """``met`` (they interviewed the candidate in this round), ``ai`` (an automated
    interview, the recruiter is thanked), ``arranged`` (a human interview they were not in),
    or ``none`` (no interview yet)."""
    if found is None:
        return "none"
    if contact is not None and contact.id in found.interviewer_ids:
        return "met"
    if found.format is InterviewFormat.AI:
        return "ai"
    return "arranged"


def _round_number(history: History, found: Interview | None) -> int:
    if found is None:
        return 0
    held = sorted((i for i in history.interviews if not i.cancelled), key=lambda i: (i.start, i.id))
    return held.index(found) + 1 if found in held else 1


def _supplied_phrase(supplied: Mapping[str, str], fact: str, role: Role) -> Phrase | None:
    text = supplied.get(fact)
    if text is None:
        return None
    try:
        return phrasing.shape(text, role)
    except phrasing.Unfit as exc:
        raise BadInput(f"--{fact}: {exc.message}") from None


def _to_reader(topic: str, contact: Contact | None) -> str:
    """A topic about the recipient said to them: "Priya's roadmap" -> "your roadmap"."""
    if contact is None:
        return topic
    for name in (contact.name, contact.name.split()[0]):
        topic = re.sub(rf"\b{re.escape(name)}['\u2019]s\b", "your", topic)
    return topic


def _paragraph(text: str | None) -> str | None:
    """What the user wrote to be quoted whole: a capital to start and a full stop to end."""
    if not text:
        return None
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _detail(text: str | None) -> str | None:
    """What to send, as its own paragraph. Typed as a sentence or more, it is quoted whole;
    typed as a bare noun phrase ("a one-page write-up of how I size A/B tests"), it would
    stand alone as a fragment, so it is put in a sentence of its own."""
    if not text:
        return None
    typed = " ".join(text.split())
    words = [w.lower() for w in typed.rstrip(".").split()]
    if (
        len(words) <= 20
        and words[0] in ("a", "an", "the", "my", "some")
        and not set(words) & lexicon.AUXILIARIES  # "my availability is ...": a sentence
        and not re.search(r"[:;,]|https?://|[.!?]\s", typed)
    ):
        try:
            found = phrasing.shape(typed, Role.STRENGTH)
        except phrasing.Unfit:
            found = None
        if found is not None and found.shape is phrasing.Shape.NOUN and found.noun:
            return f"I would be happy to share {found.noun}."
    return _paragraph(typed)


def _inline(text: str | None) -> str | None:
    """Quoted inside a sentence: no full stop of its own."""
    return " ".join(text.split()).rstrip(" .") if text else None


# An ask about pay, which the experience one brings can argue for (a later start date cannot).
_PAY = re.compile(
    r"[$£€¥₹]|\d\s*(?:k|K|%)|\b(?:salary|base|bonus|equity|pay|compensation|rate|stock|"
    r"options|shares|allowance|package|raise|lakh|grade|band|level)\b",
    re.IGNORECASE,
)


def _ask_forms(text: str | None) -> tuple[str | None, str | None]:
    """The ask as a noun phrase ("a base of £85k", for "I would like to ask for ___") or as a
    verb phrase ("start in March", for "whether it would be possible to ___")."""
    if not text:
        return None, None
    try:
        found = phrasing.shape(text, Role.POINT)
    except phrasing.Unfit:
        return _inline(text), None
    if found.shape is phrasing.Shape.VERB:
        return None, _inline(text[:1].lower() + text[1:])
    if found.shape is phrasing.Shape.PAST:
        return None, None
    return found.noun, None


def _reason(text: str | None) -> str | None:
    """A reason to decline as a sentence of its own."""
    if not text:
        return None
    try:
        found = phrasing.shape(text, Role.STRENGTH)
    except phrasing.Unfit as exc:
        raise BadInput(f"--reason: {text!r} {exc.why}; write it as a sentence") from None
    if found.clause:
        return _paragraph(found.clause)
    return _paragraph(f"In the end, it came down to {found.noun}")


def role_phrase(role: str) -> str:
    """``the Senior UX Researcher role``; a title that already says role or position is
    not given a second one."""
    words = role.split()
    if words and words[-1].lower() in ("role", "position", "job", "opening", "vacancy"):
        return f"the {role}"
    return f"the {role} role"


def _day(day: date | None, locale: str) -> str | None:
    return timewords.day_words(day, locale) if day else None


def _timeline(history: History, debrief: Debrief | None) -> date | None:
    for event in reversed(history.events):
        if event.kind is EventKind.TIMELINE and event.on:
            return event.on
    return debrief.decision_date if debrief else None


class MissingFacts(BadInput):
    """A draft would have a blank: name the facts and the options that supply them (and
    why a debrief item that was there could not be used)."""

    def __init__(
        self, missing: tuple[str, ...], unfit: tuple[str, ...] = (), who: tuple[str, ...] = ()
    ) -> None:
        options = ", ".join(SUPPLIABLE.get(m, m) for m in missing)
        why = f" (the debrief's {unfit[0]})" if unfit else ""
        whom = f" for {' and '.join(who)}" if who else ""
        super().__init__(
            f"the draft needs what the record does not hold{whom} ({', '.join(missing)}); "
            f"give {options}{why}"
        )
        self.missing = missing
        self.who = who  # the recipients whose letters lack them


def fits_linkedin(body: str) -> bool:
    return len(body) <= LINKEDIN_LIMIT
