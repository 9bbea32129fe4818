"""The business calendar: hours, weekends, holidays and DST, on the recipient's clock."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from followup.domain.business_hours import BusinessCalendar, holidays_for
from followup.domain.model import WorkingHours

LONDON = ZoneInfo("Europe/London")
UK = BusinessCalendar(LONDON, WorkingHours(), holidays_for("GB"))


def t(text: str, zone: ZoneInfo = LONDON) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-17 08:00", "2026-11-17 09:00"),  # before opening
        ("2026-11-17 12:34", "2026-11-17 12:34"),  # open now
        ("2026-11-17 17:00", "2026-11-18 09:00"),  # at closing: tomorrow
        ("2026-11-20 18:00", "2026-11-23 09:00"),  # Friday evening: Monday
        ("2026-11-21 10:00", "2026-11-23 09:00"),  # Saturday
        ("2026-12-24 17:30", "2026-12-29 09:00"),  # Christmas, weekend, Boxing Day substitute
    ],
)
def test_next_open(moment: str, expected: str) -> None:
    assert UK.next_open(t(moment)) == t(expected)


def test_wall_clock_survives_dst() -> None:
    before = UK.opening(date(2026, 10, 23))
    after = UK.opening(date(2026, 10, 26))
    assert before.utcoffset() != after.utcoffset()
    assert before.astimezone(LONDON).time() == after.astimezone(LONDON).time() == time(9)


def test_a_skipped_wall_time_moves_forward() -> None:
    cal = BusinessCalendar(LONDON, WorkingHours(start=time(1, 30), end=time(17)))
    # 01:30 does not exist on 2026-03-29 in London (01:00 -> 02:00).
    opening = cal.opening(date(2026, 3, 29))
    assert opening.astimezone(LONDON).hour == 2


def test_business_deadline_counts_business_days() -> None:
    assert UK.business_deadline(t("2026-11-20 16:00"), 1) == t("2026-11-23 17:00")
    assert UK.business_deadline(t("2026-11-21 10:00"), 0) == t("2026-11-23 17:00")


def test_other_working_days_and_zones() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    cal = BusinessCalendar(tokyo, WorkingHours(weekdays=frozenset({0, 1, 2, 3})))
    assert cal.next_open(t("2026-11-19 18:00", tokyo)) == t("2026-11-23 09:00", tokyo)
    assert not cal.in_hours(t("2026-11-20 10:00", tokyo))


def test_no_country_means_no_holidays() -> None:
    assert not holidays_for(None)(date(2026, 12, 25))
    assert holidays_for("gb")(date(2026, 12, 25))


def test_bad_working_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="start before"):
        WorkingHours(start=time(17), end=time(9))
