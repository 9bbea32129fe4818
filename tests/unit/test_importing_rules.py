"""The import's pure rules (issue 16): headers, stages, and how a column of dates decides
between day first and month first."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.importing import (
    Stage,
    day_first,
    parse_day,
    parse_mapping,
    read_rows,
    recognise,
    stage_of,
)

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def test_headers_are_recognised_in_their_common_variants() -> None:
    header = ["Employer", "Position", "List", "Job posting", "Applied on", "Hiring manager"]
    assert list(recognise(header).values()) == [
        "company", "role", "status", "url", "applied", "contact",
    ]  # fmt: skip


def test_the_better_named_date_column_wins_whatever_its_place() -> None:
    assert recognise(["createdAt", "appliedDate", "Company", "JobTitle"]) == {
        1: "applied", 2: "company", 3: "role",
    }  # fmt: skip


def test_map_names_a_column_and_refuses_an_unknown_field() -> None:
    mapping, wrong = parse_mapping(["Firma=company", "Stelle = role", "X=employer", "nothing"])
    assert mapping == {"firma": "company", "stelle": "role"}
    assert len(wrong) == 2
    assert recognise(["Firma", "Stelle"], mapping) == {0: "company", 1: "role"}


def test_stages_from_trackers_and_spreadsheets() -> None:
    assert stage_of("Offer Accepted") is Stage.ACCEPTED
    assert stage_of("offer-declined") is Stage.WITHDRAWN
    assert stage_of("Not Selected") is Stage.REJECTED
    assert stage_of("No response") is Stage.GHOSTED
    assert stage_of("Wishlist") is Stage.SAVED
    assert stage_of("Phone screen") is Stage.INTERVIEWING
    assert stage_of("Daydreaming") is None


@given(days, st.booleans())
def test_iso_dates_read_whatever_the_column_decided(day: date, dayfirst: bool) -> None:
    assert parse_day(day.isoformat(), dayfirst) == day


@given(days)
def test_a_day_over_12_anywhere_makes_the_column_european(day: date) -> None:
    column = [f"{d:%d/%m/%Y}" for d in (day, date(2026, 11, 23))]
    assert day_first(column, default=False)
    assert parse_day(column[0], day_first(column, False)) == day


@given(days)
def test_a_second_part_over_12_makes_the_column_american(day: date) -> None:
    column = [f"{d:%m/%d/%Y}" for d in (day, date(2026, 11, 23))]
    assert not day_first(column, default=True)
    assert parse_day(column[0], day_first(column, True)) == day


@given(st.lists(st.integers(1, 12), min_size=1, max_size=5), st.booleans())
def test_a_column_that_cannot_tell_follows_the_default(parts: list[int], default: bool) -> None:
    column = [f"{p:02d}/{p:02d}/2026" for p in parts]
    assert day_first(column, default) is default


@given(days)
def test_written_and_dotted_forms(day: date) -> None:
    for text in (f"{day:%b} {day.day}, {day.year}", f"{day.day} {day:%B} {day.year}",
                 f"{day:%d.%m.%Y}", f"{day.day}-{day:%b}-{day.year}"):  # fmt: skip
        assert parse_day(text, dayfirst=False) == day, text


def test_impossible_dates_are_none() -> None:
    assert parse_day("31/31/2026", True) is None
    assert parse_day("2026-02-30", False) is None
    assert parse_day("soon", False) is None


def test_a_title_row_above_the_header_is_passed_over_and_blank_rows_skipped() -> None:
    reading = read_rows([
        ["My job search", "", ""], ["", "", ""], ["Company", "Role", "Status"],
        ["Acme", "Engineer", "Applied"], ["", "", ""], ["Globex", "Analyst", "N/A"],
    ])  # fmt: skip
    assert reading.problems == ()
    assert [(r.number, r.company, r.stage) for r in reading.rows] == [
        (4, "Acme", Stage.APPLIED), (6, "Globex", Stage.SAVED),
    ]  # fmt: skip


@given(st.text(min_size=1, max_size=30).filter(str.strip), st.text(max_size=30))
def test_the_key_ignores_case_and_spacing(company: str, role: str) -> None:
    def key(c: str, r: str) -> str:
        reading = read_rows([["Company", "Role"], [c, r or "x"]])
        return reading.rows[0].key if reading.rows else ""

    assert key(company, role) == key(f"  {company.upper()} ", role)


def test_the_country_s_own_date_order_decides_a_column_that_cannot() -> None:
    from followup.domain import timewords

    order = {c: timewords.month_first(timewords.locale_for(None, c)) for c in (
        "US", "CA", "PH", "GB", "AU", "IN", "ZA", "DE")}  # fmt: skip
    assert order == {
        "US": True, "CA": True, "PH": True,
        "GB": False, "AU": False, "IN": False, "ZA": False, "DE": False,
    }  # fmt: skip
