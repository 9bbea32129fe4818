"""``followup export`` and ``followup import --from json``: everything out as one JSON file
(the full backup format), or the applications as one CSV a spreadsheet opens; and a JSON
export loaded back into an empty database.

The JSON is made to round-trip byte for byte: export, load into a new database, export
again gives the same bytes but for ``exported_at``. So it is deterministic (keys sorted,
rows in the order of their key, one way to write each value), carries every stored fact but
the plan cache (computed again from the history, by the same planner, after a load), and a
load keeps every id, so references between rows hold. The shape is
``domain/export_schema.py``'s, documented in docs/export.md.

A load is all or nothing: the file is checked against the whole description first (format,
version, every field, every reference), and any problem is ``ExportRefused`` (exit 2,
each problem with its JSON pointer) with nothing written; then one transaction writes it
all, into a database that must hold nothing of anyone's yet.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from followup.domain import export_schema
from followup.domain.errors import BadInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime

    from followup.services.context import Context

# What a load into a database that holds data says (``--db`` is the global option).
NOT_EMPTY = (
    "this database is not empty: a JSON export loads only into a new database: "
    "followup --db NEW.db import FILE --from json"
)


class DataTables(Protocol):
    """Every exported table, read in one snapshot and written in one transaction (the
    SQLite adapter: ``adapters/sqlite/export.py``)."""

    def dump(self, only: Collection[str] | None = None) -> dict[str, Any]:
        """Each section by its name (``export_schema.Section.name``; those in ``only``
        when given): its rows as dicts of the file's values, in key order; a single
        section's one row, or None."""
        ...

    def load(self, sections: Mapping[str, Any], refuse: str) -> None:
        """The sections written into the empty database in one transaction, ids kept;
        ``Conflict(refuse)`` when it is not empty, and nothing written."""
        ...

    def is_empty(self) -> bool: ...


class ExportRefused(BadInput):
    """The file cannot be loaded: every problem found, each with where it is."""

    def __init__(self, problems: list[export_schema.Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else export_schema.Problem("", "cannot be loaded")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"not loaded: {first}{more}")


@dataclass(frozen=True)
class Loaded:
    """What a load wrote (or, dry, would write): rows per section."""

    counts: dict[str, int]
    dry_run: bool

    def as_dict(self) -> dict[str, object]:
        return {"dry_run": self.dry_run, "loaded": dict(self.counts)}


def document(sections: Mapping[str, Any], exported_at: str) -> dict[str, Any]:
    """The file's object from the adapter's sections."""
    out: dict[str, Any] = {
        "format": export_schema.FORMAT,
        "version": export_schema.VERSION,
        "exported_at": exported_at,
        "settings": {},
    }
    for section in export_schema.SECTIONS:
        holder = out
        for part in section.path[:-1]:
            holder = holder[part]
        holder[section.path[-1]] = sections[section.name]
    return out


def dumps(doc: Mapping[str, Any]) -> str:
    """The one way an export is written: keys sorted, UTF-8 as is, one row per line (so a
    diff of two exports shows the rows that changed), the sections and ``settings``
    indented by two spaces.

    Why not ``json.dumps(indent=2)``: with an indent Python's JSON encoder falls back from
    its C speedups to pure Python, four times slower on a 10,000-application export; each
    row here is one call to the C encoder."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))

    def block(obj: Mapping[str, Any], pad: str, expand: bool) -> list[str]:
        lines = []
        for key in sorted(obj):
            value = obj[key]
            if isinstance(value, list) and value:
                rows = [f"{pad}    {one(row)}," for row in value]
                rows[-1] = rows[-1][:-1]
                lines += [f"{pad}  {one(key)}: [", *rows, f"{pad}  ],"]
            elif isinstance(value, dict) and expand and value:
                lines += [f"{pad}  {one(key)}: {{", *block(value, pad + "  ", False), f"{pad}  }},"]
            else:
                lines.append(f"{pad}  {one(key)}: {one(value)},")
        if lines:
            lines[-1] = lines[-1][:-1]
        return lines

    return "\n".join(["{", *block(doc, "", True), "}"]) + "\n"


def export_json(ctx: Context, now: datetime | None = None) -> str:
    """Everything but secrets and the plan cache, as the export's JSON text."""
    moment = ctx.now if now is None else now
    with ctx.ports.data_tables() as tables:
        sections = tables.dump()
    return dumps(document(sections, _instant(moment)))


def _instant(moment: datetime) -> str:
    from datetime import UTC

    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse(text: str | bytes) -> dict[str, Any]:
    """The file's JSON, checked whole; ``ExportRefused`` naming every problem."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise ExportRefused([export_schema.Problem("", f"not JSON: {exc}")]) from None
    except RecursionError:
        raise ExportRefused([export_schema.Problem("", "nested too deeply")]) from None
    found = export_schema.problems(doc)
    if found:
        raise ExportRefused(found)
    assert isinstance(doc, dict)
    return doc


def is_export(raw: bytes) -> bool:
    """Whether a file is a followup export (what ``import --from auto`` asks): a JSON
    object whose ``format`` says so. (Its keys are sorted, so ``format`` is not first:
    the file is parsed, which a spreadsheet, never starting with ``{``, is not.)"""
    if not raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and doc.get("format") == export_schema.FORMAT


def load_json(ctx: Context, data: str | bytes, *, dry_run: bool = False) -> Loaded:
    """Load an export into the empty database: all of it, ids kept, or nothing.

    ``ExportRefused`` (exit 2) for a file that is not a followup export, of a version this
    release cannot read, or that breaks the description anywhere; ``Conflict`` (exit 2)
    for a database that holds anything already. After the load the planner computes every
    plan, as it does after any change of history."""
    doc = parse(data)
    sections = {s.name: _at(doc, s.path) for s in export_schema.SECTIONS}
    counts = export_schema.counts(doc)
    with ctx.ports.data_tables() as tables:
        if dry_run:
            if not tables.is_empty():
                raise _not_empty()
            return Loaded(counts, dry_run=True)
        tables.load(sections, NOT_EMPTY)
    from followup.services import planning

    planning.refresh(ctx)
    return Loaded(counts, dry_run=False)


def _not_empty() -> BadInput:
    from followup.domain.errors import Conflict

    return Conflict(NOT_EMPTY)


def _at(doc: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = doc
    for part in path:
        value = value[part]
    return value


# Later than any action's due date: every live action of the plan, by due.
_FAR = "9999-12-31T00:00:00+00:00"


def export_csv(ctx: Context, now: datetime | None = None) -> bytes:
    """One row per application (``domain/export_csv.py``), UTF-8 with a byte-order mark so
    Excel reads it as UTF-8, CRLF line ends (RFC 4180); dates on the profile's clock.
    ``now``: which actions are still live (default ``ctx.now``)."""
    import csv
    import io
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from followup.domain import export_csv as shape
    from followup.services import planning

    moment = ctx.now if now is None else now
    profile = ctx.store.get_profile()
    next_actions: dict[int, tuple[str, str]] = {}
    if profile is not None:
        planning.ensure_fresh(ctx)
        for due in ctx.store.due_actions(datetime.fromisoformat(_FAR), moment):
            a = due.action
            next_actions.setdefault(a.application_id, (a.kind.value, _instant(a.due)))
    with ctx.ports.data_tables() as tables:
        sections = tables.dump(shape.SECTIONS)
    zone = ZoneInfo(profile.timezone if profile is not None else "UTC")
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(shape.rows(sections, next_actions, zone))
    return out.getvalue().encode("utf-8-sig")
