"""Option text to typed values, for commands. Errors are ``BadInput``: one line, exit 2.

Edits distinguish three cases per option: absent (keep the field), empty (clear it, where it
may be empty) and a value. Click reports an absent option as ``None``, so edit options are
plain text and go through ``change``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

import click

from followup.domain.errors import BadInput
from followup.services import inputs
from followup.services.changes import KEEP, Keep

T = TypeVar("T")

# Record ids: what SQLite's INTEGER holds, so a pasted giant number is a usage error (exit 2)
# rather than an overflow deep in the store.
ID = click.IntRange(min=1, max=2**63 - 1)

E = TypeVar("E", bound=Enum)


def change(text: str | None, convert: Callable[[str], T]) -> T | Keep | None:
    """Absent: keep; blank: clear; anything else: converted."""
    if text is None:
        return KEEP
    if not text.strip():
        return None
    return convert(text)


def required_change(text: str | None, convert: Callable[[str], T], what: str) -> T | Keep:
    """Like ``change`` for a field that cannot be cleared (a name, a role)."""
    value = change(text, convert)
    if value is None:
        raise BadInput(f"{what} cannot be empty")
    return value


def enum_parser(
    kind: type[E], what: str, allowed: tuple[E, ...] | None = None
) -> Callable[[str], E]:
    return lambda text: inputs.choice(kind, text, what, allowed)


def optional_enum(
    text: str | None, kind: type[E], what: str, allowed: tuple[E, ...] | None = None
) -> E | None:
    return None if text is None or not text.strip() else inputs.choice(kind, text, what, allowed)


def whole_number(what: str) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            return int(text.strip())
        except ValueError:
            raise BadInput(f"{what} must be a whole number, not {text!r}") from None

    return convert


def labels(kind: type[Enum], allowed: tuple[Enum, ...] | None = None) -> str:
    """``a|b|c`` for help texts, in the dash spelling."""
    members = allowed if allowed is not None else tuple(kind)
    return "|".join(str(m.value).replace("_", "-") for m in members)
