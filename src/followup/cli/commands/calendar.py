"""``followup calendar``: the plan as an iCalendar file, and the address of its feed.

``export`` writes the live actions and upcoming interviews (``services.calendar_feed``) for a
calendar app to import; ``feed`` prints the address ``serve`` offers the same calendar at,
for an app to subscribe to, and ``--rotate`` replaces its token.
"""

from __future__ import annotations

import click

from followup import bootstrap
from followup.cli.commands import calendar_export
from followup.cli.session import settings
from followup.services import calendar_feed

DEFAULT_PORT = calendar_export.DEFAULT_PORT

port_option = click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(1, 65535),
    metavar="PORT",
    help="The port `followup serve` listens on, for the links to its pages.",
)


@click.group()
def calendar() -> None:
    """Your plan in your calendar: an .ics file, or a feed to subscribe to."""


@calendar.command()
@click.option(
    "--days",
    type=click.IntRange(min=0, max=calendar_feed.MAX_DAYS),
    metavar="DAYS",
    default=None,
    help="Only what falls within this many days (overdue actions included). Default: all.",
)
@click.option(
    "--out",
    metavar="FILE",
    default=None,
    help="Write the file here (replaced whole, never half-written). Default: standard output.",
)
@port_option
def export(days: int | None, out: str | None, port: int) -> None:
    """Write the live actions and upcoming interviews as an iCalendar (.ics) file."""
    calendar_export.export(settings(), days, out, port)


@calendar.command()
@click.option(
    "--rotate", is_flag=True, help="Replace the token: the old address stops working at once."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address `serve` uses.")
@port_option
def feed(rotate: bool, host: str, port: int) -> None:
    """Print the address to subscribe to in a calendar app while `followup serve` runs."""
    chosen = settings()
    bootstrap.open_store(chosen.db, chosen.busy_timeout).close()  # followup's file, or refused
    token = bootstrap.Adapters(chosen).feed_token(rotate=rotate)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"http://{shown}:{port}/calendar/{token}.ics")
    if rotate:
        click.echo("the old address no longer works: subscribe to this one", err=True)
