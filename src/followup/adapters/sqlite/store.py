"""The ``Store`` port on an embedded SQLite file: the single-user, local-first default.

Opening must stay cheap because the CLI's hot path (``followup today``) opens the store on
every call: only light modules are imported here (``json`` and ``zoneinfo`` are imported
where debriefs and interview zones are read or written), the schema check is one query, and
nothing like VACUUM or ANALYZE runs on open.

Instants are stored as UTC text in one fixed-width format
(``2026-11-17T14:00:00.000000Z``), so SQL comparisons and ``ORDER BY`` on the strings follow
the instants; they come back as aware UTC datetimes, except an interview's start, which comes
back in the zone it was recorded in (its ZoneInfo key has its own column).
"""

from __future__ import annotations

import os
import sqlite3
import time as _time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, time
from types import TracebackType

from followup.adapters.sqlite import file as sqlite_file
from followup.adapters.sqlite.caldav import CaldavTables
from followup.adapters.sqlite.digest import DigestTables
from followup.adapters.sqlite.documents import DocumentTables
from followup.adapters.sqlite.formats import instant_text as _instant
from followup.adapters.sqlite.formats import parse_day
from followup.adapters.sqlite.formats import parse_instant as _parse_instant
from followup.adapters.sqlite.inbox import InboxTables
from followup.adapters.sqlite.invitations import InvitationTables
from followup.adapters.sqlite.migrations import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_MIGRATIONS_DDL,
    Migration,
)
from followup.adapters.sqlite.tables import Column, Table
from followup.domain.errors import BadInput, Busy, Conflict, NotFound, OutsideFailure
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import (
    Action,
    ActionKind,
    Application,
    Channel,
    Contact,
    ContactRole,
    Debrief,
    Event,
    EventKind,
    History,
    Interview,
    InterviewFormat,
    Profile,
    QuestionAnswer,
    Rapport,
    Status,
    WorkingHours,
)
from followup.domain.rows import ApplicationRow, DueAction

# How long a command waits for another process's write to finish before it gives up and
# writes nothing (exit status 1): long enough to outlast any write followup itself makes
# (milliseconds each; a migration of a big file, seconds) under heavy load, short enough
# that a lock held by a stuck program (an open ``sqlite3`` shell in BEGIN) is reported
# while the user still waits. ``FOLLOWUP_BUSY_TIMEOUT`` changes it (bootstrap).
BUSY_TIMEOUT_SECONDS = 30.0
# How long one statement waits inside SQLite's own busy handler (it sleeps 1, 2, 5 ...
# 100 ms between tries). Short, because Python cannot deliver Ctrl-C while SQLite waits:
# ``transaction()`` tries again in Python until the whole budget is spent.
_STEP_WAIT_SECONDS = 1.0
# SQLite's primary result codes (the low byte of an extended one) for "someone else holds
# the lock": SQLITE_BUSY (also BUSY_SNAPSHOT and BUSY_RECOVERY, which skip the busy
# handler and fail at once) and SQLITE_LOCKED.
_BUSY_CODES = frozenset({5, 6})

_PLAN_BASIS = "plan_basis"
_WINDOW = 500  # ids bound in one ``IN (...)`` by ``stale_plans``

# Value -> member, built once: an Enum call costs far more than a dict lookup, and the hot
# query turns thousands of rows into Actions.
_ACTION_KINDS = {k.value: k for k in ActionKind}
_CHANNELS = {c.value: c for c in Channel}
_EVENT_KINDS = {k.value: k for k in EventKind}
_STATUSES = {s.value: s for s in Status}

# ``typing`` costs milliseconds to import and is needed only by the type checker, which
# treats any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from followup.domain.mail import MailAccount

    Row = tuple[Any, ...]


# --- value conversions -------------------------------------------------------------------
def _opt_instant(moment: datetime | None) -> str | None:
    return None if moment is None else _instant(moment)


def _opt_parse_instant(text: str | None) -> datetime | None:
    return None if text is None else _parse_instant(text)


def _opt_date(text: str | None) -> date | None:
    return None if text is None else parse_day(text)


def _zone_key(moment: datetime) -> str | None:
    """The IANA key of an interview's zone; None (kept as UTC) for any other tzinfo."""
    from zoneinfo import ZoneInfo

    tz = moment.tzinfo
    return tz.key if isinstance(tz, ZoneInfo) and tz.key else None


def _in_zone(text: str, key: str | None) -> datetime:
    moment = _parse_instant(text)
    if key is None:
        return moment
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(key))


def _debrief_to_json(debrief: Debrief | None) -> str | None:
    if debrief is None:
        return None
    import json

    return json.dumps(
        {
            "questions": [
                {"question": q.question, "answer": q.answer, "confidence": q.confidence}
                for q in debrief.questions
            ],
            "strengths": list(debrief.strengths),
            "stumbles": list(debrief.stumbles),
            "demeanour": debrief.demeanour,
            "topics": [[cid, list(topics)] for cid, topics in debrief.topics],
            "unaddressed": list(debrief.unaddressed),
            "cues": list(debrief.cues),
            "rapport": [[cid, rapport.value] for cid, rapport in debrief.rapport],
            "next_steps": debrief.next_steps,
            "decision_date": (
                debrief.decision_date.isoformat() if debrief.decision_date is not None else None
            ),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _debrief_from_json(text: str | None) -> Debrief | None:
    """Missing keys take the model's defaults, so a debrief written before a field existed
    still reads."""
    if text is None:
        return None
    import json

    data = json.loads(text)
    decision = data.get("decision_date")
    return Debrief(
        questions=tuple(
            QuestionAnswer(q["question"], q.get("answer", ""), q.get("confidence"))
            for q in data.get("questions", ())
        ),
        strengths=tuple(data.get("strengths", ())),
        stumbles=tuple(data.get("stumbles", ())),
        demeanour=data.get("demeanour"),
        topics=tuple((int(cid), tuple(topics)) for cid, topics in data.get("topics", ())),
        unaddressed=tuple(data.get("unaddressed", ())),
        cues=tuple(data.get("cues", ())),
        rapport=tuple((int(cid), Rapport(value)) for cid, value in data.get("rapport", ())),
        next_steps=data.get("next_steps"),
        decision_date=parse_day(decision) if decision is not None else None,
    )


# --- rows <-> models (``tables``: one declaration per table) ----------------------------
def _value(member: Any) -> object:
    return member.value


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _day(day: date) -> str:
    return day.isoformat()


def _start_cells(start: datetime) -> tuple[object, object]:
    return _instant(start), _zone_key(start)


def _facts_load(text: str) -> tuple[tuple[str, object], ...]:
    import json

    return tuple(sorted(json.loads(text).items()))


def _facts_dump(facts: Iterable[tuple[str, object]]) -> str:
    import json

    return json.dumps(dict(facts), ensure_ascii=False, sort_keys=True)


def _instant_column(field: str) -> Column:
    return Column(field, load=_parse_instant, dump=_instant)


def _opt_instant_column(field: str) -> Column:
    return Column(field, load=_parse_instant, dump=_instant, optional=True)


def _flag(field: str) -> Column:
    return Column(field, load=bool, dump=int)


APPLICATIONS: Table[Application] = Table(
    "application",
    Application,
    [Column(f) for f in ("company", "role", "agency", "url", "source", "notes", "documents")]
    + [_opt_instant_column("created_at")],
    on_update="rev = rev + 1",  # a changed record is a changed history: its plan is stale
)
CONTACTS: Table[Contact] = Table(
    "contact",
    Contact,
    [Column(f) for f in ("application_id", "name", "email", "phone", "linkedin")]
    + [
        Column("role", load=ContactRole, dump=_value),
        Column("timezone"),
        Column("cadence_days"),
        Column("prefers", load=Channel, dump=_value, optional=True),
        Column("rapport", load=Rapport, dump=_value, optional=True),
        Column("title"),
        Column("greet"),
    ],
)
INTERVIEWS: Table[Interview] = Table(
    "interview",
    Interview,
    [
        Column("application_id"),
        # The instant and the zone it was recorded in (``_zone_key``): shown in its zone.
        Column("start", ("start_at", "start_zone"), load=_in_zone, dump=_start_cells),
        Column("minutes"),
        Column("format", load=InterviewFormat, dump=_value),
        _flag("cancelled"),
        Column("debrief", load=_debrief_from_json, dump=_debrief_to_json),
    ],
    extra=("interviewer_ids",),  # the panel, kept in interview_interviewer
)
EVENTS: Table[Event] = Table(
    "event",
    Event,
    [
        Column("application_id"),
        Column("kind", load=_EVENT_KINDS.__getitem__, dump=_value),
        _instant_column("at"),
        Column("contact_id"),
        Column("on", "on_date", load=parse_day, dump=_day, optional=True),
        Column("note"),
        Column("action_id"),
        _opt_instant_column("until"),
    ],
)
# Read only (``replace_plan`` writes the plan in bulk); its id is the action's own text.
ACTIONS: Table[Action] = Table(
    "plan_action",
    Action,
    [
        Column("kind", load=_ACTION_KINDS.__getitem__),
        Column("application_id"),
        Column("contact_id"),
        Column("channel", load=_CHANNELS.__getitem__),
        Column("earliest", load=_parse_instant),
        Column("due", load=_parse_instant),
        Column("latest", load=_parse_instant),
        Column("why"),
        Column("expires", load=_parse_instant, optional=True),
        Column("interview_id"),
        Column("step"),
    ],
    alias="pa",
)
MESSAGES: Table[Message] = Table(
    "message",
    Message,
    [
        Column("application_id", fixed=True),  # a letter never moves to another application
        Column("kind", load=MessageKind, dump=_value),
        Column("contact_id"),
        Column("to", "recipient"),
        Column("subject"),
        Column("body"),
        Column("status", load=MessageStatus, dump=_value),
        Column("action_id"),
        Column("facts", load=_facts_load, dump=_facts_dump),
        _instant_column("created_at"),
        Column("message_id"),
        Column("in_reply_to"),
        Column("references", "thread_refs", load=_words, dump=" ".join),
        _opt_instant_column("send_at"),
        _opt_instant_column("sent_at"),
        Column("attempts"),
        Column("last_error"),
        _flag("handed_over"),
        _flag("receipt_asked"),
    ],
)


# The hot query of ``followup today``: a range scan of plan_action_due, already in the
# order asked for, joined by primary key.
DUE_ACTIONS_SQL = f"""
SELECT {ACTIONS.columns}, a.company, a.role, c.name
FROM plan_action AS pa
JOIN application AS a ON a.id = pa.application_id
LEFT JOIN contact AS c ON c.id = pa.contact_id
WHERE pa.due <= ? AND (pa.expires IS NULL OR pa.expires > ?)
ORDER BY pa.due, pa.id
"""


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # pragma: no cover - Python 3.11+ always sets it
        return "locked" in str(exc) or "busy" in str(exc)
    return code & 0xFF in _BUSY_CODES


class SqliteStore(InboxTables, InvitationTables, DigestTables, CaldavTables, DocumentTables):
    """One connection to one database file; short ``transaction()`` blocks for the writes.

    ``busy_timeout`` is the budget, in seconds, a transaction waits for another writer's
    lock (``Busy`` after it, nothing written).
    """

    def __init__(
        self, path: str | os.PathLike[str], *, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> None:
        self.path = os.fspath(path)
        self.busy_timeout = busy_timeout
        existing = self.path != ":memory:" and not sqlite_file.prepare(self.path)
        if existing:
            # Refused before anything is written unless it is followup's (or empty).
            sqlite_file.identify(self.path)
        try:
            # isolation_level=None: the module never opens transactions behind our back.
            self._conn = sqlite3.connect(
                self.path,
                timeout=min(_STEP_WAIT_SECONDS, busy_timeout),
                isolation_level=None,
            )
        except sqlite3.Error as exc:
            raise OutsideFailure(f"cannot open the database {self.path}: {exc}") from exc
        self._depth = 0
        try:
            self._configure()
            self._mark()
            self._migrate()
        except BaseException:
            self._conn.close()
            raise
        if existing:
            # Made private if an older followup left it readable by every local user; its
            # -wal and -shm exist by now, so they are tightened too.
            sqlite_file.tighten(self.path)

    # --- connection, transactions, migrations --------------------------------------------
    def _configure(self) -> None:
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            # Readers never block the writer and the writer never blocks readers; a no-op
            # (answering "memory") for an in-memory database.
            self._conn.execute("PRAGMA journal_mode = WAL")
            # Safe with WAL (a power cut may lose the last commit, never corrupt the file).
            self._conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError as exc:
            raise OutsideFailure(f"cannot open the database {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise BadInput(
                f"{self.path} is not a followup database ({exc}); point --db or FOLLOWUP_DB "
                "at another file"
            ) from exc

    def _mark(self) -> None:
        """Set followup's ``application_id`` on a new database, or one from before the mark
        (``sqlite_file.identify`` has refused any other file by now)."""
        (mark,) = self._conn.execute("PRAGMA application_id").fetchone()
        if mark != APPLICATION_ID:
            with self.transaction():
                # The look before opening did not read the WAL; this one does.
                if sqlite_file.verdict(self._conn) is None:
                    sqlite_file.refuse(self.path)
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _applied(self) -> set[str]:
        try:
            return {name for (name,) in self._conn.execute("SELECT name FROM schema_migrations")}
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return set()  # a new database
            raise OutsideFailure(f"cannot read the database {self.path}: {exc}") from exc

    def _migrate(self) -> None:
        applied = self._applied()
        known = {m.name for m in MIGRATIONS}
        newer = sorted(applied - known)
        if newer:
            raise BadInput(
                f"the database {self.path} was written by a newer followup (schema "
                f"{newer[-1]}); upgrade followup to use it"
            )
        for migration in MIGRATIONS:
            if migration.name not in applied:
                self._apply(migration)

    def _apply(self, migration: Migration) -> None:
        with self.transaction():
            self._conn.execute(SCHEMA_MIGRATIONS_DDL)
            already = self._conn.execute(
                "SELECT 1 FROM schema_migrations WHERE name = ?", (migration.name,)
            ).fetchone()
            if already:
                return  # another process applied it while we waited for the write lock
            for statement in migration.statements():
                self._conn.execute(statement)
            self._conn.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (migration.name, _instant(datetime.now(UTC))),
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; any exception rolls back and propagates.

        IMMEDIATE takes the write lock up front, so a command that reads and then writes
        cannot fail half-way on a lock another process took in between (a deferred
        transaction that upgrades from read to write gets SQLITE_BUSY at once, without
        waiting). Hold it only around the writes: callers plan, import and think before.
        A nested call joins the outer transaction: the outermost block decides.

        Another writer's lock is waited out for up to ``busy_timeout`` seconds, then
        ``Busy`` (exit status 1) with nothing written.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self._conn.in_transaction:
            # A write inside ``reading()``: its deferred snapshot cannot become a write
            # transaction without failing under load; a bug, said plainly.
            raise RuntimeError("a write transaction inside a read snapshot")
        self._begin()
        self._depth = 1
        try:
            yield
            self._commit()
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, tried again while another writer holds the lock: each try
        waits up to ``_STEP_WAIT_SECONDS`` in SQLite's busy handler, then a short random
        pause here (so two waiters do not retry in step, and Ctrl-C gets through)."""
        deadline = _time.monotonic() + self.busy_timeout
        pause = 0.002
        while True:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise OutsideFailure(f"database {self.path}: {exc}") from exc
                if _time.monotonic() >= deadline:
                    raise self._busy() from exc
            import random  # only when contended

            _time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 0.1)

    def _commit(self) -> None:
        """COMMIT; under WAL it never waits, but in a rollback journal (a file system
        without shared memory) it waits for readers, so it is tried again within the
        budget and rolled back after it."""
        deadline = _time.monotonic() + self.busy_timeout
        while True:
            try:
                self._conn.execute("COMMIT")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                if _time.monotonic() >= deadline:
                    raise self._busy() from exc  # and ``transaction()`` rolls back
            _time.sleep(0.01)

    def _busy(self) -> Busy:
        return Busy(
            f"the database {self.path} stayed locked by another writer for "
            f"{self.busy_timeout:g} s, so nothing was written; try again (a program that "
            "keeps a transaction open on it, such as an sqlite3 shell, must end it first)"
        )

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A read snapshot, so several queries see one state of the file (writers go on,
        and its reads never wait for them); inside a transaction, that transaction."""
        if self._depth or self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def schema_version(self) -> str:
        row = self._conn.execute(
            "SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1"
        ).fetchone()
        return str(row[0])

    # --- helpers -------------------------------------------------------------------------
    def _one(self, sql: str, params: Iterable[object]) -> Row | None:
        row: Row | None = self._conn.execute(sql, tuple(params)).fetchone()
        return row

    def _insert(self, sql: str, params: Iterable[object]) -> int:
        cursor = self._conn.execute(sql, tuple(params))
        if cursor.lastrowid is None:  # pragma: no cover - sqlite always sets it on INSERT
            raise RuntimeError("the database assigned no id")
        return cursor.lastrowid

    def _require_application(self, app_id: int) -> None:
        if self._one("SELECT 1 FROM application WHERE id = ?", (app_id,)) is None:
            raise NotFound(f"no application with id {app_id}")

    def _require_contacts(self, app_id: int, contact_ids: Iterable[int | None]) -> None:
        """Contacts must exist and belong to the same application.

        A foreign key checks only the first; a contact of another application would tie the
        two together, and removing one would quietly edit the other.
        """
        wanted = {cid for cid in contact_ids if cid is not None}
        if not wanted:
            return
        marks = ", ".join("?" for _ in wanted)
        found = {
            cid
            for (cid,) in self._conn.execute(
                f"SELECT id FROM contact WHERE application_id = ? AND id IN ({marks})",
                (app_id, *wanted),
            )
        }
        missing = sorted(wanted - found)
        if missing:
            raise NotFound(f"no contact with id {missing[0]} on application {app_id}")

    def _touch(self, sql: str, params: tuple[object, ...]) -> None:
        """Count a change to the history of the application(s) ``sql`` names (a subquery
        giving ids), in the transaction that makes it: their cached plans are stale from
        this commit on, until a plan of this revision replaces them."""
        self._conn.execute(f"UPDATE application SET rev = rev + 1 WHERE id IN ({sql})", params)

    @staticmethod
    def _require_new(kind: str, model_id: int) -> None:
        if model_id != 0:
            raise ValueError(f"add a new {kind} with id 0 (the store assigns it), not {model_id}")

    # --- profile -------------------------------------------------------------------------
    def get_profile(self) -> Profile | None:
        r = self._one(
            "SELECT name, email, timezone, country, phone, signature, hours_start, hours_end,"
            " hours_days, formal FROM profile WHERE id = 1",
            (),
        )
        if r is None:
            return None
        return Profile(
            name=r[0],
            email=r[1],
            timezone=r[2],
            country=r[3],
            phone=r[4],
            signature=r[5],
            hours=WorkingHours(
                start=time.fromisoformat(r[6]),
                end=time.fromisoformat(r[7]),
                weekdays=frozenset(int(d) for d in r[8].split(",") if d),
            ),
            formal=bool(r[9]),
        )

    def save_profile(self, profile: Profile) -> None:
        hours = profile.hours
        with self.transaction():
            self._conn.execute(
                """
                INSERT INTO profile (id, name, email, timezone, country, phone, signature,
                                     hours_start, hours_end, hours_days, formal)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    name = excluded.name, email = excluded.email,
                    timezone = excluded.timezone, country = excluded.country,
                    phone = excluded.phone, signature = excluded.signature,
                    hours_start = excluded.hours_start, hours_end = excluded.hours_end,
                    hours_days = excluded.hours_days, formal = excluded.formal
                """,
                (
                    profile.name,
                    profile.email,
                    profile.timezone,
                    profile.country,
                    profile.phone,
                    profile.signature,
                    hours.start.isoformat(),
                    hours.end.isoformat(),
                    ",".join(str(d) for d in sorted(hours.weekdays)),
                    int(profile.formal),
                ),
            )

    # --- applications --------------------------------------------------------------------
    def add_application(self, app: Application) -> Application:
        self._require_new("application", app.id)
        with self.transaction():
            new_id = self._insert(APPLICATIONS.insert_sql, APPLICATIONS.params(app))
        return replace(app, id=new_id)

    def add_applications(self, apps: Sequence[Application]) -> list[int]:
        """Many new applications at once (an import): one ``executemany`` inside the
        caller's transaction, the ids following the highest one, in order."""
        for app in apps:
            self._require_new("application", app.id)
        with self.transaction():
            (top,) = self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM application").fetchone()
            ids = list(range(top + 1, top + 1 + len(apps)))
            self._conn.executemany(
                APPLICATIONS.insert_id_sql,
                [(i, *APPLICATIONS.params(a)) for i, a in zip(ids, apps, strict=True)],
            )
        return ids

    def import_keys(self) -> dict[str, tuple[int, str | None]]:
        """Every imported row's key: the application it made, and what the file said of the
        row last time (JSON; None when imported before that was kept). Issue 16."""
        rows = self._conn.execute("SELECT key, application_id, said FROM import_key")
        return {str(key): (int(app_id), said) for key, app_id, said in rows}

    def add_import_keys(self, keys: Sequence[tuple[str, int, str]]) -> None:
        """Imported rows' keys with the applications they made and what the file said."""
        with self.transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO import_key (key, application_id, said) VALUES (?, ?, ?)",
                keys,
            )

    def get_application(self, app_id: int) -> Application:
        r = self._one(f"SELECT {APPLICATIONS.columns} FROM application WHERE id = ?", (app_id,))
        if r is None:
            raise NotFound(f"no application with id {app_id}")
        return APPLICATIONS.row(r)

    def update_application(self, app: Application) -> None:
        with self.transaction():
            cursor = self._conn.execute(APPLICATIONS.update_sql, APPLICATIONS.update_params(app))
            if cursor.rowcount == 0:
                raise NotFound(f"no application with id {app.id}")

    def remove_application(self, app_id: int) -> None:
        with self.transaction():
            cursor = self._conn.execute("DELETE FROM application WHERE id = ?", (app_id,))
            if cursor.rowcount == 0:
                raise NotFound(f"no application with id {app_id}")

    def list_applications(self) -> list[ApplicationRow]:
        rows = self._conn.execute(
            f"SELECT {APPLICATIONS.columns}, base_status, first_interview_end, next_due"
            " FROM application ORDER BY id"
        )
        at = APPLICATIONS.width
        return [
            ApplicationRow(
                application=APPLICATIONS.row(r),
                base_status=_STATUSES[r[at]],
                first_interview_end=_opt_parse_instant(r[at + 1]),
                next_due=_opt_parse_instant(r[at + 2]),
            )
            for r in rows
        ]

    def application_ids(self) -> list[int]:
        return [
            app_id for (app_id,) in self._conn.execute("SELECT id FROM application ORDER BY id")
        ]

    # --- contacts ------------------------------------------------------------------------
    def add_contact(self, contact: Contact) -> Contact:
        self._require_new("contact", contact.id)
        with self.transaction():
            self._require_application(contact.application_id)
            new_id = self._insert(CONTACTS.insert_sql, CONTACTS.params(contact))
            self._touch("?", (contact.application_id,))
        return replace(contact, id=new_id)

    def add_contacts(self, contacts: Sequence[Contact]) -> list[int]:
        """Many new contacts at once (an import): the checks of ``add_contact``, each
        application once, the rows in one ``executemany``; their ids in order."""
        for contact in contacts:
            self._require_new("contact", contact.id)
        apps = {c.application_id for c in contacts}
        with self.transaction():
            for app_id in apps:
                self._require_application(app_id)
            (top,) = self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM contact").fetchone()
            ids = list(range(top + 1, top + 1 + len(contacts)))
            self._conn.executemany(
                CONTACTS.insert_id_sql,
                [(i, *CONTACTS.params(c)) for i, c in zip(ids, contacts, strict=True)],
            )
            self._conn.executemany(
                "UPDATE application SET rev = rev + 1 WHERE id = ?", [(a,) for a in apps]
            )
        return ids

    def get_contact(self, contact_id: int) -> Contact:
        r = self._one(f"SELECT {CONTACTS.columns} FROM contact WHERE id = ?", (contact_id,))
        if r is None:
            raise NotFound(f"no contact with id {contact_id}")
        return CONTACTS.row(r)

    def update_contact(self, contact: Contact) -> None:
        with self.transaction():
            self._require_application(contact.application_id)
            self._touch(
                "?, (SELECT application_id FROM contact WHERE id = ?)",
                (contact.application_id, contact.id),
            )
            cursor = self._conn.execute(CONTACTS.update_sql, CONTACTS.update_params(contact))
            if cursor.rowcount == 0:
                raise NotFound(f"no contact with id {contact.id}")

    def list_contacts(self, app_id: int) -> list[Contact]:
        rows = self._conn.execute(
            f"SELECT {CONTACTS.columns} FROM contact WHERE application_id = ? ORDER BY id",
            (app_id,),
        )
        return [CONTACTS.row(r) for r in rows]

    # --- interviews ----------------------------------------------------------------------
    def _set_interviewers(self, interview: Interview, replacing: bool) -> None:
        if replacing:
            self._conn.execute(
                "DELETE FROM interview_interviewer WHERE interview_id = ?", (interview.id,)
            )
        self._conn.executemany(
            "INSERT INTO interview_interviewer (interview_id, position, contact_id)"
            " VALUES (?, ?, ?)",
            [(interview.id, pos, cid) for pos, cid in enumerate(interview.interviewer_ids)],
        )

    def add_interview(self, interview: Interview) -> Interview:
        self._require_new("interview", interview.id)
        with self.transaction():
            self._require_application(interview.application_id)
            self._require_contacts(interview.application_id, interview.interviewer_ids)
            new_id = self._insert(INTERVIEWS.insert_sql, INTERVIEWS.params(interview))
            added = replace(interview, id=new_id)
            self._set_interviewers(added, replacing=False)
            self._touch("?", (interview.application_id,))
        return added

    def get_interview(self, interview_id: int) -> Interview:
        with self.reading():
            r = self._one(
                f"SELECT {INTERVIEWS.columns} FROM interview WHERE id = ?", (interview_id,)
            )
            if r is None:
                raise NotFound(f"no interview with id {interview_id}")
            ids = tuple(
                cid
                for (cid,) in self._conn.execute(
                    "SELECT contact_id FROM interview_interviewer WHERE interview_id = ?"
                    " ORDER BY position",
                    (interview_id,),
                )
            )
        return INTERVIEWS.row(r, ids)

    def update_interview(self, interview: Interview) -> None:
        with self.transaction():
            self._require_application(interview.application_id)
            self._require_contacts(interview.application_id, interview.interviewer_ids)
            self._touch(
                "?, (SELECT application_id FROM interview WHERE id = ?)",
                (interview.application_id, interview.id),
            )
            cursor = self._conn.execute(INTERVIEWS.update_sql, INTERVIEWS.update_params(interview))
            if cursor.rowcount == 0:
                raise NotFound(f"no interview with id {interview.id}")
            self._set_interviewers(interview, replacing=True)

    def list_interviews(self, app_id: int) -> list[Interview]:
        with self.reading():
            rows = self._conn.execute(
                f"SELECT {INTERVIEWS.columns} FROM interview WHERE application_id = ?"
                " ORDER BY start_at, id",
                (app_id,),
            ).fetchall()
            panels: dict[int, list[int]] = {}
            for interview_id, contact_id in self._conn.execute(
                "SELECT ii.interview_id, ii.contact_id FROM interview_interviewer AS ii"
                " JOIN interview AS i ON i.id = ii.interview_id"
                " WHERE i.application_id = ? ORDER BY ii.interview_id, ii.position",
                (app_id,),
            ):
                panels.setdefault(interview_id, []).append(contact_id)
        return [INTERVIEWS.row(r, tuple(panels.get(r[0], ()))) for r in rows]

    # --- events --------------------------------------------------------------------------
    def add_event(self, event: Event) -> Event:
        self._require_new("event", event.id)
        with self.transaction():
            self._require_application(event.application_id)
            self._require_contacts(event.application_id, (event.contact_id,))
            new_id = self._insert(EVENTS.insert_sql, EVENTS.params(event))
            self._touch("?", (event.application_id,))
        return replace(event, id=new_id)

    def add_events(self, events: Sequence[Event]) -> None:
        """Many new events at once (an import): the checks of ``add_event``, each
        application checked and its revision bumped once, the rows in one ``executemany``."""
        by_app: dict[int, set[int | None]] = {}
        for event in events:
            self._require_new("event", event.id)
            by_app.setdefault(event.application_id, set()).add(event.contact_id)
        with self.transaction():
            for app_id, contact_ids in by_app.items():
                self._require_application(app_id)
                self._require_contacts(app_id, contact_ids)
            self._conn.executemany(EVENTS.insert_sql, [tuple(EVENTS.params(e)) for e in events])
            self._conn.executemany(
                "UPDATE application SET rev = rev + 1 WHERE id = ?", [(a,) for a in by_app]
            )

    def remove_event(self, event_id: int) -> None:
        with self.transaction():
            self._touch("SELECT application_id FROM event WHERE id = ?", (event_id,))
            cursor = self._conn.execute("DELETE FROM event WHERE id = ?", (event_id,))
            if cursor.rowcount == 0:
                raise NotFound(f"no event with id {event_id}")

    def list_events(self, app_id: int) -> list[Event]:
        rows = self._conn.execute(
            f"SELECT {EVENTS.columns} FROM event WHERE application_id = ? ORDER BY at, id",
            (app_id,),
        )
        return [EVENTS.row(r) for r in rows]

    def history(self, app_id: int) -> History:
        """Five indexed queries in one read snapshot; called on every write to re-plan."""
        with self.reading():
            return History(
                application=self.get_application(app_id),
                contacts=tuple(self.list_contacts(app_id)),
                interviews=tuple(self.list_interviews(app_id)),
                events=tuple(self.list_events(app_id)),
            )

    # --- plan cache ----------------------------------------------------------------------
    def replace_plan(
        self,
        app_id: int,
        actions: Sequence[Action],
        base_status: Status,
        first_interview_end: datetime | None,
        *,
        rev: int | None = None,
    ) -> bool:
        """Cache ``actions`` as the application's plan, computed from its history at
        revision ``rev``: written only if that is still its revision (False, nothing
        written, when its history moved since, or the application is gone). Without
        ``rev`` it is written whatever the revision (inside the transaction that read the
        history); ``NotFound`` for an unknown application."""
        rows = []
        for a in actions:
            if a.application_id != app_id:
                raise ValueError(f"action {a.id} belongs to application {a.application_id}")
            rows.append(
                (
                    a.id,
                    app_id,
                    a.kind.value,
                    a.contact_id,
                    a.channel.value,
                    _instant(a.earliest),
                    _instant(a.due),
                    _instant(a.latest),
                    a.why,
                    _opt_instant(a.expires),
                    a.interview_id,
                    a.step,
                )
            )
        # The text format sorts like the instants, so the smallest text is the earliest due.
        next_due = min((row[6] for row in rows), default=None)
        with self.transaction():
            cursor = self._conn.execute(
                "UPDATE application SET base_status = ?, first_interview_end = ?, next_due = ?,"
                " planned_rev = rev WHERE id = ? AND (? IS NULL OR rev = ?)",
                (base_status.value, _opt_instant(first_interview_end), next_due, app_id, rev, rev),
            )
            if cursor.rowcount == 0:
                if rev is None:
                    raise NotFound(f"no application with id {app_id}")
                return False
            self._conn.execute("DELETE FROM plan_action WHERE application_id = ?", (app_id,))
            self._conn.executemany(
                "INSERT INTO plan_action (id, application_id, kind, contact_id, channel,"
                " earliest, due, latest, why, expires, interview_id, step)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return True

    def stale_plans(
        self, ids: Sequence[int] | None = None, *, after: int = 0, limit: int = -1
    ) -> list[tuple[int, int]]:
        """(id, revision) of the applications (among ``ids``; None: all) whose cached plan
        lags their history, by id, from the first id above ``after``, at most ``limit``
        (-1: all). The usual answer, none, costs one look at an empty index."""
        if ids is None:
            return self._conn.execute(
                "SELECT id, rev FROM application WHERE planned_rev IS NOT rev AND id > ?"
                " ORDER BY id LIMIT ?",
                (after, limit),
            ).fetchall()
        # Only the ids past ``after``, a window at a time: a write that touched 10,000
        # applications (an import) would otherwise bind all 10,000 on every chunk planned.
        import bisect

        ordered = sorted(ids)
        pending = ordered[bisect.bisect_right(ordered, after) :]
        found: list[tuple[int, int]] = []
        for start in range(0, len(pending), _WINDOW):
            part = pending[start : start + _WINDOW]
            found += self._conn.execute(
                "SELECT id, rev FROM application WHERE planned_rev IS NOT rev"
                f" AND id IN ({', '.join('?' * len(part))}) ORDER BY id",
                part,
            ).fetchall()
            if 0 <= limit <= len(found):
                return found[:limit]
        return found

    def invalidate_plans(self) -> None:
        """Every cached plan is stale from this commit on (the profile or the plan basis
        changed: what every plan is computed from), including a plan being computed right
        now from the old state, which its revision check will refuse."""
        with self.transaction():
            self._conn.execute("UPDATE application SET rev = rev + 1")

    def cached_plan(self, app_id: int) -> list[Action]:
        rows = self._conn.execute(
            f"SELECT {ACTIONS.columns} FROM plan_action AS pa WHERE pa.application_id = ?"
            " ORDER BY pa.due, pa.id",
            (app_id,),
        )
        return [ACTIONS.row(r) for r in rows]

    def cached_action(self, action_id: str) -> Action | None:
        r = self._one(
            f"SELECT {ACTIONS.columns} FROM plan_action AS pa WHERE pa.id = ?", (action_id,)
        )
        return None if r is None else ACTIONS.row(r)

    def due_actions(self, until: datetime, now: datetime) -> Iterator[DueAction]:
        """Cached actions due by ``until`` and still live at ``now`` (expires > now), by due.

        Runs the query at once (not lazily on first ``next``), so no statement stays open
        while the caller goes on to write.
        """
        rows = self._conn.execute(DUE_ACTIONS_SQL, (_instant(until), _instant(now))).fetchall()
        return iter([DueAction(ACTIONS.row(r), r[12], r[13], r[14]) for r in rows])

    def plan_basis(self) -> str | None:
        r = self._one("SELECT value FROM meta WHERE key = ?", (_PLAN_BASIS,))
        return None if r is None else str(r[0])

    def set_plan_basis(self, basis: str) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_PLAN_BASIS, basis),
            )

    # --- messages ------------------------------------------------------------------------
    def add_message(self, message: Message) -> Message:
        self._require_new("message", message.id)
        with self.transaction():
            self._require_application(message.application_id)
            with _message_id_in_use(message):
                new_id = self._insert(MESSAGES.insert_sql, MESSAGES.params(message))
        return replace(message, id=new_id)

    def update_message(self, message: Message) -> None:
        """Everything but the application it belongs to; ``NotFound`` for an unknown id."""
        with self.transaction(), _message_id_in_use(message):
            cursor = self._conn.execute(MESSAGES.update_sql, MESSAGES.update_params(message))
            if cursor.rowcount == 0:
                raise NotFound(f"no message with id {message.id}")

    def get_message(self, message_id: int) -> Message:
        r = self._one(f"SELECT {MESSAGES.columns} FROM message WHERE id = ?", (message_id,))
        if r is None:
            raise NotFound(f"no message with id {message_id}")
        return MESSAGES.row(r)

    def find_message(self, header_id: str) -> Message | None:
        """The message we sent with this Message-ID (angle brackets included), if any."""
        r = self._one(
            f"SELECT {MESSAGES.columns} FROM message WHERE message_id = ?", (header_id.strip(),)
        )
        return None if r is None else MESSAGES.row(r)

    def list_messages(self, app_id: int | None = None) -> list[Message]:
        if app_id is None:
            rows = self._conn.execute(f"SELECT {MESSAGES.columns} FROM message ORDER BY id")
        else:
            self._require_application(app_id)
            rows = self._conn.execute(
                f"SELECT {MESSAGES.columns} FROM message WHERE application_id = ? ORDER BY id",
                (app_id,),
            )
        return [MESSAGES.row(r) for r in rows.fetchall()]

    def messages_in(self, statuses: Sequence[MessageStatus]) -> list[Message]:
        """Messages in any of ``statuses``, by send time (unscheduled last), then id."""
        if not statuses:
            return []
        marks = ", ".join("?" * len(statuses))
        rows = self._conn.execute(
            f"SELECT {MESSAGES.columns} FROM message WHERE status IN ({marks})"
            " ORDER BY send_at IS NULL, send_at, id",
            tuple(s.value for s in statuses),
        )
        return [MESSAGES.row(r) for r in rows.fetchall()]

    def due_messages(self, until: datetime) -> list[Message]:
        """Scheduled messages whose ``send_at`` is at or before ``until``, oldest first."""
        rows = self._conn.execute(
            f"SELECT {MESSAGES.columns} FROM message WHERE status = ? AND send_at <= ?"
            " ORDER BY send_at, id",
            (MessageStatus.SCHEDULED.value, _instant(until)),
        )
        return [MESSAGES.row(r) for r in rows.fetchall()]

    # --- mail account --------------------------------------------------------------------
    def get_mail_account(self) -> MailAccount | None:
        r = self._one(f"SELECT {_ACCOUNT_COLS} FROM mail_account WHERE id = 1", ())
        if r is None:
            return None
        from followup.domain.mail import Endpoint, MailAccount, Security

        return MailAccount(
            address=r[0],
            username=r[1],
            smtp=Endpoint(r[2], r[3], Security(r[4])),
            imap=Endpoint(r[5], r[6], Security(r[7])),
            ca_file=r[8],
            sent_folder=r[9],
            junk_folder=r[10],
            provider_files_sent=bool(r[11]),
            bcc_self=bool(r[12]),
            receipt_seen=bool(r[13]),
            receipt_grace_seconds=r[14],
        )

    def save_mail_account(self, account: MailAccount) -> None:
        """The one account, replacing any earlier one."""
        with self.transaction():
            self._conn.execute(
                f"INSERT OR REPLACE INTO mail_account (id, {_ACCOUNT_COLS})"
                " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    account.address,
                    account.username,
                    account.smtp.host,
                    account.smtp.port,
                    account.smtp.security.value,
                    account.imap.host,
                    account.imap.port,
                    account.imap.security.value,
                    account.ca_file,
                    account.sent_folder,
                    account.junk_folder,
                    int(account.provider_files_sent),
                    int(account.bcc_self),
                    int(account.receipt_seen),
                    account.receipt_grace_seconds,
                ),
            )

    def note_receipt(self) -> None:
        """A receipt arrived: from now on a missing one means the server did not take the
        letter. One column, so a concurrent ``mail setup`` is not overwritten."""
        with self.transaction():
            self._conn.execute("UPDATE mail_account SET receipt_seen = 1 WHERE id = 1")


_ACCOUNT_COLS = (
    "address, username, smtp_host, smtp_port, smtp_security, imap_host, imap_port,"
    " imap_security, ca_file, sent_folder, junk_folder, provider_files_sent, bcc_self,"
    " receipt_seen, receipt_grace_seconds"
)


@contextmanager
def _message_id_in_use(message: Message) -> Iterator[None]:
    """A Message-ID is one letter's: a second letter given one in use is a ``Conflict``
    (exit 2) naming it, as every store says it (the unique index is the wall, this the
    words); the transaction around it rolls back."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        if "message.message_id" not in str(exc):
            raise
        raise Conflict(
            f"the Message-ID {message.message_id} is already another letter's; "
            "each letter sent has its own"
        ) from None
