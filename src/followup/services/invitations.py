"""Interviews from calendar invitations (issue 15): an inbound fact, recorded in one step.

An invitation (a file, or a ``text/calendar`` part of a matched mail) says when, how long,
how, and with whom. Recording it finds the application (``domain.invitation_match``), adds
the people as contacts (an address already known on the application is that contact, never
a second one), and records the interview with its interviewers, or moves or cancels the one
recorded from the same UID (``domain.invitation.change``). One transaction: a bad
invitation leaves nothing behind; a resend of a version already recorded changes nothing.

The bytes are read by the caller through bootstrap (``adapters/calendar/invite.py``), so
this module works on the domain's ``Invitation`` alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from followup.domain import limits
from followup.domain.errors import BadInput, Conflict
from followup.domain.invitation import Change, Invitation, Recorded
from followup.domain.invitation import change as change_of
from followup.domain.invitation_match import (
    Evidence,
    Guest,
    choose,
    contact_name,
    guests,
    invitation_agency_domains,
)
from followup.domain.model import Application, Contact, Interview
from followup.services import inputs
from followup.services.context import Context
from followup.services.planning import changing, refresh, require_profile


@dataclass(frozen=True)
class Imported:
    """What an invitation did: ``change`` (new, moved, cancelled, already recorded), the
    interview as it now stands, and the invitation's people as contacts (``added``: the
    ones made for it now)."""

    change: Change
    application: Application
    interview: Interview
    contacts: tuple[Contact, ...]
    added: tuple[Contact, ...] = ()


def own_addresses(ctx: Context) -> tuple[str, ...]:
    """The user's addresses (profile, mail account), lower-cased: on every invitation, never
    a contact and never evidence."""
    found = []
    profile = ctx.store.get_profile()
    if profile is not None and profile.email:
        found.append(profile.email.strip().lower())
    account = ctx.store.get_mail_account()
    if account is not None:
        found += [account.address.strip().lower(), account.username.strip().lower()]
    return tuple(a for a in found if "@" in a)


def candidates(ctx: Context) -> list[tuple[Application, tuple[Contact, ...]]]:
    with ctx.store.reading():
        return [
            (ctx.store.get_application(app_id), tuple(ctx.store.list_contacts(app_id)))
            for app_id in ctx.store.application_ids()
        ]


def find_application(ctx: Context, invitation: Invitation) -> Application:
    """The application the invitation is about, else ``BadInput`` naming the candidates."""
    outcome = choose(invitation, candidates(ctx), own_addresses(ctx))
    if outcome.chosen is not None:
        return ctx.store.get_application(outcome.chosen.application_id)
    if outcome.tied:
        raise BadInput(
            f"the invitation {_title(invitation)} fits {len(outcome.tied)} applications: "
            f"{_named(outcome.tied)}; name one with --app ID"
        )
    raise BadInput(
        f"no application matches the invitation {_title(invitation)} (by its people's "
        "addresses, their domains or the company's name in its title); name one with "
        "--app ID (`followup app list`), or add its people as contacts first"
    )


def _title(invitation: Invitation) -> str:
    shown = invitation.summary[:80] or "(untitled)"
    return repr(shown)


def _named(tied: Iterable[Evidence]) -> str:
    return "; ".join(f"{e.application_id} {e.company} ({e.reasons()})" for e in tied)


def plan_import(
    ctx: Context, invitation: Invitation, app_id: int | None = None
) -> tuple[Change, Application, Interview | None, Recorded | None]:
    """What importing would do, read without writing: the inbox shows it before the user
    confirms, and ``import_invitation`` does it."""
    recorded = ctx.store.recorded_invitation(invitation.uid)
    current = None if recorded is None else ctx.store.get_interview(recorded.interview_id)
    if current is not None:
        app = ctx.store.get_application(current.application_id)
        if app_id is not None and app_id != app.id:
            raise Conflict(
                f"this invitation is recorded on application {app.id} ({app.company}), "
                f"as interview {current.id}; leave out --app"
            )
    elif invitation.cancelled:
        raise BadInput(
            f"the invitation {_title(invitation)} is a cancellation, and no interview was "
            "recorded from it; nothing to cancel"
        )
    else:
        app = (
            ctx.store.get_application(app_id)
            if app_id is not None
            else find_application(ctx, invitation)
        )
    same = current is not None and _same(current, invitation)
    return change_of(invitation, recorded, same), app, current, recorded


def import_invitation(ctx: Context, invitation: Invitation, app_id: int | None = None) -> Imported:
    """Record the interview an invitation announces, or move or cancel the one recorded
    from it before; ``app_id`` skips the matching. Nothing changes for a version already
    recorded (``Change.ALREADY``). One transaction; the plan moves right after it.

    It needs the profile: without the user's own address, they would be taken for one of
    the interviewers."""
    require_profile(ctx.store)
    what, app, _, _ = plan_import(ctx, invitation, app_id)  # the matching, once
    if what is Change.ALREADY:
        return record(ctx, invitation, app.id)  # reads only: no write lock for nothing
    with changing(ctx):
        done = record(ctx, invitation, app.id)
    refresh(ctx, [done.application.id])
    return done


def record(ctx: Context, invitation: Invitation, app_id: int | None = None) -> Imported:
    """``import_invitation`` inside the caller's transaction (confirming an inbox item
    settles the item in the same one), without the re-plan the caller runs after it."""
    inputs.in_range(invitation.start.date(), "the invitation's start")
    minutes = invitation.minutes
    if minutes > limits.INTERVIEW_MINUTES_MAX:
        raise BadInput(
            f"the invitation lasts {minutes} minutes; an interview lasts at most "
            f"{limits.INTERVIEW_MINUTES_MAX} (a day)"
        )
    what, app, current, _ = plan_import(ctx, invitation, app_id)
    own = own_addresses(ctx)
    known = ctx.store.list_contacts(app.id)
    agency = invitation_agency_domains(invitation, app, known, frozenset(own))
    people = guests(invitation, own, agency)
    if what is Change.ALREADY:
        assert current is not None
        existing = {c.email.lower(): c for c in known if c.email}
        found = tuple(existing[g.person.address] for g in people if g.person.address in existing)
        return Imported(what, app, current, found)
    with ctx.store.transaction():
        contacts, added = _contacts(ctx, app.id, known, people)
        panel = tuple(c.id for c, g in zip(contacts, people, strict=True) if g.interviewer)
        if current is None:
            interview = ctx.store.add_interview(
                Interview(
                    id=0,
                    application_id=app.id,
                    start=invitation.start,
                    minutes=minutes,
                    format=invitation.format,
                    interviewer_ids=panel,
                )
            )
        elif what is Change.CANCELLED:
            interview = dataclasses.replace(current, cancelled=True)
            ctx.store.update_interview(interview)
        else:
            interview = dataclasses.replace(
                current,
                start=invitation.start,
                minutes=minutes,
                format=invitation.format,
                interviewer_ids=panel or current.interviewer_ids,
                cancelled=False,
            )
            ctx.store.update_interview(interview)
        ctx.store.record_invitation(Recorded(invitation.uid, interview.id, invitation.sequence))
    return Imported(what, app, interview, contacts, added)


# --- from the inbox ------------------------------------------------------------------------
@dataclass(frozen=True)
class Proposal:
    """An invitation found in a matched mail, and what confirming it would do."""

    invitation: Invitation
    change: Change
    application_id: int
    reasons: tuple[str, ...]


def proposal(
    ctx: Context,
    parts: Iterable[bytes],
    read: Callable[[bytes], Invitation],
    app_id: int,
) -> Proposal | None:
    """The first of a mail's calendar ``parts`` that is an invitation this application (the
    mail's, ``app_id``; or the one its UID was recorded on) can take, else None: a recurring
    or broken one, or a cancellation of nothing recorded, leaves the mail to be read as text.
    Reads only; nothing is written."""
    for raw in parts:
        try:
            invitation = read(raw)
            recorded = ctx.store.recorded_invitation(invitation.uid)
            what, app, current, _ = plan_import(
                ctx, invitation, None if recorded is not None else app_id
            )
        except BadInput:
            continue
        return Proposal(invitation, what, app.id, _reasons(ctx, invitation, what, current))
    return None


def _reasons(
    ctx: Context, invitation: Invitation, what: Change, current: Interview | None
) -> tuple[str, ...]:
    """What the item says, a line each: what it does, when and how, with whom."""
    zone = ZoneInfo(invitation.zone)
    when = f"{invitation.start.astimezone(zone):%a %d %b %Y %H:%M} {invitation.zone}"
    how = f"{invitation.minutes} min {invitation.format.label}"
    said = {
        Change.NEW: f"a new interview: {when}, {how}",
        Change.MOVED: f"moves interview {current.id if current else ''}: to {when}, {how}",
        Change.CANCELLED: f"cancels interview {current.id if current else ''} ({when})",
        Change.ALREADY: f"already recorded: {when}, {how}",
    }[what]
    own = set(own_addresses(ctx))
    people = [
        contact_name(p)
        for p in (invitation.organizer, *invitation.attendees)
        if p is not None and p.address not in own
    ]
    lines = [said, f"titled {invitation.summary[:120]!r}"]
    if people:
        lines.append("with " + ", ".join(dict.fromkeys(people)))
    if invitation.location:
        lines.append(f"at {invitation.location[:120]}")
    return tuple(lines)


def _same(interview: Interview, invitation: Invitation) -> bool:
    return (
        interview.start == invitation.start
        and interview.minutes == invitation.minutes
        and interview.cancelled == invitation.cancelled
    )


def _contacts(
    ctx: Context, app_id: int, known: list[Contact], people: tuple[Guest, ...]
) -> tuple[tuple[Contact, ...], tuple[Contact, ...]]:
    """Each guest as a contact of the application: the one with their address, else a new
    one (inside the caller's transaction)."""
    by_address = {c.email.strip().lower(): c for c in known if c.email}
    contacts: list[Contact] = []
    added: list[Contact] = []
    for guest in people:
        held = by_address.get(guest.person.address)
        if held is None:
            held = ctx.store.add_contact(
                Contact(
                    id=0,
                    application_id=app_id,
                    name=inputs.line(
                        contact_name(guest.person), "contact name", limits.PERSON_NAME_CHARS
                    ),
                    email=inputs.email(guest.person.address),
                    role=guest.role,
                )
            )
            by_address[guest.person.address] = held
            added.append(held)
        contacts.append(held)
    return tuple(contacts), tuple(added)
