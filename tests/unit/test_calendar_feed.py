"""Which events a calendar shows, with which fields (``services.calendar_feed``, pure), and
how the writer escapes and folds them (``adapters/calendar/export.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar.prop import vText

from followup.adapters.calendar import export
from followup.cli import fast
from followup.cli.commands import calendar_export
from followup.domain.calendar_rows import CalendarActionRow, CalendarInterviewRow
from followup.services import calendar_feed
from followup.services.calendar_feed import Calendar, select_events

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
BASE = "http://127.0.0.1:8765"
ID = "0123456789abcdef0123456789abcdef"


def stored(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def action(
    aid: str,
    due: datetime,
    *,
    expires: datetime | None = None,
    app: int = 1,
    rev: int = 3,
    draft: int | None = None,
) -> CalendarActionRow:
    return CalendarActionRow(
        aid, "thank_you", app, "email", stored(due), "Thank Jane, while it is fresh.",
        None if expires is None else stored(expires), "Acme", "Data Engineer", rev, draft,
    )  # fmt: skip


def interview(iid: int, start: datetime, minutes: int = 60, rev: int = 3) -> CalendarInterviewRow:
    return CalendarInterviewRow(iid, 1, stored(start), minutes, "video", "Acme", "Engineer", rev)


def select(
    actions: list[CalendarActionRow],
    interviews: list[CalendarInterviewRow] = [],  # noqa: B006 (never changed)
    until: datetime | None = None,
    identity: str = ID,
) -> tuple[list[calendar_feed.CalendarEvent], datetime | None]:
    return select_events(
        actions, interviews, identity=identity, now=NOW, until=until, base_url=BASE + "/"
    )


def test_live_actions_are_shown_expired_ones_are_not() -> None:
    rows = [
        action("1.a", NOW + timedelta(days=1)),
        action("1.b", NOW - timedelta(days=2), expires=NOW + timedelta(hours=5)),  # overdue
        action("1.c", NOW - timedelta(days=3), expires=NOW),  # expired this instant
    ]
    events, holds = select(rows)
    assert [e.uid for e in events] == [f"action-1.b@{ID}.followup", f"action-1.a@{ID}.followup"]
    assert holds == NOW + timedelta(hours=5)  # when 1.b expires, the calendar changes


def test_an_action_is_a_short_block_at_its_due_time_with_why_link_and_alarm() -> None:
    due = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    (plain,), _ = select([action("1.a", due, rev=7)])
    assert plain.start == due
    assert plain.start.tzinfo is not None
    assert plain.end - plain.start == timedelta(minutes=calendar_feed.ACTION_MINUTES)
    assert plain.sequence == 7
    assert plain.summary == "Thank-you: Acme · Data Engineer"
    assert plain.url == f"{BASE}/applications/1"
    assert plain.description == (
        f"Thank Jane, while it is fresh.\n\nThe application in followup: {BASE}/applications/1"
    )
    assert plain.alarm == calendar_feed.ACTION_ALARM
    (drafted,), _ = select([action("1.a", due, draft=12)])
    assert drafted.url == f"{BASE}/drafts/12"
    assert drafted.description.endswith(f"Your draft in followup: {BASE}/drafts/12")


def test_interviews_show_until_they_end_and_within_the_window() -> None:
    rows = [
        interview(1, NOW - timedelta(hours=2)),  # over an hour ago
        interview(2, NOW - timedelta(minutes=30)),  # on now
        interview(3, NOW + timedelta(days=6), minutes=90),
        interview(4, NOW + timedelta(days=9)),
    ]
    events, holds = select([], rows)
    assert [e.uid for e in events] == [f"interview-{n}@{ID}.followup" for n in (2, 3, 4)]
    assert events[1].end - events[1].start == timedelta(minutes=90)
    assert holds == NOW + timedelta(minutes=30)
    week, holds = select([], rows, until=NOW + timedelta(days=7))
    assert [e.uid for e in week] == [f"interview-{n}@{ID}.followup" for n in (2, 3)]
    assert holds == NOW  # a window moves with the clock: never cached


def test_two_databases_never_share_a_uid_and_one_always_gives_the_same() -> None:
    rows = [action("1.a", NOW + timedelta(days=1))]
    mine, _ = select(rows, [interview(1, NOW + timedelta(days=1))])
    again, _ = select(rows, [interview(1, NOW + timedelta(days=1))])
    theirs, _ = select(rows, [interview(1, NOW + timedelta(days=1))], identity="f" * 32)
    assert [e.uid for e in mine] == [e.uid for e in again]
    assert not {e.uid for e in mine} & {e.uid for e in theirs}


def test_week_puts_each_event_on_its_day_and_overdue_ones_on_today() -> None:
    london = ZoneInfo("Europe/London")
    now = NOW.astimezone(london)
    rows = [
        action("1.late", NOW - timedelta(days=2), expires=NOW + timedelta(days=1)),
        action("1.next", NOW + timedelta(days=1)),
        action("1.far", NOW + timedelta(days=8)),
    ]
    events, _ = select(rows)
    days = calendar_feed.week(Calendar("f", "Europe/London", NOW, tuple(events), None), now)
    assert len(days) == 7
    assert days[0].day == datetime(2026, 11, 23, tzinfo=london)
    assert [e.uid.split("@")[0] for e in days[0].events] == ["action-1.late"]
    assert [e.uid.split("@")[0] for e in days[1].events] == ["action-1.next"]
    assert sum(len(d.events) for d in days) == 2


instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@given(
    st.lists(st.tuples(instants, st.none() | instants), max_size=20),
    st.none() | st.integers(min_value=0, max_value=400),
)
def test_shown_is_exactly_the_live_actions_within_the_window(
    plan: list[tuple[datetime, datetime | None]], days: int | None
) -> None:
    rows = [action(f"1.a{n}", due, expires=expires) for n, (due, expires) in enumerate(plan)]
    until = None if days is None else NOW + timedelta(days=days)
    events, holds = select(rows, until=until)
    expected = {
        f"action-1.a{n}@{ID}.followup"
        for n, (due, expires) in enumerate(plan)
        if (expires is None or expires > NOW) and (until is None or due <= until)
    }
    assert {e.uid for e in events} == expected
    assert [e.start for e in events] == sorted(e.start for e in events)
    assert holds is None or holds >= NOW


# --- the writer ----------------------------------------------------------------------------
@given(st.text())
def test_text_escaping_is_icalendars(value: str) -> None:
    assert export._text(value) == vText(value).to_ical().decode("utf-8")


@given(st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")) | st.just("\\")))
def test_folded_lines_fit_and_unfold_to_the_line(value: str) -> None:
    line = "DESCRIPTION:" + export._text(value)
    folded = export._fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= export.LIMIT for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    for p in parts[:-1]:  # never a cut between an escaping backslash and what it escapes
        assert (len(p) - len(p.rstrip("\\"))) % 2 == 0


@given(st.text(min_size=1, alphabet=st.characters(exclude_categories=("Cs", "Cc"))))
def test_any_summary_survives_the_round_trip(summary: str) -> None:
    event = calendar_feed.CalendarEvent(
        uid="action-1.a@x.followup", sequence=1, start=NOW, end=NOW + timedelta(minutes=15),
        summary=summary, description=summary + "\n\nsecond line; with, marks\\",
        url=f"{BASE}/applications/1", alarm=timedelta(0), what="action",
        application_id=1, kind="thank_you", company="Acme", role="Engineer",
    )  # fmt: skip
    data = export.to_ics(Calendar("followup", "Europe/London", NOW, (event,), None))
    (parsed,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(parsed["SUMMARY"]) == summary
    assert str(parsed["DESCRIPTION"]) == summary + "\n\nsecond line; with, marks\\"
    assert parsed.decoded("DTSTART") == NOW


# --- the click-free path of ``calendar export`` --------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["calendar", "export"],
        ["--db", "x.db", "--now", "2026-11-23", "calendar", "export", "--days", "7"],
        ["calendar", "export", "--out=plan.ics", "--port", "9000"],
        ["calendar", "export", "--out", "-"],
    ],
)
def test_export_command_lines_take_the_fast_path(argv: list[str]) -> None:
    assert fast.match(argv) is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["calendar"],
        ["calendar", "feed"],
        ["calendar", "export", "--days", "-1"],
        ["calendar", "export", "--days", "3661"],
        ["calendar", "export", "--port", "0"],
        ["calendar", "export", "--port", "http"],
        ["calendar", "export", "--out", ""],
        ["calendar", "export", "--out"],
        ["calendar", "export", "--days", "1", "--days", "2"],
        ["calendar", "export", "--help"],
        ["calendar", "export", "extra"],
        ["calendar", "export", "--json"],
    ],
)
def test_everything_else_about_the_calendar_goes_through_click(argv: list[str]) -> None:
    assert fast.match(argv) is None


def test_the_fast_path_knows_the_services_limit() -> None:
    assert calendar_export.MAX_DAYS == calendar_feed.MAX_DAYS
