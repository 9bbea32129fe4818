"""``followup digest``: the morning note the worker mails you (issue 15).

``setup`` chooses the time (or turns it off), ``show`` says how it is set and what became of
today's, ``preview`` prints what today's would say. The worker (``followup worker``) sends it.
"""

from __future__ import annotations

import click

from followup.cli.output.emit import emit
from followup.cli.session import json_option, session
from followup.services import digest, records

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import tzinfo

    from followup.domain.digest import DigestDay


@click.group("digest")
def digest_group() -> None:
    """The morning digest: what is overdue, due today and ready to send, mailed to you."""


@digest_group.command()
@click.option("--at", metavar="HH:MM", help="Send it daily at this time on your profile's clock.")
@click.option("--off", is_flag=True, help="No more digests.")
@click.option(
    "--port",
    type=int,
    metavar="PORT",
    help="The port `followup serve` uses, for the digest's links (default 8765).",
)
def setup(at: str | None, off: bool, port: int | None) -> None:
    """Choose when the worker mails your digest, or turn it off."""
    with session() as ctx:
        chosen = digest.setup(ctx, at=at, off=off, port=port)
    if chosen.at is None:
        click.echo("The morning digest is off.")
    else:
        click.echo(
            f"The worker mails your digest daily at {chosen.at:%H:%M} (your clock), "
            "on days with something to do; links point at "
            f"{chosen.base_url}/."
        )


@digest_group.command()
@json_option
def show(as_json: bool) -> None:
    """How the digest is set, and what became of today's."""
    with session() as ctx:
        found = digest.state(ctx)
        zone = ctx.now.tzinfo

    def record() -> dict[str, object]:
        return records.digest_state(found)

    def human() -> None:
        if found.setting.at is None:
            click.echo("Digest:    off (`followup digest setup --at 07:30` turns it on)")
        else:
            click.echo(f"Digest:    daily at {found.setting.at:%H:%M}, on your profile's clock")
        click.echo(f"Links:     {found.setting.base_url}/")
        click.echo(f"Today:     {_day_words(found.day, zone)}")
        if found.next_at is not None:
            when = found.next_at.astimezone(zone)
            due = " (due now: the worker's next pass sends it)" if found.due else ""
            click.echo(f"Next:      {when:%a %d %b %H:%M}{due}")

    emit(as_json, record, human)


@digest_group.command()
@json_option
def preview(as_json: bool) -> None:
    """What today's digest would say (`followup --now ...` pins the moment); sends nothing."""
    with session() as ctx:
        note = digest.build(ctx)
        found = digest.state(ctx)

    def record() -> dict[str, object]:
        return records.digest_preview(note, found)

    def human() -> None:
        from followup.domain import digest as rules

        if note.empty:
            click.echo("Nothing to do today: no digest would be sent.")
            return
        click.echo(f"Subject: {rules.subject(note)}")
        click.echo()
        click.echo(rules.body(note), nl=False)

    emit(as_json, record, human)


def _day_words(day: DigestDay | None, zone: tzinfo | None) -> str:
    if day is None:
        return "nothing sent yet"
    said = {
        "sending": "claimed, and interrupted or unsure whether it went: not sent again today",
        "sent": "sent",
        "empty": "nothing to do, so none was sent",
        "failed": f"not sent ({day.last_error}); tried again at the worker's next pass",
    }[day.status.value]
    when = f" at {day.sent_at.astimezone(zone):%H:%M}" if day.sent_at else ""
    return f"{said}{when}"
