"""Keeping the plan cache true: re-plan on write, re-plan everything when the basis moves.

The planner's output depends on an application's history plus three things outside it: the
planner's own version, the policy (config file) and the profile. Writes re-plan the
application they touched inside their own transaction; the other three are summed up in a
*plan basis* stored beside the cache. A read compares the basis it would plan with against
the stored one and, only when they differ (a new release, an edited config file), re-plans
every application once. The hot read paths therefore never plan and never import
``holidays``.
"""

from __future__ import annotations

from collections.abc import Iterable

from followup.domain import revision, status
from followup.domain.errors import BadInput
from followup.domain.model import Profile
from followup.domain.policy import Policy
from followup.services.context import Context

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.services.ports import Store

NO_PROFILE = "no profile yet: run `followup me --name ... --email ... --timezone ... --country ...`"


def require_profile(store: Store) -> Profile:
    profile = store.get_profile()
    if profile is None:
        raise BadInput(NO_PROFILE)
    return profile


def plan_basis(profile: Profile, policy: Policy) -> str:
    """A short fingerprint of everything besides the history that the plan depends on.

    It only has to notice a change, not resist an attacker, and it is computed on every
    read: two zlib checksums (64 bits) instead of ``hashlib``, whose OpenSSL start-up costs
    the hot path a few milliseconds.
    """
    import zlib

    hours = profile.hours
    parts = (
        revision.PLANNER_VERSION,
        sorted(policy.as_dict().items()),
        (profile.name, profile.email, profile.timezone, profile.country),
        (profile.phone, profile.signature),
        (hours.start.isoformat(), hours.end.isoformat(), sorted(hours.weekdays)),
    )
    data = repr(parts).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


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


def replan_everything(store: Store, profile: Profile, policy: Policy) -> None:
    """Recompute every application's cache and record the basis; call inside a transaction."""
    for app_id in store.application_ids():
        replan(store, profile, policy, app_id)
    store.set_plan_basis(plan_basis(profile, policy))


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
    if ctx.store.plan_basis() != plan_basis(profile, ctx.policy):
        replan_everything(ctx.store, profile, ctx.policy)
        return
    for app_id in app_ids:
        replan(ctx.store, profile, ctx.policy, app_id)


def ensure_fresh(ctx: Context) -> Profile:
    """Before reading the cache: the profile, after re-planning all if the basis moved."""
    profile = require_profile(ctx.store)
    if ctx.store.plan_basis() != plan_basis(profile, ctx.policy):
        with ctx.store.transaction():
            replan_everything(ctx.store, profile, ctx.policy)
    return profile
