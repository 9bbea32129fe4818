"""Keeping the plan cache true, with the database's write lock held only to write.

The planner's output depends on an application's history plus three things outside it: the
planner's own version, the policy (config file) and the profile. The planner's version and
the config file can change behind our back, so they are summed up in a *plan basis* stored
beside the cache.

Whether a cached plan is fresh is one comparison. The store bumps an application's
*revision* in the same transaction as any change to its history; a change of profile or of
basis bumps every application's (``invalidate``). A cached plan records the revision it was
computed from, and one that lags is stale (``Store.stale_plans``).

So a write commits its change alone, in a transaction of milliseconds, and then
``refresh``es outside it: it reads a snapshot (the stale histories with their revisions,
the profile, the basis), plans without any lock (importing the planner and the holiday
tables on the way), and writes the plans in one short transaction, each only if its
revision has not moved since the snapshot; one that moved is planned again, a few times at
most. Every read of the cache goes through ``ensure_fresh`` (the hot path through
``bootstrap.read_session``, which looks at the same index), which first plans whatever is
stale: a process killed between its commit and its re-plan never leaves a stale plan on
show, the next read pays for it. A read that finds the cache fresh never plans and never
imports ``holidays``.
"""

from __future__ import annotations

from contextlib import contextmanager

from followup.domain import revision, status
from followup.domain.errors import Busy, NoProfile
from followup.domain.model import Profile
from followup.services.context import Context

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from followup.services.ports import Store

# Passes over the stale plans before what still lags (its history kept moving while it was
# planned) is left to the next read.
ROUNDS = 3
# Applications planned from one snapshot and written in one transaction: the lock is held
# for one small batch of inserts, never for a whole re-plan of ten thousand applications.
CHUNK = 64


def require_profile(store: Store) -> Profile:
    profile = store.get_profile()
    if profile is None:
        raise NoProfile()
    return profile


def plan_basis(ctx: Context) -> str:
    """What the cached plans were computed under, besides the histories and the profile."""
    fingerprint = ctx.config_fingerprint
    if fingerprint is None:
        import zlib

        fingerprint = (
            f"policy {zlib.crc32(repr(sorted(ctx.policy.as_dict().items())).encode()):08x}"
        )
    return revision.plan_basis(fingerprint)


@contextmanager
def changing(ctx: Context) -> Iterator[None]:
    """The transaction of a write that changes histories (``refresh`` after it).

    What its re-plan needs (the planner, the holiday calendar: a tenth of a second in a new
    process) is imported first, before the lock; so between the commit and the re-plan's
    own commit, while every reader finds the plan stale and plans it itself, only the
    planning of one application passes.
    """
    from followup.domain import planner  # noqa: F401 - imported for its cost, here
    from followup.domain.business_hours import holidays_for

    profile = ctx.store.get_profile()
    if profile is not None:
        holidays_for(profile.country)
    with ctx.store.transaction():
        yield


def invalidate(ctx: Context) -> None:
    """Inside the transaction that changes the profile: every plan is stale from its commit,
    under this process's basis; ``refresh(ctx)`` after the commit plans them."""
    ctx.store.invalidate_plans()
    ctx.store.set_plan_basis(plan_basis(ctx))


def refresh(ctx: Context, app_ids: Iterable[int] | None = None) -> None:
    """After a write has committed, outside its transaction: plan the stale ones among
    ``app_ids`` (the applications it changed; None: every stale one).

    Without a profile nothing can be planned (no zone, no working hours), so nothing is
    cached; creating the profile plans everything. If the basis moved since the last full
    re-plan, every plan is marked stale under the new one first.

    The change is committed already, so neither a lock held past the wait budget nor a
    Ctrl-C fails the command (which would say that nothing was written): the plans it did
    not get to stay stale, and the next read plans them.
    """
    if ctx.store.get_profile() is None:
        return
    try:
        basis = plan_basis(ctx)
        if ctx.store.plan_basis() != basis:
            _restamp(ctx, basis)
        _plan_stale(ctx, basis, None if app_ids is None else sorted(set(app_ids)))
    except (Busy, KeyboardInterrupt):
        return


def ensure_fresh(ctx: Context) -> Profile:
    """Before reading the cache: the profile, after planning whatever is stale (all of it
    when the basis moved)."""
    profile = require_profile(ctx.store)
    basis = plan_basis(ctx)
    if ctx.store.plan_basis() != basis:
        replan_everything(ctx, basis)
    else:
        _plan_stale(ctx, basis, None)
    return profile


def replan_everything(ctx: Context, basis: str) -> None:
    """Mark every plan stale under ``basis`` in one short transaction, then plan them."""
    _restamp(ctx, basis)
    _plan_stale(ctx, basis, None)


def _restamp(ctx: Context, basis: str) -> None:
    with ctx.store.transaction():
        if ctx.store.plan_basis() != basis:  # another process may have done it meanwhile
            ctx.store.invalidate_plans()
            ctx.store.set_plan_basis(basis)


def _plan_stale(ctx: Context, basis: str, app_ids: list[int] | None) -> None:
    """Plan the stale applications (among ``app_ids``), ``CHUNK`` at a time: a snapshot,
    the planner outside any lock, then a short transaction that keeps each plan whose
    revision still holds. Stops when none is stale, after ``ROUNDS`` passes, or when
    another process made its own basis the stored one (its config differs: it plans)."""
    store = ctx.store
    for _ in range(ROUNDS):
        after = 0
        planned_any = False
        while True:
            with store.reading():
                if store.plan_basis() != basis:
                    return
                profile = store.get_profile()
                batch = store.stale_plans(app_ids, after=after, limit=CHUNK)
                histories = [(store.history(app_id), rev) for app_id, rev in batch]
            if not batch or profile is None:
                break
            planned_any = True
            after = batch[-1][0]
            # Imported here, before the lock, and only when something is to be planned.
            from followup.domain import planner
            from followup.domain.business_hours import holidays_for

            is_holiday = holidays_for(profile.country)
            plans = [
                (
                    history,
                    rev,
                    planner.plan_all(history, profile, ctx.policy, is_holiday=is_holiday),
                )
                for history, rev in histories
            ]
            with store.transaction():
                for history, rev, actions in plans:
                    store.replace_plan(
                        history.application.id,
                        actions,
                        status.base_status(history.events),
                        status.first_interview_end(history),
                        rev=rev,
                    )
        if not planned_any:
            return
