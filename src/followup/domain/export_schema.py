"""The JSON export's shape, version 1: every section, every field, what it may hold.

One description serves four readers, so none can drift from another: the export (which
columns become which fields), the loader's check of a file before anything is written
(``problems``: each with the JSON pointer of what is wrong), the JSON Schema shipped in the
package (``json_schema``; a test holds the file equal to it) and docs/export.md (a test
holds that every field is documented there).

Why a description of the tables rather than the records' public JSON (``records.py``):
the export is the backup format and must round-trip byte for byte, so it carries every
stored fact, including what no listing shows (a letter's send attempts, the inbox's sync
state, the calendar's identity); what it leaves out is named here too: secrets (there are
none in the database: passwords live in the keyring) and the plan cache, which the planner
computes again from the history.

Pure: no I/O, no clock, no ``json`` (the service parses and writes the text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from followup.domain.digest import DayStatus
from followup.domain.documents import DocumentKind
from followup.domain.inbox import MEANINGS, ItemStatus
from followup.domain.invitation import Method
from followup.domain.kinds import Channel, ContactRole, EventKind, InterviewFormat, Rapport
from followup.domain.mail import Security
from followup.domain.messages import MessageKind, MessageStatus

FORMAT = "followup-export"
VERSION = 1

# What a field holds. ``instant``: UTC, the store's one fixed-width form
# (2026-11-17T14:00:00.000000Z); ``date``: 2026-11-17; ``time``: 09:00 or 09:00:00;
# ``boolean``: true/false (0/1 in the database); ``zone``: an IANA time zone
# (Europe/London); ``json``: an object or list kept as JSON text in the database; ``ids``: a
# list of ids of another section.
KINDS = (
    "integer", "text", "number", "boolean", "instant", "date", "time", "zone", "json", "ids",
)  # fmt: skip

_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2})?")


# The JSON kept inside a field (a debrief, an invitation, a letter's facts): a small
# vocabulary of shapes that the loader checks and the JSON Schema spells out, so a file
# cannot put into the database what followup would fail to read back.
Shape = tuple[Any, ...]
STR: Shape = ("string",)
INT: Shape = ("integer",)
BOOL: Shape = ("boolean",)
DAY: Shape = ("date",)
MOMENT: Shape = ("datetime",)  # ISO 8601 with an offset: 2026-12-01T14:00:00+00:00
ANY: Shape = ("any",)
MAP: Shape = ("map",)  # an object, any keys and values


def one_of(values: tuple[str, ...]) -> Shape:
    return ("enum", values)


def maybe(shape: Shape) -> Shape:
    return ("optional", shape)


def array(shape: Shape) -> Shape:
    return ("array", shape)


def pair(first: Shape, second: Shape) -> Shape:
    return ("pair", first, second)


def record(fields: dict[str, Shape], required: tuple[str, ...] = ()) -> Shape:
    """An object with these keys (only ``required`` must be there) and no other."""
    return ("object", tuple(fields.items()), required)


@dataclass(frozen=True)
class Field:
    """``name``: the key in the file; ``column``: where it is stored (None: in a table of
    its own, which the store adapter knows: an interview's panel, an inbox item's
    invitation); ``values``: the only values allowed; ``refers``: the section whose
    ``id`` (or key) it names; ``shape``: for ``json``, what the value holds."""

    name: str
    kind: str
    doc: str
    nullable: bool = False
    column: str | None = ""
    values: tuple[str, ...] = ()
    refers: str | None = None
    shape: Shape = MAP

    @property
    def stored(self) -> str | None:
        return self.name if self.column == "" else self.column


@dataclass(frozen=True)
class Section:
    """A table in the file: ``path`` the keys that lead to it (``("settings", "digest")``);
    ``single``: one row (an object, or null when never set) rather than a list; ``key``: the
    field each row is found by, unique, and the order of the list."""

    path: tuple[str, ...]
    table: str
    fields: tuple[Field, ...]
    doc: str
    key: str = "id"
    single: bool = False

    @property
    def name(self) -> str:
        return ".".join(self.path)

    @property
    def pointer(self) -> str:
        return "/" + "/".join(self.path)


def _values(enum: type) -> tuple[str, ...]:
    return tuple(str(m.value) for m in enum)  # type: ignore[attr-defined]


def _id(doc: str) -> Field:
    return Field("id", "integer", doc)


def _ref(name: str, section: str, doc: str, *, nullable: bool = False) -> Field:
    return Field(name, "integer", doc, nullable=nullable, refers=section)


def _text(name: str, doc: str, *, nullable: bool = False) -> Field:
    return Field(name, "text", doc, nullable=nullable)


# What a letter carries (``message_attachment``), in order.
ATTACHMENTS: Shape = array(
    record(
        {"document_id": maybe(INT), "sha256": STR, "name": STR, "media_type": STR, "size": INT},
        required=("document_id", "sha256", "name", "media_type", "size"),
    )
)


# What ``followup debrief`` records (the store reads a missing key as its default).
DEBRIEF = record(
    {
        "questions": array(
            record(
                {"question": STR, "answer": STR, "confidence": maybe(INT)},
                required=("question",),
            )
        ),
        "strengths": array(STR),
        "stumbles": array(STR),
        "demeanour": maybe(INT),
        "topics": array(pair(INT, array(STR))),
        "unaddressed": array(STR),
        "cues": array(STR),
        "rapport": array(pair(INT, one_of(_values(Rapport)))),
        "next_steps": maybe(STR),
        "decision_date": maybe(DAY),
    }
)
_PERSON = maybe(pair(STR, maybe(STR)))  # an address and the name given with it
# A calendar invitation as an inbox item proposes it (every key is read).
INVITATION = record(
    {
        "uid": STR,
        "sequence": INT,
        "method": one_of(_values(Method)),
        "start": MOMENT,
        "end": MOMENT,
        "zone": ("zone",),
        "summary": STR,
        "organizer": _PERSON,
        "attendees": array(_PERSON),
        "location": maybe(STR),
        "format": one_of(_values(InterviewFormat)),
        "cancelled": BOOL,
    },
    required=(
        "uid", "sequence", "method", "start", "end", "zone", "summary", "organizer",
        "attendees", "location", "format", "cancelled",
    ),
)  # fmt: skip

SECTIONS: tuple[Section, ...] = (
    Section(
        ("profile",),
        "profile",
        (
            _text("name", "Your name, as letters are signed."),
            _text("email", "Your email address."),
            Field("timezone", "zone", "Your IANA time zone (Europe/Berlin)."),
            _text("country", "ISO 3166 country code, for public holidays.", nullable=True),
            _text("phone", "Your phone number.", nullable=True),
            _text("signature", "The signature letters end with.", nullable=True),
            Field("hours_start", "time", "When your working day starts."),
            Field("hours_end", "time", "When it ends."),
            _text("hours_days", "Working days, comma-separated, 0 = Monday: 0,1,2,3,4."),
            Field("formal", "boolean", "Whether letters address people formally."),
        ),
        "Your profile; null before `followup me` was ever set.",
        key="",
        single=True,
    ),
    Section(
        ("applications",),
        "application",
        (
            _id("The application's number, as commands name it."),
            _text("company", "The employer."),
            _text("role", "The job title."),
            _text("agency", "The recruitment agency, when one placed you.", nullable=True),
            _text("url", "The job posting.", nullable=True),
            _text("source", "Where you found it.", nullable=True),
            _text("notes", "Your private notes (never in a letter).", nullable=True),
            _text("documents", "What you sent with it (CV, cover letter).", nullable=True),
            Field("created_at", "instant", "When it was added.", nullable=True),
        ),
        "Every application, by id.",
    ),
    Section(
        ("contacts",),
        "contact",
        (
            _id("The contact's number."),
            _ref("application_id", "applications", "The application they belong to."),
            _text("name", "Their name."),
            _text("email", "Their email address.", nullable=True),
            _text("phone", "Their phone number.", nullable=True),
            _text("linkedin", "Their LinkedIn profile.", nullable=True),
            Field("role", "text", "Their part in the process.", values=_values(ContactRole)),
            Field("timezone", "zone", "Their IANA time zone, when not yours.", nullable=True),
            Field("cadence_days", "integer", "Days between follow-ups.", nullable=True),
            Field("prefers", "text", "Their channel.", nullable=True, values=_values(Channel)),
            Field("rapport", "text", "How it went.", nullable=True, values=_values(Rapport)),
            _text("title", "Their title (Dr, Ms ...), for a formal greeting.", nullable=True),
            _text("greet", "How to address them, when the name cannot say.", nullable=True),
        ),
        "The people at each application, by id.",
    ),
    Section(
        ("interviews",),
        "interview",
        (
            _id("The interview's number."),
            _ref("application_id", "applications", "The application it belongs to."),
            Field("start_at", "instant", "When it starts."),
            Field(
                "start_zone", "zone", "The IANA zone it was given in (shown in it).", nullable=True
            ),
            Field("minutes", "integer", "How long it lasts."),
            Field("format", "text", "How it is held.", values=_values(InterviewFormat)),
            Field("cancelled", "boolean", "Whether it was cancelled."),
            Field(
                "debrief",
                "json",
                "Your debrief (questions, strengths, stumbles, topics, rapport, next steps, "
                "decision date), as `followup debrief` recorded it; null before one.",
                nullable=True,
                shape=DEBRIEF,
            ),
            Field(
                "interviewers",
                "ids",
                "The panel: contact ids, in the order given.",
                column=None,
                refers="contacts",
            ),
        ),
        "Every interview with its debrief and panel, by id.",
    ),
    Section(
        ("documents",),
        "document",
        (
            _id("The document's number."),
            _ref("application_id", "applications", "The application it belongs to."),
            _text("sha256", "The SHA-256 of its bytes: its file's name in the files folder."),
            _text("name", "The file name it was added under."),
            _text("media_type", "What the bytes are (detected, not taken from the name)."),
            Field("size", "integer", "Its size in bytes."),
            Field("kind", "text", "What it is for.", values=_values(DocumentKind)),
            _text("note", "Your note.", nullable=True),
            Field("added_at", "instant", "When it was added."),
        ),
        "The documents kept per application (issue 18), by id: references to their files, "
        "which a backup carries and the export does not.",
    ),
    Section(
        ("events",),
        "event",
        (
            _id("The event's number."),
            _ref("application_id", "applications", "The application it belongs to."),
            Field("kind", "text", "What happened.", values=_values(EventKind)),
            Field("at", "instant", "When it happened (or was recorded)."),
            _ref("contact_id", "contacts", "Who it was with.", nullable=True),
            Field("on_date", "date", "The date it names (a timeline, an offer).", nullable=True),
            _text("note", "Your note.", nullable=True),
            _text(
                "action_id",
                "The planned action it settles (done, skipped or snoozed): the plan's state.",
                nullable=True,
            ),
            Field("until", "instant", "A snooze's end.", nullable=True),
        ),
        "Each application's history, by id: what the plan is computed from.",
    ),
    Section(
        ("messages",),
        "message",
        (
            _id("The letter's number."),
            _ref("application_id", "applications", "The application it belongs to."),
            Field("kind", "text", "Which letter.", values=_values(MessageKind)),
            _ref("contact_id", "contacts", "Who it is for.", nullable=True),
            _text("recipient", "The address it goes to.", nullable=True),
            _text("subject", "Its subject."),
            _text("body", "Its text."),
            Field("status", "text", "Where it is.", values=_values(MessageStatus)),
            _text("action_id", "The planned action it answers.", nullable=True),
            Field("facts", "json", "The facts it was drafted from."),
            Field("created_at", "instant", "When it was drafted."),
            _text("message_id", "Its Message-ID, once composed.", nullable=True),
            _text("in_reply_to", "The Message-ID it answers.", nullable=True),
            _text("thread_refs", "Its References header, space-separated."),
            Field("send_at", "instant", "When it is scheduled to go.", nullable=True),
            Field("sent_at", "instant", "When it went.", nullable=True),
            Field("attempts", "integer", "How often sending was tried."),
            _text("last_error", "Why the last try failed.", nullable=True),
            Field("handed_over", "boolean", "Whether the server may have taken it."),
            Field("receipt_asked", "boolean", "Whether a copy to you was asked for."),
            Field(
                "attachments",
                "json",
                "The documents it carries, in order: each `document_id` (null once that "
                "document was removed), and the file's `sha256`, `name`, `media_type` and "
                "`size` as sent.",
                column=None,
                shape=ATTACHMENTS,
            ),
        ),
        "Drafts and the outbox (scheduled, sent, failed letters), by id.",
    ),
    Section(
        ("inbox_items",),
        "inbox_item",
        (
            _id("The item's number."),
            _text("mail_id", "The mail's Message-ID (or a stand-in)."),
            _text("folder", "The folder it was found in."),
            Field("uid", "integer", "Its IMAP UID there."),
            _ref("application_id", "applications", "The application it is about."),
            _ref("contact_id", "contacts", "Who sent it.", nullable=True),
            Field("strength", "text", "How sure the match is.", values=("definite", "probable")),
            _text("match_reason", "Why it matched."),
            _text("from_address", "The sender's address.", nullable=True),
            _text("from_name", "The sender's name.", nullable=True),
            _text("subject", "Its subject."),
            Field("sent_at", "instant", "Its Date.", nullable=True),
            Field("kind", "text", "What it means.", values=tuple(MEANINGS)),
            Field("on_date", "date", "The date it names.", nullable=True),
            Field("confidence", "number", "How sure the reading is, 0 to 1."),
            Field("reasons", "json", "Why it was read so.", shape=array(STR)),
            Field("found_at", "instant", "When the sync found it."),
            Field("status", "text", "Where it is.", values=_values(ItemStatus)),
            _ref("event_id", "events", "The event it was logged as.", nullable=True),
            _text("bounced", "The address that bounced, for a bounce.", nullable=True),
            Field(
                "invitation",
                "json",
                "What a calendar invitation in it says, until confirmed.",
                nullable=True,
                column=None,
                shape=INVITATION,
            ),
        ),
        "Replies read from your mail that matched an application (only those), by id.",
    ),
    Section(
        ("bounced_addresses",),
        "bounced_address",
        (
            _text("address", "The address that bounced."),
            Field("at", "instant", "When."),
            Field(
                "item_id",
                "integer",
                "The bounce's inbox item.",
                nullable=True,
                refers="inbox_items",
            ),
        ),
        "Addresses that bounced, by address.",
        key="address",
    ),
    Section(
        ("mail_folders",),
        "mail_folder",
        (
            _text("name", "The IMAP folder."),
            Field("uidvalidity", "integer", "Its UIDVALIDITY when last synced."),
            Field("uidnext", "integer", "Its UIDNEXT then."),
            Field("highestmodseq", "integer", "Its HIGHESTMODSEQ then.", nullable=True),
            Field("last_uid", "integer", "The last UID read."),
        ),
        "The inbox sync's place in each folder, by name.",
        key="name",
    ),
    Section(
        ("invitations",),
        "invitation",
        (
            _text("uid", "The invitation's UID."),
            _ref("interview_id", "interviews", "The interview it made."),
            Field("sequence", "integer", "The SEQUENCE last applied."),
        ),
        "Calendar invitations applied to interviews, by uid.",
        key="uid",
    ),
    Section(
        ("import_keys",),
        "import_key",
        (
            _text("key", "The stable key of an imported row."),
            _ref("application_id", "applications", "The application it made."),
            _text(
                "said",
                "What the file said of the row when it was last imported (JSON), so a "
                "re-import changes only what the file changed; null for a row imported "
                "before followup kept it.",
                nullable=True,
            ),
        ),
        "What `followup import` made, so importing a file again changes nothing; by key.",
        key="key",
    ),
    Section(
        ("digest_days",),
        "digest_day",
        (
            Field("day", "date", "The day, on your clock."),
            Field("status", "text", "What became of it.", values=_values(DayStatus)),
            Field("marked_at", "instant", "When it was marked."),
            Field("sent_at", "instant", "When it went.", nullable=True),
            _text("message_id", "Its Message-ID.", nullable=True),
            Field("items", "integer", "How many actions it listed."),
            _text("last_error", "Why it failed.", nullable=True),
        ),
        "The morning digests, one per day at most, by day.",
        key="day",
    ),
    Section(
        ("caldav_events",),
        "caldav_event",
        (
            _text("uid", "The event's UID."),
            _text("href", "Where it lives on the server."),
            _text("etag", "The ETag the server answered.", nullable=True),
            Field("sequence", "integer", "Its SEQUENCE."),
            _text("fingerprint", "A fingerprint of what it said."),
        ),
        "The plan's events pushed to your CalDAV calendar, by uid.",
        key="uid",
    ),
    Section(
        ("settings", "mail_account"),
        "mail_account",
        (
            _text("address", "Your address."),
            _text("username", "The login name (the password stays in your keyring)."),
            _text("smtp_host", "The SMTP server."),
            Field("smtp_port", "integer", "Its port."),
            Field("smtp_security", "text", "tls or starttls.", values=_values(Security)),
            _text("imap_host", "The IMAP server."),
            Field("imap_port", "integer", "Its port."),
            Field("imap_security", "text", "tls or starttls.", values=_values(Security)),
            _text("ca_file", "A CA file to trust.", nullable=True),
            _text("sent_folder", "The Sent folder.", nullable=True),
            _text("junk_folder", "The Junk folder.", nullable=True),
            Field("provider_files_sent", "boolean", "Whether the provider files a Sent copy."),
            Field("bcc_self", "boolean", "Whether letters copy you."),
            Field("receipt_seen", "boolean", "Whether such a copy was ever seen."),
            Field("receipt_grace_seconds", "integer", "How long to wait for it."),
        ),
        "The mail account, without its password; null when none is set.",
        key="",
        single=True,
    ),
    Section(
        ("settings", "digest"),
        "digest_setting",
        (
            Field("at", "time", "When the digest goes (HH:MM); null: off.", nullable=True),
            Field("port", "integer", "The web app's port its links use."),
        ),
        "The morning digest's settings; null when never set.",
        key="",
        single=True,
    ),
    Section(
        ("settings", "caldav"),
        "caldav_account",
        (
            _text("url", "The CalDAV server."),
            _text("username", "The login name (the password stays in your keyring)."),
            _text("calendar", "The calendar's name."),
            _text("calendar_url", "The calendar's address."),
            Field("uses_password", "boolean", "Whether it logs in with one.", column="password"),
        ),
        "The CalDAV calendar the plan goes to, without a password or token; null when none.",
        key="",
        single=True,
    ),
    Section(
        ("settings", "meta"),
        "meta",
        (
            _text("key", "calendar_identity: the name the plan's event UIDs are made from."),
            _text("value", "Its value."),
        ),
        "What followup keeps about the database itself (not the plan cache's basis), by key.",
        key="key",
    ),
)

# Kept in the database, never exported: the plan cache (``plan_action``, an application's
# derived status and revision counters, the plan basis), which the planner computes again.
CACHE_META_KEYS = ("plan_basis",)

BY_NAME: Mapping[str, Section] = {s.name: s for s in SECTIONS}


@dataclass(frozen=True)
class Problem:
    """What is wrong with a file, and where: a JSON pointer (RFC 6901) into it."""

    pointer: str
    reason: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.reason}"


def version_problem(document: object) -> Problem | None:
    """The first check: is it our format, in a version this release reads."""
    if not isinstance(document, dict):
        return Problem("", "not a followup export (expected a JSON object)")
    if document.get("format") != FORMAT:
        return Problem("/format", f'not a followup export (expected "format": "{FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return Problem("/version", "expected a whole number >= 1")
    if version > VERSION:
        return Problem(
            "/version",
            f"version {version} was written by a newer followup; this one reads version "
            f"{VERSION}: upgrade followup to load it",
        )
    return None


def problems(document: object, limit: int = 50) -> list[Problem]:
    """Everything wrong with ``document`` (parsed JSON), at most ``limit``; [] when it can
    be loaded as it is: the right format and version, every section and field present and
    of its kind, no unknown key, keys unique, every reference naming a row in the file."""
    first = version_problem(document)
    if first is not None:
        return [first]
    assert isinstance(document, dict)
    found: list[Problem] = []
    _known(document, "", {"format", "version", "exported_at", "settings"} | _tops(), found)
    if not _instant(document.get("exported_at")):
        found.append(
            Problem("/exported_at", "expected an instant like 2026-11-17T14:00:00.000000Z")
        )
    settings = document.get("settings")
    if not isinstance(settings, dict):
        found.append(Problem("/settings", "expected an object"))
    else:
        inner = {s.path[1] for s in SECTIONS if len(s.path) == 2}
        _known(settings, "/settings", inner, found)
    keys: dict[str, set[object]] = {}
    for section in SECTIONS:
        rows = _rows_at(document, section, found)
        if rows is not None:
            keys[section.name] = _check_rows(section, rows, found)
    for section in SECTIONS:
        rows = _rows_at(document, section, [])
        if rows is None:
            continue
        for at, row in rows:
            if not isinstance(row, dict):
                continue
            for f in section.fields:
                if f.refers is None or f.refers not in keys:
                    continue
                value = row.get(f.name)
                targets = value if f.kind == "ids" and isinstance(value, list) else [value]
                for n, target in enumerate(targets):
                    if not _integer(target):
                        continue  # null, or a wrong kind already reported
                    if target not in keys[f.refers]:
                        where = f"{at}/{f.name}" + (f"/{n}" if f.kind == "ids" else "")
                        found.append(Problem(where, f"no {f.refers} row has id {target}"))
    return found[:limit]


def _tops() -> set[str]:
    return {s.path[0] for s in SECTIONS if len(s.path) == 1}


def _known(obj: dict[str, object], at: str, allowed: set[str], found: list[Problem]) -> None:
    for key in sorted(set(obj) - allowed):
        found.append(Problem(f"{at}/{_escape(key)}", "unknown key"))
    for key in sorted(allowed - set(obj)):
        found.append(Problem(f"{at}/{_escape(key)}", "missing"))


def _rows_at(
    document: dict[str, object], section: Section, found: list[Problem]
) -> list[tuple[str, object]] | None:
    holder: object = document
    for part in section.path[:-1]:
        holder = holder.get(part) if isinstance(holder, dict) else None
    if not isinstance(holder, dict) or section.path[-1] not in holder:
        return None  # reported as missing (or the settings object as wrong)
    value = holder[section.path[-1]]
    if section.single:
        return [] if value is None else [(section.pointer, value)]
    if not isinstance(value, list):
        found.append(Problem(section.pointer, "expected a list"))
        return None
    return [(f"{section.pointer}/{n}", row) for n, row in enumerate(value)]


def _check_rows(
    section: Section, rows: list[tuple[str, object]], found: list[Problem]
) -> set[object]:
    keys: set[object] = set()
    previous: object = None
    for at, row in rows:
        if not isinstance(row, dict):
            found.append(Problem(at, "expected an object"))
            continue
        _known(row, at, {f.name for f in section.fields}, found)
        for f in section.fields:
            if f.name in row:
                reason = _wrong(f, row[f.name])
                if reason:
                    found.append(Problem(f"{at}/{_escape(f.name)}", reason))
        if section.key:
            key = row.get(section.key)
            if key in keys:
                found.append(Problem(f"{at}/{section.key}", f"{key!r} appears twice"))
            elif _orderable(previous, key) and _after(previous, key):
                found.append(Problem(f"{at}/{section.key}", f"out of order after {previous!r}"))
            keys.add(key)
            previous = key
    return keys


def _orderable(a: object, b: object) -> bool:
    return (_integer(a) and _integer(b)) or (isinstance(a, str) and isinstance(b, str))


def _after(a: object, b: object) -> bool:
    return bool(a >= b)  # type: ignore[operator]


def _wrong(f: Field, value: object) -> str | None:
    """Why ``value`` cannot be field ``f``'s; None when it can."""
    if value is None:
        return None if f.nullable else "must not be null"
    if f.kind == "integer":
        if not _integer(value):
            return "expected a whole number"
        if f.name == "id" and value < 1:  # type: ignore[operator]
            return "expected an id >= 1"
        if abs(value) > 2**63 - 1:  # type: ignore[arg-type]
            return "too big for the database"
        return None
    if f.kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and not math.isfinite(value):  # type: ignore[arg-type]
            return "expected a finite number (not NaN or Infinity)"
        return None if ok else "expected a number"
    if f.kind == "boolean":
        return None if isinstance(value, bool) else "expected true or false"
    if f.kind == "json":
        wrong = shape_problem(f.shape, value)
        return None if wrong is None else (f"{wrong[0]}: " if wrong[0] else "") + wrong[1]
    if f.kind == "ids":
        if not isinstance(value, list) or not all(_integer(v) for v in value):
            return "expected a list of ids"
        return None
    if not isinstance(value, str):
        return "expected a string"
    if "\x00" in value:
        return "contains a NUL character"
    if f.values and value not in f.values:
        return f"{value!r} is not one of: {', '.join(f.values)}"
    if f.kind == "instant" and not _instant(value):
        return "expected an instant like 2026-11-17T14:00:00.000000Z"
    if f.kind == "date" and not _date(value):
        return "expected a date like 2026-11-17"
    if f.kind == "time" and not _time(value):
        return "expected a time like 09:00"
    if f.kind == "zone" and not _zone(value):
        return f"{value!r} is not an IANA time zone (like Europe/London)"
    return None


def shape_problem(shape: Shape, value: object, at: str = "") -> tuple[str, str] | None:
    """The first place (a JSON pointer below the field) where ``value`` breaks ``shape``,
    and why; None when it fits."""
    kind = shape[0]
    if kind == "optional":
        return None if value is None else shape_problem(shape[1], value, at)
    if kind == "any":
        return None
    if kind == "map":
        return None if isinstance(value, dict) else (at, "expected an object")
    if kind == "integer":
        return None if _integer(value) else (at, "expected a whole number")
    if kind == "boolean":
        return None if isinstance(value, bool) else (at, "expected true or false")
    if kind == "array":
        if not isinstance(value, list):
            return (at, "expected a list")
        for n, item in enumerate(value):
            wrong = shape_problem(shape[1], item, f"{at}/{n}")
            if wrong is not None:
                return wrong
        return None
    if kind == "pair":
        if not isinstance(value, list) or len(value) != 2:
            return (at, "expected a list of two")
        return shape_problem(shape[1], value[0], f"{at}/0") or shape_problem(
            shape[2], value[1], f"{at}/1"
        )
    if kind == "object":
        if not isinstance(value, dict):
            return (at, "expected an object")
        fields = dict(shape[1])
        for key in sorted(value):
            if key not in fields:
                return (f"{at}/{_escape(key)}", "unknown key")
        for key in shape[2]:
            if key not in value:
                return (f"{at}/{_escape(key)}", "missing")
        for key, inner in shape[1]:
            if key in value:
                wrong = shape_problem(inner, value[key], f"{at}/{_escape(key)}")
                if wrong is not None:
                    return wrong
        return None
    if not isinstance(value, str):
        return (at, "expected a string")
    if kind == "enum" and value not in shape[1]:
        return (at, f"{value!r} is not one of: {', '.join(shape[1])}")
    if kind == "date" and not _date(value):
        return (at, "expected a date like 2026-11-17")
    if kind == "datetime" and not _moment(value):
        return (at, "expected a time with its offset, like 2026-12-01T14:00:00+00:00")
    if kind == "zone" and not _zone(value):
        return (at, f"{value!r} is not an IANA time zone (like Europe/London)")
    return None


def _moment(value: str) -> bool:
    try:
        return datetime.fromisoformat(value).utcoffset() is not None
    except ValueError:
        return False


def _zone(value: str) -> bool:
    """Whether zoneinfo knows the key (a path, a NUL or an unknown name: no)."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(value)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _instant(value: object) -> bool:
    if not isinstance(value, str) or not _INSTANT.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _time(value: str) -> bool:
    if not _TIME.fullmatch(value):
        return False
    try:
        time.fromisoformat(value)
    except ValueError:
        return False
    return True


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


# --- the JSON Schema (draft 2020-12) shipped as src/followup/schemas/export-1.json -------
_PATTERNS = {
    "instant": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$",
    "date": r"^\d{4}-\d{2}-\d{2}$",
    "time": r"^\d{2}:\d{2}(:\d{2})?$",
}


def json_schema() -> dict[str, object]:
    """The file's JSON Schema, from the same description as the loader's checks (which also
    hold what a schema cannot say: references and order)."""
    settings = {s.path[1]: _section_schema(s) for s in SECTIONS if len(s.path) == 2}
    properties: dict[str, object] = {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "exported_at": {"type": "string", "pattern": _PATTERNS["instant"]},
        "settings": _object(settings),
    }
    for s in SECTIONS:
        if len(s.path) == 1:
            properties[s.path[0]] = _section_schema(s)
    schema = _object(properties)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://followup.invalid/schemas/export-{VERSION}.json",
        "title": "followup export, version 1",
        "description": "Everything followup knows but secrets; see docs/export.md.",
        **schema,
    }


def _object(properties: Mapping[str, object]) -> dict[str, object]:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": sorted(properties),
        "additionalProperties": False,
    }


def _section_schema(section: Section) -> dict[str, object]:
    row = _object({f.name: _field_schema(f) for f in section.fields})
    row["description"] = section.doc
    if section.single:
        return {"oneOf": [{"type": "null"}, row]}
    return {"type": "array", "items": row, "description": section.doc}


def _field_schema(f: Field) -> dict[str, object]:
    schema: dict[str, object]
    if f.kind == "integer":
        schema = {"type": "integer"}
        if f.name == "id":
            schema["minimum"] = 1
    elif f.kind == "number":
        schema = {"type": "number"}
    elif f.kind == "boolean":
        schema = {"type": "boolean"}
    elif f.kind == "json":
        schema = _shape_schema(f.shape)
    elif f.kind == "ids":
        schema = {"type": "array", "items": {"type": "integer"}}
    else:
        schema = {"type": "string"}
        if f.kind in _PATTERNS:
            schema["pattern"] = _PATTERNS[f.kind]
        if f.values:
            schema["enum"] = list(f.values)
    if f.nullable:
        schema = (
            {"oneOf": [{"type": "null"}, schema]}
            if "enum" in schema or "pattern" in schema
            else {
                **schema,
                "type": [schema["type"], "null"],
            }
        )
    return {**schema, "description": f.doc}


def _shape_schema(shape: Shape) -> dict[str, object]:
    kind = shape[0]
    if kind == "optional":
        return {"oneOf": [{"type": "null"}, _shape_schema(shape[1])]}
    if kind == "any":
        return {}
    if kind == "map":
        return {"type": "object"}
    if kind in ("integer", "boolean"):
        return {"type": kind}
    if kind == "array":
        return {"type": "array", "items": _shape_schema(shape[1])}
    if kind == "pair":
        return {
            "type": "array",
            "prefixItems": [_shape_schema(shape[1]), _shape_schema(shape[2])],
            "minItems": 2,
            "maxItems": 2,
        }
    if kind == "object":
        return {
            "type": "object",
            "properties": {key: _shape_schema(inner) for key, inner in shape[1]},
            "required": list(shape[2]),
            "additionalProperties": False,
        }
    if kind == "enum":
        return {"type": "string", "enum": list(shape[1])}
    if kind == "date":
        return {"type": "string", "pattern": _PATTERNS["date"]}
    return {"type": "string"}


def empty_counts() -> dict[str, int]:
    """Rows per section, all zero: the shape of a load's report."""
    return {s.name: 0 for s in SECTIONS}


def counts(document: Mapping[str, object]) -> dict[str, int]:
    """Rows per section of a checked document."""
    out = empty_counts()
    for section in SECTIONS:
        holder: object = document
        for part in section.path:
            holder = holder.get(part) if isinstance(holder, Mapping) else None
        if section.single:
            out[section.name] = 0 if holder is None else 1
        elif isinstance(holder, Sequence):
            out[section.name] = len(holder)
    return out
