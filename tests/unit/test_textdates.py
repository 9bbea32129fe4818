"""Dates in replies, read against the mail's own date (never the clock).

The ambiguity rule for numeric dates, pinned here: ISO is ISO; a part above 12 decides the
order; dots are day-first; otherwise the reading nearest after the mail's date wins (written
in November, 12/07 is 7 December; written in June, 12/07 is 12 July).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.textdates import PAST_GRACE, find_dates

FRI = date(2026, 11, 20)
WED = date(2026, 11, 25)
SUN = date(2026, 11, 22)


def first(text: str, anchor: date | None) -> tuple[date, date] | None:
    found = find_dates(text, anchor)
    return (found[0].first, found[0].last) if found else None


def day(text: str, anchor: date | None = FRI) -> date | None:
    span = first(text, anchor)
    return None if span is None else span[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I will be back on 7 December", date(2026, 12, 7)),
        ("back on the 7th of December", date(2026, 12, 7)),
        ("back December 7th", date(2026, 12, 7)),
        ("returning Monday 30 November", date(2026, 11, 30)),
        ("returning Monday, November 30", date(2026, 11, 30)),
        ("by Friday 4 December", date(2026, 12, 4)),
        ("on 3rd December 2027", date(2027, 12, 3)),
        ("Dec. 3, 2026", date(2026, 12, 3)),
        ("2026-12-07", date(2026, 12, 7)),
        # year roll-over: written in November, January is next year ...
        ("back on 4 January", date(2027, 1, 4)),
        ("back on 5 Jan", date(2027, 1, 5)),
        # ... but a date a little in the past stays in this year ("since 16 November")
        ("away since 16 November", date(2026, 11, 16)),
        # other languages (the auto-reply rules read these)
        ("bis zum 7. Dezember", date(2026, 12, 7)),
        ("jusqu'au lundi 7 décembre", date(2026, 12, 7)),
        ("hasta el 30 de noviembre", date(2026, 11, 30)),
        ("fino al 4 dicembre", date(2026, 12, 4)),
        ("tot en met 4 december", date(2026, 12, 4)),
        ("até 7 de dezembro", date(2026, 12, 7)),
        ("ab dem 07.12. wieder da", date(2026, 12, 7)),
        ("bis 04.12.2026", date(2026, 12, 4)),
    ],
)
def test_written_dates(text: str, expected: date) -> None:
    assert day(text) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("12/07", date(2026, 11, 20), date(2026, 12, 7)),  # US reading is the near one
        ("12/07", date(2026, 6, 20), date(2026, 7, 12)),  # UK reading is the near one
        ("25/12", date(2026, 11, 20), date(2026, 12, 25)),  # 25 cannot be a month
        ("12/25", date(2026, 11, 20), date(2026, 12, 25)),
        ("03/04/2027", date(2026, 11, 20), date(2027, 3, 4)),  # with a year: the nearer
        ("07.12.", date(2026, 11, 20), date(2026, 12, 7)),  # dots: always day-first
        ("04.12.2026", date(2026, 6, 1), date(2026, 12, 4)),
        ("12/07/26", date(2026, 11, 20), date(2026, 12, 7)),
    ],
)
def test_numeric_dates_and_their_ambiguity(text: str, anchor: date, expected: date) -> None:
    assert day(text, anchor) == expected


@pytest.mark.parametrize(
    "text", ["24/7 support", "at 10.30", "version 1.2", "call 10:30", "1/2 day"]
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, FRI) == []


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("on Monday", FRI, date(2026, 11, 23)),
        ("by Friday", FRI, date(2026, 11, 27)),  # said on a Friday: the next one
        ("this Friday", FRI, date(2026, 11, 20)),  # "this" may be today
        ("next Friday", WED, date(2026, 12, 4)),  # coming Friday is in this week: skip it
        ("next Monday", WED, date(2026, 11, 30)),
        ("next Monday", SUN, date(2026, 11, 23)),  # Sunday: tomorrow is next week's Monday
        ("tomorrow", FRI, date(2026, 11, 21)),
        ("by Thurs", WED, date(2026, 11, 26)),
    ],
)
def test_weekdays(text: str, anchor: date, expected: date) -> None:
    assert day(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "span"),
    [
        ("next week", WED, (date(2026, 11, 30), date(2026, 12, 4))),
        ("early next week", WED, (date(2026, 11, 30), date(2026, 12, 1))),
        ("by the end of next week", WED, (date(2026, 12, 4), date(2026, 12, 4))),
        ("by the end of the week", WED, (date(2026, 11, 27), date(2026, 11, 27))),
        ("later this week", WED, (date(2026, 11, 27), date(2026, 11, 27))),
        ("within the next two weeks", WED, (WED, WED + timedelta(days=14))),
        ("within a week", WED, (WED, WED + timedelta(days=7))),
        ("in 10 days", WED, (WED, WED + timedelta(days=10))),
        ("within 5 working days", WED, (WED, date(2026, 12, 2))),  # skips the weekend
        ("within a couple of weeks", WED, (WED, WED + timedelta(days=14))),
        ("within a month", date(2026, 1, 31), (date(2026, 1, 31), date(2026, 2, 28))),
        ("by the end of the month", WED, (date(2026, 11, 30), date(2026, 11, 30))),
        ("by the end of next month", WED, (date(2026, 12, 31), date(2026, 12, 31))),
        ("early December", WED, (date(2026, 12, 1), date(2026, 12, 10))),
        ("mid-December", WED, (date(2026, 12, 10), date(2026, 12, 20))),
        ("late January", WED, (date(2027, 1, 21), date(2027, 1, 31))),
        ("in the first week of December", WED, (date(2026, 12, 1), date(2026, 12, 4))),
        ("the last week of December", WED, (date(2026, 12, 28), date(2026, 12, 31))),
        ("second week of January", WED, (date(2027, 1, 4), date(2027, 1, 8))),
        ("until March 2027", WED, (date(2027, 3, 1), date(2027, 3, 31))),
    ],
)
def test_relative_spans(text: str, anchor: date, span: tuple[date, date]) -> None:
    assert first(text, anchor) == span


def test_without_the_mails_date_only_absolute_dates_are_read() -> None:
    assert day("2026-12-07", None) == date(2026, 12, 7)
    assert day("7 December 2026", None) == date(2026, 12, 7)
    assert day("03/04/2027", None) == date(2027, 4, 3)  # no anchor: day-first
    for relative in ("next week", "on Monday", "7 December", "12/07", "within two weeks"):
        assert find_dates(relative, None) == [], relative


def test_a_weekday_with_a_date_is_one_mention_and_can_pick_the_year() -> None:
    found = find_dates("back Friday 4 December, not before", FRI)
    assert [m.text for m in found] == ["Friday 4 December"]
    # Written in December 2026: "Monday 4 January" is 2027 (4 January 2027 is a Monday).
    assert day("Monday 4 January", date(2026, 12, 21)) == date(2027, 1, 4)


def test_impossible_dates_are_ignored() -> None:
    assert find_dates("31 February", FRI) == []
    assert find_dates("2026-13-45", FRI) == []
    assert find_dates("30/02", FRI) == []


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31)),
    st.integers(1, 12),
    st.integers(1, 28),
)
def test_a_date_without_a_year_is_never_far_from_the_mail(
    anchor: date, month: int, dom: int
) -> None:
    names = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
    got = day(f"back on {dom} {names[month - 1]}", anchor)
    assert got is not None
    assert (got.month, got.day) == (month, dom)
    assert anchor - PAST_GRACE <= got <= anchor - PAST_GRACE + timedelta(days=366)


@given(st.text(max_size=300), st.one_of(st.none(), st.dates()))
def test_any_text_is_safe(text: str, anchor: date | None) -> None:
    for mention in find_dates(text, anchor):
        assert mention.first <= mention.last
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize("anchor", [date.max, date.min, date(9999, 12, 25)])
def test_the_ends_of_the_calendar_are_safe(anchor: date) -> None:
    text = "back 4 January, next week, within 2 months, end of next month, mid-December, Monday"
    for mention in find_dates(text, anchor):
        assert mention.first <= mention.last
