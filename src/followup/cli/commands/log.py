"""``followup log``, ``done``, ``skip`` and ``snooze``: telling the playbook what happened."""

from __future__ import annotations

import click

from followup.cli.output.emit import emit, say
from followup.cli.params import ID
from followup.cli.session import json_option, session
from followup.domain.model import LOGGABLE_EVENTS, EventKind
from followup.services import events, inputs
from followup.services import records as shape
from followup.services.profile import display_zone

_EVENTS = ", ".join(k.label for k in LOGGABLE_EVENTS)


@click.command(help=f"Record EVENT on application APP_ID. EVENT is one of: {_EVENTS}.")
@click.argument("app_id", type=ID, metavar="APP_ID")
@click.argument("event_text", metavar="EVENT")
@click.option("--at", "at_text", metavar="DATETIME", help="When it happened. Default: now.")
@click.option("--contact", "contact_id", type=ID, metavar="CONTACT_ID", help="Who was involved.")
@click.option(
    "--on",
    "on_text",
    metavar="DATE",
    help="timeline: the date they will decide by; offer: the deadline.",
)
@click.option("--note", help="A few words to remember it by.")
@json_option
def log(
    app_id: int,
    event_text: str,
    at_text: str | None,
    contact_id: int | None,
    on_text: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    kind = inputs.choice(EventKind, event_text, "event", LOGGABLE_EVENTS)
    at = None if at_text is None else inputs.parse_datetime(at_text, "--at")
    on = None if on_text is None else inputs.parse_date(on_text, "--on")
    with session() as ctx:
        record = events.log_event(ctx, app_id, kind, at=at, contact_id=contact_id, on=on, note=note)
        zone = display_zone(ctx)
    emit(
        as_json,
        lambda: shape.recorded_event(record, zone),
        say(
            f"Logged {record.kind.label} on application {app_id}.",
            f"Your next steps: `followup plan {app_id}`.",
        ),
    )


@click.command()
@click.argument("action_id", metavar="ACTION_ID")
@click.option("--at", "at_text", metavar="DATETIME", help="When you did it. Default: now.")
@click.option("--note", help="A few words to remember it by.")
@json_option
def done(action_id: str, at_text: str | None, note: str | None, as_json: bool) -> None:
    """Mark an action (its id is in `followup today`) as done; the plan moves on."""
    at = None if at_text is None else inputs.parse_datetime(at_text, "--at")
    with session() as ctx:
        action, record = events.done_action(ctx, action_id, at=at, note=note)
        zone = display_zone(ctx)
    emit(
        as_json,
        lambda: shape.recorded_event(record, zone),
        say(
            f"Done: {action.kind.label} (logged {record.kind.label}).",
            f"Your next steps: `followup plan {action.application_id}`.",
        ),
    )


@click.command()
@click.argument("action_id", metavar="ACTION_ID")
@click.option("--note", help="Why, for your future self.")
@json_option
def skip(action_id: str, note: str | None, as_json: bool) -> None:
    """Decide not to do an action; it leaves the plan for good."""
    with session() as ctx:
        action, record = events.skip_action(ctx, action_id, note=note)
        zone = display_zone(ctx)
    emit(as_json, lambda: shape.recorded_event(record, zone), say(f"Skipped: {action.kind.label}."))


@click.command()
@click.argument("action_id", metavar="ACTION_ID")
@click.option(
    "--until",
    "until_text",
    required=True,
    metavar="DATETIME",
    help="When to see it again: a date, a date and time, `tomorrow` or `next-week`.",
)
@click.option("--note", help="Why, for your future self.")
@json_option
def snooze(action_id: str, until_text: str, note: str | None, as_json: bool) -> None:
    """Put an action off; it comes back at the first business hour from then."""
    from followup.domain.snooze import PRESETS

    word = until_text.strip().lower()
    until = word if word in PRESETS else inputs.parse_datetime(until_text, "--until")
    with session() as ctx:
        action, record = events.snooze_action(ctx, action_id, until, note=note)
        zone = display_zone(ctx)

    def human() -> None:
        due = action.due.astimezone(zone)
        click.echo(
            f"Snoozed: {action.kind.label}, now due {due:%a} {due.day} {due:%b} {due:%H:%M}."
        )

    emit(as_json, lambda: shape.recorded_event(record, zone), human)
