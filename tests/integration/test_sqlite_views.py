"""The read side on a real SQLite file: which files it opens (what it reads of them is the
``Views`` contract, tests/contract/test_views.py)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from followup.adapters.sqlite.store import SqliteStore
from followup.adapters.sqlite.views import open_views
from followup.domain.model import (
    Action,
    ActionKind,
    Application,
    Channel,
    Event,
    EventKind,
    Profile,
    Status,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def action(aid: str, kind: ActionKind, due: datetime, expires: datetime | None = None) -> Action:
    return Action(
        id=aid,
        kind=kind,
        application_id=1,
        contact_id=None,
        channel=Channel.EMAIL,
        earliest=due - timedelta(hours=1),
        due=due,
        latest=due + timedelta(days=1),
        why="Because.",
        expires=expires,
    )


def written(path: Path) -> None:
    store = SqliteStore(path)
    with store.transaction():
        store.save_profile(Profile(name="A", email="a@b.example", timezone="Europe/Berlin"))
        app = store.add_application(Application(id=0, company="Acme", role="Engineer"))
        store.add_event(
            Event(
                id=0,
                application_id=app.id,
                kind=EventKind.TIMELINE,
                at=NOW - timedelta(days=2),
                on=date(2026, 12, 4),
                note="By Friday",
            )
        )
        store.replace_plan(
            app.id,
            [
                action("1.later", ActionKind.STATUS_INQUIRY, NOW + timedelta(days=20)),
                action("1.soon", ActionKind.THANK_YOU, NOW + timedelta(days=1)),
                action("1.gone", ActionKind.ASK_NEXT_STEPS, NOW - timedelta(days=1), NOW),
                action("1.late", ActionKind.DEBRIEF, NOW - timedelta(days=2)),
            ],
            Status.ACTIVE,
            NOW - timedelta(days=3),
        )
        store.set_plan_basis("basis-1")
    store.close()


def test_no_views_on_a_missing_or_outdated_file(tmp_path: Path) -> None:
    assert open_views(str(tmp_path / "missing.db")) is None
    path = tmp_path / "f.db"
    written(path)
    with sqlite3.connect(path) as conn:  # as if written by an older followup
        conn.execute("DELETE FROM schema_migrations")
    assert open_views(str(path)) is None
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).close()  # a SQLite file, but not ours
    assert open_views(str(plain)) is None
