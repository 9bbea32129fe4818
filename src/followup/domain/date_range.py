"""The dates followup accepts (``limits``) as two rules: whether a date is one of them, and
how a date stored outside them is read.

Every entrance refuses a date outside the range, so new rows hold none; but a database
written by an older release (or by hand) may. Whatever reads stored instants and dates
passes them through ``clamp_instant`` / ``clamp_day``, which move an out-of-range value to
the nearest edge of what can be accepted. So every view, plan and chart works on dates
with years of room either side, and a row at year 1 or 9999 shows at the edge of the
range instead of crashing the page that shows it (the row in the file is left as it was).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from followup.domain.limits import EARLIEST_DATE, LATEST_DATE

# The first and last instants an accepted wall-clock time can name in any zone (UTC-12 to
# UTC+14): a day of slack either side of the accepted dates.
FIRST_INSTANT = datetime.combine(EARLIEST_DATE - timedelta(days=1), time(), UTC)
LAST_INSTANT = datetime.combine(LATEST_DATE + timedelta(days=2), time(), UTC) - timedelta(
    microseconds=1
)


def accepts(day: date) -> bool:
    """Whether ``day`` (a date, or a date-time's own wall-clock date) is within the range."""
    if isinstance(day, datetime):
        day = day.date()
    return EARLIEST_DATE <= day <= LATEST_DATE


def clamp_instant(moment: datetime) -> datetime:
    """A stored aware instant, moved to the nearest edge when outside the accepted range."""
    if moment < FIRST_INSTANT:
        return FIRST_INSTANT.astimezone(moment.tzinfo)
    if moment > LAST_INSTANT:
        return LAST_INSTANT.astimezone(moment.tzinfo)
    return moment


def clamp_day(day: date) -> date:
    """A stored date, moved to the nearest edge when outside the accepted range."""
    return min(max(day, EARLIEST_DATE), LATEST_DATE)
