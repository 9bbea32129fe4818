"""The user's own details: who signs the messages, and the clock and calendar they live by.

A profile change can move every business-hours window (zone, hours, country's holidays), so
it marks every plan stale in its transaction, and they are re-planned after the commit.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from followup.domain import limits
from followup.domain.business_hours import supported_country
from followup.domain.errors import BadInput, NoProfile
from followup.domain.model import Profile, WorkingHours
from followup.services import inputs
from followup.services.changes import KEEP, Keep, pick
from followup.services.context import Context
from followup.services.planning import changing, invalidate, refresh


@dataclass(frozen=True)
class ProfileChanges:
    """Fields to set; ``None`` clears an optional one (phone, signature, country)."""

    name: str | Keep = KEEP
    email: str | Keep = KEEP
    timezone: str | Keep = KEEP
    country: str | Keep | None = KEEP
    phone: str | Keep | None = KEEP
    signature: str | Keep | None = KEEP
    hours: WorkingHours | Keep = KEEP
    formal: bool | Keep = KEEP

    def empty(self) -> bool:
        return all(isinstance(getattr(self, f.name), Keep) for f in dataclasses.fields(self))


def get_profile(ctx: Context) -> Profile | None:
    return ctx.store.get_profile()


def update_profile(ctx: Context, changes: ProfileChanges) -> Profile:
    """Create the profile (name, email and time zone required) or change some of it."""
    current = ctx.store.get_profile()
    if current is None:
        missing = [
            f"--{name}"
            for name in ("name", "email", "timezone")
            if isinstance(getattr(changes, name), Keep)
        ]
        if missing:
            raise BadInput(f"a new profile needs {', '.join(missing)}")
    profile = _validated(changes, current)
    with changing(ctx):
        ctx.store.save_profile(profile)
        invalidate(ctx)
    refresh(ctx)
    return profile


def _validated(changes: ProfileChanges, current: Profile | None) -> Profile:
    base = current or Profile(name="", email="", timezone="UTC")
    name = inputs.line(pick(changes.name, base.name), "name", limits.PERSON_NAME_CHARS)
    email = inputs.email(pick(changes.email, base.email))
    timezone = inputs.time_zone(pick(changes.timezone, base.timezone)).key
    country = inputs.optional_text(pick(changes.country, base.country))  # the list bounds it
    if country is not None:
        country = country.upper()
        if not supported_country(country):
            raise BadInput(
                f"unknown country {country!r} for public holidays; "
                "use an ISO 3166 code such as GB, US or DE"
            )
    return Profile(
        name=name,
        email=email,
        timezone=timezone,
        country=country,
        phone=inputs.optional_line(pick(changes.phone, base.phone), "phone", limits.PHONE_CHARS),
        signature=inputs.optional_text(
            pick(changes.signature, base.signature), "signature", limits.SIGNATURE_CHARS
        ),
        hours=pick(changes.hours, base.hours),
        formal=pick(changes.formal, base.formal),
    )


def display_zone(ctx: Context) -> ZoneInfo:
    """Where times are shown: the user's zone, or UTC until there is a profile."""
    profile = ctx.store.get_profile()
    return ZoneInfo(profile.timezone) if profile else ZoneInfo("UTC")


def user_time(ctx: Context, moment: datetime) -> datetime:
    """An instant the user typed, placed on their clock.

    A naive time means the profile's zone, so it needs a profile; an aware one is the same
    instant shown in the profile's zone (UTC before there is a profile).
    """
    inputs.in_range(moment, "date/time")
    profile = ctx.store.get_profile()
    if profile is None:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise NoProfile()
        return moment.astimezone(ZoneInfo("UTC"))
    return inputs.localize(moment, ZoneInfo(profile.timezone))
