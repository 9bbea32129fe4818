"""An iCalendar invitation (RFC 5545/5546) into a ``domain.invitation.Invitation``.

Read with the ``icalendar`` library, imported here only (the CLI's start-up never pays for
it). The file is hostile input like mail: it comes from anyone who can send the user an
invitation. So before the library sees it, the text is checked to be text (no NUL, UTF-8,
or Windows-1252 as older Outlook writes it) and a calendar, and its BEGIN/END nesting is
counted: a real invitation nests three deep (VCALENDAR > VEVENT > VALARM, VTIMEZONE >
STANDARD); more than ``MAX_DEPTH`` is refused before the library's recursive walk could
overflow. Whatever the library raises on a broken file is a ``BadInput`` (exit status 2).

Times, as the big calendar programs write them:

- ``TZID=America/New_York`` (Google, Calendly, Zoom): an IANA zone, read with ``zoneinfo``;
- ``TZID=Pacific Standard Time`` with a VTIMEZONE block (Outlook, Teams, Exchange): a
  Windows zone name, mapped to IANA with the CLDR ``windowsZones`` table that ``icalendar``
  ships and keeps up to date (``icalendar.timezone.windows_to_olson``), so the interview
  keeps a real zone whose future rule changes are known;
- ``TZID=/mozilla.org/20050126_1/Europe/Berlin`` (Lightning, Evolution): the IANA tail;
- any other TZID with its VTIMEZONE block ("Customized Time Zone", "(UTC+01:00) Amsterdam,
  Berlin ..."): the instant from the block's own rules, shown on the user's clock, as no
  IANA zone can be named for it with certainty;
- ``...Z`` (UTC): the instant, on the user's clock;
- floating (no zone at all): RFC 5545 says the same wall time wherever the reader is, so
  it is read on the user's clock;
- a TZID that is neither known nor defined in the file: refused (guessing would move the
  interview by hours); an all-day event (a date, no time) is refused: it is not a meeting.

Recurring events (RRULE, RDATE, or one occurrence of a series with RECURRENCE-ID) are not
interviews and are refused, as are files with several events, replies (METHOD:REPLY) and
events without a UID (an update could never find the interview again).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup.domain import limits
from followup.domain.errors import BadInput
from followup.domain.invitation import Invitation, Method, Person, guess_format

MAX_DEPTH = 8  # BEGIN/END levels: real invitations use 3
MAX_COMPONENTS = 500  # BEGIN lines: an Outlook invitation with its zones has about 6
MAX_LINES = 5000  # content lines (folds joined): Outlook's, with its X- properties, ~60
MAX_ATTENDEES = 50  # a panel is a handful; a town hall is not an interview
MAX_UID_CHARS = 1000  # Exchange's UIDs are about 100 hex digits; Google's about 40
MAX_SEQUENCE = 2**31 - 1  # RFC 5545: an integer; servers count in 32 bits
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANKS = re.compile(r"\s+")
_ADDRESS = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:]+")
_ZONE_KEY = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")
# Files in the zone database that are not zones one may name (the machine's own setting,
# POSIX defaults, leap-second variants).
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
# Attendees that are places or things, not people: Outlook's rooms, Google's resources.
_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})
_RESOURCE_DOMAINS = ("resource.calendar.google.com", "group.calendar.google.com")
# Properties whose text may carry the meeting's link or dial-in.
_LINK_PROPERTIES = ("DESCRIPTION", "URL", "CONFERENCE", "X-ALT-DESC")


class IcsReader:
    """The ``InvitationReader`` port."""

    def invitation(self, raw: bytes, home: ZoneInfo, source: str) -> Invitation:
        return read_invitation(raw, home, source)


def read_invitation(raw: bytes, home: ZoneInfo, source: str = "the invitation") -> Invitation:
    """The one event of ``raw``; ``home`` is the user's zone (for UTC and floating times).
    ``BadInput`` naming ``source`` for anything that is not one readable invitation."""
    text = _text(raw, source)
    _check_shape(text, source)
    import warnings

    import icalendar

    # The library warns (on stderr) about guessed zone ids and lenient parses; what it
    # guessed is checked here anyway, and a warning must never reach the user's terminal.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except Exception as exc:  # the library raises many kinds on broken input
            raise BadInput(f"{source}: not a readable calendar file ({_short(exc)})") from None
        try:
            return _invitation(calendar, home, source)
        except BadInput:
            raise
        except Exception as exc:  # a broken value found while reading one property
            raise BadInput(f"{source}: a broken calendar value ({_short(exc)})") from None


def _short(exc: BaseException) -> str:
    said = _BLANKS.sub(" ", str(exc)).strip()[:160]
    return f"{type(exc).__name__}: {said}" if said else type(exc).__name__


def _text(raw: bytes, source: str) -> str:
    if b"\x00" in raw:
        raise BadInput(f"{source}: a binary file, not a calendar (.ics) file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise BadInput(f"{source}: not a calendar (.ics) file: it does not start BEGIN:VCALENDAR")
    return text


def _check_shape(text: str, source: str) -> None:
    depth = deepest = begins = lines = 0
    for line in text.splitlines():
        if line[:1] not in (" ", "\t"):
            lines += 1
        head = line[:6].upper()
        if head == "BEGIN:":
            depth += 1
            begins += 1
            deepest = max(deepest, depth)
        elif head.startswith("END:"):
            depth -= 1
    if deepest > MAX_DEPTH:
        raise BadInput(f"{source}: components nested {deepest} deep; an invitation needs 3")
    if begins > MAX_COMPONENTS:
        raise BadInput(f"{source}: {begins} components; an invitation has a handful")
    if lines > MAX_LINES:
        raise BadInput(f"{source}: {lines} lines; an invitation has a few dozen")


def _invitation(calendar: object, home: ZoneInfo, source: str) -> Invitation:
    from icalendar import Calendar

    assert isinstance(calendar, Calendar)
    method = _method(calendar, source)
    events = calendar.walk("VEVENT")
    if not events:
        raise BadInput(f"{source}: no event in it (no VEVENT)")
    if len(events) > 1:
        raise BadInput(
            f"{source}: {len(events)} events; an interview invitation has one (a recurring "
            "series with exceptions is not an interview)"
        )
    event = events[0]
    for name in ("RRULE", "RDATE", "RECURRENCE-ID"):
        if event.get(name) is not None:
            raise BadInput(
                f"{source}: a recurring event ({name}), not an interview; "
                "record the round with `followup interview add`"
            )
    uid = _one_line(event.get("UID"), MAX_UID_CHARS + 1)
    if not uid:
        raise BadInput(f"{source}: the event has no UID, so an update could not find it")
    if len(uid) > MAX_UID_CHARS:
        raise BadInput(f"{source}: a UID of {len(uid)} characters; at most {MAX_UID_CHARS}")
    attendees = _people(event.get("ATTENDEE"))
    if len(attendees) > MAX_ATTENDEES:
        raise BadInput(
            f"{source}: {len(attendees)} attendees; an interview has a handful (at most "
            f"{MAX_ATTENDEES}): record it with `followup interview add`"
        )
    start, zone = _moment(event, "DTSTART", home, source)
    end = _end(event, start, zone, home, source)
    location = _one_line(event.get("LOCATION"), limits.SUBJECT_CHARS) or None
    texts = tuple(
        str(value)
        for name, value in event.property_items(recursive=False)
        if name in _LINK_PROPERTIES or (name.startswith("X-") and isinstance(value, str))
    )
    status = str(event.get("STATUS", "")).strip().upper()
    return Invitation(
        uid=uid,
        sequence=_sequence(event.get("SEQUENCE"), source),
        method=method,
        start=start,
        end=end,
        zone=zone.key,
        summary=_one_line(event.get("SUMMARY"), limits.SUBJECT_CHARS),
        organizer=_person(event.get("ORGANIZER")),
        attendees=attendees,
        location=location,
        format=guess_format(location, texts),
        cancelled=method is Method.CANCEL or status == "CANCELLED",
    )


def _method(calendar: object, source: str) -> Method:
    from icalendar import Calendar

    assert isinstance(calendar, Calendar)
    said = str(calendar.get("METHOD", "PUBLISH")).strip().upper() or "PUBLISH"
    try:
        return Method(said.lower())
    except ValueError:
        if said in ("REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"):
            raise BadInput(
                f"{source}: an answer to an invitation (METHOD:{said}), not an invitation"
            ) from None
        raise BadInput(f"{source}: METHOD:{said[:40]} is not an invitation") from None


def _sequence(value: object, source: str) -> int:
    if value is None:
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        raise BadInput(f"{source}: SEQUENCE is not a number") from None
    if not 0 <= number <= MAX_SEQUENCE:
        raise BadInput(f"{source}: SEQUENCE {number} is out of range")
    return number


def zone_named(tzid: str) -> ZoneInfo | None:
    """The IANA zone a TZID names: itself, the CLDR mapping of a Windows name, or the tail
    of a "globally unique" ``/vendor/.../Area/City`` id; None when none exists."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    cleaned = tzid.strip().strip('"').strip("/")
    candidates = [cleaned, WINDOWS_TO_OLSON.get(cleaned, "")]
    if tzid.strip().startswith("/"):
        parts = cleaned.split("/")
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for key in candidates:
        if not key or len(key) > limits.TIMEZONE_CHARS or not _ZONE_KEY.fullmatch(key):
            continue
        if key in _NOT_ZONES or key.startswith(("posix/", "right/")):
            continue
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return None


def _moment(event: object, name: str, home: ZoneInfo, source: str) -> tuple[datetime, ZoneInfo]:
    """The property's instant on its zone, and that zone."""
    from icalendar import Event

    assert isinstance(event, Event)
    prop = event.get(name)
    if prop is None:
        raise BadInput(f"{source}: the event has no {name}, so no time to record")
    value = getattr(prop, "dt", None)
    if isinstance(value, date) and not isinstance(value, datetime):
        raise BadInput(
            f"{source}: an all-day event ({name} is a date with no time), not an interview"
        )
    if not isinstance(value, datetime):
        raise BadInput(f"{source}: {name} is not a date and time")
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    wall = value.replace(tzinfo=None)
    if tzid:
        zone = zone_named(str(tzid))
        if zone is not None:
            return wall.replace(tzinfo=zone), zone
        if value.tzinfo is not None:  # defined by the file's own VTIMEZONE block
            return value.astimezone(home), home
        raise BadInput(
            f"{source}: unknown time zone {str(tzid)[:64]!r} in {name}, and the file does "
            "not define it"
        )
    if value.tzinfo is not None:  # UTC ("Z")
        return value.astimezone(home), home
    return wall.replace(tzinfo=home), home  # floating: the same wall time wherever one is


def _end(event: object, start: datetime, zone: ZoneInfo, home: ZoneInfo, source: str) -> datetime:
    from icalendar import Event

    assert isinstance(event, Event)
    if event.get("DTEND") is not None:
        end, _ = _moment(event, "DTEND", home, source)
        end = end.astimezone(zone)
    elif event.get("DURATION") is not None:
        length = event.get("DURATION").dt
        if not isinstance(length, timedelta):
            raise BadInput(f"{source}: DURATION is not a length of time")
        end = start + length
    else:
        end = start + timedelta(minutes=60)  # RFC 5545 says zero; a round lasts; as `add`
    if end <= start:
        raise BadInput(f"{source}: the event ends before it starts")
    return end


def _one_line(value: object, limit: int = limits.SUBJECT_CHARS) -> str:
    if value is None:
        return ""
    text = _BLANKS.sub(" ", _CONTROL.sub(" ", str(value))).strip()
    return text[:limit].strip()


def _people(value: object) -> tuple[Person, ...]:
    values = value if isinstance(value, list) else [] if value is None else [value]
    found: list[Person] = []
    seen: set[str] = set()
    for item in values:
        person = _person(item)
        if person is not None and person.address not in seen:
            seen.add(person.address)
            found.append(person)
    return tuple(found)


def _person(value: object) -> Person | None:
    """An ORGANIZER or ATTENDEE: its mailto address and CN; None for a room, a resource,
    a non-participant, or anything without a mail address (Outlook's ``invalid:nomail``)."""
    if value is None or isinstance(value, list):
        return None
    params = getattr(value, "params", {})
    if str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
        return None
    if str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
        return None
    text = str(value).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    address = text.strip().lower()
    if len(address) > limits.EMAIL_CHARS or not _ADDRESS.fullmatch(address):
        return None
    if address.endswith(_RESOURCE_DOMAINS):
        return None
    name = _one_line(params.get("CN"), limits.PERSON_NAME_CHARS).strip("'\" ")
    if not name or "@" in name:  # Google repeats the address as the CN
        name = ""
    return Person(address=address, name=name or None)
