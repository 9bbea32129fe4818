"""Business time: when a message may land in someone's inbox.

A ``BusinessCalendar`` answers in one zone (the recipient's), with the profile's working hours
and the public holidays of the profile's country. All arithmetic goes through wall-clock
times in that zone and back through ``zoneinfo``, so it is right across DST changes: "09:00
Monday" is 09:00 on the recipient's clock whatever the offset that day.

Holidays come in as a predicate so the domain stays free of where they are computed; see
``holidays_for`` for the default built on the ``holidays`` package (pure computation, imported
only when a plan is actually computed, never on the CLI's read path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from followup.domain.model import WorkingHours

IsHoliday = Callable[[date], bool]


def no_holidays(_day: date) -> bool:
    return False


@cache
def holidays_for(country: str | None) -> IsHoliday:
    """Public holidays of ``country`` (ISO 3166 code) as a predicate; None: none at all."""
    if not country:
        return no_holidays
    import holidays  # heavy (~0.1 s): only when planning

    table = holidays.country_holidays(country.upper())
    return table.__contains__


def supported_country(country: str) -> bool:
    import holidays

    return country.upper() in holidays.list_supported_countries()


@dataclass(frozen=True)
class BusinessCalendar:
    zone: ZoneInfo
    hours: WorkingHours = field(default_factory=WorkingHours)
    is_holiday: IsHoliday = no_holidays

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.hours.weekdays and not self.is_holiday(day)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def at(self, day: date, clock: time) -> datetime:
        """The instant that shows ``clock`` on ``day`` in this zone.

        A wall time that a DST jump skips is moved forward by the jump (zoneinfo's fold=0
        rule gives the pre-transition offset, which we normalise through UTC).
        """
        naive = datetime.combine(day, clock)
        aware = naive.replace(tzinfo=self.zone)
        return aware.astimezone(ZoneInfo("UTC")).astimezone(self.zone)

    def opening(self, day: date) -> datetime:
        return self.at(day, self.hours.start)

    def closing(self, day: date) -> datetime:
        return self.at(day, self.hours.end)

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        nxt = day + timedelta(days=1)
        for _ in range(400):  # a year of closures would be a broken calendar, not a plan
            if self.is_business_day(nxt):
                return nxt
            nxt += timedelta(days=1)
        raise ValueError("no business day within a year: check working days and holidays")

    def first_business_day_from(self, day: date) -> date:
        return day if self.is_business_day(day) else self.next_business_day(day)

    def in_hours(self, moment: datetime) -> bool:
        loc = self.local(moment)
        return self.is_business_day(loc.date()) and self.opening(
            loc.date()
        ) <= moment < self.closing(loc.date())

    def next_open(self, moment: datetime) -> datetime:
        """The first instant at or after ``moment`` inside business hours."""
        loc = self.local(moment)
        day = loc.date()
        if self.is_business_day(day):
            if moment < self.opening(day):
                return self.opening(day)
            if moment < self.closing(day):
                return moment
        return self.opening(self.next_business_day(day))

    def next_morning(self, moment: datetime) -> datetime:
        """Opening time of the first business day after ``moment``'s local date."""
        return self.opening(self.next_business_day(self.local(moment).date()))

    def add_business_days(self, day: date, count: int) -> date:
        """``count`` business days after ``day`` (0: ``day`` itself if it is one)."""
        result = self.first_business_day_from(day) if count == 0 else day
        for _ in range(count):
            result = self.next_business_day(result)
        return result

    def business_deadline(self, moment: datetime, business_days: int) -> datetime:
        """Close of business ``business_days`` after ``moment``'s local date.

        "Within 1 business day" of a message that came in on Friday 16:00 ends Monday at close.
        """
        return self.closing(self.add_business_days(self.local(moment).date(), business_days))
