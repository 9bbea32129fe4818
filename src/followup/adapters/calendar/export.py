"""A ``Calendar`` (``services.calendar_feed``) as an iCalendar file (RFC 5545); writing it
to a file is ``adapters/atomic_write.py``'s.

Written here line by line rather than through ``icalendar``, by measurement: ten thousand
applications' live actions are a few thousand events, which ``icalendar``'s component tree
builds and serialises in about a second (its folding looks at every character), and merely
importing it costs 24 ms, most of the 2x-of-``today --json`` budget (docs/performance.md).
The format written is small (a dozen properties, TEXT escaping, folding) and every line of
it is held to what ``icalendar`` and a second, independent parser (``vobject``) read back
(tests/e2e/test_calendar_export.py, tests/unit/test_calendar_feed.py); ``icalendar`` still
reads the invitations that come in.

Times are UTC (``...Z``); lines end in CRLF and are folded at 75 octets, never inside a
UTF-8 character or after an escaping backslash.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.domain.calendar_rows import Calendar

PRODID = "-//followup//followup calendar//EN"
REFRESH = "PT1H"  # how often a subscribed client should read the feed again
LIMIT = 75  # octets per line, CRLF excluded (RFC 5545 section 3.1)
SAFE = LIMIT // 4  # characters that fit whatever they are (UTF-8: at most 4 octets each)
CATEGORIES = {"action": "CATEGORIES:ACTION", "interview": "CATEGORIES:INTERVIEW"}
# An action's short block does not make the user look busy; an interview does.
TRANSP = {"action": "TRANSP:TRANSPARENT", "interview": "TRANSP:OPAQUE"}
# What the reminder says (a client shows the event's summary beside it).
ALARMS = {
    "action": "DESCRIPTION:Due now (followup)",
    "interview": "DESCRIPTION:Interview soon (followup)",
}
# The lines between an event's URL and its reminder's trigger, by what it is.
EXTRA = {
    what: "\r\n".join(
        (CATEGORIES[what], TRANSP[what], "BEGIN:VALARM", "ACTION:DISPLAY", ALARMS[what])
    )
    for what in ("action", "interview")
}


def to_ics(cal: Calendar) -> bytes:
    """The calendar as RFC 5545 bytes (UTF-8, CRLF)."""
    head = "\r\n".join(
        (
            "BEGIN:VCALENDAR",
            f"PRODID:{PRODID}",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            _fold(f"X-WR-CALNAME:{_text(cal.name)}"),
            _fold(f"X-WR-TIMEZONE:{_text(cal.zone)}"),
            f"X-PUBLISHED-TTL:{REFRESH}",
            "",
        )
    )
    tail = "END:VCALENDAR\r\n"
    dtstamp = f"DTSTAMP:{_utc(cal.stamp)}"
    times: dict[datetime, str] = {}
    triggers: dict[timedelta, str] = {}
    lines: list[str] = []
    for e in cal.events:
        start = times.get(e.start) or times.setdefault(e.start, _utc(e.start))
        end = times.get(e.end) or times.setdefault(e.end, _utc(e.end))
        uid = f"UID:{e.uid}"
        url = f"URL:{e.url}"
        trigger = triggers.get(e.alarm) or triggers.setdefault(e.alarm, _duration(e.alarm))
        # One text per event: a few thousand events, each of seventeen lines.
        lines.append(
            f"BEGIN:VEVENT\r\n"
            f"{uid if len(uid) <= LIMIT and uid.isascii() else _fold(uid)}\r\n"
            f"{dtstamp}\r\n"
            f"SEQUENCE:{e.sequence}\r\n"
            f"DTSTART:{start}\r\n"
            f"DTEND:{end}\r\n"
            f"{_fold(f'SUMMARY:{_text(e.summary)}')}\r\n"
            f"{_fold(f'DESCRIPTION:{_text(e.description)}')}\r\n"
            f"{url if len(url) <= LIMIT and url.isascii() else _fold(url)}\r\n"
            f"{EXTRA[e.what]}\r\n"
            f"{trigger}\r\n"
            "END:VALARM\r\n"
            "END:VEVENT"
        )
    lines.append(tail)
    return (head + "\r\n".join(lines)).encode("utf-8")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 section 3.3.11): backslash, semicolon and comma escaped, every
    line break as ``\\n``. The same as ``icalendar``'s ``vText`` gives (a test holds them
    to it), at a quarter of its cost: a calendar has thousands of them."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _duration(offset: timedelta) -> str:
    """A reminder's offset as an RFC 5545 DURATION (whole minutes)."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else ""
    return f"TRIGGER:{sign}PT{abs(minutes)}M"


def _fold(line: str) -> str:
    """Fold at ``LIMIT`` octets: continuation lines start with one space. A cut never falls
    inside a UTF-8 character, nor between an escaping backslash and what it escapes (some
    clients unescape before they unfold)."""
    if len(line) <= SAFE:
        return line
    ascii_only = line.isascii()
    if len(line) <= LIMIT and (ascii_only or len(line.encode("utf-8")) <= LIMIT):
        return line
    parts: list[str] = []
    start, room = 0, LIMIT
    while True:
        rest = line[start:]
        if len(rest) <= room and (ascii_only or len(rest.encode("utf-8")) <= room):
            break
        cut = start + (room if ascii_only else _fits(rest, room))
        slashes = cut
        while slashes > start and line[slashes - 1] == "\\":
            slashes -= 1
        if (cut - slashes) % 2:  # it would end in an escape's backslash: keep it with the
            cut -= 1  # character it escapes
        parts.append(line[start:cut])
        start, room = cut, LIMIT - 1  # a continuation line starts with a space
    parts.append(line[start:])
    return "\r\n ".join(parts)


def _fits(text: str, room: int) -> int:
    """How many leading characters of ``text`` take at most ``room`` UTF-8 octets."""
    if text[:room].isascii():
        return room
    used = 0
    for count, char in enumerate(text):
        used += len(char.encode("utf-8"))
        if used > room:
            return count
    return len(text)
