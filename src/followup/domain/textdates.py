"""Dates as employers and out-of-office notices write them, read against the mail's own date.

Hand-written rather than ``dateparser.search.search_dates``, for three reasons measured or
read before deciding:

- import cost: dateparser pulls in ``regex``, its language data and tz tables, a few hundred
  milliseconds on first use, on a path (``inbox sync``) that may classify hundreds of mails;
- precision: a general search finds dates in words that are not dates ("may", "second",
  "now", "March" as a verb), and has no notion of a *span* ("next week" is Monday to Friday:
  an out-of-office return wants the start, a decision deadline the end);
- the forms that matter are few and known: "7 December", "December 7th", "Friday 4
  December", "12/07", "07.12.", "2026-12-07", a weekday, "next week", "end of next week",
  "within two weeks", "in 10 working days", "mid-December", in the seven languages the
  auto-reply rules read (month and weekday names).

Everything is relative to ``anchor``, the date the mail was written; never the clock. A date
without a year takes the anchor's year, or the next one when it would fall more than
``PAST_GRACE`` before the anchor (written in November, "back on 4 January" is next year).

Numeric dates: ISO (``2026-12-07``) is unambiguous; a part above 12 decides the order; dots
(``07.12.``) are day-first, as everywhere that writes them. When both orders are possible
(``12/07``) the reading nearest after the anchor wins, because the dates a reply states (a
return, a decision, a deadline) are near: written in November, ``12/07`` is 7 December, not
12 July. Without an anchor, day-first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from followup.domain.date_range import accepts
from followup.domain.month_names import MONTHS
from followup.domain.prefilter import fold, needles, possible

PAST_GRACE = timedelta(days=30)


_WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "monday mon montag lundi lunes lunedì lunedi maandag segunda-feira segunda",
        "tuesday tue tues dienstag mardi martes martedì martedi dinsdag terça-feira terça",
        "wednesday wed mittwoch mercredi miércoles miercoles mercoledì mercoledi woensdag "
        "quarta-feira quarta",
        "thursday thu thur thurs donnerstag jeudi jueves giovedì giovedi donderdag "
        "quinta-feira quinta",
        "friday fri freitag vendredi viernes venerdì venerdi vrijdag sexta-feira sexta",
        "saturday sat samstag samedi sábado sabado sabato zaterdag",
        "sunday sun sonntag dimanche domingo domenica zondag",
    )
):
    for _name in _names.split():
        _WEEKDAYS[_name] = _number

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "couple of": 2, "a couple of": 2, "few": 3, "a few": 3,
}  # fmt: skip


# A weekday alone is read only by names that are nothing else: not "mon", and not the
# Portuguese "segunda" ("segunda entrevista" is a second interview).
_STANDALONE_WEEKDAYS = [
    w
    for w in _WEEKDAYS
    if len(w) > 3 and w not in {"segunda", "terça", "quarta", "quinta", "sexta"}
]


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_MONTH = rf"(?P<month>{_alternation(list(MONTHS))})\.?"
_WEEKDAY = rf"(?:(?P<weekday>{_alternation(list(_WEEKDAYS))})\.?,?\s+)"
_YEAR = r"(?:,?\s+(?:de\s+|of\s+)?(?P<year>\d{4}))?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?"

_SOURCES: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<year>\d{4})-(?P<a>\d{1,2})-(?P<b>\d{1,2})\b"),
    # 12/07, 12/07/2026, 07.12., 07.12.2026, 7-12-26; not 24/7, not a time like 10.30
    (
        "numeric",
        r"(?<![\d/.:-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})"
        r"(?:(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/.-])|(?P<dot>\.)(?!\d)|(?![\d/.:-]))",
    ),
    ("day_month", rf"\b{_WEEKDAY}?(?:the\s+)?{_DAY}\s+(?:of\s+|de\s+)?{_MONTH}{_YEAR}\b"),
    ("month_day", rf"\b{_WEEKDAY}?{_MONTH}\s+(?:the\s+)?{_DAY}(?!\d){_YEAR}\b"),
    (
        "week_of_month",
        rf"\b(?:the\s+)?(?P<nth>first|1st|second|2nd|third|3rd|fourth|4th|last|final)\s+"
        rf"week\s+(?:of|in)\s+{_MONTH}\b",
    ),
    ("month_year", rf"\b{_MONTH}\s+(?P<year>\d{{4}})\b"),
    (
        "part_of_month",
        rf"\b(?P<part>early|mid|middle of|late|end of|the end of|beginning of|start of)"
        rf"[\s-]+(?:the\s+)?{_MONTH}\b",
    ),
    (
        "within",
        r"\b(?:within|in)\s+(?:the\s+)?(?:next\s+|coming\s+)?"
        r"(?P<count>\d{1,2}|a couple of|couple of|a few|few|an|a|one|two|three|four|"
        r"five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?P<business>business\s+|working\s+)?(?P<unit>days?|weeks?|months?)\b",
    ),
    (
        "week",
        r"\b(?:(?P<part>early|the\s+start\s+of|the\s+beginning\s+of|the\s+end\s+of|end\s+of|"
        r"late|later)\s+)?(?P<which>next|this|the)\s+week\b",
    ),
    (
        "month_rel",
        r"\b(?:(?P<part>the\s+end\s+of|end\s+of)\s+)?(?P<which>next|this|the)\s+month\b",
    ),
    ("tomorrow", r"\btomorrow\b"),
    (
        "weekday",
        rf"\b(?:(?P<which>next|this|coming|this\s+coming)\s+)?"
        rf"(?P<weekday>{_alternation(_STANDALONE_WEEKDAYS)})\b",
    ),
)
# The patterns whose every match holds a digit (a day or a year, not spelt out).
_DIGIT_KINDS = frozenset({"iso", "numeric", "day_month", "month_day", "month_year"})
# Each pattern with the words one of which its every match holds (``domain.prefilter``),
# and whether it needs a digit: a text without them is not searched for it (most
# sentences of a mail hold no date, and a substring test is far cheaper than a search).
_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...] | None, bool], ...] = tuple(
    (
        name,
        re.compile(source, re.IGNORECASE),
        needles(source, re.IGNORECASE),
        name in _DIGIT_KINDS,
    )
    for name, source in _SOURCES
)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateMention:
    """One date found in a text: where, and the days it names.

    ``first`` and ``last`` differ for spans ("next week": Monday to Friday); a single day has
    both equal. A return from leave reads ``first``; a deadline reads ``last``.
    """

    start: int
    end: int
    first: date
    last: date
    text: str


def find_dates(text: str, anchor: date | None) -> list[DateMention]:
    """Every date mention in ``text``, in order; overlapping matches keep the earliest
    pattern (the most specific: "Friday 4 December" is one date, not a weekday and a day).
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    folded = fold(text)
    digits = _DIGIT.search(text) is not None
    for kind, pattern, words, needs_digit in _PATTERNS:
        if needs_digit and not digits:
            continue
        if not possible(words, folded):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            try:
                span = _resolve(kind, match, anchor)
            except (ValueError, OverflowError):  # past year 9999 or before year 1
                span = None
            if span is None:
                continue
            taken.append((start, end))
            if not _accepted(span):
                continue  # "back on 31 December 9999": a typo or a joke, not a fact to plan on
            found.append(DateMention(start, end, span[0], span[1], match.group(0)))
    return sorted(found, key=lambda m: m.start)


def _accepted(span: tuple[date, date]) -> bool:
    """Both ends within the dates followup accepts (``date_range``): a date outside them is not
    taken as a fact, and its words are not read again as some other, nearer date."""
    return accepts(span[0]) and accepts(span[1])


def describe(mention: DateMention) -> str:
    """The mention as a reason quotes it: on one line, without a sentence's full stop."""
    return " ".join(mention.text.split()).rstrip(".") or mention.text


def _resolve(kind: str, match: re.Match[str], anchor: date | None) -> tuple[date, date] | None:
    groups = match.groupdict()
    if kind == "iso":
        day = _safe_date(int(groups["year"]), int(groups["a"]), int(groups["b"]))
        return None if day is None else (day, day)
    if kind == "numeric":
        return _numeric(groups, anchor)
    if kind in ("day_month", "month_day"):
        month = MONTHS[groups["month"].lower()]
        weekday = _WEEKDAYS.get((groups.get("weekday") or "").lower())
        day = _day_month(int(groups["day"]), month, groups.get("year"), weekday, anchor)
        return None if day is None else (day, day)
    if kind == "week_of_month":
        return _week_of_month(groups["nth"].lower(), MONTHS[groups["month"].lower()], anchor)
    if kind == "month_year":
        month = MONTHS[groups["month"].lower()]
        year = int(groups["year"])
        return date(year, month, 1), _last_day(year, month)
    if kind == "part_of_month":
        return _part_of_month(groups["part"].lower(), MONTHS[groups["month"].lower()], anchor)
    if anchor is None:
        return None  # the rest is relative to the mail's date
    if kind == "within":
        return _within(groups, anchor)
    if kind == "week":
        return _week(groups, anchor)
    if kind == "month_rel":
        return _month_rel(groups, anchor)
    if kind == "tomorrow":
        day = anchor + timedelta(days=1)
        return day, day
    if kind == "weekday":
        day = _weekday(_WEEKDAYS[groups["weekday"].lower()], groups.get("which"), anchor)
        return day, day
    return None  # pragma: no cover - every pattern kind is handled above


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, anchor: date) -> date | None:
    """The earliest date with this month and day not more than ``PAST_GRACE`` before the
    anchor: written on 2 January, "since 20 December" is last year's."""
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate >= anchor - PAST_GRACE:
            return candidate
    return None


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _numeric(groups: dict[str, str | None], anchor: date | None) -> tuple[date, date] | None:
    a, b = int(groups["a"] or 0), int(groups["b"] or 0)
    year = groups.get("year")
    if (a, b) == (24, 7):
        return None  # "24/7" is round the clock, not the 24th of July
    if (
        groups.get("sep") == "/"
        and year is None
        and max(len(groups["a"] or ""), len(groups["b"] or "")) < 2
    ):
        return None  # "1/2 day" is a fraction; dates are written 12/7, 3/12, 01/02
    if groups.get("sep") == "." and year is None and groups.get("dot") is None:
        return None  # 10.30 is a time; a dotted date without a year ends with a dot: 07.12.
    # (month, day) readings: day-first wherever dots are written; else both, day-first first
    readings = [(b, a)] if groups.get("sep") == "." else [(b, a), (a, b)]
    days: list[date] = []
    for month, day in readings:
        if year is not None:
            candidate = _safe_date(_full_year(year), month, day)
        elif anchor is not None:
            candidate = _with_year(month, day, anchor)
        else:
            candidate = None
        if candidate is not None and candidate not in days:
            days.append(candidate)
    if not days:
        return None
    if anchor is not None and len(days) > 1:
        upcoming = [d for d in days if d >= anchor] or days
        chosen = min(upcoming, key=lambda d: abs((d - anchor).days))
    else:
        chosen = days[0]
    return chosen, chosen


def _day_month(
    day: int, month: int, year: str | None, weekday: int | None, anchor: date | None
) -> date | None:
    if year is not None:
        return _safe_date(int(year), month, day)
    if anchor is None:
        return None
    candidate = _with_year(month, day, anchor)
    if candidate is not None and weekday is not None and candidate.weekday() != weekday:
        # "Friday 4 December": a weekday that fits next year, not this, names next year.
        later = _safe_date(candidate.year + 1, month, day)
        if later is not None and later.weekday() == weekday:
            return later
    return candidate


def _last_day(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _part_of_month(part: str, month: int, anchor: date | None) -> tuple[date, date] | None:
    if anchor is None:
        return None
    first = _with_year(month, 1, anchor)
    if first is None:  # pragma: no cover - the first of a month always exists
        return None
    last = _last_day(first.year, month)
    if part == "early" or part.endswith(("beginning of", "start of")):
        return first, first.replace(day=10)
    if part in ("mid", "middle of"):
        return first.replace(day=10), first.replace(day=20)
    return first.replace(day=21), last  # late, end of


def _week_of_month(nth: str, month: int, anchor: date | None) -> tuple[date, date] | None:
    """Calendar weeks, Monday to Friday: the first is the week of the month's first weekday;
    the last, the week of its last weekday."""
    if anchor is None:
        return None
    first = _with_year(month, 1, anchor)
    if first is None:  # pragma: no cover - the first of a month always exists
        return None
    if nth in ("last", "final"):
        day = _last_day(first.year, month)
        while day.weekday() > 4:
            day -= timedelta(days=1)
        monday = day - timedelta(days=day.weekday())
    else:
        weekday = first
        while weekday.weekday() > 4:
            weekday += timedelta(days=1)
        index = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}.get(nth, 3)
        monday = weekday - timedelta(days=weekday.weekday()) + timedelta(weeks=index)
    return max(monday, first), min(monday + timedelta(days=4), _last_day(first.year, month))


def _within(groups: dict[str, str | None], anchor: date) -> tuple[date, date] | None:
    count_text = " ".join((groups["count"] or "").lower().split())
    count = int(count_text) if count_text.isdigit() else _NUMBERS.get(count_text)
    if not count:
        return None
    unit = (groups["unit"] or "").lower().rstrip("s")
    if unit == "day" and groups.get("business"):
        day = anchor
        left = count
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return anchor, day
    if unit == "month":
        month_index = anchor.month - 1 + count
        year, month = anchor.year + month_index // 12, month_index % 12 + 1
        return anchor, date(year, month, min(anchor.day, _last_day(year, month).day))
    days = count * (7 if unit == "week" else 1)
    return anchor, anchor + timedelta(days=days)


def _week(groups: dict[str, str | None], anchor: date) -> tuple[date, date] | None:
    which = (groups["which"] or "").lower()
    part = " ".join((groups.get("part") or "").lower().split())
    monday = anchor - timedelta(days=anchor.weekday())
    if which == "next":
        monday += timedelta(days=7)
    elif which == "the" and not part.endswith("end of"):
        return None  # "the week" alone names nothing
    friday = monday + timedelta(days=4)
    if part.endswith("end of") or part in ("late", "later"):
        return friday, friday
    if part in ("early", "the start of", "the beginning of"):
        return monday, monday + timedelta(days=1)
    return max(monday, anchor), friday


def _month_rel(groups: dict[str, str | None], anchor: date) -> tuple[date, date] | None:
    which = (groups["which"] or "").lower()
    part = groups.get("part")
    year, month = anchor.year, anchor.month
    if which == "next":
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif which == "the" and part is None:
        return None
    last = _last_day(year, month)
    if part:
        return last, last
    return max(date(year, month, 1), anchor), last


def _weekday(weekday: int, which: str | None, anchor: date) -> date:
    """The coming ``weekday`` after the anchor; "this" may be the anchor's own day; "next"
    skips to the following week when the coming one is still in the anchor's week."""
    ahead = (weekday - anchor.weekday()) % 7
    word = " ".join((which or "").lower().split())
    if ahead == 0 and word != "this":
        ahead = 7
    if word == "next" and anchor.weekday() + ahead < 7:
        ahead += 7
    return anchor + timedelta(days=ahead)
