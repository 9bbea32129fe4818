"""Invitations on a real SQLite file (issue 15): import, update, cancel, the same twice, and
the ``invitation`` rows that make it so, through the composition root as the CLI goes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup import bootstrap
from followup.domain.errors import BadInput
from followup.domain.invitation import Change
from followup.domain.model import Application, Contact, ContactRole
from followup.services.applications import remove_application
from followup.services.context import Context
from followup.services.invitations import Imported, import_invitation
from followup.services.planning import changing
from followup.services.profile import ProfileChanges, display_zone, update_profile

INVITES = Path(__file__).resolve().parents[1] / "data" / "invites"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def settings(tmp_path: Path) -> bootstrap.Settings:
    made = bootstrap.Settings(str(tmp_path / "f.db"), None, now="2026-12-01T09:00")
    with bootstrap.session(made) as ctx:
        update_profile(
            ctx,
            ProfileChanges(name="Alex Morgan", email="alex@example.org", timezone="Europe/London"),
        )
        with changing(ctx):
            acme = ctx.store.add_application(
                Application(0, "Acme Robotics", "Engineer", url="https://acmerobotics.com/jobs")
            )
            ctx.store.add_application(Application(0, "Globex", "Platform Engineer", agency="Hays"))
            ctx.store.add_contact(
                Contact(0, acme.id, "Priya Shah", email="priya.shah@acmerobotics.com")
            )
    return made


@contextmanager
def session(settings: bootstrap.Settings) -> Iterator[Context]:
    with bootstrap.session(settings) as ctx:
        yield ctx


def load(settings: bootstrap.Settings, name: str, app_id: int | None = None) -> Imported:
    raw = (INVITES / name).read_bytes()
    with session(settings) as ctx:
        invitation = ctx.ports.invitation_reader().invitation(raw, display_zone(ctx), name)
        return import_invitation(ctx, invitation, app_id)


def rows(settings: bootstrap.Settings, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(settings.db)) as conn:
        return conn.execute(sql).fetchall()


def test_import_update_cancel_and_twice(settings: bootstrap.Settings) -> None:
    first = load(settings, "google.ics")
    assert first.change is Change.NEW
    assert first.application.id == 1
    assert first.interview.start == datetime(2026, 12, 10, 15, 0, tzinfo=LONDON)
    assert rows(settings, "SELECT uid, interview_id, sequence FROM invitation") == [
        ("3k9f0c2v7ut1q8r5m4n6b2x1za@google.com", first.interview.id, 0)
    ]
    # Priya (known) is not doubled; Wei Ling is new; the room is nobody.
    assert rows(settings, "SELECT name, role FROM contact ORDER BY id") == [
        ("Priya Shah", "interviewer"),
        ("Wei Ling Chua", "interviewer"),
    ]
    assert load(settings, "google.ics").change is Change.ALREADY
    assert len(rows(settings, "SELECT id FROM interview")) == 1

    moved = load(settings, "google-update.ics")
    assert moved.change is Change.MOVED
    assert moved.interview.id == first.interview.id
    with session(settings) as ctx:
        held = ctx.store.get_interview(first.interview.id)
        assert held.start == datetime(2026, 12, 11, 16, 30, tzinfo=LONDON)
        assert str(held.start.tzinfo) == "Europe/London"  # the zone is kept
        plan = ctx.store.cached_plan(1)
    assert any(a.interview_id == first.interview.id for a in plan)

    cancelled = load(settings, "google-cancel.ics")
    assert cancelled.change is Change.CANCELLED
    with session(settings) as ctx:
        assert ctx.store.get_interview(first.interview.id).cancelled
        assert not any(a.interview_id == first.interview.id for a in ctx.store.cached_plan(1))
    assert rows(settings, "SELECT sequence FROM invitation") == [(2,)]
    assert load(settings, "google-cancel.ics").change is Change.ALREADY
    assert load(settings, "google-update.ics").change is Change.ALREADY  # older than the cancel


def test_outlook_interview_keeps_its_windows_zone_as_iana(settings: bootstrap.Settings) -> None:
    done = load(settings, "teams.ics", 2)
    assert done.change is Change.NEW
    with session(settings) as ctx:
        held = ctx.store.get_interview(done.interview.id)
        contacts = ctx.store.list_contacts(2)
    assert str(held.start.tzinfo) == "America/Los_Angeles"
    assert held.start == datetime(2026, 12, 9, 9, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert [(c.name, c.role) for c in contacts] == [
        ("Tom Becker", ContactRole.AGENCY_RECRUITER),
        ("Maria Gonzalez", ContactRole.INTERVIEWER),
    ]
    assert held.interviewer_ids == (contacts[1].id,)


def test_a_refused_invitation_leaves_the_file_as_it_was(settings: bootstrap.Settings) -> None:
    before = Path(settings.db).read_bytes()
    for name in ("calendly.ics", "google-cancel.ics", "recurring.ics", "bad-tzid.ics"):
        with pytest.raises(BadInput):
            load(settings, name)  # no Northwind application; nothing to cancel; ...
    assert Path(settings.db).read_bytes() == before


def test_the_invitation_row_goes_with_its_application(settings: bootstrap.Settings) -> None:
    load(settings, "google.ics")
    with session(settings) as ctx:
        remove_application(ctx, 1)
    assert rows(settings, "SELECT * FROM invitation") == []
