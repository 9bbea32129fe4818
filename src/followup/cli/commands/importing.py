"""``followup import FILE``: applications from a tracker's export or a spreadsheet."""

from __future__ import annotations

import dataclasses

import click

from followup.cli.output.emit import emit
from followup.cli.session import json_option, ports, session
from followup.domain.errors import BadInput
from followup.domain.limits import EXPORT_FILE_BYTES, IMPORT_FILE_BYTES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.bootstrap import Adapters
    from followup.services.importing import ImportRefused, Report

SOURCES = ("auto", "huntr", "teal", "simplify", "jobsync", "csv", "json")


@click.command("import")
@click.argument("source", metavar="FILE")
@click.option(
    "--from",
    "kind",
    type=click.Choice(SOURCES),
    default="auto",
    show_default=True,
    help="What wrote the file; auto recognises the trackers' exports by their columns.",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read a column as a field (company, role, status, url, applied, location, salary, "
    "notes, contact, email, phone, interview, key, ignore). Repeatable.",
)
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows; list the bad ones.")
@json_option
def import_file(
    source: str, kind: str, maps: tuple[str, ...], dry_run: bool, skip_bad: bool, as_json: bool
) -> None:
    """Import applications from Huntr, Teal, Simplify, JobSync or any spreadsheet (CSV or
    TSV). All or nothing: any bad row is listed and nothing is written, unless --skip-bad.
    The same file again changes nothing."""
    from followup.domain.importing import parse_mapping
    from followup.services import importing

    adapters = ports()
    if kind == "json":
        if maps or skip_bad:
            raise BadInput("--from json loads the whole export: --map and --skip-bad do not apply")
        raw = adapters.read_file(source, EXPORT_FILE_BYTES, "export", stdin=True)
        _load_json(adapters, raw, dry_run, as_json)
        return
    mapping, wrong = parse_mapping(maps)
    if wrong:
        raise BadInput("\n".join(wrong))
    raw = adapters.read_file(source, IMPORT_FILE_BYTES, "spreadsheet", stdin=True)
    if kind == "auto" and not maps and not skip_bad:
        from followup.services.exporting import is_export

        if is_export(raw):
            _load_json(adapters, raw, dry_run, as_json)
            return
    label = "standard input" if source == "-" else source
    table = adapters.spreadsheet(raw, label)
    try:
        with session(adapters) as ctx:
            report = importing.import_table(
                ctx, table, mapping, source=kind, skip_bad=skip_bad, dry_run=dry_run
            )
    except importing.ImportRefused as refused:
        _refused(refused, as_json)
        raise click.exceptions.Exit(refused.exit_code) from None
    emit(as_json, report.as_dict, lambda: _human(report))


def _load_json(adapters: Adapters, raw: bytes, dry_run: bool, as_json: bool) -> None:
    """A JSON export into the empty database (``services/exporting.load_json``), with the
    ports the file was read through."""
    from followup.services import exporting

    try:
        with session(adapters) as ctx:
            loaded = exporting.load_json(ctx, raw, dry_run=dry_run)
    except exporting.ExportRefused as refused:
        if as_json:
            from followup.cli.output.json_text import write

            write(
                {"problems": [{"pointer": p.pointer, "reason": p.reason} for p in refused.problems]}
            )
        click.echo(
            f"error: nothing loaded: {len(refused.problems)} problem(s) in the file", err=True
        )
        for p in refused.problems:
            click.echo(f"  {p}", err=True)
        raise click.exceptions.Exit(refused.exit_code) from None

    def human() -> None:
        verb = "Would load" if loaded.dry_run else "Loaded"
        parts = [f"{name} {n}" for name, n in loaded.counts.items() if n]
        click.echo(f"{verb}: " + (", ".join(parts) if parts else "nothing (an empty export)"))

    emit(as_json, loaded.as_dict, human)


def _refused(refused: ImportRefused, as_json: bool) -> None:
    """Every problem on a line of its own (the usual one-line error would run them together)."""
    problems = refused.problems
    if as_json:
        from followup.cli.output.json_text import write

        write({"problems": [dataclasses.asdict(p) for p in problems]})
    click.echo(
        f"error: nothing imported: {len(problems)} problem(s); fix them or use --skip-bad",
        err=True,
    )
    for p in problems:
        click.echo(f"  row {p.row}, {p.column or '-'}: {p.value!r}: {p.reason}", err=True)


def _human(report: Report) -> None:
    if report.dry_run:
        for o in report.outcomes:
            what = f"{o.company} - {o.role} ({o.stage})" if o.company else ""
            click.echo(f"row {o.row}: {o.result} {what}".rstrip())
    if report.tracker:
        click.echo(f"Read as a {report.tracker} export.")
    verb = "Would import" if report.dry_run else "Imported"
    a = report.applications
    click.echo(
        f"{verb}: {a.created} new, {a.updated} updated, {a.unchanged} unchanged application(s); "
        f"{report.events.created} event(s), {report.contacts.created} contact(s), "
        f"{report.interviews.created} interview(s)."
    )
    for p in report.skipped:
        click.echo(f"Skipped row {p.row}, {p.column or '-'}: {p.value!r}: {p.reason}")
