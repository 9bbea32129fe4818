"""``followup debrief``: write down how a round went, or read it back.

``followup debrief ID`` is what a person types straight after an interview, so it is the
group's default: any first word that is not a subcommand (``show``) goes to ``record``.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from followup.cli.params import ID
from followup.cli.session import json_option, ports, session
from followup.domain.errors import BadInput
from followup.domain.limits import DEBRIEF_FILE_BYTES
from followup.services import debriefs
from followup.services.profile import display_zone


class DefaultGroup(click.Group):
    """A group that hands its arguments to ``default`` unless they start with a subcommand.

    ``--help`` and ``-h`` on their own still show the group's help, so
    ``followup debrief --help`` lists both ways in.
    """

    def __init__(self, *args: Any, default: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default, *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=DefaultGroup,
    default="record",
    subcommand_metavar="[record] INTERVIEW_ID [--from FILE] | show INTERVIEW_ID [--json]",
)
def debrief() -> None:
    """Capture how an interview went, while it is fresh, or show what you wrote.

    `followup debrief INTERVIEW_ID` asks one question at a time (Enter skips);
    `--from FILE` reads the same as TOML. The debrief feeds the plan: good rapport suggests
    a LinkedIn connection, points left unaddressed an offer of more detail, and a decision
    date holds back the first follow-up until the business day after it.
    """


@debrief.command("record", short_help="Write or rewrite a debrief (the default command).")
@click.argument("interview_id", type=ID, metavar="INTERVIEW_ID")
@click.option(
    "--from",
    "source",
    metavar="FILE",
    help="Read the debrief from a TOML file ('-' for stdin) instead of asking.",
)
def record(interview_id: int, source: str | None) -> None:
    """Write (or rewrite) the debrief of interview INTERVIEW_ID.

    The default command: `followup debrief INTERVIEW_ID` runs it. Without --from it asks
    one question at a time, and needs a terminal to ask them on.
    """
    from followup.services import debrief_input

    if source is None and not stdin_is_terminal():
        raise BadInput(
            "no terminal to ask the questions on; "
            f"use `followup debrief {interview_id} --from FILE` (or --from - for stdin)"
        )
    # Read before the database is opened: a bad path or file changes nothing.
    adapters = ports()
    text = (
        None
        if source is None
        else adapters.read_text(source, DEBRIEF_FILE_BYTES, "debrief file", stdin=True)
    )
    if text is not None and not text.strip():  # a slip (or a FIFO no one wrote to), not a debrief
        name = "standard input" if source == "-" else repr(source)
        raise BadInput(f"{name} is empty: there is no debrief in it to record")
    with session(adapters) as ctx:
        subject = debriefs.debrief_subject(ctx, interview_id)
        debriefs.check_can_debrief(ctx, subject)
        if text is None:
            from followup.cli.commands.debrief_prompt import ask_debrief

            written = ask_debrief(subject)
        else:
            label = "stdin" if source == "-" else str(source)
            written = debrief_input.parse_debrief(text, label, subject.interview, subject.people)
        saved = debriefs.record_debrief(ctx, interview_id, written)
        zone, now = display_zone(ctx), ctx.now
    app = subject.application
    click.echo(f"Saved the debrief of interview {interview_id} ({app.company} · {app.role}).")
    if saved.timeline is not None and saved.timeline.on is not None:
        from followup.cli.output import times

        day = times.date_label(saved.timeline.on, now, zone)
        click.echo(f"Logged the decision date they gave ({day}) as a timeline event.")
    click.echo(f"Your next steps: `followup plan {app.id}`.")


@debrief.command("show")
@click.argument("interview_id", type=ID, metavar="INTERVIEW_ID")
@json_option
def show(interview_id: int, as_json: bool) -> None:
    """Print the debrief of interview INTERVIEW_ID, people by name."""
    from followup.cli.output import debrief as debrief_view

    with session() as ctx:
        subject, written = debriefs.get_debrief(ctx, interview_id)
        zone, now = display_zone(ctx), ctx.now
    from followup.cli.output.emit import emit
    from followup.services import records

    emit(
        as_json,
        lambda: records.debrief(subject, written),
        lambda: click.echo("\n".join(debrief_view.lines(subject, written, now, zone))),
    )


def stdin_is_terminal() -> bool:
    """Whether someone can answer prompts; tests of the prompts replace this."""
    return sys.stdin.isatty()
