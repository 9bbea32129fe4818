"""The CSV export's rows: one per application, in the columns a spreadsheet user expects and
that ``followup import`` reads back (docs/export.md lists them).

Why the importer's words: a CSV export opened, edited and imported into a new database
gives the same applications, so ``Status`` is the stage a spreadsheet names (saved,
applied, interviewing, offer, rejected, accepted, withdrawn, ghosted: what the history
shows), ``Location`` and ``Salary`` are the lines the importer kept at the end of the notes,
and each header is one the importer recognises (or one it ignores: ``Next action``).

A cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) gets a leading apostrophe, as OWASP advises against CSV injection: Excel and
LibreOffice then show the text as typed, and ``followup import`` drops the apostrophe again.

Pure: values in (the export's rows, the next actions, the user's zone), cells out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from followup.domain.kinds import EventKind, Status, words
from followup.domain.status import status_after

COLUMNS = (
    "ID", "Company", "Role", "Status", "Date applied", "Last event", "Last event on",
    "Next action", "Next action due", "Contact", "Email", "Phone", "Other contacts", "URL",
    "Location", "Salary", "Notes", "Interview date", "Created",
)  # fmt: skip

# What the rows are made from (``export_schema``'s section names).
SECTIONS = ("applications", "contacts", "interviews", "events")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The application's status (``domain/status.py``, the same rule as everywhere else) in the
# importer's words; an active one is interviewing, applied or saved by what it holds.
_STAGE_OF: dict[Status, str] = {
    Status.OFFER: "offer",
    Status.ACCEPTED: "accepted",
    Status.DECLINED: "withdrawn",
    Status.REJECTED: "rejected",
    Status.WITHDRAWN: "withdrawn",
    Status.CLOSED: "ghosted",
}


def safe(text: str) -> str:
    """A cell no spreadsheet runs as a formula (OWASP: a leading apostrophe)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def stage(kinds: Iterable[str], interviewed: bool) -> str:
    """The stage an application's history (event kinds, oldest first) stands at, in the
    importer's words."""
    seen = [EventKind(k) for k in kinds]
    named = _STAGE_OF.get(status_after(seen))
    if named is not None:
        return named
    if interviewed:
        return "interviewing"
    return "applied" if seen else "saved"


def split_notes(notes: str | None) -> tuple[str, str, str]:
    """(notes, location, salary): the ``Location: ...`` and ``Salary: ...`` lines the
    importer appended (last, in that order) taken back out of the notes."""
    lines = (notes or "").split("\n")
    found = {"Location": "", "Salary": ""}
    for label in ("Salary", "Location"):
        if lines and lines[-1].startswith(f"{label}: ") and not found[label]:
            found[label] = lines.pop()[len(label) + 2 :]
    return "\n".join(lines), found["Location"], found["Salary"]


def _day(instant: str | None, zone: ZoneInfo) -> str:
    if not instant:
        return ""
    return datetime.fromisoformat(instant).astimezone(zone).date().isoformat()


def _who(contact: Mapping[str, Any]) -> str:
    email = contact.get("email")
    return f"{contact['name']} <{email}>" if email else str(contact["name"])


def rows(
    sections: Mapping[str, Any],
    next_actions: Mapping[int, tuple[str, str]],
    zone: ZoneInfo,
) -> list[list[str]]:
    """The header and one row per application (by id), every cell made safe.

    ``sections``: the export's sections (``export_schema``'s names); ``next_actions``: per
    application, the kind and due instant of its next action (the plan's first)."""
    by_app: dict[int, dict[str, list[Mapping[str, Any]]]] = {}
    for name in SECTIONS[1:]:
        for row in sections[name]:
            by_app.setdefault(row["application_id"], {}).setdefault(name, []).append(row)
    out: list[list[str]] = [list(COLUMNS)]
    for app in sections["applications"]:
        mine = by_app.get(app["id"], {})
        contacts = mine.get("contacts", [])
        interviews = [i for i in mine.get("interviews", []) if not i["cancelled"]]
        history = sorted(mine.get("events", []), key=lambda e: (e["at"], e["id"]))
        told = [e for e in history if not e["kind"].startswith("action_")]
        kinds = [e["kind"] for e in told]
        applied = next((e for e in told if e["kind"] == EventKind.APPLIED.value), None)
        last = told[-1] if told else None
        action = next_actions.get(app["id"])
        notes, location, salary = split_notes(app["notes"])
        first = contacts[0] if contacts else None
        latest_interview = max((i["start_at"] for i in interviews), default=None)
        cells = [
            str(app["id"]),
            app["company"],
            app["role"],
            stage(kinds, bool(interviews)),
            _day(applied["at"], zone) if applied else "",
            words(last["kind"]) if last else "",
            _day(last["at"], zone) if last else "",
            words(action[0]) if action else "",
            _day(action[1], zone) if action else "",
            first["name"] if first else "",
            (first["email"] or "") if first else "",
            (first["phone"] or "") if first else "",
            "; ".join(_who(c) for c in contacts[1:]),
            app["url"] or "",
            location,
            salary,
            notes,
            _day(latest_interview, zone),
            _day(app["created_at"], zone),
        ]
        out.append([safe(c) for c in cells])
    return out
