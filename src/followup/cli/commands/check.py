"""``followup check``: proofread a letter (a file, or standard input) before it is sent.

Exit status: 0 reviewed and no error-severity finding; 3 reviewed and at least one error
finding (so a script can refuse to send); 2 bad input (no such file, unknown kind or
application); 1 an outside failure.
"""

from __future__ import annotations

import click

from followup import bootstrap
from followup.cli.output import review as review_view
from followup.cli.output.emit import emit
from followup.cli.params import ID
from followup.cli.session import json_option, ports, session, settings
from followup.domain.errors import BadInput
from followup.domain.kinds import ActionKind
from followup.domain.limits import LETTER_FILE_BYTES
from followup.domain.review import Dialect
from followup.services import inputs
from followup.services.review import (
    dialect_of,
    has_errors,
    known_words_for,
    review_text,
    sender_of,
)

FINDINGS_EXIT = 3


@click.command()
@click.argument("source", metavar="FILE|-")
@click.option("--kind", "kind_text", metavar="KIND", help="The letter's kind: thank-you ...")
@click.option("--app", "app_id", type=ID, metavar="APP_ID", help="Its application's names.")
@click.option(
    "--dialect",
    "dialect_text",
    metavar="DIALECT",
    help="Spell in american, british, australian, canadian or indian English "
    "(default: your profile's country's).",
)
@json_option
def check(
    source: str, kind_text: str | None, app_id: int | None, dialect_text: str | None, as_json: bool
) -> int:
    """Proofread FILE (- for standard input): placeholders, tone, length, structure ...

    Exit status 0 when nothing is an error, 3 when something is.
    """
    adapters = ports()
    text = adapters.read_text(source, LETTER_FILE_BYTES, "letter", stdin=True)
    if not text.strip():  # "no findings" would read as a pass (and a FIFO no one wrote to)
        name = "standard input" if source == "-" else repr(source)
        raise BadInput(f"{name} is empty: there is no letter to check")
    kind = None if kind_text is None else inputs.choice(ActionKind, kind_text, "kind").value
    dialect = None if dialect_text is None else inputs.choice(Dialect, dialect_text, "dialect")
    sender = None
    known: frozenset[str] = frozenset()
    # The profile says which English you write; a check never creates a database to ask.
    if app_id is not None or (dialect is None and bootstrap.has_database(settings())):
        with session(adapters) as ctx:
            if app_id is not None:
                known = known_words_for(ctx, app_id)
                sender = sender_of(ctx)
            dialect = dialect or dialect_of(ctx)
    dialect = dialect or Dialect.AMERICAN
    findings = review_text(
        text,
        kind=kind,
        known_words=known,
        reviewers=adapters.reviewers(dialect),
        sender=sender,
        dialect=dialect,
    )

    def human() -> None:
        report = review_view.render(text, findings, "<stdin>" if source == "-" else source)
        if report:
            click.echo(report)
        click.echo(review_view.summary(findings))

    emit(as_json, lambda: {"findings": [f.as_dict() for f in findings]}, human)
    return FINDINGS_EXIT if has_errors(findings) else 0
