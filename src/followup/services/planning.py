"""Keeping the plan cache true: re-plan on write, re-plan everything when the basis moves.

The planner's output depends on an application's history plus three things outside it: the
planner's own version, the policy (config file) and the profile. Writes re-plan the
application they touched inside their own transaction, and a change of profile (a write
too) re-plans everything. The planner's version and the config file can change behind our
back, so they are summed up in a *plan basis* stored beside the cache; a read that finds
another basis (a new release, an edited config file) re-plans every application once. The
hot read paths therefore never plan and never import ``holidays``.
"""

from __future__ import annotations

from collections.abc import Iterable

from followup.domain import revision, status
from followup.domain.errors import NoProfile
from followup.domain.model import Profile
from followup.domain.policy import Policy
from followup.services.context import Context

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.services.ports import Store


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


def replan(store: Store, profile: Profile, policy: Policy, app_id: int) -> None:
    """Recompute and cache one application's actions; call inside a transaction."""
    history = store.history(app_id)
    from followup.domain import planner  # writes only: reads never plan
    from followup.domain.calendar import holidays_for

    actions = planner.plan_all(history, profile, policy, is_holiday=holidays_for(profile.country))
    store.replace_plan(
        app_id,
        actions,
        status.base_status(history.events),
        status.first_interview_end(history),
    )


def replan_everything(store: Store, profile: Profile, policy: Policy, basis: str) -> None:
    """Recompute every application's cache and record its basis; call inside a transaction."""
    for app_id in store.application_ids():
        replan(store, profile, policy, app_id)
    store.set_plan_basis(basis)


def refresh(ctx: Context, app_ids: Iterable[int]) -> None:
    """After a write, inside its transaction: bring the cache up to date for what changed.

    Without a profile nothing can be planned (no zone, no working hours), so nothing is
    cached; creating the profile plans everything. If the basis moved since the last full
    re-plan, a partial one would leave the rest stale under a basis that looks current, so
    everything is re-planned instead.
    """
    profile = ctx.store.get_profile()
    if profile is None:
        return
    basis = plan_basis(ctx)
    if ctx.store.plan_basis() != basis:
        replan_everything(ctx.store, profile, ctx.policy, basis)
        return
    for app_id in app_ids:
        replan(ctx.store, profile, ctx.policy, app_id)


def ensure_fresh(ctx: Context) -> Profile:
    """Before reading the cache: the profile, after re-planning all if the basis moved."""
    profile = require_profile(ctx.store)
    basis = plan_basis(ctx)
    if ctx.store.plan_basis() != basis:
        with ctx.store.transaction():
            replan_everything(ctx.store, profile, ctx.policy, basis)
    return profile
