"""``followup app ...``: the jobs you are pursuing."""

from __future__ import annotations

import sys

import click

from followup.cli.output.emit import emit, say
from followup.cli.params import ID, change, required_change
from followup.cli.session import json_option, session
from followup.domain.errors import BadInput
from followup.services import applications as apps
from followup.services import records as shape
from followup.services.profile import display_zone


def interactive() -> bool:
    """Is there a person to ask? Without a terminal, a prompt would hang or read garbage."""
    return sys.stdin.isatty()


@click.group()
def app() -> None:
    """Add, list, show, edit or remove applications."""


@app.command("add")
@click.argument("company")
@click.argument("role")
@click.option("--agency", metavar="NAME", help="Recruitment agency, if you applied through one.")
@click.option("--url", help="The job posting.")
@click.option("--source", help="Where you found it (referral, LinkedIn ...).")
@click.option("--notes", help="Anything worth remembering.")
@json_option
def add(
    company: str,
    role: str,
    agency: str | None,
    url: str | None,
    source: str | None,
    notes: str | None,
    as_json: bool,
) -> None:
    """Start tracking an application: COMPANY and ROLE (the job title)."""
    with session() as ctx:
        record = apps.add_application(
            ctx, company, role, agency=agency, url=url, source=source, notes=notes
        )
        zone = display_zone(ctx)

    def human() -> None:
        click.echo(f"Added application {record.id}: {record.company} · {record.role}.")
        click.echo(
            f"Next: `followup contact add {record.id} NAME` and "
            f"`followup interview add {record.id} --at DATETIME`."
        )

    emit(as_json, lambda: shape.application(record, zone), human)


@app.command("list")
@json_option
def list_(as_json: bool) -> None:
    """Every application with its status and when its next action is due."""
    with session() as ctx:
        rows = apps.list_applications(ctx)
        zone, now = display_zone(ctx), ctx.now

    def human() -> None:
        from followup.cli.output.records import print_applications

        print_applications(rows, now, zone)

    emit(as_json, lambda: shape.summaries(rows, zone), human)


@app.command("show")
@click.argument("app_id", type=ID, metavar="ID")
@json_option
def show(app_id: int, as_json: bool) -> None:
    """Everything recorded about one application: contacts, interviews, timeline."""
    with session() as ctx:
        detail = apps.application_detail(ctx, app_id)
        zone, now = display_zone(ctx), ctx.now

    def human() -> None:
        from followup.cli.output.records import render_detail

        click.echo(render_detail(detail, now, zone))

    emit(as_json, lambda: shape.detail(detail, zone), human)


@app.command("edit")
@click.argument("app_id", type=ID, metavar="ID")
@click.option("--company")
@click.option("--role")
@click.option("--agency", metavar="NAME", help="'' to remove.")
@click.option("--url", help="'' to remove.")
@click.option("--source", help="'' to remove.")
@click.option("--notes", help="'' to remove.")
@json_option
def edit(
    app_id: int,
    company: str | None,
    role: str | None,
    agency: str | None,
    url: str | None,
    source: str | None,
    notes: str | None,
    as_json: bool,
) -> None:
    """Change what was recorded; options left out stay as they are."""
    changes = apps.ApplicationChanges(
        company=required_change(company, str, "company"),
        role=required_change(role, str, "role"),
        agency=change(agency, str),
        url=change(url, str),
        source=change(source, str),
        notes=change(notes, str),
    )
    with session() as ctx:
        record = apps.edit_application(ctx, app_id, changes)
        zone = display_zone(ctx)
    emit(
        as_json,
        lambda: shape.application(record, zone),
        say(f"Saved application {record.id}: {record.company} · {record.role}."),
    )


@app.command("rm")
@click.argument("app_id", type=ID, metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def rm(app_id: int, yes: bool) -> None:
    """Delete an application with its contacts, interviews and timeline."""
    with session() as ctx:
        record = apps.get_application(ctx, app_id)
        if not yes:
            if not interactive():
                raise BadInput("refusing to delete without --yes (no terminal to ask on)")
            click.confirm(
                f"Delete application {record.id} ({record.company} · {record.role}) "
                "with its contacts, interviews and timeline?",
                abort=True,
            )
        apps.remove_application(ctx, app_id)
    click.echo(f"Deleted application {record.id}: {record.company} · {record.role}.")
