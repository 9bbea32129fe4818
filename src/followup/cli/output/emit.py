"""A command's output, chosen once: JSON for ``--json``, text for a person otherwise.

Each command hands both ways over (todoman's formatter chosen once, not an ``if as_json:`` in
every command): the record as ``services.records`` shapes it, built only when JSON is wanted,
and how a person reads it, drawn only when not.
"""

from __future__ import annotations

from collections.abc import Callable

import click


def emit(as_json: bool, record: Callable[[], object], human: Callable[[], None]) -> None:
    if as_json:
        from followup.cli.output.json_text import write

        write(record())
    else:
        human()


def say(*lines: str) -> Callable[[], None]:
    """A person's output that is a few lines of text."""
    return lambda: click.echo("\n".join(lines))
