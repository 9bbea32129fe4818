"""The playbook planner (DESIGN section 3). STUB: being written; the signatures are final."""

from __future__ import annotations

from datetime import datetime

from followup.domain.calendar import IsHoliday
from followup.domain.model import Action, History, Profile
from followup.domain.policy import Policy

# Bump when the planner's output for the same input changes: cached plans are then rebuilt.
PLANNER_VERSION = "1"


def plan_all(
    history: History, profile: Profile, policy: Policy, is_holiday: IsHoliday | None = None
) -> list[Action]:
    """Every pending action, independent of the clock (what the store caches), by due."""
    return []


def plan(
    history: History,
    profile: Profile,
    policy: Policy,
    now: datetime,
    is_holiday: IsHoliday | None = None,
) -> list[Action]:
    """The actions that make sense at ``now``: ``plan_all`` less the expired ones."""
    return [a for a in plan_all(history, profile, policy, is_holiday) if a.is_live(now)]
