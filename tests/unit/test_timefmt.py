"""Relative times as the CLI prints them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.cli.output import times

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 14, 30, tzinfo=LONDON)  # a Tuesday


def at(text: str, zone: ZoneInfo = LONDON) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at("2026-11-25 09:30"), "tomorrow 09:30, in 19 h"),
        (at("2026-11-28 09:00"), "Sat 28 Nov 09:00, in 4 days"),
        (at("2026-11-24 15:00"), "today 15:00, in 30 min"),
        (at("2026-11-24 14:30"), "today 14:30, due now"),
        (at("2026-11-24 13:30"), "today 13:30, overdue by 1 h"),
        (at("2026-11-22 09:00"), "Sun 22 Nov 09:00, overdue by 2 days"),
        (at("2026-11-23 17:00"), "yesterday 17:00, overdue by 22 h"),
        (at("2027-01-12 09:00"), "Tue 12 Jan 2027 09:00, in 49 days"),
    ],
)
def test_due(moment: datetime, expected: str) -> None:
    assert times.due(moment, NOW, LONDON) == expected


def test_times_are_shown_on_the_given_clock() -> None:
    new_york = ZoneInfo("America/New_York")
    moment = at("2026-11-25 09:30")  # 04:30 in New York
    assert times.due(moment, NOW, new_york) == "tomorrow 04:30, in 19 h"


def test_happened() -> None:
    assert times.happened(at("2026-11-23 16:00"), NOW, LONDON) == "yesterday 16:00, 22 h ago"
    assert times.happened(at("2026-11-24 14:29:40"), NOW, LONDON) == "today 14:29, now"


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=20), "1 min"),
        (timedelta(minutes=59), "59 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=35), "35 h"),
        (timedelta(hours=36), "2 days"),
        (timedelta(days=1, hours=11), "35 h"),
        (timedelta(days=3, hours=23), "4 days"),
        (-timedelta(days=2), "2 days"),
    ],
)
def test_span(delta: timedelta, expected: str) -> None:
    assert times.span(delta) == expected


def test_day_labels() -> None:
    today = date(2026, 11, 24)
    assert times.day_label(today, today) == "today"
    assert times.day_label(date(2026, 11, 25), today) == "tomorrow"
    assert times.day_label(date(2026, 11, 23), today) == "yesterday"
    assert times.day_label(date(2026, 12, 1), today) == "Tue 1 Dec"
    assert times.day_label(date(2025, 12, 1), today) == "Mon 1 Dec 2025"
    assert times.date_label(date(2026, 11, 25), NOW, LONDON) == "tomorrow"
