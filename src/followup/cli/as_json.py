"""The machine-readable output: plain dicts whose keys are the interface scripts rely on.

Kinds use the dash spelling a person types (``thank-you``); instants are ISO 8601 with the
offset of the user's zone. ``plan --json`` and ``today --json`` come from the read model in
``services.views`` (DESIGN section 5, plus the action ``id`` that ``followup done`` and
``followup skip`` take); the rest of the records are shaped here.
"""

from __future__ import annotations

from datetime import date, datetime

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False

if TYPE_CHECKING:  # annotations only: keep the hot path's imports to what it runs
    from zoneinfo import ZoneInfo

    from followup.domain.model import (
        Application,
        Contact,
        Event,
        Interview,
        Profile,
    )
    from followup.services.applications import ApplicationDetail, ApplicationSummary

Json = dict[str, object]


def dumps(value: object, pretty: bool) -> str:
    """Indented for a person at a terminal; one line for a program.

    Any indent makes ``json`` fall back from its C encoder to pure Python, three times
    slower on a ``today`` of thousands of actions, and programs do not need it.
    """
    import json

    if pretty:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)


def write(value: object) -> None:
    """Print ``value`` as JSON, in UTF-8 whatever the console's encoding (RFC 8259)."""
    import sys

    out = sys.stdout
    text = dumps(value, pretty=out.isatty()) + "\n"
    binary = getattr(out, "buffer", None)
    if binary is None:  # a text-only stream someone put in place (an embedding, a test)
        out.write(text)
        return
    out.flush()
    binary.write(text.encode("utf-8"))
    binary.flush()


def _instant(moment: datetime | None, zone: ZoneInfo) -> str | None:
    return None if moment is None else moment.astimezone(zone).isoformat()


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def event(e: Event, zone: ZoneInfo) -> Json:
    return {
        "id": e.id,
        "kind": e.kind.label,
        "at": _instant(e.at, zone),
        "contact_id": e.contact_id,
        "on": _day(e.on),
        "note": e.note,
    }


def recorded_event(e: Event, zone: ZoneInfo) -> Json:
    """An event just logged: also which application and which action it settles (and, for
    a snooze, until when)."""
    out = {**event(e, zone), "application_id": e.application_id, "action_id": e.action_id}
    if e.until is not None:
        out["until"] = _instant(e.until, zone)
    return out


def application(a: Application, zone: ZoneInfo) -> Json:
    return {
        "id": a.id,
        "company": a.company,
        "role": a.role,
        "agency": a.agency,
        "url": a.url,
        "source": a.source,
        "notes": a.notes,
        "created_at": _instant(a.created_at, zone),
    }


def contact(c: Contact) -> Json:
    return {
        "id": c.id,
        "application_id": c.application_id,
        "name": c.name,
        "email": c.email,
        "phone": c.phone,
        "linkedin": c.linkedin,
        "role": c.role.label,
        "timezone": c.timezone,
        "cadence_days": c.cadence_days,
        "prefers": c.prefers.label if c.prefers else None,
        "rapport": c.rapport.label if c.rapport else None,
        "title": c.title,
        "greet": c.greet,
    }


def interview(i: Interview, zone: ZoneInfo) -> Json:
    return {
        "id": i.id,
        "application_id": i.application_id,
        "start": _instant(i.start, zone),
        "end": _instant(i.end, zone),
        "minutes": i.minutes,
        "format": i.format.label,
        "interviewer_ids": list(i.interviewer_ids),
        "cancelled": i.cancelled,
    }


def profile(p: Profile) -> Json:
    return {
        "name": p.name,
        "email": p.email,
        "phone": p.phone,
        "timezone": p.timezone,
        "country": p.country,
        "signature": p.signature,
        "hours": p.hours.label(),
        "formal": p.formal,
    }


def summaries(rows: list[ApplicationSummary], zone: ZoneInfo) -> Json:
    return {
        "applications": [
            {
                **application(r.application, zone),
                "status": r.status.label,
                "next_due": _instant(r.next_due, zone),
            }
            for r in rows
        ]
    }


def detail(d: ApplicationDetail, zone: ZoneInfo) -> Json:
    return {
        "application": {**application(d.application, zone), "status": d.status.label},
        "contacts": [contact(c) for c in d.contacts],
        "interviews": [interview(i, zone) for i in d.interviews],
        "events": [event(e, zone) for e in d.events],
    }
