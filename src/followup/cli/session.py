"""How a command gets its ``Context``: the global options, resolved through ``bootstrap``.

The group callback only records what was typed; nothing is opened until a command asks, so
``--help`` and usage errors never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from followup import bootstrap

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from followup.services.context import Context


@dataclass(frozen=True)
class GlobalOptions:
    db: str | None
    config: str | None
    now: str | None


def settings() -> bootstrap.Settings:
    """The global options as typed, resolved through ``bootstrap``."""
    options = click.get_current_context().find_object(GlobalOptions)
    if options is None:  # a command invoked outside the ``followup`` group (tests)
        options = GlobalOptions(db=None, config=None, now=None)
    return bootstrap.settings_from(options.db, options.config, options.now)


def session(ports: bootstrap.Adapters | None = None) -> AbstractContextManager[Context]:
    """The command's ``Context``; ``ports``: the set the command already used before it
    opened the database (a file read, a review without a database), handed on."""
    return bootstrap.session(settings(), ports)


def ports() -> bootstrap.Adapters:
    """The ports for what a command does before, or without, a database; ``session(ports)``
    then hands the same set out as ``ctx.ports``."""
    return bootstrap.Adapters(settings())


def echo_json(value: object) -> None:
    from followup.cli.output.json_text import write

    write(value)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
