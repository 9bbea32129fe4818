"""Option text to typed values, for commands. Errors are ``BadInput``: one line, exit 2.

Edits distinguish three cases per option: absent (keep the field), empty (clear it, where it
may be empty) and a value. Click reports an absent option as ``None``, so edit options are
plain text and go through ``change``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import click

from followup.domain.errors import BadInput
from followup.services import inputs
from followup.services.changes import KEEP, Keep

T = TypeVar("T")


class RecordId(click.ParamType[int]):
    """A record's id: from 1 to what SQLite's INTEGER holds, so a pasted giant number is a
    usage error (exit 2) rather than an overflow deep in the store.

    Not a ``click.IntRange``: that prints its bounds in every ``--help``
    (``[1<=x<=9223372036854775807]``), noise to a person who only needs "an id".
    """

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number: int = click.INT.convert(value, param, ctx)
        if not 1 <= number < 2**63:
            self.fail(
                f"{number} is not an id; ids are the whole numbers (1, 2, 3 ...) that lists show",
                param,
                ctx,
            )
        return number


ID = RecordId()

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
