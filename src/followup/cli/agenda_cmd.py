"""``followup today`` and ``followup plan``: the hot path, so only light imports here."""

from __future__ import annotations

import click

from followup.cli.params import ID
from followup.cli.session import echo_json, json_option, session
from followup.services import agenda


@click.command()
@click.option(
    "--days",
    type=click.IntRange(min=0, max=agenda.MAX_DAYS),
    default=agenda.DEFAULT_DAYS,
    show_default=True,
    help="Also show what comes up within this many days.",
)
@json_option
def today(days: int, as_json: bool) -> None:
    """What to do now (overdue first), then what comes up, grouped by application."""
    with session() as ctx:
        view = agenda.today(ctx, days)
    if as_json:
        from followup.cli import as_json as out

        echo_json(out.today(view))
    else:
        from followup.cli.agenda_view import render_today

        click.echo(render_today(view))


@click.command()
@click.argument("app_id", type=ID, metavar="APP_ID")
@json_option
def plan(app_id: int, as_json: bool) -> None:
    """One application's next actions, each with its window and reason, and its timeline."""
    with session() as ctx:
        view = agenda.plan(ctx, app_id)
    if as_json:
        from followup.cli import as_json as out

        echo_json(out.plan(view))
    else:
        from followup.cli.agenda_view import render_plan

        click.echo(render_plan(view))
