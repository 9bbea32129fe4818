"""Times as a person reads them: "tomorrow 09:30, in 19 h", "Fri 21 Nov 09:00, overdue by 2 days".

Pure functions of (moment, now, zone) so they are tested without a clock; English only, and
weekday and month names come from fixed tables rather than the locale, so output does not
change with the machine it runs on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)


def day_label(day: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", else "Fri 28 Nov" (with the year if not this one)."""
    offset = (day - today).days
    if offset == 0:
        return "today"
    if offset == 1:
        return "tomorrow"
    if offset == -1:
        return "yesterday"
    label = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return label if day.year == today.year else f"{label} {day.year}"


def day_and_time(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{day_label(local.date(), now.astimezone(zone).date())} {local:%H:%M}"


def span(delta: timedelta) -> str:
    """A length of time, rounded to what matters at its size: 25 min, 19 h, 4 days."""
    delta = abs(delta)
    if delta < _HOUR:
        return f"{max(1, round(delta / _MINUTE))} min"
    if delta < 36 * _HOUR:
        return f"{round(delta / _HOUR)} h"
    days = round(delta / _DAY)
    return f"{days} days" if days != 1 else "1 day"


def relative(moment: datetime, now: datetime, *, overdue: bool = False) -> str:
    """ "in 19 h"; in the past "2 days ago", or "overdue by 2 days" for something due."""
    delta = moment - now
    if abs(delta) < _MINUTE:
        return "due now" if overdue else "now"
    if delta > timedelta(0):
        return f"in {span(delta)}"
    return f"overdue by {span(delta)}" if overdue else f"{span(delta)} ago"


def due(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    """When something is due and how far off that is: "Fri 28 Nov 09:00, in 4 days"."""
    return f"{day_and_time(moment, now, zone)}, {relative(moment, now, overdue=True)}"


def happened(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    """When something happened: "yesterday 16:00, 18 h ago"."""
    return f"{day_and_time(moment, now, zone)}, {relative(moment, now)}"


def date_label(day: date, now: datetime, zone: ZoneInfo) -> str:
    return day_label(day, now.astimezone(zone).date())
