"""``followup me``: who you are, and the clock and calendar your plan follows."""

from __future__ import annotations

import click

from followup.cli.output.emit import emit
from followup.cli.session import json_option, session
from followup.domain.errors import NoProfile
from followup.services import inputs
from followup.services import records as shape
from followup.services.changes import KEEP
from followup.services.profile import ProfileChanges, get_profile, update_profile


@click.command()
@click.option("--name", help="Your name, as you sign messages.")
@click.option("--email", help="Your email address.")
@click.option("--phone", help="Your phone number ('' to remove).")
@click.option("--timezone", metavar="ZONE", help="IANA time zone, e.g. Europe/London.")
@click.option(
    "--country",
    metavar="CC",
    help="ISO 3166 country code for public holidays, e.g. GB ('' for none).",
)
@click.option("--signature", help="Sign-off under your messages ('' to remove).")
@click.option("--hours", metavar="HH:MM-HH:MM", help="Working hours, e.g. 09:00-17:00.")
@click.option(
    "--formal/--informal",
    default=None,
    help="Letters open 'Dear Ms. Shah,' (with the contact's --title) or 'Dear Priya,'.",
)
@json_option
def me(
    name: str | None,
    email: str | None,
    phone: str | None,
    timezone: str | None,
    country: str | None,
    signature: str | None,
    hours: str | None,
    formal: bool | None,
    as_json: bool,
) -> None:
    """Show your profile, or set it (the first time: --name, --email and --timezone).

    Changing it re-plans every application: zone, hours and holidays move the windows.
    """
    changes = ProfileChanges(
        name=KEEP if name is None else name,
        email=KEEP if email is None else email,
        timezone=KEEP if timezone is None else timezone,
        country=KEEP if country is None else country,
        phone=KEEP if phone is None else phone,
        signature=KEEP if signature is None else signature,
        hours=KEEP if hours is None else inputs.working_hours(hours),
        formal=KEEP if formal is None else formal,
    )
    with session() as ctx:
        if changes.empty():
            profile = get_profile(ctx)
            if profile is None:
                raise NoProfile()
        else:
            profile = update_profile(ctx, changes)

    def human() -> None:
        from followup.cli.output.records import render_profile

        if not changes.empty():
            click.echo("Saved. Every plan now follows this profile.")
        click.echo(render_profile(profile))

    emit(as_json, lambda: shape.profile(profile), human)
