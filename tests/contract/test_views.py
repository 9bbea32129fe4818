"""The ``Views`` port's behaviour, written once for every read side.

Each test writes through the ``Store`` port of the same implementation, then reads through
its ``Views``; SQLite is the one today, PostgreSQL joins by adding a param to ``pair``.
The rows are named tuples (``domain.read_rows``) and are read here by name, so a read side
that returns another column order fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup.adapters.sqlite.store import SqliteStore
from followup.adapters.sqlite.views import open_views
from followup.domain.inbox import InboxItem, ItemStatus
from followup.domain.matching import Strength
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
from followup.services.ports import Store, Views

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
Pair = tuple[Store, Callable[[], Views]]


@pytest.fixture(params=["sqlite"])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pair]:
    """A store to write with, and a way to open the read side on what it committed."""
    path = str(tmp_path / "views.db")
    store = SqliteStore(path)
    opened: list[Views] = []

    def views() -> Views:
        found = open_views(path)
        assert found is not None
        opened.append(found)
        return found

    yield store, views
    for v in opened:
        v.close()
    store.close()


def _action(aid: str, due: datetime, *, app_id: int = 1, expires: datetime | None = None) -> Action:
    return Action(
        id=aid,
        kind=ActionKind.STATUS_INQUIRY,
        application_id=app_id,
        contact_id=None,
        channel=Channel.EMAIL,
        earliest=due - timedelta(hours=1),
        due=due,
        latest=due + timedelta(days=1),
        why="Because.",
        expires=expires,
    )


def _app(store: Store, company: str = "Acme") -> Application:
    with store.transaction():
        return store.add_application(Application(id=0, company=company, role="Engineer"))


def _plan(store: Store, app: Application, actions: list[Action]) -> None:
    with store.transaction():
        store.replace_plan(app.id, actions, Status.ACTIVE, NOW - timedelta(days=3))


def test_no_profile_means_no_zone_then_the_profile_s(pair: Pair) -> None:
    store, views = pair
    assert views().profile_timezone() is None
    with store.transaction():
        store.save_profile(Profile(name="A", email="a@b.example", timezone="Europe/Berlin"))
    assert views().profile_timezone() == "Europe/Berlin"


def test_due_actions_are_live_within_the_window_by_due_then_id(pair: Pair) -> None:
    store, views = pair
    acme, globex = _app(store), _app(store, "Globex")
    _plan(store, acme, [
        _action("1.b", NOW + timedelta(days=1)),
        _action("1.gone", NOW - timedelta(days=1), expires=NOW),  # expired at now: left out
        _action("1.far", NOW + timedelta(days=30)),  # beyond the window
    ])  # fmt: skip
    _plan(store, globex, [
        _action("2.a", NOW + timedelta(days=1), app_id=globex.id),  # same due: by id
        _action("2.late", NOW - timedelta(days=2), app_id=globex.id),
    ])  # fmt: skip
    due = views().due_actions(NOW + timedelta(days=7), NOW)
    assert [r.id for r in due] == ["2.late", "1.b", "2.a"]
    assert (due[1].company, due[1].role) == ("Acme", "Engineer")
    assert due[1].due == "2026-11-24T10:00:00.000000Z"  # ISO 8601 in UTC, as text
    assert due[0].expires is None


def test_an_application_s_plan_and_head(pair: Pair) -> None:
    store, views = pair
    app = _app(store)
    _plan(store, app, [
        _action("1.later", NOW + timedelta(days=20)),
        _action("1.soon", NOW + timedelta(days=1)),
        _action("1.gone", NOW - timedelta(days=1), expires=NOW),
    ])  # fmt: skip
    read = views()
    assert [r.id for r in read.plan_actions(app.id, NOW)] == ["1.soon", "1.later"]
    head = read.application(app.id)
    assert head is not None
    assert (head.company, head.base_status) == ("Acme", "active")
    assert head.first_interview_end == "2026-11-20T10:00:00.000000Z"
    assert read.application(app.id + 1) is None
    assert read.plan_actions(app.id + 1, NOW) == []


def test_events_come_by_time_then_id(pair: Pair) -> None:
    store, views = pair
    app = _app(store)
    with store.transaction():
        for kind, at in ((EventKind.APPLIED, NOW), (EventKind.TIMELINE, NOW - timedelta(days=2))):
            store.add_event(
                Event(id=0, application_id=app.id, kind=kind, at=at, on=date(2026, 12, 4))
            )
        store.add_event(Event(id=0, application_id=app.id, kind=EventKind.REJECTION, at=NOW))
    rows = views().events(app.id)
    assert [r.kind for r in rows] == ["timeline", "applied", "rejection"]
    assert rows[0].on == "2026-12-04"
    assert rows[1].id < rows[2].id


def test_a_write_without_its_re_plan_is_a_stale_plan_until_one_is_cached(pair: Pair) -> None:
    store, views = pair
    app = _app(store)
    assert views().has_stale_plans()  # never planned
    _plan(store, app, [_action("1.a", NOW)])
    assert not views().has_stale_plans()
    with store.transaction():
        store.add_event(Event(id=0, application_id=app.id, kind=EventKind.APPLIED, at=NOW))
    assert views().has_stale_plans()  # the history moved on, the cache did not
    _plan(store, app, [_action("1.a", NOW)])
    assert not views().has_stale_plans()


def test_the_plan_basis_reads_as_it_was_set(pair: Pair) -> None:
    store, views = pair
    assert views().plan_basis() is None
    with store.transaction():
        store.set_plan_basis("basis-1")
    assert views().plan_basis() == "basis-1"


def test_alerts_are_the_bounces_still_waiting_for_the_user(pair: Pair) -> None:
    store, views = pair
    app = _app(store)
    with store.transaction():
        item = store.add_inbox_item(
            InboxItem(
                id=0, mail_id="<b1@mx.example>", folder="INBOX", uid=1,
                application_id=app.id, contact_id=None, strength=Strength.DEFINITE,
                match_reason="bounce of our letter", from_address="mailer-daemon@mx.example",
                from_name="Mail Delivery", subject="Undelivered", date=NOW, kind="bounce",
                on=None, confidence=0.9, reasons=("a delivery status report",),
                found_at=NOW, status=ItemStatus.PENDING, bounced="jane@acme.example",
            )
        )  # fmt: skip
        store.flag_bounced("jane@acme.example", NOW, item.id)
    [alert] = views().alerts()
    assert (alert.item_id, alert.application_id, alert.address) == (
        item.id, app.id, "jane@acme.example",
    )  # fmt: skip
    with store.transaction():  # dealt with (dismissed, or confirmed): no longer an alert
        store.settle_inbox_item(item.id, ItemStatus.DISMISSED, "bounce", None)
    assert views().alerts() == []
