"""``followup contact ...``: the people your follow-ups go to."""

from __future__ import annotations

import click

from followup.cli.output.emit import emit, say
from followup.cli.params import (
    ID,
    change,
    enum_parser,
    labels,
    optional_enum,
    required_change,
    whole_number,
)
from followup.cli.session import json_option, session
from followup.domain.model import Channel, ContactRole, Rapport
from followup.services import contacts
from followup.services import records as shape
from followup.services.contacts import PREFERRED_CHANNELS, ContactChanges, ContactFields

_ROLES = labels(ContactRole)
_PREFERS = labels(Channel, PREFERRED_CHANNELS)
_RAPPORT = labels(Rapport)


@click.group()
def contact() -> None:
    """Add, list or edit contacts."""


@contact.command("add")
@click.argument("app_id", type=ID, metavar="APP_ID")
@click.argument("name")
@click.option("--email", metavar="ADDRESS", help="Where thank-yous and follow-ups to them go.")
@click.option("--phone", help="Lets the second follow-up be a call (with a script).")
@click.option("--linkedin", metavar="URL", help="Their profile, for a LinkedIn note.")
@click.option("--role", metavar=_ROLES, help="Default: interviewer.")
@click.option("--timezone", metavar="ZONE", help="Their IANA zone, if not yours.")
@click.option("--cadence", type=int, metavar="DAYS", help="How often they asked you to check in.")
@click.option("--prefers", metavar=_PREFERS, help="Their preferred channel.")
@click.option("--rapport", metavar=_RAPPORT, help="How the conversation went.")
@click.option("--title", help="Ms., Mr., Dr. ...: for formal letters (`me --formal`).")
@click.option("--greet", metavar="TEXT", help='How every greeting addresses them: "Wei Ling".')
@json_option
def add(
    app_id: int,
    name: str,
    email: str | None,
    phone: str | None,
    linkedin: str | None,
    role: str | None,
    timezone: str | None,
    cadence: int | None,
    prefers: str | None,
    rapport: str | None,
    title: str | None,
    greet: str | None,
    as_json: bool,
) -> None:
    """Add NAME as a contact of application APP_ID."""
    fields = ContactFields(
        email=email,
        phone=phone,
        linkedin=linkedin,
        role=optional_enum(role, ContactRole, "contact role") or ContactRole.INTERVIEWER,
        timezone=timezone,
        cadence_days=cadence,
        prefers=optional_enum(prefers, Channel, "preferred channel", PREFERRED_CHANNELS),
        rapport=optional_enum(rapport, Rapport, "rapport"),
        title=title,
        greet=greet,
    )
    with session() as ctx:
        record = contacts.add_contact(ctx, app_id, name, fields)
    emit(
        as_json,
        lambda: shape.contact(record),
        say(f"Added contact {record.id}: {record.name} ({record.role.label})."),
    )


@contact.command("list")
@click.argument("app_id", type=ID, metavar="APP_ID")
@json_option
def list_(app_id: int, as_json: bool) -> None:
    """The contacts of one application."""
    with session() as ctx:
        records = contacts.list_contacts(ctx, app_id)

    def human() -> None:
        if not records:
            click.echo(f"No contacts yet: `followup contact add {app_id} NAME`.")
            return
        from followup.cli.output.records import contact_line

        for record in records:
            click.echo(contact_line(record))

    emit(as_json, lambda: {"contacts": [shape.contact(c) for c in records]}, human)


@contact.command("edit")
@click.argument("contact_id", type=ID, metavar="ID")
@click.option("--name")
@click.option("--email", metavar="ADDRESS", help="'' to remove.")
@click.option("--phone", help="'' to remove.")
@click.option("--linkedin", metavar="URL", help="'' to remove.")
@click.option("--role", metavar=_ROLES)
@click.option("--timezone", metavar="ZONE", help="'' for yours.")
@click.option("--cadence", metavar="DAYS", help="'' for the policy's cadence.")
@click.option("--prefers", metavar=_PREFERS, help="'' for no preference.")
@click.option("--rapport", metavar=_RAPPORT, help="'' for not stated.")
@click.option("--title", help="Ms., Mr., Dr. ... ('' to remove).")
@click.option("--greet", metavar="TEXT", help="How to address them ('' to go by the name).")
@json_option
def edit(
    contact_id: int,
    name: str | None,
    email: str | None,
    phone: str | None,
    linkedin: str | None,
    role: str | None,
    timezone: str | None,
    cadence: str | None,
    prefers: str | None,
    rapport: str | None,
    title: str | None,
    greet: str | None,
    as_json: bool,
) -> None:
    """Change what was recorded about a contact; options left out stay as they are."""
    changes = ContactChanges(
        name=required_change(name, str, "contact name"),
        email=change(email, str),
        phone=change(phone, str),
        linkedin=change(linkedin, str),
        role=required_change(role, enum_parser(ContactRole, "contact role"), "--role"),
        timezone=change(timezone, str),
        cadence_days=change(cadence, whole_number("--cadence")),
        prefers=change(prefers, enum_parser(Channel, "preferred channel", PREFERRED_CHANNELS)),
        rapport=change(rapport, enum_parser(Rapport, "rapport")),
        title=change(title, str),
        greet=change(greet, str),
    )
    with session() as ctx:
        record = contacts.edit_contact(ctx, contact_id, changes)
    emit(
        as_json,
        lambda: shape.contact(record),
        say(f"Saved contact {record.id}: {record.name} ({record.role.label})."),
    )
