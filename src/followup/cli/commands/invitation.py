"""``followup interview import FILE.ics``: an interview from the employer's invitation."""

from __future__ import annotations

import click

from followup.cli.output import times
from followup.cli.output.emit import emit
from followup.cli.params import ID
from followup.cli.session import json_option, ports, session
from followup.domain.limits import ICS_FILE_BYTES
from followup.services import records as shape
from followup.services.profile import display_zone

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from followup.services.invitations import Imported

_DONE = {
    "new": "Recorded",
    "moved": "Moved",
    "cancelled": "Cancelled",
    "already": "Already recorded, nothing changed:",
}


@click.command("import")
@click.argument("source", metavar="FILE.ics")
@click.option(
    "--app",
    "app_id",
    type=ID,
    metavar="APP_ID",
    help="The application it is for; without it, found from the invitation's people and title.",
)
@json_option
def import_invitation(source: str, app_id: int | None, as_json: bool) -> None:
    """Record an interview from a calendar invitation (Google, Outlook, Teams, Zoom,
    Calendly); `-` reads standard input. The same invitation again changes nothing; an
    update (same UID, higher SEQUENCE) moves the interview; a cancellation cancels it."""
    from followup.services import invitations  # matching reads the free-mail list: here only

    adapters = ports()
    raw = adapters.read_file(source, ICS_FILE_BYTES, "calendar file", stdin=True)
    label = "standard input" if source == "-" else _shown(source)
    with session(adapters) as ctx:
        zone = display_zone(ctx)
        invitation = ctx.ports.invitation_reader().invitation(raw, zone, label)
        result = invitations.import_invitation(ctx, invitation, app_id)
        now = ctx.now

    emit(
        as_json,
        lambda: {
            "interviews": [shape.interview(result.interview, zone)],
            "contacts": [shape.contact(c) for c in result.contacts],
        },
        lambda: _human(result, now, zone),
    )


def _shown(path: str) -> str:
    return path if path.isprintable() else repr(path)


def _human(result: Imported, now: datetime, zone: ZoneInfo) -> None:
    record, app = result.interview, result.application
    when = (
        times.due(record.start, now, zone)
        if record.start > now
        else times.happened(record.start, now, zone)
    )
    names = {c.id: c.name for c in result.contacts}
    panel = ", ".join(names.get(cid, f"#{cid}") for cid in record.interviewer_ids)
    with_whom = f", with {panel}" if panel else ""
    click.echo(
        f"{_DONE[result.change.value]} interview {record.id} for {app.company} "
        f"(application {app.id}): {when}, {record.minutes} min {record.format.label}"
        f"{with_whom}."
    )
    if result.added:
        added = ", ".join(f"{c.name} ({c.role.label}, #{c.id})" for c in result.added)
        click.echo(f"New contacts: {added}.")
    if result.change.value == "cancelled":
        click.echo("Its follow-ups are off the plan.")
    elif result.change.value != "already":
        click.echo(f"Your next steps: `followup plan {app.id}`.")
