"""``followup inbox``: what came back from employers, and what it means.

``classify`` reads one saved message (an ``.eml`` file) and prints the proposed meaning: it
needs no account and no database, so a user can check a rule on a mail before trusting the
sync with it, and a bug report can carry the file.
"""

from __future__ import annotations

import click

from followup.cli.commands import inbox_sync
from followup.cli.output.emit import emit
from followup.cli.session import json_option, ports
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
    emit(as_json, result.as_dict, lambda: click.echo(render(result)))


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
inbox.add_command(inbox_sync.sync)
inbox.add_command(inbox_sync.review)
inbox.add_command(inbox_sync.confirm)
inbox.add_command(inbox_sync.dismiss)
