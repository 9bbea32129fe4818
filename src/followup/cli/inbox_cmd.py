"""``followup inbox``: what came back from employers, and what it means.

``classify`` reads one saved message (an ``.eml`` file) and prints the proposed meaning: it
needs no account and no database, so a user can check a rule on a mail before trusting the
sync with it, and a bug report can carry the file.
"""

from __future__ import annotations

import click

from followup.cli import inbox_sync_cmd
from followup.cli.session import echo_json, json_option, ports
from followup.domain.limits import MAIL_FILE_BYTES

# The classifier compiles a few hundred patterns on import: only ``classify`` pays for it,
# not ``inbox sync`` with nothing new (see docs/performance.md).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.domain.replies import Classification


@click.group()
def inbox() -> None:
    """Read replies: sync the inbox, review and confirm what it found, classify a message."""


@inbox.command("classify")
@click.argument("path", metavar="FILE.eml")
@json_option
def classify_file(path: str, as_json: bool) -> None:
    """Say what FILE.eml means: rejection, offer, next-round, info-request, timeline,
    auto-reply, bounce or reply, with the date it states and the reasons."""
    from followup.domain.replies import classify

    adapters = ports()
    raw = adapters.read_file(path, MAIL_FILE_BYTES, "saved message")
    result = classify(adapters.mail_reader().parse(raw, folder="", uid=0))
    if as_json:
        echo_json(result.as_dict())
    else:
        click.echo(render(result))


def render(result: Classification) -> str:
    """Human output: the kind and date on the first line, then one reason a line."""
    lines = [
        f"kind:       {result.kind.label}",
        f"date:       {result.date.isoformat() if result.date else '-'}",
        f"confidence: {result.confidence:.2f}",
        "reasons:",
    ]
    lines.extend(f"  - {reason}" for reason in result.reasons)
    return "\n".join(lines)


# Syncing, reviewing and confirming live in their own module (they need the database and
# the account; ``classify`` needs neither).
inbox.add_command(inbox_sync_cmd.sync)
inbox.add_command(inbox_sync_cmd.review)
inbox.add_command(inbox_sync_cmd.confirm)
inbox.add_command(inbox_sync_cmd.dismiss)
