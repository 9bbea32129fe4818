"""What a person may type for times, dates, zones, hours, addresses and choices, and what
they are told when it does not parse."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.config_file import load_policy
from followup.cli import fast
from followup.domain.errors import BadInput
from followup.domain.model import LOGGABLE_EVENTS, ContactRole, EventKind
from followup.domain.policy import Policy
from followup.services import inputs

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-17 14:00", datetime(2026, 11, 17, 14, 0)),
        ("2026-11-17T14:00", datetime(2026, 11, 17, 14, 0)),
        ("2026-11-17T14:00:30", datetime(2026, 11, 17, 14, 0, 30)),
        ("  2026-11-17   14:00 ", datetime(2026, 11, 17, 14, 0)),
        (
            "2026-11-17 14:00+01:00",
            datetime(2026, 11, 17, 14, 0, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2026-11-17T14:00Z", datetime(2026, 11, 17, 14, 0, tzinfo=UTC)),
        ("2026-11-17t14:00z", datetime(2026, 11, 17, 14, 0, tzinfo=UTC)),
        ("2026-11-17", datetime(2026, 11, 17, 9, 0)),  # a date alone: 09:00
        ("17 Nov 2026 14:00", datetime(2026, 11, 17, 14, 0)),
        ("17 November 2026 14:00", datetime(2026, 11, 17, 14, 0)),
        ("Nov 17 2026 14:00", datetime(2026, 11, 17, 14, 0)),
        ("17 Nov 2026", datetime(2026, 11, 17, 9, 0)),
    ],
)
def test_datetimes_people_write(text: str, expected: datetime) -> None:
    parsed = inputs.parse_datetime(text, "--at")
    assert parsed == expected
    assert (parsed.tzinfo is None) == (expected.tzinfo is None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "--at '2026-02-30' does not exist (day is out of range for month)"),
        ("2026-02-30 10:00", "--at '2026-02-30 10:00' does not exist"),
        ("2026-11-17 25:00", "does not exist (hour must be in 0..23)"),
        ("2026-13-01", "does not exist (month must be in 1..12)"),
        ("30 Feb 2026 10:00", "does not exist (day is out of range for month)"),
        ("next tuesday", "cannot read --at 'next tuesday'; use e.g. 2026-11-17 14:00"),
        ("17/11/2026", "cannot read --at '17/11/2026'"),
        ("", "--at is empty"),
    ],
)
def test_datetimes_that_are_refused_say_why_in_one_line(text: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        inputs.parse_datetime(text, "--at")
    assert message in caught.value.message
    assert "\n" not in caught.value.message


def test_dates() -> None:
    assert inputs.parse_date("2026-11-28", "--on") == date(2026, 11, 28)
    assert inputs.parse_date("28 Nov 2026", "--on") == date(2026, 11, 28)
    with pytest.raises(BadInput, match="--on '2026-02-30' does not exist"):
        inputs.parse_date("2026-02-30", "--on")
    with pytest.raises(BadInput, match="cannot read --on '2026-11-28 10:00'; use a date"):
        inputs.parse_date("2026-11-28 10:00", "--on")


def test_localize_reads_naive_times_on_the_zones_clock() -> None:
    winter = inputs.localize(datetime(2026, 11, 17, 14, 0), LONDON)
    summer = inputs.localize(datetime(2026, 7, 17, 14, 0), LONDON)
    assert (winter.utcoffset(), summer.utcoffset()) == (timedelta(0), timedelta(hours=1))
    aware = datetime(2026, 11, 17, 14, 0, tzinfo=timezone(timedelta(hours=1)))
    assert inputs.localize(aware, LONDON) == aware
    assert inputs.localize(aware, LONDON).tzinfo == LONDON


def test_localize_moves_a_skipped_wall_time_forward() -> None:
    # 01:30 on 29 March 2026 does not exist in London: clocks jump from 01:00 to 02:00.
    placed = inputs.localize(datetime(2026, 3, 29, 1, 30), LONDON)
    assert placed.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (placed.hour, placed.minute) == (2, 30)


def test_time_zones() -> None:
    assert inputs.time_zone(" Europe/London ").key == "Europe/London"
    for bad in ("Mars/Base", "", "../etc/passwd", "Europe/"):
        with pytest.raises(BadInput) as caught:
            inputs.time_zone(bad)
        assert caught.value.message == (
            f"unknown time zone {bad!r}; use an IANA name such as Europe/London"
        )


def test_working_hours() -> None:
    assert inputs.working_hours("08:30-16:45").label() == "08:30-16:45"
    assert inputs.working_hours(" 9:00 - 17:00 ").start == time(9, 0)
    for bad in ("9-5", "17:00-09:00", "09:00-09:00", "09:00", "25:00-26:00", "09:0-17:00"):
        with pytest.raises(BadInput, match="working hours"):
            inputs.working_hours(bad)


@pytest.mark.parametrize("good", ["alex@example.org", "a.b+tag@mail.example.co.uk"])
def test_emails_accepted(good: str) -> None:
    assert inputs.email(f" {good} ") == good


@pytest.mark.parametrize(
    "bad", ["alex", "alex@", "@example.org", "alex@example", "a b@example.org", "a@b@c.org",
            "alex@.example.org", "alex@example.org.", "alex@example..org"],
)  # fmt: skip
def test_emails_refused(bad: str) -> None:
    with pytest.raises(BadInput, match=r"invalid email address .*; use e\.g\. alex@example\.com"):
        inputs.email(bad)


def test_choices_take_either_spelling_and_list_the_accepted_ones() -> None:
    assert inputs.choice(ContactRole, "Hiring-Manager", "role") is ContactRole.HIRING_MANAGER
    assert inputs.choice(EventKind, "thank_you_sent", "event") is EventKind.THANK_YOU_SENT
    with pytest.raises(BadInput) as caught:
        inputs.choice(EventKind, "action-done", "event", LOGGABLE_EVENTS)
    message = caught.value.message
    assert message.startswith("unknown event 'action-done'; use one of: applied, thank-you-sent")
    assert "action-skipped" not in message


# --- the config file -------------------------------------------------------------------------
def test_a_missing_config_file_means_defaults(tmp_path: Path) -> None:
    assert load_policy(str(tmp_path / "nope.toml")) == Policy()


def test_a_config_file_overrides_the_policy(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[policy]\ncadence_days = 21\nmax_follow_ups = 2\n")
    assert load_policy(str(path)) == Policy(cadence_days=21, max_follow_ups=2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[policy]\ncadense_days = 3\n", "unknown policy setting cadense_days"),
        ("[polcy]\ncadence_days = 3\n", "unknown setting polcy"),
        ("policy = 3\n", "policy must be a table"),
        ("[policy]\ncadence_days = 'soon'\n", "must be a whole number"),
        ("[policy\n", "is not valid TOML"),
    ],
)
def test_a_config_file_it_cannot_use_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(BadInput) as caught:
        load_policy(str(path))
    assert str(path) in caught.value.message
    assert message in caught.value.message


# --- which command lines take the click-free path ------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["today", "--json"],
        ["--db", "x.db", "today", "--json"],
        ["--now=2026-11-23T10:00", "--db", "x.db", "--config", "c.toml", "today", "--json"],
        ["today", "--days", "30", "--json"],
        ["today", "--json", "--days=0"],
        ["plan", "12", "--json"],
        ["--db=x.db", "plan", "12", "--json"],
    ],
)
def test_hot_command_lines_take_the_fast_path(argv: list[str]) -> None:
    assert fast.match(argv) is not None


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["today"],  # people get the styled text, which click renders
        ["plan", "12"],
        ["today", "--json", "--json"],
        ["today", "--days", "-1", "--json"],
        ["today", "--days", "--json"],
        ["today", "--days", "1", "--days", "2", "--json"],
        ["plan", "twelve", "--json"],
        ["plan", "--json"],
        ["plan", "1", "2", "--json"],
        ["--db", "x.db", "--db", "y.db", "today", "--json"],
        ["--db"],
        ["--help"],
        ["--verbose", "today", "--json"],
        ["today", "--json", "--help"],
        ["app", "list", "--json"],
        ["-h", "today", "--json"],
    ],
)
def test_everything_else_goes_through_click(argv: list[str]) -> None:
    assert fast.match(argv) is None
