"""Snoozing an action: the user's "not now, later", as a moment to put it off to.

A snooze is a decision recorded as data (an ``action_snoozed`` event naming the action and
``until``); the planner moves the action's window there and places it in business hours
(``planner._Planner.snooze``). This module holds the rules of the moment itself, pure:
the quick choices the pages offer, and what a moment must be to count as "later".
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

# The quick choices offered next to Done and Skip, and what each means.
PRESETS = {
    "tomorrow": "tomorrow morning",
    "next-week": "Monday morning next week",
}
# Further than this is not "later", it is "never": that is Skip.
MAX_DAYS = 366


def preset(name: str, now: datetime) -> datetime:
    """The moment a quick choice means on ``now``'s clock (the start of that day; the
    planner then moves it to the first business hour). ``ValueError`` for an unknown one."""
    day = now.date()
    if name == "tomorrow":
        target = day + timedelta(days=1)
    elif name == "next-week":
        target = day + timedelta(days=7 - day.weekday())
    else:
        raise ValueError(f"unknown snooze {name!r}; use one of: {', '.join(PRESETS)}")
    return datetime.combine(target, time(0, 0), tzinfo=now.tzinfo)


def problem(until: datetime, now: datetime) -> str | None:
    """Why ``until`` cannot be a snooze at ``now`` (None: it can)."""
    if until <= now:
        return "is not in the future; give a later date or time"
    if until - now > timedelta(days=MAX_DAYS):
        return f"is more than {MAX_DAYS} days away; to drop the action, skip it instead"
    return None
