"""Turning what a person types into typed values, with errors that say what is accepted.

Pure functions only (no store, no clock), shared by the CLI and, later, the web forms, so
"what counts as a date" is decided once. Every failure is a ``BadInput`` whose message is one
line naming the offending text and an accepted example.

A datetime without an offset comes back *naive*: only the service that receives it knows
the profile's zone, and ``localize`` attaches it there. A date alone means 09:00 that day,
the start of a default working day, so ``--at 2026-11-17`` reads as "that morning".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from enum import Enum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup.domain import date_range, limits
from followup.domain.errors import BadInput

DATE_ONLY_TIME = time(9, 0)

# Every id or count a person types is checked against SQLite's largest integer first (the
# limit table, domain/limits.py, says why): beyond it the write itself would crash.
LARGEST_INTEGER = limits.ID_MAX
_LARGEST_DIGITS = len(str(LARGEST_INTEGER))

DATETIME_EXAMPLES = (
    "2026-11-17 14:00, 2026-11-17T14:00+01:00, 2026-11-17T14:00Z or 17 Nov 2026 14:00"
)
DATE_EXAMPLES = "2026-11-17 or 17 Nov 2026"

# Forms beyond ISO 8601 that people write; tried only when ISO parsing fails.
_DATETIME_FORMATS = ("%d %b %Y %H:%M", "%d %B %Y %H:%M", "%b %d %Y %H:%M", "%B %d %Y %H:%M")
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    from followup.domain.model import WorkingHours

    E = TypeVar("E", bound=Enum)


def parse_datetime(text: str, what: str = "date/time") -> datetime:
    """An instant as typed: aware if it carries an offset (or Z), naive otherwise; its date
    within the dates followup accepts (``limits``)."""
    moment = _read_datetime(text, what)
    in_range(moment.date(), what)
    return moment


def _read_datetime(text: str, what: str) -> datetime:
    raw = " ".join(text.split())
    if not raw:
        raise BadInput(f"{what} is empty; use e.g. {DATETIME_EXAMPLES}")
    day = _iso_date(raw, what)
    if day is not None:
        return datetime.combine(day, DATE_ONLY_TIME)
    try:
        return datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith("z") else raw)
    except ValueError as exc:
        _refuse_impossible(exc, what, text)
    if any(ch.isalpha() for ch in raw):  # month names: strptime costs milliseconds, so last
        for fmt in _DATETIME_FORMATS:
            try:
                return datetime.strptime(raw, fmt)  # noqa: DTZ007 -- naive on purpose
            except ValueError as exc:
                _refuse_impossible(exc, what, text)
        day = _named_month_date(raw, what)
        if day is not None:
            return datetime.combine(day, DATE_ONLY_TIME)
    raise BadInput(f"cannot read {what} {text!r}; use e.g. {DATETIME_EXAMPLES}")


def parse_date(text: str, what: str = "date") -> date:
    raw = " ".join(text.split())
    if not raw:
        raise BadInput(f"{what} is empty; use e.g. {DATE_EXAMPLES}")
    day = _iso_date(raw, what) or _named_month_date(raw, what)
    if day is None:
        raise BadInput(f"cannot read {what} {text!r}; use a date such as {DATE_EXAMPLES}")
    return in_range(day, what)


ACCEPTED_DATES = f"{limits.EARLIEST_DATE.isoformat()} to {limits.LATEST_DATE.isoformat()}"


def in_range(day: date, what: str = "date") -> date:
    """``day`` if followup accepts it (``limits``), else bad input naming the range.

    Every date and time that reaches a service passes here (typed, from a form, the API, a
    debrief file), so nothing far enough out to overflow a plan's arithmetic is stored.
    """
    if isinstance(day, datetime):
        day = day.date()
    if not date_range.accepts(day):
        label = "date" if what in {"date", "date/time"} else f"{what}: date"
        raise BadInput(
            f"{label} {day.isoformat()} is outside the dates followup accepts ({ACCEPTED_DATES})"
        )
    return day


def _iso_date(raw: str, what: str) -> date | None:
    """``2026-11-17``; None if ``raw`` has some other shape."""
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return date.fromisoformat(raw)
        except ValueError as exc:
            _refuse_impossible(exc, what, raw)
    return None


def _named_month_date(raw: str, what: str) -> date | None:
    """``17 Nov 2026``, ``November 17 2026``; None if ``raw`` has some other shape."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 -- a calendar date only
        except ValueError as exc:
            _refuse_impossible(exc, what, raw)
    return None


def _refuse_impossible(exc: ValueError, what: str, text: str) -> None:
    """Raise when the text had the right shape but names a day or time that does not exist."""
    problem = _range_problem(exc)
    if problem:
        raise BadInput(f"{what} {text!r} does not exist ({problem})") from None


def _range_problem(exc: ValueError) -> str | None:
    """The reason when the text had the right shape but named a day or time that is not."""
    message = str(exc)
    if "out of range" in message or "must be in" in message:
        return message
    return None


def localize(moment: datetime, zone: tzinfo) -> datetime:
    """Read a naive time on ``zone``'s wall clock; an aware one is kept as the same instant.

    A wall time skipped by a DST jump is moved forward by the jump (normalised through UTC),
    matching ``BusinessCalendar.at``. A moment outside the accepted dates (year 1 or 9999,
    which a script or the API can send) is bad input, not a crash.
    """
    in_range(moment.date(), "date/time")
    try:
        if moment.tzinfo is not None and moment.utcoffset() is not None:
            return moment.astimezone(zone)
        return moment.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    except OverflowError:
        raise BadInput(f"{moment.isoformat()} is out of range; give a date in this era") from None


def time_zone(name: str) -> ZoneInfo:
    text = name.strip()
    try:
        if not text:
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadInput(
            f"unknown time zone {name!r}; use an IANA name such as Europe/London"
        ) from None


def working_hours(text: str) -> WorkingHours:
    """``HH:MM-HH:MM`` on the user's clock, Monday to Friday."""
    parts = text.strip().split("-")
    accepted = "use HH:MM-HH:MM, e.g. 09:00-17:00"
    if len(parts) != 2:
        raise BadInput(f"cannot read working hours {text!r}; {accepted}")
    try:
        start, end = (_clock_time(p) for p in parts)
    except ValueError:
        raise BadInput(f"cannot read working hours {text!r}; {accepted}") from None
    if not start < end:
        raise BadInput(f"working hours {text!r} must start before they end; {accepted}")
    from followup.domain.model import WorkingHours  # records: not on the read paths

    return WorkingHours(start=start, end=end)


def _clock_time(text: str) -> time:
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not (hours.isdigit() and minutes.isdigit()) or len(minutes) != 2:
        raise ValueError(text)
    return time(int(hours), int(minutes))


def email(text: str) -> str:
    """A sane address check (one @, a dotted domain, no spaces), not RFC 5322 in full."""
    address = text.strip()
    local, at, domain = address.partition("@")
    ok = (
        bool(at)
        and bool(local)
        and "@" not in domain
        and "." in domain
        and not domain.startswith(".")
        and not domain.endswith(".")
        and ".." not in domain
        and not any(ch.isspace() or not ch.isprintable() for ch in address)
    )
    if not ok:
        raise BadInput(f"invalid email address {text!r}; use e.g. alex@example.com")
    return capped(address, "email address", limits.EMAIL_CHARS)


def choice(kind: type[E], text: str, what: str, allowed: tuple[E, ...] | None = None) -> E:
    """An enum member from either spelling (``thank-you-sent`` or ``thank_you_sent``)."""
    members: tuple[E, ...] = allowed if allowed is not None else tuple(kind)
    key = text.strip().lower().replace("-", "_")
    for member in members:
        if member.value == key:
            return member
    accepted = ", ".join(str(m.value).replace("_", "-") for m in members)
    raise BadInput(f"unknown {what} {text!r}; use one of: {accepted}")


def whole_number(text: str, what: str, lowest: int = 1, highest: int = LARGEST_INTEGER) -> int:
    """A number typed as text (a form field, a path): ASCII digits only (``"²".isdigit()``
    is true, yet ``int`` refuses it), between ``lowest`` and ``highest``; a number too long
    to convert cheaply is refused before ``int`` reads it."""
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()):
        shown = raw if len(raw) <= 40 else raw[:40] + "..."
        raise BadInput(f"{what} must be a whole number, not {shown!r}")
    digits = raw.lstrip("0") or "0"
    shown = digits if len(digits) <= 40 else digits[:40] + "..."
    if len(digits) > _LARGEST_DIGITS or int(digits) > highest:
        bound = "" if highest == LARGEST_INTEGER else f"; use at most {highest}"
        raise BadInput(f"{what} {shown} is too large{bound}")
    if int(digits) < lowest:
        raise BadInput(f"{what} must be at least {lowest}, not {shown}")
    return int(digits)


def positive_int(value: int, what: str) -> int:
    if value < 1:
        raise BadInput(f"{what} must be at least 1, not {value}")
    return value


def text_value(text: str, what: str, limit: int | None = None) -> str:
    """A required free-text field: surrounding blanks dropped, empty refused, at most
    ``limit`` characters when one is given."""
    value = text.strip()
    if not value:
        raise BadInput(f"{what} cannot be empty")
    return capped(value, what, limit)


def optional_text(text: str | None, what: str = "text", limit: int | None = None) -> str | None:
    """An optional free-text field (line breaks welcome): blank means "none"."""
    if text is None:
        return None
    value = text.strip()
    return capped(value, what, limit) if value else None


def line(text: str, what: str, limit: int, example: str = "") -> str:
    """A required one-line field (a company, a role, a name): it ends up in a letter's
    greeting, its subject or a mail header, where a line break would cut the letter in two
    (or start a header), so line breaks and other control characters are refused."""
    value = text_value(text, what, limit)
    return _one_line(value, what, example)


def optional_line(text: str | None, what: str, limit: int, example: str = "") -> str | None:
    """An optional one-line field: blank means "none"; otherwise as ``line``."""
    value = optional_text(text, what, limit)
    return None if value is None else _one_line(value, what, example)


def short_text(text: str | None, what: str, limit: int, example: str) -> str | None:
    """An optional one-line field that goes into a letter (a line break there would break
    the letter, and a header): blank means "none", runs of spaces become one."""
    if text is None or not text.strip():
        return None
    _one_line(text.strip(), what, example)
    return capped(" ".join(text.split()), what, limit)


_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _one_line(value: str, what: str, example: str) -> str:
    if value.isprintable():  # the usual case, checked in C: no line break, no control
        return value
    if any(ch in _LINE_BREAKS for ch in value):
        hint = f", e.g. {example}" if example else "; type it without line breaks"
        raise BadInput(f"{what} must be one line{hint}")
    if not all(ch == " " or ch.isprintable() or ch > "\x9f" for ch in value):
        raise BadInput(f"{what} {value!r} has a control character; type plain text")
    return value


def capped(value: str, what: str, limit: int | None) -> str:
    """``value`` if it has at most ``limit`` characters (any, when ``limit`` is None)."""
    if limit is not None and len(value) > limit:
        raise BadInput(f"{what} must be at most {limit} characters, not {len(value)}")
    return value
