"""The one input layer: the accepted date range at every reader (typed text, mail, stored
rows), single-line fields and the lengths of ``domain/limits.py``.

The range rule is a property: every date inside parses (as a date, as a date-time, in every
accepted spelling), every date outside is ``BadInput`` naming the range, and nothing else is
ever raised.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain import date_range, limits
from followup.domain.errors import BadInput
from followup.domain.inbox import InboxItem, event_time
from followup.domain.mail import InboundMail
from followup.domain.matching import Strength
from followup.domain.replies import ReplyKind, classify
from followup.domain.textdates import find_dates
from followup.services import inputs

INSIDE = st.dates(min_value=limits.EARLIEST_DATE, max_value=limits.LATEST_DATE)
OUTSIDE = st.one_of(
    st.dates(max_value=limits.EARLIEST_DATE - timedelta(days=1)),
    st.dates(min_value=limits.LATEST_DATE + timedelta(days=1)),
)
RANGE_TEXT = "outside the dates followup accepts (1970-01-01 to 2200-12-31)"
ZONES = st.sampled_from(["UTC", "Europe/London", "Pacific/Kiritimati", "Etc/GMT+12"])


def _spellings(day: date) -> list[str]:
    """The ways a person (or a script) may type ``day``."""
    iso = day.isoformat()
    return [iso, f"{day.day} {day:%b} {day.year:04d}", f"{day:%B} {day.day} {day.year:04d}"]


def test_the_range_is_the_one_the_docs_name() -> None:
    assert (date(1970, 1, 1), date(2200, 12, 31)) == (limits.EARLIEST_DATE, limits.LATEST_DATE)


@given(INSIDE, ZONES)
def test_every_date_inside_parses_and_localizes(day: date, zone: str) -> None:
    for text in _spellings(day):
        assert inputs.parse_date(text) == day
        moment = inputs.parse_datetime(text)
        assert moment.date() == day
        inputs.localize(moment, ZoneInfo(zone))  # no overflow anywhere in the range
    for clock in ("00:00", "23:59"):
        placed = inputs.localize(inputs.parse_datetime(f"{day} {clock}"), ZoneInfo(zone))
        assert date_range.clamp_instant(placed) == placed  # what is stored reads back as is


@given(OUTSIDE)
def test_every_date_outside_is_bad_input_naming_the_range(day: date) -> None:
    for text in _spellings(day):
        for parse in (inputs.parse_date, inputs.parse_datetime):
            with pytest.raises(BadInput) as caught:
                parse(text, "--at")
            assert RANGE_TEXT in caught.value.message
            assert "\n" not in caught.value.message
    with pytest.raises(BadInput, match="outside the dates"):
        inputs.in_range(day)


@given(st.datetimes(timezones=st.sampled_from([None, UTC])), ZONES)
def test_localize_never_raises_anything_but_bad_input(moment: datetime, zone: str) -> None:
    if not date_range.accepts(moment.date()):
        with pytest.raises(BadInput, match=re.escape(RANGE_TEXT)):
            inputs.localize(moment, ZoneInfo(zone))
    else:
        assert inputs.localize(moment, ZoneInfo(zone)).tzinfo is not None


@given(st.text(max_size=40))
def test_typed_text_gives_a_moment_or_bad_input_never_another_error(text: str) -> None:
    for parse in (inputs.parse_date, inputs.parse_datetime):
        with contextlib.suppress(BadInput):
            parse(text)


def test_the_message_says_what_and_the_range() -> None:
    with pytest.raises(BadInput) as caught:
        inputs.parse_datetime("9999-12-31 23:00", "--at")
    assert caught.value.message == (
        "--at: date 9999-12-31 is outside the dates followup accepts (1970-01-01 to 2200-12-31)"
    )
    with pytest.raises(BadInput) as plain:
        inputs.in_range(date(9999, 12, 31))
    assert plain.value.message.startswith("date 9999-12-31 is outside")


@given(st.datetimes(timezones=st.just(UTC)))
def test_a_stored_instant_is_read_within_a_day_of_the_range(moment: datetime) -> None:
    read = date_range.clamp_instant(moment)
    assert date_range.FIRST_INSTANT <= read <= date_range.LAST_INSTANT
    read + timedelta(days=3660)  # a decade of planning from it never overflows
    read - timedelta(days=3660)
    if date_range.FIRST_INSTANT <= moment <= date_range.LAST_INSTANT:
        assert read == moment


@given(st.dates())
def test_a_stored_date_is_read_within_the_range(day: date) -> None:
    read = date_range.clamp_day(day)
    assert date_range.accepts(read)
    assert read == day or not date_range.accepts(day)


# --- dates read from mail -----------------------------------------------------------------
WED = datetime(2026, 11, 25, 10, tzinfo=UTC)


def _auto_reply(text: str, sent: datetime | None = WED) -> InboundMail:
    return InboundMail(
        folder="INBOX", uid=1, message_id="<m@acme.example>", in_reply_to=(), references=(),
        from_address="jane@acme.example", from_name="Jane Doe", to=("alex@example.org",),
        subject="Automatic reply: Thank you", date=sent,
        headers=(("auto-submitted", "auto-replied"),), text=text,
    )  # fmt: skip


@pytest.mark.parametrize("year", ["9999", "2201", "1969", "0001"])
def test_a_return_date_outside_the_range_is_not_taken(year: str) -> None:
    meaning = classify(_auto_reply(f"I am out of the office and back on 31 December {year}."))
    assert meaning.kind is ReplyKind.AUTO_REPLY
    assert meaning.date is None  # not a fact to plan on, and not read as this December


def test_a_return_date_inside_the_range_still_is() -> None:
    meaning = classify(_auto_reply("I am out of the office and back on 7 December 2026."))
    assert meaning.date == date(2026, 12, 7)


def test_far_dates_in_text_are_not_found_nor_read_as_nearer_ones() -> None:
    assert find_dates("back on 31 December 9999", date(2026, 11, 25)) == []
    assert find_dates("by 9999-12-31", date(2026, 11, 25)) == []
    assert find_dates("in two weeks", date(2200, 12, 25)) == []  # lands in 2201


def test_a_mail_date_outside_the_range_is_not_when_it_happened() -> None:
    found = datetime(2026, 11, 25, 10, tzinfo=UTC)
    item = InboxItem(
        id=1, mail_id="<m>", folder="INBOX", uid=1, application_id=1, contact_id=None,
        strength=Strength.DEFINITE, match_reason="thread", from_address=None, from_name=None,
        subject="Hi", date=datetime(1, 1, 1, tzinfo=UTC), kind="reply", on=None,
        confidence=1.0, reasons=(), found_at=found,
    )  # fmt: skip
    assert event_time(item, found + timedelta(hours=1)) == found


# --- single-line fields and lengths --------------------------------------------------------
BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x85", "\u2028", "\u2029"]
CONTROLS = ["\x00", "\t", "\x1b", "\x7f", "\x9b"]


@pytest.mark.parametrize("brk", BREAKS)
def test_a_line_break_inside_a_one_line_field_is_refused(brk: str) -> None:
    with pytest.raises(BadInput, match=r"^role must be one line"):
        inputs.line(f"Role{brk}Second line", "role", limits.ROLE_CHARS)
    with pytest.raises(BadInput, match=r"^title must be one line"):
        inputs.optional_line(f"Dr{brk}X", "title", limits.TITLE_CHARS)


@pytest.mark.parametrize("ctrl", CONTROLS)
def test_a_control_character_in_a_one_line_field_is_refused(ctrl: str) -> None:
    with pytest.raises(BadInput, match="has a control character"):
        inputs.line(f"Ac{ctrl}me", "company", limits.COMPANY_CHARS)


def test_surrounding_blanks_are_dropped_and_the_rest_kept() -> None:
    assert inputs.line("  Acme \n", "company", limits.COMPANY_CHARS) == "Acme"
    assert inputs.optional_line("   ", "agency", limits.AGENCY_CHARS) is None
    # Scripts of every kind, right-to-left marks and joined emoji are text, not control.
    for text in ("شركة\u200f", "Zoë Ørsted", "👩\u200d💻 Team"):
        assert inputs.line(text, "company", limits.COMPANY_CHARS) == text


def test_each_length_is_enforced_at_the_limit() -> None:
    assert inputs.line("x" * limits.COMPANY_CHARS, "company", limits.COMPANY_CHARS)
    with pytest.raises(BadInput, match=f"at most {limits.COMPANY_CHARS} characters, not 201"):
        inputs.line("x" * (limits.COMPANY_CHARS + 1), "company", limits.COMPANY_CHARS)
    note = "line\n" * (limits.NOTE_CHARS // 5)
    assert inputs.optional_text(note, "note", limits.NOTE_CHARS) == note.strip()
    with pytest.raises(BadInput, match="note must be at most"):
        inputs.optional_text("x" * (limits.NOTE_CHARS + 1), "note", limits.NOTE_CHARS)


def test_an_email_address_with_a_control_character_or_too_long_is_refused() -> None:
    with pytest.raises(BadInput, match="invalid email address"):
        inputs.email("al\x00@example.com")
    with pytest.raises(BadInput, match="at most 254"):
        inputs.email("a" * 250 + "@example.com")


def test_the_limits_are_whole_positive_numbers() -> None:
    numbers = {k: v for k, v in vars(limits).items() if k.isupper() and isinstance(v, int)}
    assert numbers
    assert all(v >= 1 for v in numbers.values())
    assert limits.ID_MAX == 2**63 - 1
