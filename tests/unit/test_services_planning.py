"""The plan cache: re-planned after each write's commit, outside it; a plan that lags its
history is re-planned by the next read; in full only when the basis or the profile moves."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from followup.domain import planner, revision
from followup.domain.errors import BadInput
from followup.domain.model import Action, ActionKind, Event, EventKind, History, Profile, Status
from followup.domain.policy import Policy
from followup.services import agenda, planning
from followup.services.applications import add_application, list_applications
from followup.services.contacts import ContactFields, add_contact
from followup.services.context import Context
from followup.services.events import log_event
from followup.services.interviews import add_interview
from followup.services.profile import ProfileChanges, update_profile
from tests.unit.fakes import LONDON, NOW, PROFILE, FakeStore, context, scripted_plan_all


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture(autouse=True)
def scripted_planner(monkeypatch: pytest.MonkeyPatch, store: FakeStore) -> None:
    """The scripted planner, which also checks that no write transaction is open while it
    runs: planning is the slow part, and it must never hold the write lock."""

    def outside_transactions(*args: Any, **kwargs: Any) -> list[Action]:
        assert not store.in_transaction, "planned while a write transaction was open"
        return scripted_plan_all(*args, **kwargs)

    monkeypatch.setattr(planner, "plan_all", outside_transactions)


@pytest.fixture
def ctx(store: FakeStore) -> Context:
    return context(store)


def with_profile(ctx: Context) -> None:
    update_profile(
        ctx, ProfileChanges(name=PROFILE.name, email=PROFILE.email, timezone=PROFILE.timezone)
    )


def interviewed(ctx: Context, start: datetime) -> tuple[int, int]:
    """An application with one interviewer, interviewed at ``start``: (app id, contact id)."""
    app = add_application(ctx, "Acme", "Engineer")
    contact = add_contact(ctx, app.id, "Jane Doe", ContactFields(email="jane@acme.example"))
    add_interview(ctx, app.id, start, interviewer_ids=[contact.id])
    return app.id, contact.id


# --- the basis -------------------------------------------------------------------------------
def test_basis_is_stable_for_the_same_inputs(store: FakeStore) -> None:
    assert planning.plan_basis(context(store)) == planning.plan_basis(context(store))


def test_basis_moves_with_the_policy_and_its_source(store: FakeStore) -> None:
    defaults = planning.plan_basis(context(store))
    assert planning.plan_basis(context(store, policy=Policy(cadence_days=21))) != defaults
    edited = dataclasses.replace(context(store), config_fingerprint="1a2b3c4d5e")
    assert planning.plan_basis(edited) != defaults


def test_basis_moves_with_the_planner_version(
    store: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = planning.plan_basis(context(store))
    monkeypatch.setattr(revision, "PLANNER_VERSION", revision.PLANNER_VERSION + "-next")
    assert planning.plan_basis(context(store)) != before


# --- writes ----------------------------------------------------------------------------------
def test_without_a_profile_writes_work_but_cache_nothing(store: FakeStore, ctx: Context) -> None:
    app = add_application(ctx, "Acme", "Engineer")
    add_contact(ctx, app.id, "Jane Doe", ContactFields())
    assert store.replanned == []
    assert store.plan_basis() is None


def test_creating_the_profile_plans_every_application(store: FakeStore, ctx: Context) -> None:
    first = add_application(ctx, "Acme", "Engineer").id
    second = add_application(ctx, "Globex", "Analyst").id
    with_profile(ctx)
    assert sorted(store.replanned) == [first, second]
    profile = store.get_profile()
    assert profile is not None
    assert store.plan_basis() == planning.plan_basis(ctx)


def test_a_write_replans_only_its_application(store: FakeStore, ctx: Context) -> None:
    with_profile(ctx)
    other = add_application(ctx, "Globex", "Analyst").id
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    store.replanned.clear()
    log_event(ctx, app_id, EventKind.REPLY)
    assert store.replanned == [app_id]
    assert other not in store.replanned


def test_every_write_commits_its_change_then_its_plan(store: FakeStore, ctx: Context) -> None:
    with_profile(ctx)
    before = store.commits
    interviewed(ctx, NOW - timedelta(hours=3))  # three writes, each then its plan
    assert store.commits == before + 6
    assert store.stale_plans() == []


def test_a_profile_change_replans_everything(store: FakeStore, ctx: Context) -> None:
    with_profile(ctx)
    ids = [add_application(ctx, f"Company {n}", "Engineer").id for n in range(3)]
    store.replanned.clear()
    update_profile(ctx, ProfileChanges(timezone="Europe/Berlin"))
    assert sorted(store.replanned) == ids


def test_a_write_under_a_stale_basis_makes_every_plan_stale(store: FakeStore) -> None:
    """The write plans its own application under the new basis; the others lag until the
    next read plans them, never shown as fresh under a basis they were not made for."""
    ctx = context(store)
    with_profile(ctx)
    ids = [add_application(ctx, f"Company {n}", "Engineer").id for n in range(3)]
    store.replanned.clear()
    edited = context(store, policy=Policy(cadence_days=21))  # the user edited the config
    log_event(edited, ids[0], EventKind.NOTE)
    assert store.replanned == [ids[0]]
    assert store.plan_basis() == planning.plan_basis(edited)
    assert [app_id for app_id, _ in store.stale_plans()] == ids[1:]
    agenda.today(edited)
    assert sorted(store.replanned) == ids
    assert store.stale_plans() == []


def test_a_failing_planner_keeps_the_write_and_the_next_read_plans_it(
    store: FakeStore, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event commits first; a re-plan that dies after it leaves the plan stale, never
    the event unwritten, and the next read re-plans before it shows anything."""
    with_profile(ctx)
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    working = planner.plan_all

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("planner bug")

    monkeypatch.setattr(planner, "plan_all", broken)
    with pytest.raises(RuntimeError):
        log_event(ctx, app_id, EventKind.OFFER, on=date(2026, 12, 4))
    assert [e.kind for e in store.list_events(app_id)] == [EventKind.OFFER]
    assert store.rollbacks == 0
    assert [a for a, _ in store.stale_plans()] == [app_id]
    monkeypatch.setattr(planner, "plan_all", working)
    view = agenda.plan(ctx, app_id)
    assert ActionKind.DECIDE_OFFER in {a.kind for a in view.actions}
    assert store.stale_plans() == []


def test_a_write_whose_replan_never_ran_is_planned_by_the_next_read(
    store: FakeStore, ctx: Context
) -> None:
    """As if the process were killed between the commit and the re-plan: the event is in,
    the cached plan from before it; every kind of read re-plans first."""
    with_profile(ctx)
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    for read in (
        lambda: agenda.today(ctx),
        lambda: agenda.plan(ctx, app_id),
        lambda: list_applications(ctx),
    ):
        with store.transaction():  # the write alone, as the killed process left it
            offer = store.add_event(Event(0, app_id, EventKind.OFFER, NOW, on=date(2026, 12, 4)))
        assert f"{app_id}-o{offer.id}" not in {a.id for a in store.cached_plan(app_id)}
        store.replanned.clear()
        read()
        assert store.replanned == [app_id]
        assert f"{app_id}-o{offer.id}" in {a.id for a in store.cached_plan(app_id)}


def test_a_plan_of_a_history_that_moved_meanwhile_is_not_kept(
    store: FakeStore, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process writes while this one plans: the plan it made from the older
    snapshot is refused (its revision moved) and the application planned again."""
    with_profile(ctx)
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    planning_now = planner.plan_all
    other_writes: list[int] = []

    def racing(history: History, *args: Any, **kwargs: Any) -> list[Action]:
        actions = planning_now(history, *args, **kwargs)
        if not other_writes:  # the other process's event lands mid-plan, once
            with store.transaction():
                other = store.add_event(
                    Event(0, app_id, EventKind.OFFER, NOW, on=date(2026, 12, 4))
                )
            other_writes.append(other.id)
        return actions

    monkeypatch.setattr(planner, "plan_all", racing)
    store.replanned.clear()
    log_event(ctx, app_id, EventKind.NOTE)
    assert store.replanned == [app_id]  # the first plan was refused, the second kept
    assert f"{app_id}-o{other_writes[0]}" in {a.id for a in store.cached_plan(app_id)}
    assert store.stale_plans() == []


def test_a_history_that_never_stops_moving_is_left_for_the_next_read(
    store: FakeStore, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The re-plan is bounded: a few tries, then the plan stays stale (never a plan of an
    older history shown as current) and the command ends."""
    with_profile(ctx)
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    planning_now = planner.plan_all
    tries: list[int] = []

    def always_racing(history: History, *args: Any, **kwargs: Any) -> list[Action]:
        tries.append(1)
        with store.transaction():
            store.add_event(Event(0, app_id, EventKind.NOTE, NOW))
        return planning_now(history, *args, **kwargs)

    monkeypatch.setattr(planner, "plan_all", always_racing)
    store.replanned.clear()
    log_event(ctx, app_id, EventKind.NOTE)
    assert len(tries) == planning.ROUNDS
    assert store.replanned == []
    assert [a for a, _ in store.stale_plans()] == [app_id]


def test_a_profile_change_while_planning_refuses_the_old_profile_s_plans(
    store: FakeStore, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan computed under the old profile reaches the cache after the new profile is
    saved: every revision moved with the profile, so it is refused and planned again."""
    with_profile(ctx)
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    planning_now = planner.plan_all
    seen: list[str] = []

    def racing(history: History, profile: Profile, *args: Any, **kwargs: Any) -> list[Action]:
        seen.append(profile.timezone)
        if len(seen) == 1:
            with store.transaction():
                store.save_profile(dataclasses.replace(profile, timezone="Europe/Berlin"))
                planning.invalidate(ctx)
        return planning_now(history, profile, *args, **kwargs)

    monkeypatch.setattr(planner, "plan_all", racing)
    log_event(ctx, app_id, EventKind.NOTE)
    assert seen == ["Europe/London", "Europe/Berlin"]
    assert store.stale_plans() == []


# --- reads -----------------------------------------------------------------------------------
def test_reads_need_a_profile(ctx: Context) -> None:
    with pytest.raises(BadInput, match="no profile yet: run `followup me"):
        agenda.today(ctx)
    with pytest.raises(BadInput, match="no profile yet"):
        agenda.plan(ctx, 1)


def test_a_fresh_cache_is_read_without_planning(store: FakeStore, ctx: Context) -> None:
    with_profile(ctx)
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    store.replanned.clear()
    commits = store.commits
    agenda.today(ctx)
    agenda.plan(ctx, app_id)
    list_applications(ctx)
    assert store.replanned == []
    assert store.commits == commits  # reads write nothing


def test_a_stale_basis_replans_everything_once_then_reads(store: FakeStore) -> None:
    ctx = context(store)
    with_profile(ctx)
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    other = add_application(ctx, "Globex", "Analyst").id
    store.replanned.clear()
    edited = context(store, policy=Policy(thank_you_latest_hours=72))
    agenda.today(edited)
    assert sorted(store.replanned) == sorted([app_id, other])
    agenda.today(edited)
    agenda.plan(edited, app_id)
    assert len(store.replanned) == 2


def test_a_new_planner_version_rebuilds_the_cache(
    store: FakeStore, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_profile(ctx)
    app_id, _ = interviewed(ctx, NOW - timedelta(hours=3))
    store.replanned.clear()
    monkeypatch.setattr(revision, "PLANNER_VERSION", "next")
    agenda.plan(ctx, app_id)
    assert store.replanned == [app_id]


def test_today_splits_due_now_from_upcoming_within_the_horizon(ctx: Context) -> None:
    with_profile(ctx)
    ended_earlier, _ = interviewed(ctx, NOW - timedelta(hours=20))  # thank-you due 1 h ago
    tomorrow, _ = interviewed(ctx, NOW + timedelta(days=1))
    later, _ = interviewed(ctx, NOW + timedelta(days=9))  # beyond 7 days
    view = agenda.today(ctx)
    apps = [i.action.application_id for i in view.items]
    assert later not in apps
    assert {i.action.application_id for i in view.due_now} == {ended_earlier}
    assert {i.action.application_id for i in view.upcoming} == {tomorrow}
    dues = [i.action.due for i in view.items]
    assert dues == sorted(dues)
    assert all(i.action.due <= NOW for i in view.due_now)
    assert view.until == NOW + timedelta(days=7)
    assert view.zone == LONDON
    assert view.items[0].company == "Acme"
    wider = agenda.today(ctx, days=10)
    assert later in {i.action.application_id for i in wider.items}


def test_today_rejects_a_negative_horizon(ctx: Context) -> None:
    with_profile(ctx)
    with pytest.raises(BadInput, match="--days"):
        agenda.today(ctx, days=-1)


def test_plan_drops_expired_actions_and_derives_the_status(store: FakeStore) -> None:
    ctx = context(store)
    with_profile(ctx)
    app_id, contact_id = interviewed(ctx, NOW - timedelta(hours=3))
    view = agenda.plan(ctx, app_id)
    assert view.status is Status.AWAITING
    assert {a.kind for a in view.actions} == {ActionKind.DEBRIEF, ActionKind.THANK_YOU}
    assert view.contact(contact_id) is not None
    later = agenda.plan(context(store, now=NOW + timedelta(days=3)), app_id)
    assert [a.kind for a in later.actions] == [ActionKind.THANK_YOU]  # the debrief expired
    before = agenda.plan(context(store, now=NOW - timedelta(days=1)), app_id)
    assert before.status is Status.ACTIVE  # not interviewed yet on that day


def test_plan_of_an_unknown_application_is_not_found(ctx: Context) -> None:
    with_profile(ctx)
    with pytest.raises(BadInput, match="no application with id 42"):
        agenda.plan(ctx, 42)
