"""Days as a letter says them (domain/timewords): relative to the send day, in the reader's
locale."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain import timewords

THURSDAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("zone", "country", "locale", "written"),
    [
        ("America/New_York", None, "en_US", "Thursday, December 3"),
        ("America/Los_Angeles", "GB", "en_US", "Thursday, December 3"),  # the reader's zone wins
        ("America/Toronto", None, "en_CA", "Thursday, December 3"),
        ("Europe/London", None, "en_GB", "Thursday 3 December"),
        ("Europe/Dublin", None, "en_IE", "Thursday 3 December"),
        ("Asia/Singapore", None, "en_SG", "Thursday 3 December"),
        ("Australia/Sydney", None, "en_AU", "Thursday 3 December"),
        ("Asia/Kolkata", None, "en_IN", "Thursday, 3 December"),
        ("Europe/Berlin", None, "en_DE", "Thursday 3 December"),
        (None, "US", "en_US", "Thursday, December 3"),  # no zone of their own: the user's country
        (None, "IE", "en_IE", "Thursday 3 December"),
        (None, None, "en_001", "Thursday 3 December"),
        ("Asia/Shanghai", None, "en_001", "Thursday 3 December"),  # Babel has no en_CN
    ],
)
def test_a_date_is_written_the_recipients_way(
    zone: str | None, country: str | None, locale: str, written: str
) -> None:
    assert timewords.locale_for(zone, country) == locale
    assert timewords.day_words(THURSDAY, locale) == written


@pytest.mark.parametrize(
    ("send", "words"),
    [
        (THURSDAY, "today"),
        (THURSDAY + timedelta(days=1), "yesterday"),
        (THURSDAY + timedelta(days=4), "on Thursday"),  # Monday: this week's Thursday
        (THURSDAY + timedelta(days=6), "on Thursday"),
        (THURSDAY + timedelta(days=7), "last week"),  # next Thursday
        (THURSDAY + timedelta(days=10), "last week"),  # the Sunday after
        (THURSDAY + timedelta(days=11), "on Thursday 3 December"),  # two calendar weeks on
        (THURSDAY + timedelta(days=30), "on Thursday 3 December"),
    ],
)
def test_when_we_met_is_said_on_the_day_the_letter_goes(send: date, words: str) -> None:
    assert timewords.met_words(THURSDAY, send, "en_GB") == words


def test_a_far_date_follows_the_locale() -> None:
    assert timewords.met_words(THURSDAY, THURSDAY + timedelta(days=20), "en_US") == (
        "on Thursday, December 3"
    )


@pytest.mark.parametrize(
    ("days", "words"),
    [(0, "a day"), (1, "a day"), (3, "three days"), (7, "a week"), (15, "two weeks"),
     (70, "10 weeks")],
)  # fmt: skip
def test_how_long_ago(days: int, words: str) -> None:
    assert timewords.since_words(THURSDAY, THURSDAY + timedelta(days=days)) == words


@given(st.integers(min_value=0, max_value=400))
def test_today_and_yesterday_only_when_they_are_true(days: int) -> None:
    said = timewords.met_words(THURSDAY, THURSDAY + timedelta(days=days), "en_GB")
    assert (said == "today") == (days == 0)
    assert (said == "yesterday") == (days == 1)
    if said.startswith("on ") and days >= 7:
        assert "3 December" in said
