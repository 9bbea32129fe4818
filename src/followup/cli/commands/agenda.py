"""``followup today`` and ``followup plan``: the hot path, so only light imports here."""

from __future__ import annotations

import click

from followup.cli import fast
from followup.cli.params import ID
from followup.cli.session import json_option, session, settings
from followup.services import agenda, read_models


@click.command()
@click.option(
    "--days",
    type=click.IntRange(min=0, max=read_models.MAX_DAYS),
    metavar="DAYS",
    default=read_models.DEFAULT_DAYS,
    show_default=True,
    help="Also show what comes up within this many days.",
)
@json_option
def today(days: int, as_json: bool) -> None:
    """What to do now (overdue first), then what comes up, grouped by application."""
    if as_json:
        fast.today_json(settings(), days)
        return
    with session() as ctx:
        view = agenda.today(ctx, days)
    from followup.cli.output.agenda import render_today

    click.echo(render_today(view))


@click.command()
@click.argument("app_id", type=ID, metavar="APP_ID")
@json_option
def plan(app_id: int, as_json: bool) -> None:
    """One application's next actions, each with its window and reason, and its timeline."""
    if as_json:
        fast.plan_json(settings(), app_id)
        return
    with session() as ctx:
        view = agenda.plan(ctx, app_id)
    from followup.cli.output.agenda import render_plan

    click.echo(render_plan(view))
