"""Days as a letter says them: relative to the day it goes out, in the reader's way of writing.

"Thank you for speaking with me today" is true only if the letter leaves on the day of the
interview. So every time word is computed from the day the letter is planned to be sent (the
action's due time, on the recipient's clock), never from the day it happens to be drafted.
Dates are written the way the recipient writes them: "Thursday, December 3" in the United
States, "Thursday 3 December" in Britain, Ireland, Singapore and most of the English-speaking
world. The patterns are CLDR's, through Babel (pure computation on data shipped in its wheel,
imported on first use like ``holidays``); the locale is English of the recipient's territory,
found from their time zone, else the user's country.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

FALLBACK_LOCALE = "en_001"  # international English: "Thursday 3 December"

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_words(n: int) -> str:
    """Letters spell small numbers out."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


@cache
def locale_for(zone: str | None, country: str | None) -> str:
    """``en_US`` for a reader in America/New_York; ``en_IE`` in Europe/Dublin; the country's
    English when the zone says nothing (``en_GB`` for GB), else international English."""
    from babel import localedata
    from babel.core import get_global

    territory = None
    if zone:
        territory = get_global("zone_territories").get(zone)
    if not territory and country:
        territory = country.upper()
    if territory and territory != "001":
        candidate = f"en_{territory}"
        if localedata.exists(candidate):
            return candidate
    return FALLBACK_LOCALE


@cache
def _pattern(locale: str) -> str:
    """The locale's pattern for a weekday and a day of the month, without the year, with the
    weekday and month in full (CLDR abbreviates the weekday in some locales' skeleton)."""
    from babel import Locale
    from babel.dates import match_skeleton

    parsed = Locale.parse(locale)
    skeletons = parsed.datetime_skeletons
    found = match_skeleton("MMMMEEEEd", skeletons)
    pattern = str(skeletons[found].pattern) if found else "EEEE d MMMM"
    pattern = re.sub(r"(?<!E)E{1,3}(?!E)", "EEEE", pattern)
    return re.sub(r"(?<!M)M{3}(?!M)", "MMMM", pattern)


def month_first(locale: str) -> bool:
    """Whether people in this locale write the month before the day (CLDR's medium date:
    ``MMM d, y`` in en_US, en_CA, en_PH; ``d MMM y`` in en_GB, en_AU, en_IN). Where the
    year comes first, a date written with the year last is read day first, as most of the
    world writes it."""
    from babel.dates import get_date_format

    pattern = str(get_date_format("medium", locale=locale).pattern)
    month, day, year = (pattern.find(c) for c in "Mdy")
    return year > month and month < day


def day_words(day: date, locale: str = FALLBACK_LOCALE) -> str:
    """``Thursday, December 3`` (en_US) or ``Thursday 3 December`` (en_GB, en_IE, en_SG)."""
    from babel.dates import format_date

    return str(format_date(day, _pattern(locale), locale=locale))


def met_words(met: date, send: date, locale: str = FALLBACK_LOCALE) -> str:
    """When we met, said on the day the letter goes out: ``today``, ``yesterday``, ``on
    Thursday`` (this week), ``last week``, else ``on Thursday 3 December``."""
    days = (send - met).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {met:%A}"
    last_monday = send - timedelta(days=send.weekday() + 7)
    if last_monday <= met < last_monday + timedelta(days=7):
        return "last week"
    return f"on {day_words(met, locale)}"


def since_words(then: date, send: date) -> str:
    """How long ago, in a letter's words: ``three days``, ``a week``, ``two weeks``."""
    days = (send - then).days
    if days <= 1:
        return "a day"
    if days < 7:
        return f"{count_words(days)} days"
    weeks = days // 7
    return "a week" if weeks == 1 else f"{count_words(weeks)} weeks"
