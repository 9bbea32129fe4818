"""A calendar invitation as the domain reads it (issue 15): an inbound fact like a reply.

The bytes are read in ``adapters/calendar/invite.py`` (the ``icalendar`` library); what
they say about an interview is decided here, without the library, so the rules (which
format, who is an interviewer, whether it is new, moved, cancelled or already known) are
tested on plain values.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from followup.domain.kinds import InterviewFormat, _Named


class Method(_Named):
    """RFC 5546's METHOD: what the sender asks of the calendar. A file saved from a
    calendar (Calendly's "add to calendar") has none, which RFC 5545 reads as PUBLISH."""

    REQUEST = "request"  # a new or updated invitation
    CANCEL = "cancel"  # the organizer called it off
    PUBLISH = "publish"  # an event shown, not asked about: read like a request


class Change(_Named):
    """What importing an invitation does to what is recorded."""

    NEW = "new"  # no interview from this UID yet: one is recorded
    MOVED = "moved"  # a later version of a recorded one: its time (or format, people) moves
    CANCELLED = "cancelled"  # the organizer cancelled a recorded one
    ALREADY = "already"  # this version (or an older one) is recorded already: nothing to do


@dataclass(frozen=True)
class Person:
    """An organizer or attendee: the address lower-cased, the name as the invitation gave
    it (None when it gave none, or only the address again, as Google Calendar does)."""

    address: str
    name: str | None = None


@dataclass(frozen=True)
class Invitation:
    """One VEVENT of an invitation, with its start and end aware on the event's own zone
    (``zone``: an IANA key, Windows zone names mapped; the user's zone for a UTC or
    floating time)."""

    uid: str
    sequence: int
    method: Method
    start: datetime
    end: datetime
    zone: str
    summary: str = ""
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    location: str | None = None
    format: InterviewFormat = InterviewFormat.VIDEO
    cancelled: bool = False  # METHOD:CANCEL, or STATUS:CANCELLED in the event

    @property
    def minutes(self) -> int:
        return max(1, round((self.end - self.start).total_seconds() / 60))


@dataclass(frozen=True)
class Recorded:
    """What is kept of an imported invitation beside its interview: its UID and the
    SEQUENCE last applied, so an update moves the same interview and a resend does not."""

    uid: str
    interview_id: int
    sequence: int


# --- the format, from what the invitation says ---------------------------------------------
# Video meeting hosts whose links an invitation carries (Meet, Teams, Zoom, Webex; GoTo and
# Whereby, Chime, Jitsi, BlueJeans besides).
_VIDEO = re.compile(
    r"(?:https?://)?(?:[\w-]+\.)*(?:meet\.google\.com|teams\.microsoft\.com|teams\.live\.com"
    r"|zoom\.us|zoomgov\.com|webex\.com|gotomeeting\.com|meet\.goto\.com|whereby\.com"
    r"|chime\.aws|meet\.jit\.si|bluejeans\.com)\b",
    re.IGNORECASE,
)
# A dial-in: a tel: link, or a phone number as invitations print them (+1 415-555-0100,
# (020) 7946 0958, +44 20 7946 0958,,123456#).
_PHONE = re.compile(r"tel:\+?\d|(?:\+|\(\d)[\d ()./-]{7,}\d|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b")
# A street address: a number next to a word that names a street, or a postcode pattern.
_STREET = re.compile(
    r"\d+[a-z]?,?\s+(?:[\w'.-]+\s+){0,4}(?:street|st\.?|avenue|ave\.?|road|rd\.?|boulevard"
    r"|blvd\.?|lane|ln\.?|drive|dr\.?|way|place|pl\.?|square|sq\.?|court|ct\.?|parkway"
    r"|highway|terrace|row|hill|quay|wharf)\b"
    r"|\b(?:[\w-]*(?:straße|strasse|str\.|gasse|weg|platz|allee|ring|damm|kade|gracht|laan"
    r"|straat|vej|gatan|gata|rue|calle|via|viale|avenida|rua))\s*\d+"
    r"|\b(?:rue|calle|via|avenida|rua|boulevard|place)\s+[\w' -]+"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b",  # a UK postcode
    re.IGNORECASE,
)
# Words a location holds when it names the meeting program, not a place.
_ONLINE = re.compile(
    r"\b(?:microsoft teams|teams meeting|zoom|google meet|webex|online|virtual|video call"
    r"|remote)\b",
    re.IGNORECASE,
)
_PHONE_WORDS = re.compile(r"\b(?:phone|call|dial|telephone)\b", re.IGNORECASE)


def guess_format(location: str | None, texts: tuple[str, ...] = ()) -> InterviewFormat:
    """The interview's format from the event's location and its other texts (description,
    URL, conference fields), in this order:

    1. a video meeting link anywhere, or a location that names the meeting program
       ("Microsoft Teams Meeting"): video (a Teams invitation's dial-in numbers are a
       fallback for the same meeting);
    2. a location that is a phone number (Calendly's phone calls): phone;
    3. a location that is a street address: in person;
    4. a dial-in number anywhere, and no place: phone;
    5. any other location that does not name a meeting program ("Acme HQ, 4th floor"):
       in person;
    6. nothing to go by: video, as ``interview add`` assumes.
    """
    place = (location or "").strip()
    everything = (place, *texts)
    if any(_VIDEO.search(t) for t in everything) or _ONLINE.search(place):
        return InterviewFormat.VIDEO
    if place and _PHONE.search(place) and not _STREET.search(place):
        return InterviewFormat.PHONE
    if place and _STREET.search(place):
        return InterviewFormat.IN_PERSON
    if any(_PHONE.search(t) for t in everything) or _PHONE_WORDS.search(place):
        return InterviewFormat.PHONE
    if place and "://" not in place:
        return InterviewFormat.IN_PERSON
    return InterviewFormat.VIDEO


def change(invitation: Invitation, recorded: Recorded | None, same_as_recorded: bool) -> Change:
    """What this invitation does, given what was recorded from its UID (None: nothing).

    ``same_as_recorded``: the recorded interview already has this invitation's start, length
    and state. A SEQUENCE below the recorded one is an older version (mail read late): it
    changes nothing. An equal SEQUENCE changes something only if its content differs (some
    senders move an event without counting up); a higher one always applies.
    """
    if recorded is None:
        return Change.CANCELLED if invitation.cancelled else Change.NEW
    if invitation.sequence < recorded.sequence:
        return Change.ALREADY
    if invitation.sequence == recorded.sequence and same_as_recorded:
        return Change.ALREADY
    if invitation.cancelled:
        return Change.ALREADY if same_as_recorded else Change.CANCELLED
    return Change.MOVED
