"""Use cases on contacts: the people a follow-up is addressed to."""

from __future__ import annotations

from dataclasses import dataclass

from followup.domain import limits
from followup.domain.errors import BadInput
from followup.domain.model import Channel, Contact, ContactRole, Rapport
from followup.services import inputs
from followup.services.changes import KEEP, Keep, pick
from followup.services.context import Context
from followup.services.planning import changing, refresh

PREFERRED_CHANNELS = (Channel.EMAIL, Channel.PHONE)
MAX_CADENCE_DAYS = limits.CADENCE_DAYS_MAX
MAX_GREET = limits.GREET_CHARS


@dataclass(frozen=True)
class ContactFields:
    """What a contact may carry besides its name; ``None`` means unknown."""

    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    role: ContactRole = ContactRole.INTERVIEWER
    timezone: str | None = None
    cadence_days: int | None = None
    prefers: Channel | None = None
    rapport: Rapport | None = None
    title: str | None = None  # Ms., Mr., Dr. ...
    greet: str | None = None  # how every greeting addresses them: "Wei Ling", "Dr Chua"


@dataclass(frozen=True)
class ContactChanges:
    """Fields to set; ``None`` clears an optional one."""

    name: str | Keep = KEEP
    email: str | Keep | None = KEEP
    phone: str | Keep | None = KEEP
    linkedin: str | Keep | None = KEEP
    role: ContactRole | Keep = KEEP
    timezone: str | Keep | None = KEEP
    cadence_days: int | Keep | None = KEEP
    prefers: Channel | Keep | None = KEEP
    rapport: Rapport | Keep | None = KEEP
    title: str | Keep | None = KEEP
    greet: str | Keep | None = KEEP


def add_contact(ctx: Context, app_id: int, name: str, fields: ContactFields) -> Contact:
    ctx.store.get_application(app_id)  # NotFound before anything is written
    draft = _validated(Contact(id=0, application_id=app_id, name=name), fields)
    with changing(ctx):
        contact = ctx.store.add_contact(draft)
    refresh(ctx, [app_id])
    return contact


def edit_contact(ctx: Context, contact_id: int, changes: ContactChanges) -> Contact:
    current = ctx.store.get_contact(contact_id)
    fields = ContactFields(
        email=pick(changes.email, current.email),
        phone=pick(changes.phone, current.phone),
        linkedin=pick(changes.linkedin, current.linkedin),
        role=pick(changes.role, current.role),
        timezone=pick(changes.timezone, current.timezone),
        cadence_days=pick(changes.cadence_days, current.cadence_days),
        prefers=pick(changes.prefers, current.prefers),
        rapport=pick(changes.rapport, current.rapport),
        title=pick(changes.title, current.title),
        greet=pick(changes.greet, current.greet),
    )
    updated = _validated(
        Contact(
            id=current.id,
            application_id=current.application_id,
            name=pick(changes.name, current.name),
        ),
        fields,
    )
    with changing(ctx):
        ctx.store.update_contact(updated)
    refresh(ctx, [current.application_id])
    return updated


def list_contacts(ctx: Context, app_id: int) -> list[Contact]:
    ctx.store.get_application(app_id)
    return ctx.store.list_contacts(app_id)


def _validated(base: Contact, fields: ContactFields) -> Contact:
    email = inputs.optional_line(fields.email, "email", limits.EMAIL_CHARS)
    timezone = inputs.optional_line(fields.timezone, "time zone", limits.TIMEZONE_CHARS)
    if fields.cadence_days is not None:
        inputs.positive_int(fields.cadence_days, "cadence (days)")
        if fields.cadence_days > MAX_CADENCE_DAYS:
            raise BadInput(f"cadence must be at most {MAX_CADENCE_DAYS} days")
    if fields.prefers is not None and fields.prefers not in PREFERRED_CHANNELS:
        raise BadInput(f"a contact can prefer email or phone, not {fields.prefers.label}")
    return Contact(
        id=base.id,
        application_id=base.application_id,
        name=inputs.line(base.name, "contact name", limits.PERSON_NAME_CHARS, '"Wei Ling Chua"'),
        email=inputs.email(email) if email else None,
        phone=inputs.optional_line(fields.phone, "phone", limits.PHONE_CHARS),
        linkedin=inputs.optional_line(fields.linkedin, "LinkedIn", limits.LINKEDIN_CHARS),
        role=fields.role,
        timezone=inputs.time_zone(timezone).key if timezone else None,
        cadence_days=fields.cadence_days,
        prefers=fields.prefers,
        rapport=fields.rapport,
        title=inputs.optional_line(fields.title, "title", limits.TITLE_CHARS, '"Dr"'),
        greet=inputs.short_text(
            fields.greet, "greet (how to address them)", MAX_GREET, '"Wei Ling" or "Dr Chua"'
        ),
    )
