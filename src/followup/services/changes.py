"""Partial updates: "leave this field alone" must differ from "clear this field".

An edit carries, per field, ``KEEP`` (not mentioned), ``None`` (clear it, where the field is
optional) or a new value. An enum singleton lets mypy tell the three apart.
"""

from __future__ import annotations

import enum
from typing import TypeVar

T = TypeVar("T")


class Keep(enum.Enum):
    KEEP = "keep"


KEEP = Keep.KEEP


def pick(change: T | Keep, current: T) -> T:
    """The new value if one was given, else the current one."""
    return current if isinstance(change, Keep) else change
