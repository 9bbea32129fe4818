"""The CLI's two formatters, human and JSON, on hand-built views (no store, no clock)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import click

from followup.cli.output import json_text
from followup.cli.output.agenda import render_plan, render_today
from followup.domain.model import (
    Action,
    ActionKind,
    Application,
    Channel,
    Contact,
    Event,
    EventKind,
    Status,
)
from followup.services.agenda import Agenda, Plan
from followup.services.ports import DueAction

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 14, 30, tzinfo=LONDON)


def action(
    app_id: int, kind: ActionKind, due: datetime, contact_id: int | None = None, **more: object
) -> Action:
    return Action(
        id=f"{app_id}-{kind.value[:6]}",
        kind=kind,
        application_id=app_id,
        contact_id=contact_id,
        channel=Channel.EMAIL if contact_id else Channel.NONE,
        earliest=due - timedelta(hours=2),
        due=due,
        latest=due + timedelta(days=1),
        why="Because the playbook says so, and it is right.",
        **more,  # type: ignore[arg-type]
    )


def agenda() -> Agenda:
    overdue = action(1, ActionKind.THANK_YOU, NOW - timedelta(hours=3), contact_id=7)
    soon = action(2, ActionKind.STATUS_INQUIRY, NOW + timedelta(hours=19), contact_id=8)
    later = action(1, ActionKind.DEBRIEF, NOW + timedelta(days=4))
    items = (
        DueAction(overdue, "Acme", "Engineer", "Jane Doe"),
        DueAction(soon, "Globex", "Analyst", "Sam Lee"),
        DueAction(later, "Acme", "Engineer", None),
    )
    return Agenda(now=NOW, until=NOW + timedelta(days=7), zone=LONDON, items=items)


def plan() -> Plan:
    app = Application(id=1, company="Acme", role="Engineer", agency="Harper")
    return Plan(
        application=app,
        status=Status.AWAITING,
        actions=(action(1, ActionKind.THANK_YOU, NOW + timedelta(hours=19), contact_id=7),),
        events=(
            Event(1, 1, EventKind.TIMELINE, NOW - timedelta(days=1), 7, date(2026, 12, 1)),
            Event(2, 1, EventKind.NOTE, NOW - timedelta(hours=1), note="called reception"),
        ),
        contacts=(Contact(id=7, application_id=1, name="Jane Doe"),),
        now=NOW,
        zone=LONDON,
    )


def test_today_groups_due_now_before_upcoming() -> None:
    text = click.unstyle(render_today(agenda()))
    lines = text.splitlines()
    assert lines[0] == "Due now (1)"  # due, its window still open: the web's words
    assert lines[1].strip() == "Acme · Engineer  #1"
    assert "• thank-you → Jane Doe by email   today 11:30, due 3 h ago   1-thank_" in lines[2]
    assert "still fine until tomorrow 11:30, in 21 h" in lines[3]
    assert lines[4].strip() == "Because the playbook says so, and it is right."
    upcoming = lines.index("Coming up, until Tue 1 Dec (2)")
    groups = [line.strip() for line in lines[upcoming:] if line.startswith("  ") and "#" in line]
    assert groups == ["Globex · Analyst  #2", "Acme · Engineer  #1"]
    assert "tomorrow 09:30, in 19 h" in text
    assert "• debrief   Sat 28 Nov 14:30, in 4 days" in text


def test_today_says_overdue_only_once_the_window_has_closed() -> None:
    closed = replace(
        action(3, ActionKind.DEBRIEF, NOW - timedelta(days=3)), latest=NOW - timedelta(days=2)
    )
    base = agenda()
    both = replace(base, items=(DueAction(closed, "Initech", "Dev", None), *base.items))
    lines = click.unstyle(render_today(both)).splitlines()
    assert lines[0] == "Overdue (1)"
    assert "overdue by 3 days" in lines[2]
    assert "the window closed" in lines[3]
    assert "Due now (1)" in lines
    assert lines.index("Overdue (1)") < lines.index("Due now (1)")


def test_today_with_nothing_due() -> None:
    empty = Agenda(now=NOW, until=NOW + timedelta(days=7), zone=LONDON, items=())
    assert render_today(empty) == "Nothing to do until Tue 1 Dec. Enjoy the quiet."


def test_colour_codes_are_only_styling() -> None:
    styled = render_today(agenda())
    assert "\x1b[" in styled  # click.echo strips them when the output is not a terminal
    assert click.unstyle(styled) != styled


def test_plan_shows_actions_then_the_timeline() -> None:
    text = click.unstyle(render_plan(plan()))
    lines = text.splitlines()
    assert lines[0] == "Acme · Engineer (via Harper)  #1   awaiting"
    assert "Next" in lines
    assert any("thank-you → Jane Doe by email   tomorrow 09:30, in 19 h" in ln for ln in lines)
    assert any("not before tomorrow 07:30" in ln for ln in lines)
    timeline = lines[lines.index("Timeline") + 1 :]
    squeezed = [" ".join(line.split()) for line in timeline]
    assert squeezed[0] == "yesterday 14:30 timeline with Jane Doe on Tue 1 Dec"
    assert squeezed[1] == "today 13:30 note — called reception"


def test_plan_of_a_closed_application() -> None:
    closed = Plan(
        application=Application(id=3, company="Vandelay", role="Importer"),
        status=Status.REJECTED,
        actions=(),
        events=(),
        contacts=(),
        now=NOW,
        zone=LONDON,
    )
    text = click.unstyle(render_plan(closed))
    assert "Nothing more to do: this application is rejected." in text
    assert "Nothing logged yet: `followup log 3 applied`." in text


def test_times_carry_the_offset_of_the_users_zone() -> None:
    from followup.services.read_models import _Times

    # The read model renders stored UTC text on the user's clock, offset included.
    assert _Times(LONDON)("2026-07-01T08:00:00.000000Z") == "2026-07-01T09:00:00+01:00"
    assert _Times(LONDON)(None) is None


def test_json_is_one_line_for_programs_and_indented_for_people() -> None:
    value = {"actions": [{"why": "naïve café"}]}
    assert json_text.dumps(value, pretty=False) == '{"actions": [{"why": "naïve café"}]}'
    assert json_text.dumps(value, pretty=True).splitlines()[1] == '  "actions": ['
