"""The playbook's numbers (DESIGN section 3), every one overridable.

The config file's ``[policy]`` table maps one to one onto the fields below; per contact, the
cadence and the preferred channel override the policy (see ``Contact``). ``POLICY_DOCS``
documents each field, and the docs test checks that docs/configuration.md names them all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from followup.domain import limits
from followup.domain.errors import BadInput, named, quoted

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# No playbook number needs more (1000 days is almost three years, 1000 hours six weeks), and
# a bigger one (``cadence_days = 10**12``) overflows date arithmetic in the planner.
MAX_POLICY_VALUE = limits.POLICY_VALUE_MAX


@dataclass(frozen=True)
class Policy:
    thank_you_earliest_hours: int = 2
    thank_you_latest_hours: int = 48
    debrief_within_hours: int = 24
    first_follow_up_days: int = 7
    cadence_days: int = 14
    max_follow_ups: int = 3
    phone_follow_up_step: int = 2
    min_gap_days: int = 7
    decision_grace_business_days: int = 1
    respond_within_business_days: int = 1
    linkedin_within_days: int = 7
    rejection_reply_hours: int = 48
    offer_ack_business_days: int = 1
    offer_default_decision_days: int = 7

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise BadInput(f"policy {f.name} must be a whole number, not {quoted(value)}")
            lowest = 0 if f.name in _MAY_BE_ZERO else 1
            if value < lowest:
                raise BadInput(f"policy {f.name} must be at least {lowest}, not {quoted(value)}")
            if value > MAX_POLICY_VALUE:
                raise BadInput(
                    f"policy {f.name} must be at most {MAX_POLICY_VALUE}, not {quoted(value)}"
                )
        if self.thank_you_earliest_hours >= self.thank_you_latest_hours:
            raise BadInput(
                "policy thank_you_earliest_hours must be less than thank_you_latest_hours"
            )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Policy:
        """Build from a config table; unknown keys are an error, not silently ignored."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise BadInput(
                f"unknown policy setting {', '.join(named(k) for k in unknown)}; "
                f"known: {', '.join(sorted(known))}"
            )
        return cls(**dict(values))

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


_MAY_BE_ZERO = frozenset({"thank_you_earliest_hours", "decision_grace_business_days"})

POLICY_DOCS: dict[str, str] = {
    "thank_you_earliest_hours": "Hours after the interview ends before a thank-you may go (P3).",
    "thank_you_latest_hours": "Hours after the interview ends by which a thank-you is sent (P3).",
    "debrief_within_hours": "Hours after the interview within which to write the debrief (P2).",
    "first_follow_up_days": "Days after the thank-you (or their last answer) before the first "
    "status inquiry (P6, P10).",
    "cadence_days": "Days between later follow-ups, unless the contact asked for another "
    "cadence (P7).",
    "max_follow_ups": "Follow-ups to send before moving on (P8).",
    "phone_follow_up_step": "Which follow-up is a phone call when a number is known (P7).",
    "min_gap_days": "Least days between two unsolicited messages to one employer (P9).",
    "decision_grace_business_days": "Business days after a stated decision date before "
    "asking (P6, P11).",
    "respond_within_business_days": "Business days to answer an invitation or an information "
    "request (P12, P13).",
    "linkedin_within_days": "Days after the thank-you to connect on LinkedIn (P14).",
    "rejection_reply_hours": "Hours to reply graciously to a rejection (P15).",
    "offer_ack_business_days": "Business days to acknowledge an offer (P16).",
    "offer_default_decision_days": "Days to decide an offer when no deadline was recorded (P16).",
}
