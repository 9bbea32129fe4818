"""The import's pure rules (issue 16): headers, stages, and how a column of dates decides
between day first and month first."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.importing import (
    SAID,
    TRACKERS,
    Row,
    Stage,
    changed,
    day_first,
    parse_day,
    parse_mapping,
    read_rows,
    recognise,
    recognise_tracker,
    said,
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


HUNTR = ["id", "createdAt", "title", "salary", "location", "url", "rootDomain",
         "htmlDescription", "deadline", "color", "lastMovedAt", "boardId", "boardName", "listId",
         "listName", "companyId", "companyName", "companyDomain", "creatorUserId",
         "creatorUserFirstName", "creatorUserLastName", "creatorUserEmail"]  # fmt: skip
TEAL = ["Job Position", "Company", "Min. Salary", "Max. Salary", "Location", "Status",
        "Date Posted", "Date Saved", "Deadline", "Date Applied", "Follow up",
        "Excitement"]  # fmt: skip
JOBSYNC = ["index", "createdAt", "applied", "appliedDate", "Company", "JobTitle", "jobType",
           "Location", "JobSource", "Status"]  # fmt: skip


def _huntr_row(created: str, listname: str) -> list[str]:
    cells = dict.fromkeys(HUNTR, "-")
    cells.update(id="abc1", createdAt=created, title="Engineer", listName=listname,
                 companyName="Acme", creatorUserEmail="me@example.org")  # fmt: skip
    return [cells[h] for h in HUNTR]


def test_auto_recognises_each_tracker_by_its_header_set() -> None:
    assert recognise_tracker([HUNTR]) is TRACKERS["huntr"]
    assert recognise_tracker([["My search"], TEAL]) is TRACKERS["teal"]
    assert recognise_tracker([JOBSYNC]) is TRACKERS["jobsync"]
    assert recognise_tracker([["Company", "Title", "Status", "Created"]]) is None


def test_huntr_s_list_is_the_stage_and_its_created_is_not_the_applied_date() -> None:
    reading = read_rows([HUNTR, _huntr_row("2026-09-14 08:12:40", "rejected")])
    assert (reading.tracker, reading.problems) == ("Huntr", ())
    (row,) = reading.rows
    assert (row.key, row.company, row.role, row.stage) == ("abc1", "Acme", "Engineer",
                                                           Stage.REJECTED)  # fmt: skip
    assert row.applied is None
    assert row.email is None  # the creator's address is the user's own, not a contact's
    # read as any spreadsheet, the same file takes "createdAt" for the applied date
    (as_csv,) = read_rows([HUNTR, _huntr_row("2026-09-14 08:12:40", "rejected")],
                          source="csv").rows  # fmt: skip
    assert as_csv.applied == date(2026, 9, 14)


def test_teal_reads_date_applied_not_date_saved_and_its_own_stage_names() -> None:
    cells = ["Engineer", "Acme", "", "120000", "Remote", "Negotiating", "", "09/01/2026", "",
             "09/04/2026", "", "5"]  # fmt: skip
    (row,) = read_rows([TEAL, cells], source="teal").rows
    assert (row.role, row.stage, row.applied) == ("Engineer", Stage.OFFER, date(2026, 9, 4))
    assert row.notes == "Location: Remote\nSalary: 120000"


def test_a_file_that_is_not_the_named_tracker_s_is_refused_naming_its_columns() -> None:
    for source in ("huntr", "teal", "jobsync"):
        reading = read_rows([["Company", "Role"], ["Acme", "Engineer"]], source=source)
        assert reading.rows == ()
        assert reading.columns == {}
        (problem,) = reading.problems
        name = TRACKERS[source].name
        assert f"does not look like a {name} export" in problem.reason
        assert all(column in problem.reason for column in TRACKERS[source].expected)
    # a tracker nothing was verified of reads any spreadsheet by its headers
    assert read_rows([["Company", "Role"], ["Acme", "Engineer"]], source="simplify").rows


def test_a_tracker_s_stage_names_go_first_the_common_ones_after() -> None:
    jobsync = TRACKERS["jobsync"]
    assert stage_of("Offer Declined", jobsync) is Stage.WITHDRAWN
    assert stage_of("Expired", jobsync) is Stage.GHOSTED
    assert stage_of("Ghosted", jobsync) is Stage.GHOSTED  # a renamed list still reads
    assert stage_of("phone screen", TRACKERS["huntr"]) is Stage.INTERVIEWING


rows = st.builds(
    Row, number=st.just(2), key=st.just("k"), company=st.text(min_size=1, max_size=5),
    role=st.text(min_size=1, max_size=5), stage=st.sampled_from(Stage),
    url=st.none() | st.text(max_size=5), applied=st.none() | days,
    notes=st.none() | st.text(max_size=5), contact=st.none() | st.text(max_size=5),
)  # fmt: skip


@given(rows, rows)
def test_changed_names_exactly_the_fields_the_file_changed(before: Row, after: Row) -> None:
    fields = changed(said(before), said(after))
    assert fields <= set(SAID)
    assert changed(said(after), said(after)) == frozenset()
    for f in SAID:
        assert (f in fields) == (said(before)[f] != said(after)[f])
