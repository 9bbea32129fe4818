"""Re-planning on the real store (issue 13): the planner runs outside every write
transaction, and a change that re-plans everything writes the plans in short batches."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup import bootstrap
from followup.adapters.sqlite.store import SqliteStore
from followup.domain import planner
from followup.domain.model import Application, Contact, Event, EventKind, Interview
from followup.services import planning, profile
from followup.services.context import Context
from followup.services.events import log_event

APPLICATIONS = 150  # more than two batches of ``planning.CHUNK``


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    settings = bootstrap.Settings(db=str(tmp_path / "f.db"), config=None, now="2026-11-23T10:00")
    with bootstrap.session(settings) as ctx:
        store = ctx.store
        with store.transaction():  # the histories, written as an import would
            for n in range(APPLICATIONS):
                app = store.add_application(Application(0, f"Company {n}", "Engineer"))
                jane = store.add_contact(Contact(0, app.id, "Jane Doe", email="j@x.example"))
                start = ctx.now - timedelta(days=n % 20, hours=3)
                store.add_interview(Interview(0, app.id, start, interviewer_ids=(jane.id,)))
        yield ctx


@contextmanager
def watched(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[int], list[int]]]:
    """How many plans each outermost write transaction wrote, and each application the
    planner planned; a failure if the planner ever runs while a write transaction is open."""
    store = ctx.store
    assert isinstance(store, SqliteStore)
    batches: list[int] = []
    planned: list[int] = []
    written: list[int] = []
    real_transaction, real_replace = store.transaction, store.replace_plan
    real_plan_all = planner.plan_all

    @contextmanager
    def transaction() -> Iterator[None]:
        outermost = not store._depth
        before = len(written)
        with real_transaction():
            yield
        if outermost:
            batches.append(len(written) - before)

    def replace_plan(app_id: int, *args: Any, **kwargs: Any) -> bool:
        written.append(app_id)
        return real_replace(app_id, *args, **kwargs)

    def plan_all(history: Any, *args: Any, **kwargs: Any) -> Any:
        assert not store._depth, "planned while a write transaction was open"
        planned.append(history.application.id)
        return real_plan_all(history, *args, **kwargs)

    monkeypatch.setattr(store, "transaction", transaction)
    monkeypatch.setattr(store, "replace_plan", replace_plan)
    monkeypatch.setattr(planner, "plan_all", plan_all)
    yield batches, planned


def every_action(ctx: Context) -> dict[str, datetime]:
    until = datetime(9999, 1, 1, tzinfo=ctx.now.tzinfo)
    return {d.action.id: d.action.due for d in ctx.store.due_actions(until, ctx.now)}


def test_a_new_profile_plans_everything_in_short_batches(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    changes = profile.ProfileChanges(
        name="Alex Morgan", email="alex@example.org", timezone="Europe/London", country="GB"
    )
    with watched(ctx, monkeypatch) as (batches, planned):
        profile.update_profile(ctx, changes)
    assert sorted(planned) == list(range(1, APPLICATIONS + 1))
    # The profile and the mark "every plan stale" in one transaction, then the plans in
    # batches of ``planning.CHUNK``, each in one short transaction.
    full, rest = divmod(APPLICATIONS, planning.CHUNK)
    assert batches == [0] + [planning.CHUNK] * full + [rest]
    assert ctx.store.stale_plans() == []
    assert ctx.store.due_actions(ctx.now + timedelta(days=30), ctx.now)


def test_a_zone_change_moves_every_plan(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    profile.update_profile(
        ctx,
        profile.ProfileChanges(name="Alex", email="alex@example.org", timezone="Europe/London"),
    )
    before = every_action(ctx)
    with watched(ctx, monkeypatch) as (_, planned):
        profile.update_profile(ctx, profile.ProfileChanges(timezone="America/New_York"))
    assert len(planned) == APPLICATIONS
    after = every_action(ctx)
    thanks = [k for k in before.keys() & after.keys() if ".thanks." in k]
    assert thanks
    assert all(after[k] != before[k] for k in thanks)  # the recipient's business hours


def test_one_write_plans_its_own_application_only(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile.update_profile(
        ctx,
        profile.ProfileChanges(name="Alex", email="alex@example.org", timezone="Europe/London"),
    )
    with watched(ctx, monkeypatch) as (batches, planned):
        log_event(ctx, 7, EventKind.REPLY)
    assert planned == [7]
    assert batches == [0, 1]  # the event alone, then its plan alone
    [reply] = [e for e in ctx.store.list_events(7) if e.kind is EventKind.REPLY]
    assert isinstance(reply, Event)
