"""``followup check``: proofread a letter (a file, or standard input) before it is sent.

Exit status: 0 reviewed and no error-severity finding; 3 reviewed and at least one error
finding (so a script can refuse to send); 2 bad input (no such file, unknown kind or
application); 1 an outside failure.
"""

from __future__ import annotations

import sys

import click

from followup import bootstrap
from followup.cli import review_view
from followup.cli.params import ID
from followup.cli.session import echo_json, json_option, session
from followup.domain.errors import BadInput
from followup.domain.kinds import ActionKind
from followup.services import inputs
from followup.services.review import has_errors, known_words_for, review_text, sender_of

FINDINGS_EXIT = 3


@click.command()
@click.argument("source", metavar="FILE|-")
@click.option("--kind", "kind_text", metavar="KIND", help="The letter's kind: thank-you ...")
@click.option("--app", "app_id", type=ID, metavar="APP_ID", help="Its application's names.")
@json_option
def check(source: str, kind_text: str | None, app_id: int | None, as_json: bool) -> int:
    """Proofread FILE (- for standard input): placeholders, tone, length, structure ...

    Exit status 0 when nothing is an error, 3 when something is.
    """
    text = _read(source)
    kind = None if kind_text is None else inputs.choice(ActionKind, kind_text, "kind").value
    sender = None
    known: frozenset[str] = frozenset()
    if app_id is not None:
        with session() as ctx:
            known = known_words_for(ctx, app_id)
            sender = sender_of(ctx)
    findings = review_text(
        text, kind=kind, known_words=known, reviewers=bootstrap.reviewers(), sender=sender
    )
    if as_json:
        echo_json({"findings": [f.as_dict() for f in findings]})
    else:
        report = review_view.render(text, findings, "<stdin>" if source == "-" else source)
        if report:
            click.echo(report)
        click.echo(review_view.summary(findings))
    return FINDINGS_EXIT if has_errors(findings) else 0


def _read(source: str) -> str:
    try:
        if source == "-":
            return sys.stdin.read()
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        raise BadInput(f"no such file: {source}") from None
    except IsADirectoryError:
        raise BadInput(f"{source} is a folder; give a file, or - for standard input") from None
    except UnicodeDecodeError:
        raise BadInput(f"{source} is not UTF-8 text") from None
    except OSError as exc:
        raise BadInput(f"cannot read {source}: {exc.strerror or exc}") from None
