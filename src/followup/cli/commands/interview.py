"""``followup interview ...``: the rounds that set the playbook going."""

from __future__ import annotations

import click

from followup.cli.output import times
from followup.cli.output.emit import emit, say
from followup.cli.params import ID, enum_parser, labels, optional_enum
from followup.cli.session import json_option, session
from followup.domain.model import InterviewFormat
from followup.services import inputs, interviews
from followup.services import records as shape
from followup.services.changes import KEEP
from followup.services.interviews import InterviewChanges
from followup.services.profile import display_zone

_FORMATS = labels(InterviewFormat)


@click.group()
def interview() -> None:
    """Add, import, list, edit or cancel interviews."""


@interview.command("add")
@click.argument("app_id", type=ID, metavar="APP_ID")
@click.option("--at", "at_text", required=True, metavar="DATETIME", help="When it starts.")
@click.option("--minutes", type=int, default=60, show_default=True, help="How long it lasts.")
@click.option("--format", "format_text", metavar=_FORMATS, help="Default: video.")
@click.option(
    "--with",
    "with_ids",
    type=ID,
    multiple=True,
    metavar="CONTACT_ID",
    help="An interviewer (a contact of this application); repeat for a panel.",
)
@json_option
def add(
    app_id: int,
    at_text: str,
    minutes: int,
    format_text: str | None,
    with_ids: tuple[int, ...],
    as_json: bool,
) -> None:
    """Record an interview round of application APP_ID."""
    start = inputs.parse_datetime(at_text, "--at")
    fmt = optional_enum(format_text, InterviewFormat, "interview format") or InterviewFormat.VIDEO
    with session() as ctx:
        record = interviews.add_interview(
            ctx, app_id, start, minutes=minutes, format=fmt, interviewer_ids=with_ids
        )
        zone, now = display_zone(ctx), ctx.now

    def human() -> None:
        when = (
            times.due(record.start, now, zone)
            if record.start > now
            else times.happened(record.start, now, zone)
        )
        click.echo(
            f"Added interview {record.id}: {when}, {record.minutes} min {record.format.label}."
        )
        click.echo(f"Your next steps: `followup plan {record.application_id}`.")

    emit(as_json, lambda: shape.interview(record, zone), human)


@interview.command("list")
@click.argument("app_id", type=ID, metavar="APP_ID")
@json_option
def list_(app_id: int, as_json: bool) -> None:
    """The interview rounds of one application, earliest first."""
    from followup.services.contacts import list_contacts

    with session() as ctx:
        records = interviews.list_interviews(ctx, app_id)
        people = tuple(list_contacts(ctx, app_id))
        zone, now = display_zone(ctx), ctx.now

    def human() -> None:
        if not records:
            click.echo(f"No interviews yet: `followup interview add {app_id} --at DATETIME`.")
            return
        from followup.cli.output.records import interview_line

        for record in records:
            click.echo(interview_line(record, people, now, zone))

    emit(as_json, lambda: {"interviews": [shape.interview(i, zone) for i in records]}, human)


@interview.command("edit")
@click.argument("interview_id", type=ID, metavar="ID")
@click.option("--at", "at_text", metavar="DATETIME", help="A new start time.")
@click.option("--minutes", type=int)
@click.option("--format", "format_text", metavar=_FORMATS)
@click.option(
    "--with",
    "with_ids",
    type=ID,
    multiple=True,
    metavar="CONTACT_ID",
    help="Replaces the interviewers; repeat for a panel.",
)
@json_option
def edit(
    interview_id: int,
    at_text: str | None,
    minutes: int | None,
    format_text: str | None,
    with_ids: tuple[int, ...],
    as_json: bool,
) -> None:
    """Change an interview; options left out stay as they are."""
    changes = InterviewChanges(
        start=KEEP if at_text is None else inputs.parse_datetime(at_text, "--at"),
        minutes=KEEP if minutes is None else minutes,
        format=KEEP
        if format_text is None
        else enum_parser(InterviewFormat, "interview format")(format_text),
        interviewer_ids=with_ids if with_ids else KEEP,
    )
    with session() as ctx:
        record = interviews.edit_interview(ctx, interview_id, changes)
        zone = display_zone(ctx)
    next_steps = f"Your next steps: `followup plan {record.application_id}`."
    emit(
        as_json,
        lambda: shape.interview(record, zone),
        say(f"Saved interview {record.id}. {next_steps}"),
    )


@interview.command("cancel")
@click.argument("interview_id", type=ID, metavar="ID")
def cancel(interview_id: int) -> None:
    """Cancel an interview: it stays on record, its planned actions go."""
    with session() as ctx:
        record = interviews.cancel_interview(ctx, interview_id)
    click.echo(f"Cancelled interview {record.id}; its follow-ups are off the plan.")


def _import_command() -> click.Command:
    """``interview import`` lives in its own module (invitations, issue 15)."""
    from followup.cli.commands.invitation import import_invitation

    return import_invitation


interview.add_command(_import_command(), "import")
