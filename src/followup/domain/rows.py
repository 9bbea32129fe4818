"""Read models the store returns: derived state joined for listings.

They live in the domain, not beside the ``Store`` port, because adapters implement the port
and may not import ``services`` (the layers contract in pyproject); both sides import them
from here. ``services.ports`` re-exports them, so callers may keep importing them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup.domain.model import Action, Application, Status


@dataclass(frozen=True)
class ApplicationRow:
    """An application with its cached, derived state: what listings need, in one read."""

    application: Application
    base_status: Status
    first_interview_end: datetime | None
    next_due: datetime | None  # the earliest due of its cached actions, None if none


@dataclass(frozen=True)
class DueAction:
    """A cached action joined with what ``today`` prints beside it."""

    action: Action
    company: str
    role: str
    contact_name: str | None
