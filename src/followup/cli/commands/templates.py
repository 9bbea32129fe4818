"""``followup templates``: see the message templates and where to override them."""

from __future__ import annotations

import os

import click

from followup.cli.session import ports


@click.group()
def templates() -> None:
    """List, show or locate the message templates (override one by copying it)."""


@templates.command("list")
def list_templates() -> None:
    """Every template, and whether yours or the built-in one is used."""
    found = ports().templates()
    for kind in found.names():
        path, _ = found.source(kind)
        mine = found.user_folder is not None and path.startswith(found.user_folder + os.sep)
        click.echo(f"{kind:<24} {'yours' if mine else 'built-in'}")


@templates.command("show")
@click.argument("kind", metavar="KIND")
def show(kind: str) -> None:
    """Print the template KIND is drafted from (yours if you have one)."""
    path, text = ports().templates().source(kind)
    click.echo(f"# {path}", err=True)
    click.echo(text, nl=False)


@templates.command("path")
def path() -> None:
    """The folder where a file named like a template (thank-you.j2) overrides it."""
    folder = ports().templates().user_folder
    if folder is None:  # pragma: no cover - settings_from always resolves a config path
        raise click.ClickException("no config folder, so no templates folder")
    click.echo(folder)
