"""``make demo``: a fresh database with six applications at telling stages, then the plan.

    python -m followup.demo [PATH]      (default ./demo.db, rebuilt on every run)

Everything is recorded through the service layer, exactly as the CLI would, with the clock
pinned to Monday 23 November 2026, 10:00 in London, so the output is the same on every run
and every machine. It then prints ``followup today`` and one ``followup plan`` through the
CLI's own renderers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date, datetime

import click

from followup import bootstrap
from followup.cli.commands.draft import show_messages
from followup.cli.output.agenda import render_plan, render_today
from followup.domain.model import (
    ActionKind,
    ContactRole,
    Debrief,
    EventKind,
    Interview,
    InterviewFormat,
    Rapport,
)
from followup.services import agenda, drafting
from followup.services.applications import add_application
from followup.services.contacts import ContactFields, add_contact
from followup.services.context import Context
from followup.services.debriefs import record_debrief
from followup.services.events import done_action, log_event
from followup.services.interviews import add_interview
from followup.services.profile import ProfileChanges, update_profile

NOW = "2026-11-23 10:00"  # a Monday morning, on the profile's clock (Europe/London)
DEFAULT_PATH = "demo.db"


def at(text: str) -> datetime:
    """A naive time: the services read it on the profile's clock, as the CLI does."""
    return datetime.fromisoformat(text)


def person(
    ctx: Context,
    app_id: int,
    name: str,
    role: ContactRole,
    email: str,
    *,
    phone: str | None = None,
    cadence_days: int | None = None,
    rapport: Rapport | None = None,
) -> int:
    fields = ContactFields(
        email=email, phone=phone, role=role, cadence_days=cadence_days, rapport=rapport
    )
    return add_contact(ctx, app_id, name, fields).id


def debrief(ctx: Context, interview: Interview, reflection: Debrief) -> None:
    """Record a round's debrief through the service, as ``followup debrief`` does."""
    record_debrief(ctx, interview.id, reflection)


def create_profile(ctx: Context) -> None:
    update_profile(
        ctx,
        ProfileChanges(
            name="Alex Morgan",
            email="alex.morgan@example.org",
            timezone="Europe/London",
            country="GB",
            phone="+44 7700 900123",
            signature="Alex Morgan · Data engineer · linkedin.com/in/alexmorgan",
        ),
    )


def build(ctx: Context) -> int:
    """Record the six applications; return the id of the one whose plan is shown."""
    log = log_event

    # 1. Just interviewed by a panel of three, this morning.
    northwind = add_application(
        ctx, "Northwind Labs", "Senior Data Engineer", source="referral from Jo Novak"
    ).id
    log(ctx, northwind, EventKind.APPLIED, at=at("2026-11-02 20:15"))
    panel = [
        person(
            ctx,
            northwind,
            "Priya Shah",
            ContactRole.HIRING_MANAGER,
            "priya.shah@northwind.example",
            rapport=Rapport.GOOD,
        ),
        person(ctx, northwind, "Tom Okafor", ContactRole.INTERVIEWER, "tom@northwind.example"),
        person(ctx, northwind, "Lena Fischer", ContactRole.INTERVIEWER, "lena@northwind.example"),
    ]
    panel_round = add_interview(
        ctx,
        northwind,
        at("2026-11-23 08:30"),
        minutes=75,
        format=InterviewFormat.IN_PERSON,
        interviewer_ids=panel,
    )
    # Written right after the panel, so each thank-you can name what that person discussed.
    debrief(
        ctx,
        panel_round,
        Debrief(
            strengths=(
                "five years of running Spark and Airflow pipelines in production",
                "cutting a warehouse bill by 40% through partitioning and caching",
            ),
            stumbles=("the system-design question on exactly-once delivery",),
            topics=(
                (panel[0], ("moving the nightly batch jobs to streaming",)),
                (panel[1], ("how the team tests its Airflow pipelines",)),
                (panel[2], ("keeping warehouse costs under control",)),
            ),
            unaddressed=("exactly-once delivery with Kafka",),
            rapport=((panel[0], Rapport.GOOD),),
            next_steps="Priya will be in touch within a week",
        ),
    )

    # 2. Thank-yous sent; they said they would decide by the 13th, and it is the 23rd.
    globex = add_application(ctx, "Globex Health", "Product Analyst").id
    log(ctx, globex, EventKind.APPLIED, at=at("2026-10-20 09:00"))
    sam = person(
        ctx, globex, "Sam Lee", ContactRole.HIRING_MANAGER, "sam.lee@globex.example",
        phone="+44 20 7946 0018",
    )  # fmt: skip
    globex_round = add_interview(ctx, globex, at("2026-11-04 14:00"), interviewer_ids=[sam])
    debrief(
        ctx,
        globex_round,
        Debrief(
            strengths=("building the patient-flow dashboards at my last job",),
            topics=((sam, ("the new patient-flow dashboards",)),),
        ),
    )
    log(ctx, globex, EventKind.TIMELINE, at=at("2026-11-04 15:00"), contact_id=sam,
        on=date(2026, 11, 13), note="Sam: decision by the 13th")  # fmt: skip
    log(ctx, globex, EventKind.THANK_YOU_SENT, at=at("2026-11-05 09:10"), contact_id=sam)

    # 3. Through an agency: follow-ups go to the agency's recruiter, not the employer.
    initech = add_application(ctx, "Initech", "Backend Developer", agency="Harper Recruitment").id
    kim = person(
        ctx, initech, "Kim Haddad", ContactRole.AGENCY_RECRUITER, "kim@harper.example",
        cadence_days=10,
    )  # fmt: skip
    bill = person(ctx, initech, "Bill Lumbergh", ContactRole.HIRING_MANAGER, "bill@initech.example")
    add_interview(ctx, initech, at("2026-11-18 11:00"), interviewer_ids=[bill])
    log(ctx, initech, EventKind.THANK_YOU_SENT, at=at("2026-11-19 09:05"), contact_id=bill)
    log(ctx, initech, EventKind.REPLY, at=at("2026-11-19 16:40"), contact_id=kim,
        note="Kim: feedback is positive, they are seeing two more people")  # fmt: skip

    # 4. An automated (AI) interview: no human to thank, so the recruiter gets the note.
    hooli = add_application(ctx, "Hooli", "Machine Learning Engineer", source="LinkedIn").id
    person(ctx, hooli, "Ana Silva", ContactRole.RECRUITER, "ana.silva@hooli.example")
    add_interview(ctx, hooli, at("2026-11-20 16:00"), minutes=30, format=InterviewFormat.AI)

    # 5. A rejection: reply graciously and keep the door open.
    vandelay = add_application(ctx, "Vandelay Industries", "Data Engineer").id
    art = person(ctx, vandelay, "Art Vandelay", ContactRole.HIRING_MANAGER, "art@vandelay.example")
    add_interview(ctx, vandelay, at("2026-11-10 10:00"), interviewer_ids=[art])
    log(ctx, vandelay, EventKind.THANK_YOU_SENT, at=at("2026-11-11 09:00"), contact_id=art)
    log(ctx, vandelay, EventKind.REJECTION, at=at("2026-11-20 17:30"), contact_id=art)

    # 6. An offer with a deadline.
    stark = add_application(ctx, "Stark Analytics", "Analytics Lead").id
    pepper = person(ctx, stark, "Pepper Potts", ContactRole.HIRING_MANAGER, "pepper@stark.example")
    add_interview(ctx, stark, at("2026-10-29 13:00"), interviewer_ids=[pepper])
    add_interview(ctx, stark, at("2026-11-12 13:00"), interviewer_ids=[pepper])
    log(ctx, stark, EventKind.THANK_YOU_SENT, at=at("2026-11-13 09:00"), contact_id=pepper)
    log(ctx, stark, EventKind.OFFER, at=at("2026-11-20 12:00"), contact_id=pepper,
        on=date(2026, 11, 27), note="£78k + 10% bonus, start January")  # fmt: skip

    # Debriefs of earlier interviews were written on time: mark them done, as a user would.
    for app_id in (globex, initech, hooli, vandelay, stark):
        for action in agenda.plan(ctx, app_id).actions:
            if action.kind is ActionKind.DEBRIEF:
                done_action(ctx, action.id, at=action.earliest)
    return northwind


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    path = os.path.abspath(args[0] if args else DEFAULT_PATH)
    for leftover in (path, path + "-wal", path + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    # No config file: the demo shows the playbook's defaults, whatever the user configured.
    settings = bootstrap.Settings(db=path, config=None, now=NOW)
    with bootstrap.session(settings) as ctx:
        create_profile(ctx)
    with bootstrap.session(settings) as ctx:  # from here on, --now is on the profile's clock
        shown = build(ctx)
    with bootstrap.session(settings) as ctx:
        today_view = agenda.today(ctx)
        plan_view = agenda.plan(ctx, shown)
    with bootstrap.session(settings) as ctx:  # one thank-you, personal from the debrief
        priya = ctx.store.list_contacts(shown)[0]
        request = drafting.Request(shown, ActionKind.THANK_YOU, contact_id=priya.id)
        thanks = drafting.save(ctx, drafting.compose(ctx, ctx.ports.templates(), request))

    command = f"followup --db {os.path.relpath(path)} --now '{NOW}'"
    click.echo(f"Demo database: {path}\n")
    click.echo(click.style(f"$ {command} today", bold=True))
    click.echo(render_today(today_view))
    click.echo("\n" + click.style(f"$ {command} plan {shown}", bold=True))
    click.echo(render_plan(plan_view))
    click.echo(
        "\n" + click.style(f"$ {command} draft {shown} thank-you --contact {priya.id}", bold=True)
    )
    show_messages(thanks, as_json=False)
    click.echo(f"\nExplore it: {command} app list   (or: app show 2, plan 6 --json, ...)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
