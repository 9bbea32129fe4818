"""What a spreadsheet's rows mean: which column is which, what a stage is, how a date reads.

Pure (issue 16): the file is decoded and split into cells by an adapter; this module only
decides, so every rule here can be tested on plain lists of strings. A row that cannot be
read is a ``Problem`` (row, column, value, what is wrong), never an exception: the use case
lists every problem of the file before it writes anything.
"""

from __future__ import annotations

import enum
import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from followup.domain.kinds import EventKind
from followup.domain.month_names import month_number

# The fields a column can fill. ``key`` is a tracker's own id for the row.
FIELDS = (
    "key", "company", "role", "status", "url", "applied", "location", "salary", "notes",
    "contact", "email", "phone", "interview", "ignore",
)  # fmt: skip

# Headers as people and trackers write them, compared after ``_norm`` (lower case, letters
# and digits only). The first match per field wins; the rest of a row is ignored.
_HEADERS: dict[str, tuple[str, ...]] = {
    "key": ("id", "jobid", "applicationid", "trackerid"),
    "company": ("company", "companyname", "employer", "organisation", "organization", "org"),
    "role": ("jobtitle", "title", "position", "role", "job", "jobposition", "positiontitle"),
    "status": ("status", "stage", "list", "applicationstatus", "jobstatus", "column"),
    "url": ("url", "link", "jobposting", "postingurl", "joburl", "joblink", "postinglink"),
    "applied": (
        "dateapplied", "appliedon", "applieddate", "applicationdate", "appliedat", "applied",
        "datesaved", "dateadded", "date", "createdat", "created",
    ),
    "location": ("location", "city", "place"),
    "salary": ("salary", "pay", "compensation", "salaryrange"),
    "notes": ("notes", "note", "comments", "comment", "description"),
    "contact": ("contact", "recruiter", "hiringmanager", "contactname", "recruitername"),
    "email": ("email", "contactemail", "recruiteremail", "emailaddress", "mail"),
    "phone": ("phone", "contactphone", "recruiterphone", "telephone", "phonenumber"),
    "interview": ("interviewdate", "interview", "nextinterview", "interviewon"),
}  # fmt: skip
# header -> (field, rank): a better name wins over a worse one (JobSync's ``appliedDate``
# over its ``createdAt``, whichever comes first in the file).
_BY_HEADER = {
    name: (field, rank) for field, names in _HEADERS.items() for rank, name in enumerate(names)
}
# A cell a spreadsheet would run as a formula; written with a leading apostrophe, which
# marks it as text (``followup export --format csv``, and people guarding their own sheets).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What trackers write in an empty cell.
_EMPTY = frozenset({"n/a", "na", "-", "--", "none", "null"})


class Stage(enum.StrEnum):
    SAVED = "saved"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"


# Stage names from spreadsheets and the trackers' boards (docs/import.md), after ``_norm``.
_STAGES: dict[str, Stage] = {
    **dict.fromkeys(
        ("saved", "wishlist", "bookmarked", "interested", "todo", "draft", "toapply",
         "applying", "planned", "new", ""), Stage.SAVED),
    **dict.fromkeys(("applied", "submitted", "sent", "inprogress", "pending", "waiting"),
                    Stage.APPLIED),
    **dict.fromkeys(
        ("interviewing", "interview", "interviews", "screen", "phonescreen", "screening",
         "onsite", "technical", "assessment", "interviewed"), Stage.INTERVIEWING),
    **dict.fromkeys(("offer", "offered", "negotiating", "negotiation", "offerreceived"),
                    Stage.OFFER),
    **dict.fromkeys(
        ("rejected", "rejection", "notselected", "declinedbyemployer", "closed",
         "turneddown", "unsuccessful"), Stage.REJECTED),
    **dict.fromkeys(("accepted", "hired", "acceptedoffer", "offeraccepted"), Stage.ACCEPTED),
    **dict.fromkeys(("withdrawn", "withdrew", "iwithdrew", "declined", "archived",
                     "offerdeclined", "declinedoffer"), Stage.WITHDRAWN),
    **dict.fromkeys(("ghosted", "noresponse", "noreply", "expired", "silent"), Stage.GHOSTED),
}  # fmt: skip

# The history a stage stands for, in order: the planner resumes from the last of them.
STAGE_EVENTS: dict[Stage, tuple[EventKind, ...]] = {
    Stage.SAVED: (),
    Stage.APPLIED: (EventKind.APPLIED,),
    Stage.INTERVIEWING: (EventKind.APPLIED,),  # and the interview, when a date is given
    Stage.OFFER: (EventKind.APPLIED, EventKind.OFFER),
    Stage.REJECTED: (EventKind.APPLIED, EventKind.REJECTION),
    Stage.ACCEPTED: (EventKind.APPLIED, EventKind.OFFER, EventKind.ACCEPTED),
    Stage.WITHDRAWN: (EventKind.APPLIED, EventKind.WITHDRAWN),
    Stage.GHOSTED: (EventKind.APPLIED, EventKind.CLOSED),
}


@dataclass(frozen=True)
class Problem:
    row: int  # the file's line as a spreadsheet numbers it (the header is row 1)
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class Row:
    """One application as the file states it; lengths are checked by the use case."""

    number: int
    key: str
    company: str
    role: str
    stage: Stage
    url: str | None = None
    applied: date | None = None
    interview: date | None = None
    notes: str | None = None
    contact: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Reading:
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...]
    columns: dict[int, str] = field(default_factory=dict)  # column index -> field
    tracker: str = ""  # the tracker whose export it was read as; "" for a spreadsheet


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def stage_of(text: str, tracker: Tracker | None = None) -> Stage | None:
    """The stage a cell names (``Not Selected`` -> rejected): the tracker's own list names
    first, then the common ones; None if it names none."""
    key = _norm(text)
    if tracker is not None and key in tracker.stages:
        return tracker.stages[key]
    return _STAGES.get(key)


@dataclass(frozen=True)
class Tracker:
    """How one tracker writes its export (docs/import.md says where each name comes from).

    ``columns`` (normalised header -> field) go before the common header names, so Huntr's
    ``createdAt`` (when the card was made) is not taken for the applied date; ``stages`` go
    before the common stage names; ``expected`` are headers its export always has, as it
    writes them: ``--from NAME`` refuses a file without them, and ``--from auto`` takes a
    file with all of them for this tracker's (none: never recognised, read by headers).
    """

    name: str
    columns: dict[str, str]
    stages: dict[str, Stage]
    expected: tuple[str, ...]


def _stages(**names: Stage) -> dict[str, Stage]:
    return {_norm(name): stage for name, stage in names.items()}


TRACKERS: dict[str, Tracker] = {
    # Verified: an export in a public repository's test data (docs/import.md). Empty cells
    # are "-"; list names are the board's own (lower case as exported).
    "huntr": Tracker(
        "Huntr",
        {"id": "key", "title": "role", "companyname": "company", "listname": "status",
         "url": "url", "location": "location", "salary": "salary", "createdat": "ignore",
         "lastmovedat": "ignore", "deadline": "ignore", "htmldescription": "ignore",
         "creatoruseremail": "ignore", "boardname": "ignore", "companydomain": "ignore"},
        _stages(Wishlist=Stage.SAVED, Applied=Stage.APPLIED, Interview=Stage.INTERVIEWING,
                Offer=Stage.OFFER, Rejected=Stage.REJECTED),
        ("id", "createdAt", "title", "listName", "companyName"),
    ),
    # Not verified (no export found): the columns and stages of Teal's tracker table.
    "teal": Tracker(
        "Teal",
        {"jobposition": "role", "company": "company", "status": "status",
         "dateapplied": "applied", "datesaved": "ignore", "dateposted": "ignore",
         "maxsalary": "salary", "minsalary": "ignore", "location": "location",
         "deadline": "ignore", "followup": "ignore", "excitement": "ignore"},
        _stages(Bookmarked=Stage.SAVED, Applying=Stage.SAVED, Applied=Stage.APPLIED,
                Interviewing=Stage.INTERVIEWING, Negotiating=Stage.OFFER,
                Accepted=Stage.ACCEPTED, I_Withdrew=Stage.WITHDRAWN,
                Not_Selected=Stage.REJECTED, No_Response=Stage.GHOSTED,
                Archived=Stage.WITHDRAWN),
        ("Date Saved", "Date Applied", "Excitement"),
    ),
    # Not verified: nothing of its export was found; read by its headers like a spreadsheet.
    "simplify": Tracker(
        "Simplify",
        {},
        _stages(Saved=Stage.SAVED, Applied=Stage.APPLIED, Screen=Stage.INTERVIEWING,
                Interviewing=Stage.INTERVIEWING, Offer=Stage.OFFER, Rejected=Stage.REJECTED),
        (),
    ),
    # Verified: JobSync's own export code (src/app/api/jobs/export/route.ts).
    "jobsync": Tracker(
        "JobSync",
        {"applieddate": "applied", "createdat": "ignore", "applied": "ignore",
         "index": "ignore", "jobtitle": "role", "company": "company", "status": "status",
         "location": "location", "jobtype": "ignore", "jobsource": "ignore"},
        _stages(Draft=Stage.SAVED, Applied=Stage.APPLIED, Interview=Stage.INTERVIEWING,
                Offer=Stage.OFFER, Offer_Accepted=Stage.ACCEPTED,
                Offer_Declined=Stage.WITHDRAWN, Rejected=Stage.REJECTED,
                Expired=Stage.GHOSTED, Archived=Stage.WITHDRAWN),
        ("index", "createdAt", "appliedDate", "Company", "JobTitle", "Status"),
    ),
}  # fmt: skip


def _has(header: list[str], tracker: Tracker) -> list[str]:
    """The tracker's expected headers this header row lacks (what a refusal names)."""
    have = {_norm(h) for h in header}
    return [name for name in tracker.expected if _norm(name) not in have]


def recognise_tracker(table: list[list[str]]) -> Tracker | None:
    """The tracker whose export this is, by its header set (``--from auto``); None for a
    spreadsheet of the user's own."""
    filled = (cells for cells in table if any(c.strip() for c in cells))
    for cells in itertools.islice(filled, 10):  # where read_rows looks for the header
        for tracker in TRACKERS.values():
            if tracker.expected and not _has(cells, tracker):
                return tracker
    return None


def parse_mapping(items: tuple[str, ...] | list[str]) -> tuple[dict[str, str], list[str]]:
    """``--map "COLUMN=FIELD"`` items: the header (normalised) -> field, and what is wrong."""
    mapping: dict[str, str] = {}
    wrong: list[str] = []
    for item in items:
        column, sep, target = item.rpartition("=")
        target = target.strip().lower()
        if not sep or not column.strip():
            wrong.append(f'--map {item!r}: use COLUMN=FIELD, e.g. "Firma=company"')
        elif target not in FIELDS:
            wrong.append(
                f"--map {item!r}: unknown field {target!r}; use one of: {', '.join(FIELDS)}"
            )
        else:
            mapping[_norm(column)] = target
    return mapping, wrong


def recognise(header: list[str], mapping: dict[str, str] | None = None) -> dict[int, str]:
    """Which column fills which field: ``--map`` first, then the known headers; the first
    column wins a field, so a second "Date" column is ignored rather than merged."""
    mapping = mapping or {}
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, column); --map ranks first
    for index, name in enumerate(header):
        key = _norm(name)
        if key in mapping:
            target, rank = mapping[key], -1
        elif key in _BY_HEADER:
            target, rank = _BY_HEADER[key]
        else:
            continue
        if target != "ignore" and (target not in best or rank < best[target][0]):
            best[target] = (rank, index)
    return {index: target for target, (_, index) in sorted(best.items(), key=lambda i: i[1][1])}


_NUMERIC = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:[ T].*)?$")
_WORDS = re.compile(r"[^\W\d_]+|\d+")


def day_first(column: list[str], default: bool) -> bool:
    """Whether the column's ``a/b/yyyy`` dates are day first, judged from the whole column:
    a first part above 12 anywhere makes it European, a second part above 12 American; a
    column that cannot tell (every part 12 or less) follows ``default`` (the profile's
    country)."""
    for text in column:
        match = _NUMERIC.match(text.strip())
        if match is None or len(match.group(1)) == 4:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
    return default


def parse_day(text: str, dayfirst: bool) -> date | None:
    """A date as a spreadsheet holds it: ISO, ``d/m/y`` or ``m/d/y`` (``dayfirst``),
    ``23.11.2026``, ``Nov 23, 2026``, ``23 November 2026``, ``23-Nov-2026``; a time after
    it is ignored. None when it is no such date (the caller says what is wrong)."""
    raw = text.strip()
    match = _NUMERIC.match(raw)
    try:
        if match:
            a, b, c = (int(g) for g in match.groups())
            if len(match.group(1)) == 4:
                return date(a, b, c)
            if len(match.group(3)) == 2:
                c += 2000
            elif len(match.group(3)) != 4:
                return None
            if "." in raw[: match.end(2)]:  # 23.11.2026 is German, Swiss, Scandinavian
                return date(c, b, a)
            return date(c, b, a) if dayfirst else date(c, a, b)
        parts = _WORDS.findall(raw.lower())
        months = [m for p in parts if (m := month_number(p)) is not None]
        numbers = [int(p) for p in parts if p.isdigit()]
        if len(months) == 1 and len(numbers) >= 2:
            year = next((n for n in numbers if n > 31), None)
            day = next((n for n in numbers if n <= 31), None)
            if year is not None and day is not None:
                return date(year, months[0], day)
    except ValueError:
        return None
    return None


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    text = cells[index].strip()
    if text[:1] == "'" and text[1:2] in _FORMULA_STARTS:
        return text[1:]  # a spreadsheet's text mark, as the CSV export writes it (OWASP)
    return "" if text.lower() in _EMPTY else text


def read_rows(
    table: list[list[str]],
    mapping: dict[str, str] | None = None,
    *,
    dayfirst: bool = False,
    source: str = "auto",
) -> Reading:
    """The applications a table states; the header is the first of the first ten non-blank
    rows that names a company and a role column (a title or a merged row above it is passed
    over), else the first.

    Blank rows are skipped; a row without a company or a role, with a stage or a date that
    cannot be read, is a problem. The stable key is the tracker's id, else company + role
    + URL (case and spacing aside), so the same file again names the same rows.

    ``source`` is what wrote the file: ``auto`` recognises a tracker's export by its
    headers, ``csv`` reads any file by its headers, a tracker's name reads its columns and
    stage names first and refuses a file without its columns.
    """
    lines = [(n, cells) for n, cells in enumerate(table, start=1) if any(c.strip() for c in cells)]
    if not lines:
        return Reading((), (Problem(1, "", "", "the file has no rows"),))
    tracker = recognise_tracker(table) if source == "auto" else TRACKERS.get(source)
    if tracker is not None and tracker.expected:
        heads = [cells for _, cells in lines[:10]]
        lacking = min((_has(cells, tracker) for cells in heads), key=len)
        if lacking:
            return Reading((), (Problem(
                lines[0][0], "", "",
                f"this does not look like a {tracker.name} export: it has no column "
                f"{', '.join(repr(h) for h in lacking)}; a {tracker.name} export has the "
                f"columns {', '.join(tracker.expected)}. Read it by its headers with "
                "--from csv",
            ),))  # fmt: skip
    if tracker is not None:
        mapping = {**tracker.columns, **(mapping or {})}  # --map goes first
    header_at = next(
        (i for i, (_, cells) in enumerate(lines[:10])
         if {"company", "role"} <= set(recognise(cells, mapping).values())),
        0,
    )  # fmt: skip
    header_line, header = lines[header_at]
    lines = lines[header_at:]
    columns = recognise(header, mapping)
    where = {target: index for index, target in columns.items()}
    missing = [f for f in ("company", "role") if f not in where]
    if missing:
        found = ", ".join(repr(h) for h in header if h.strip()) or "none"
        if any(parse_day(c, False) for c in header):  # data where the names should be
            why = (
                "the file seems to have no header row (its first row holds a date); add "
                "one, e.g. Company, Role, Status, Date applied"
            )
        else:
            why = 'name one with --map "COLUMN={f}"'
        return Reading(
            (),
            tuple(
                Problem(header_line, f, "", f"no {f} column (headers: {found}); "
                        + why.format(f=f))
                for f in missing
            ),
            columns,
        )  # fmt: skip
    body = lines[1:]
    dayfirst_of = {
        f: day_first([_cell(cells, where.get(f)) for _, cells in body], dayfirst)
        for f in ("applied", "interview")
    }
    rows: list[Row] = []
    problems: list[Problem] = []
    for number, cells in body:
        row, wrong = _row(number, cells, header, where, dayfirst_of, tracker)
        problems.extend(wrong)
        if row is not None and not wrong:
            rows.append(row)
    return Reading(tuple(rows), tuple(problems), columns, tracker.name if tracker else "")


def _row(
    number: int,
    cells: list[str],
    header: list[str],
    where: dict[str, int],
    dayfirst_of: dict[str, bool],
    tracker: Tracker | None = None,
) -> tuple[Row | None, list[Problem]]:
    def name(f: str) -> str:
        index = where[f]
        return header[index].strip() or f

    wrong: list[Problem] = []
    get = {f: _cell(cells, i) for f, i in where.items()}
    for f in ("company", "role"):
        if not get[f]:
            wrong.append(Problem(number, name(f), "", f"the {f} is empty"))
    stage = Stage.APPLIED if "status" not in where else stage_of(get["status"], tracker)
    if stage is None:
        wrong.append(
            Problem(number, name("status"), get["status"],
                    "unknown stage; use saved, applied, interviewing, offer, rejected, "
                    "accepted, withdrawn or ghosted (or the tracker's own names)")
        )  # fmt: skip
    days: dict[str, date | None] = {}
    for f in ("applied", "interview"):
        text = get.get(f, "")
        days[f] = parse_day(text, dayfirst_of[f]) if text else None
        if text and days[f] is None:
            wrong.append(
                Problem(number, name(f), text,
                        "not a date; use e.g. 2026-11-23, 23/11/2026 or Nov 23, 2026")
            )  # fmt: skip
    if wrong or stage is None:
        return None, wrong
    extras = [
        f"{label}: {get[f]}" for f, label in (("location", "Location"), ("salary", "Salary"))
        if get.get(f)
    ]  # fmt: skip
    notes = "\n".join([*([get["notes"]] if get.get("notes") else []), *extras]) or None
    url = get.get("url") or None
    key = get.get("key") or "|".join(
        " ".join(v.casefold().split()) for v in (get["company"], get["role"], url or "")
    )
    return (
        Row(
            number=number, key=key, company=get["company"], role=get["role"], stage=stage,
            url=url, applied=days["applied"], interview=days["interview"], notes=notes,
            contact=get.get("contact") or None, email=get.get("email") or None,
            phone=get.get("phone") or None,
        ),
        [],
    )  # fmt: skip


# The fields a row's fingerprint holds: what the file said, stored with the row's key.
SAID = ("company", "role", "stage", "url", "applied", "interview", "notes", "contact", "email",
        "phone")  # fmt: skip


def said(row: Row) -> dict[str, str]:
    """What the file said of a row, field by field ("" for nothing), as stored with its key.

    A re-import compares the file with what the file said last time, not with the
    application, which the user may have edited since: only a field the file changed is a
    change to make (docs/import.md, "Importing again").
    """
    return {
        "company": row.company, "role": row.role, "stage": row.stage.value, "url": row.url or "",
        "applied": row.applied.isoformat() if row.applied else "",
        "interview": row.interview.isoformat() if row.interview else "",
        "notes": row.notes or "", "contact": row.contact or "", "email": row.email or "",
        "phone": row.phone or "",
    }  # fmt: skip


def changed(before: dict[str, str], after: dict[str, str]) -> frozenset[str]:
    """The fields the file changed since it was last imported."""
    return frozenset(f for f in SAID if before.get(f, "") != after.get(f, ""))
