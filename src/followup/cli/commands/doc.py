"""``followup doc ...``: the résumé, cover letter or work sample kept for an application."""

from __future__ import annotations

import click

from followup.cli.output.emit import emit, say
from followup.cli.params import ID, optional_enum
from followup.cli.session import json_option, ports, session
from followup.domain.documents import DocumentKind, file_name
from followup.domain.errors import BadInput
from followup.domain.limits import DOCUMENT_FILE_BYTES
from followup.services import documents
from followup.services import records as shape
from followup.services.profile import display_zone

_KINDS = "|".join(k.label for k in DocumentKind)


@click.group()
def doc() -> None:
    """Keep résumés, work samples ... for an application."""


@doc.command("add")
@click.argument("app_id", type=ID, metavar="APP_ID")
@click.argument("file", metavar="FILE")
@click.option("--kind", metavar=_KINDS, help="What it is. Default: other.")
@click.option("--note", metavar="TEXT", help='Which version it is: "the one with the Rust work".')
@json_option
def add(app_id: int, file: str, kind: str | None, note: str | None, as_json: bool) -> None:
    """Keep FILE for application APP_ID (stored once, however many applications share it)."""
    chosen = optional_enum(kind, DocumentKind, "document kind") or DocumentKind.OTHER
    if file == "-":
        raise BadInput("a document needs a file name (standard input has none); name the file")
    file_name(file)  # a name that could never be kept is refused before the file is read
    adapters = ports()
    data = adapters.read_file(file, DOCUMENT_FILE_BYTES, documents.WHAT)  # before the database
    with session(adapters) as ctx:
        record = documents.keep(ctx, app_id, data, file, kind=chosen, note=note)
        zone = display_zone(ctx)
    emit(
        as_json,
        lambda: shape.document(record, zone),
        say(
            f"Added document {record.id}: {record.name} ({record.kind.label}, "
            f"{record.media_type}, {record.size} bytes) to application {record.application_id}."
        ),
    )


@doc.command("list")
@click.argument("app_id", type=ID, metavar="[APP_ID]", required=False)
@json_option
def list_(app_id: int | None, as_json: bool) -> None:
    """The documents of one application, or of all of them."""
    with session() as ctx:
        records = documents.list_documents(ctx, app_id)
        zone = display_zone(ctx)
        now = ctx.now

    def human() -> None:
        if not records:
            hint = app_id if app_id is not None else "APP_ID"
            click.echo(f"No documents yet: `followup doc add {hint} FILE`.")
            return
        from followup.cli.output.records import document_line

        shown = None
        for record in records:
            if app_id is None and record.application_id != shown:
                shown = record.application_id
                click.echo(click.style(f"Application {shown}", bold=True))
            click.echo(document_line(record, now, zone))

    if app_id is None:
        records.sort(key=lambda d: (d.application_id, d.id))
    emit(as_json, lambda: {"documents": [shape.document(d, zone) for d in records]}, human)


@doc.command("show")
@click.argument("document_id", type=ID, metavar="ID")
@click.option(
    "--out", metavar="FILE", help="Also write its content to FILE (replaced whole, never half)."
)
@json_option
def show(document_id: int, out: str | None, as_json: bool) -> None:
    """What is known about a document; with --out, a copy of the file."""
    with session() as ctx:
        if out is not None:
            ctx.ports.check_writable(out)
            record, data = documents.content(ctx, document_id)
            ctx.ports.write_file(out, data)
        else:
            record = documents.get_document(ctx, document_id)
        zone = display_zone(ctx)
        now = ctx.now

    def human() -> None:
        from followup.cli.output.records import render_document

        click.echo(render_document(record, now, zone))
        if out is not None:
            click.echo(f"Written to {out}.")

    emit(as_json, lambda: shape.document(record, zone), human)


@doc.command("rm")
@click.argument("document_id", type=ID, metavar="ID")
@json_option
def rm(document_id: int, as_json: bool) -> None:
    """Remove a document (its file too, unless another document is the same file)."""
    with session() as ctx:
        record = documents.remove_document(ctx, document_id)
        zone = display_zone(ctx)
    emit(
        as_json,
        lambda: {"removed": shape.document(record, zone)},
        say(f"Removed document {record.id}: {record.name}."),
    )
