"""``followup export --format json|csv [--out FILE] [--force]``: everything as JSON (the full
backup format, docs/export.md), or the applications as one CSV for a spreadsheet.

Standard output without ``--out``; with it, the file is written whole or not at all, mode
0600 (it holds personal data), and an existing file is refused unless ``--force``, as
``backup`` does. A bad ``--out`` is refused before the database is read.
"""

from __future__ import annotations

import sys

import click

from followup.cli.session import ports, session


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("json", "csv")),
    default="json",
    show_default=True,
    help="json: everything but secrets; csv: one row per application.",
)
@click.option("--out", metavar="FILE", help="Write to FILE (mode 0600); default: standard output.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def export(fmt: str, out: str | None, force: bool) -> None:
    """Export your data: JSON loads back with `followup import FILE --from json`."""
    from followup.services import exporting

    adapters = ports()
    to_file = out is not None and out != "-"
    if to_file:
        assert out is not None
        adapters.check_writable(out, replace=force)
    with session(adapters) as ctx:
        data = exporting.export_json(ctx).encode() if fmt == "json" else exporting.export_csv(ctx)
    if not to_file:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    assert out is not None
    adapters.write_file(out, data, replace=force)
    click.echo(f"exported to {out}")
