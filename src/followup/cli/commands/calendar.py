"""``followup calendar``: the plan as an iCalendar file, and the address of its feed.

``export`` writes the live actions and upcoming interviews (``services.calendar_feed``) for a
calendar app to import; ``feed`` prints the address ``serve`` offers the same calendar at,
for an app to subscribe to, and ``--rotate`` replaces its token. ``setup``, ``show`` and
``sync`` push the same events to a CalDAV calendar (``services.caldav_sync``).
"""

from __future__ import annotations

import click

from followup import bootstrap
from followup.cli.commands import calendar_export
from followup.cli.output.emit import emit
from followup.cli.session import json_option, session, settings
from followup.services import caldav_sync, calendar_feed

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
    """Your plan in your calendar: an .ics file, a feed to subscribe to, or CalDAV."""


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


@calendar.command()
@click.option("--url", required=True, metavar="URL", help="The CalDAV server's address.")
@click.option("--user", required=True, metavar="NAME", help="Your login on it.")
@click.option(
    "--calendar",
    "name",
    default=caldav_sync.DEFAULT_CALENDAR,
    show_default=True,
    metavar="NAME",
    help="The calendar the plan goes to (made when there is none of that name).",
)
@click.option("--no-password", is_flag=True, help="The server asks for none: log in without.")
def setup(url: str, user: str, name: str, no_password: bool) -> None:
    """Choose the CalDAV calendar `calendar sync` pushes the plan to (the password: asked
    here and kept in the keyring, or FOLLOWUP_CALDAV_PASSWORD)."""
    import os
    import sys

    url = caldav_sync.check_url(url)  # bad input is refused before anything is touched
    user = caldav_sync.check_name(user, "--user")
    name = caldav_sync.check_name(name, "--calendar")
    typed: str | None = None
    with session() as ctx:
        secrets = ctx.ports.secrets()
        variable = secrets.variable(caldav_sync.SERVER)
        if not no_password and not os.environ.get(variable) and sys.stdin.isatty():
            typed = (
                click.prompt(
                    f"Password for {user} (hidden)", hide_input=True, default="", show_default=False
                )
                or None
            )
        done = caldav_sync.setup(
            ctx, url, user, name, password=typed, with_password=not no_password
        )
    verb = "made" if done.created else "found"
    click.echo(f"Saved: {done.account.username} at {done.account.url}")
    click.echo(f"Calendar {done.account.calendar!r} ({verb}): {done.account.calendar_url}")
    if typed:
        problem = caldav_sync.store_password(secrets, done.account, typed)
        click.echo(
            "Password stored in the system keyring."
            if problem is None
            else problem[0].upper() + problem[1:] + "."
        )


@calendar.command()
@json_option
def show(as_json: bool) -> None:
    """Show the CalDAV calendar the plan goes to (never the password)."""
    with session() as ctx:
        record = caldav_sync.account_json(ctx, caldav_sync.get(ctx))

    def human() -> None:
        click.echo(f"Server:   {record['url']} (login {record['user']})")
        click.echo(f"Calendar: {record['calendar']} at {record['calendar_url']}")
        if not record["password"]:
            where = "none (the server asks for none)"
        else:
            where = str(record["password_from"] or f"none yet: set {record['password_variable']}")
        click.echo(f"Password: {where}")
        click.echo(f"Pushed:   {record['pushed']} events")

    emit(as_json, lambda: record, human)


@calendar.command()
@json_option
def sync(as_json: bool) -> None:
    """Push the plan to the CalDAV calendar (only what changed) and propose the interviews
    found among your own upcoming events."""
    with session() as ctx:
        result = caldav_sync.sync(ctx)

    def human() -> None:
        click.echo(result.summary())
        for p in result.proposed:
            apps = ", ".join(str(a) for a in p.application_ids)
            click.echo(
                f"proposed: {p.event.start:%Y-%m-%d %H:%M %Z} {p.event.summary!r} "
                f"for application {apps} ({p.reason})"
            )

    emit(as_json, result.as_json, human)
