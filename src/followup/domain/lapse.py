"""Which overdue actions have lapsed: their moment is so long gone that doing them now
would be odd, so a page folds them away instead of listing them with what still matters.

Pure: ``now`` is a parameter. Two reasons, either enough:

- **Overtaken**: the application has moved past the stage the action belongs to. A
  LinkedIn note, a status inquiry or a thank-you still "owed" when an offer is on the table
  (or the application is over) would read strangely; the window has closed, so it lapses.
- **Long closed**: its window closed ``LAPSED_AFTER`` ago. Two weeks is the playbook's own
  cadence between follow-ups: by then the next step has its own action.

What a person still owes whatever the delay never lapses: answering an offer or an
invitation, sending what was asked for, deciding to move on.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from followup.domain.kinds import ActionKind, Status

LAPSED_AFTER = timedelta(days=14)

STILL_OWED = frozenset(
    {
        ActionKind.ACKNOWLEDGE_OFFER,
        ActionKind.DECIDE_OFFER,
        ActionKind.RESPOND_TO_UPDATE,
        ActionKind.SEND_ADDITIONAL_INFO,
        ActionKind.MOVE_ON,
    }
)

# The stages after which the waiting game (thank-you, inquiries, LinkedIn) is over.
PAST_WAITING = frozenset(
    {
        Status.OFFER,
        Status.ACCEPTED,
        Status.DECLINED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.CLOSED,
    }
)


def lapsed(kind: ActionKind, latest: datetime, now: datetime, status: Status | None) -> bool:
    """Whether an action of ``kind`` whose window closes at ``latest`` has lapsed at ``now``;
    ``status`` is the application's at ``now`` (None where it is not known: only the time
    counts then)."""
    if kind in STILL_OWED or now <= latest:
        return False
    if status in PAST_WAITING:
        return True
    return now - latest >= LAPSED_AFTER
