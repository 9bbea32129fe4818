"""The composition root: where settings become a store, a policy and a clock.

This is the only module that knows a ``SqliteStore`` exists, where the database and the
config file live by default, and what time it is. Entry points (the CLI, the demo, later the
web) describe what they want in ``Settings`` and receive a ready ``Context``.

It is also the boundary where the database's own exceptions turn into ``OutsideFailure``
(exit status 1, one line), so no entry point needs to import ``sqlite3`` to avoid showing a
traceback.

Two ways in: ``session`` gives the full ``Context`` (store, policy, clock, and ``Adapters``:
every other port, each built on first use) that use cases take; ``read_session`` gives the
light ``Reading`` that ``today`` and ``plan`` need, and builds nothing heavier than a SQLite
connection unless the cached plans must be rebuilt. Heavy modules are therefore imported
inside the functions that need them. An entry point that needs a port before any database
(``check`` proofreads a file; a debrief file is read before the store opens) builds
``Adapters(settings)`` and hands the same set to ``session``.
"""

from __future__ import annotations

import _thread
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from followup.adapters import config_file
from followup.domain import revision
from followup.domain.errors import BadInput, NoProfile, OutsideFailure, named

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from followup.domain.caldav import CaldavAccount
    from followup.domain.calendar_rows import Calendar
    from followup.domain.mail import MailAccount
    from followup.domain.policy import Policy
    from followup.domain.review import Dialect
    from followup.services.calendar_feed import CalendarSource
    from followup.services.context import Context
    from followup.services.exporting import DataTables
    from followup.services.ports import (
        CalendarServer,
        Composer,
        DocumentFiles,
        InvitationReader,
        LetterModel,
        Mailbox,
        MailReader,
        MailServers,
        MailTransport,
        Reviewer,
        Secrets,
        Store,
        Templates,
        Views,
    )

APP_NAME = "followup"
DB_ENV = "FOLLOWUP_DB"
CONFIG_ENV = "FOLLOWUP_CONFIG"
BUSY_ENV = "FOLLOWUP_BUSY_TIMEOUT"
# The default wait for another writer's lock, in seconds (``adapters/sqlite/store.py`` says why 30).
BUSY_TIMEOUT_SECONDS = 30.0
FEED_TOKEN = "calendar feed token"


class Settings:
    """Where things are; paths are plain strings (``pathlib`` costs the hot path ~3 ms).

    A plain class, not a dataclass: ``today`` and ``plan`` must not import ``dataclasses``.
    """

    __slots__ = ("busy_timeout", "config", "db", "now")

    def __init__(
        self,
        db: str,
        config: str | None,
        now: str | None = None,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.db = db
        self.config = config  # None: no config file at all, every policy value at its default
        self.now = now  # ``--now`` as typed; read once the profile's zone is known
        # How long a write waits for another process's lock before it gives up (``Busy``).
        self.busy_timeout = busy_timeout


class Reading:
    """What a read needs: the views, the moment, and the zone times are shown in."""

    __slots__ = ("now", "views", "zone")

    def __init__(self, views: Views, now: datetime, zone: ZoneInfo) -> None:
        self.views = views
        self.now = now
        self.zone = zone


def settings_from(
    db: str | None,
    config: str | None,
    now: str | None,
    environ: Mapping[str, str] = os.environ,
) -> Settings:
    """Resolve option, else environment variable, else the platform's folders."""
    return Settings(
        db=db or environ.get(DB_ENV) or os.path.join(_user_data_dir(), "followup.db"),
        config=config or environ.get(CONFIG_ENV) or os.path.join(_user_config_dir(), "config.toml"),
        now=now,
        busy_timeout=_busy_timeout(environ.get(BUSY_ENV)),
    )


def _busy_timeout(text: str | None) -> float:
    """``FOLLOWUP_BUSY_TIMEOUT`` in seconds (0: never wait), else the default."""
    if text is None or not text.strip():
        return BUSY_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 24 * 3600:  # NaN fails this too
        raise BadInput(
            f"{BUSY_ENV}={named(text)} is not a number of seconds from 0 to 86400; "
            "unset it for the default (30)"
        )
    return seconds


def _user_data_dir() -> str:
    import platformdirs  # only when no --db and no FOLLOWUP_DB

    return platformdirs.user_data_dir(APP_NAME, appauthor=False)


def _user_config_dir() -> str:
    import platformdirs

    return platformdirs.user_config_dir(APP_NAME, appauthor=False)


def load_settings_policy(settings: Settings) -> Policy:
    from followup.domain.policy import Policy

    return Policy() if settings.config is None else config_file.load_policy(settings.config)


@contextmanager
def session(settings: Settings, adapters: Adapters | None = None) -> Iterator[Context]:
    """A context for one command; the store is closed however the command ends.

    The config file is read before the database is opened, so a broken config changes
    nothing on disk. ``adapters``: the ports to hand out, when the caller keeps a set across
    sessions (``serve``) or used them before the session opened; else a new set.
    """
    from followup.services.context import Context

    policy = load_settings_policy(settings)
    fingerprint = config_file.fingerprint(settings.config)
    store = open_store(settings.db, settings.busy_timeout)
    try:
        with _database_failures(settings.db):
            profile = store.get_profile()
            zone = ZoneInfo(profile.timezone) if profile else ZoneInfo("UTC")
            now = clock(settings.now, zone)
            yield Context(
                store=store,
                policy=policy,
                now=now,
                config_fingerprint=fingerprint,
                ports=adapters or Adapters(settings),
                clock=_ticking(settings, zone),
            )
    finally:
        store.close()


@contextmanager
def read_session(settings: Settings) -> Iterator[Reading]:
    """Views for ``today`` and ``plan``, on cached plans that fit this planner and config.

    The usual case costs one SQLite connection and four one-row queries. When the cache was
    built under another basis (a new release, an edited config file), when a plan lags its
    history (a write's re-plan, which runs after its commit, never ran: the process was
    killed, or gave up on a busy database), or when the file is new or behind on
    migrations, the full store brings it up to date first, once.
    """
    from followup.adapters.sqlite.views import open_views
    from followup.services import inputs

    if settings.now is not None:  # bad input is refused before anything is touched
        inputs.parse_datetime(settings.now, "--now")
    basis = revision.plan_basis(config_file.fingerprint(settings.config))
    with _database_failures(settings.db):
        views = open_views(settings.db)
        if views is None or views.plan_basis() != basis or views.has_stale_plans():
            if views is not None:
                views.close()
            _rebuild_plans(settings)
            views = open_views(settings.db)
    if views is None:  # cannot happen after a rebuild; said plainly if it ever does
        raise OutsideFailure(f"database {settings.db}: cannot read it after bringing it up to date")
    try:
        with _database_failures(settings.db):
            zone_name = views.profile_timezone()
            if zone_name is None:
                raise NoProfile()
            zone = ZoneInfo(zone_name)
            yield Reading(views, clock(settings.now, zone), zone)
    finally:
        views.close()


class Changes:
    """Whether anything a page shows may have changed: what the web's page cache keys on.

    The stamp is the database's change stamp (``ChangeWatch``: any commit by any connection
    or process moves it) with the config file's fingerprint (the policy, hence the plans,
    comes from there). Equal stamps: nothing was written and the config is the same.
    ``None``: there is no database yet, so nothing may be cached.
    """

    __slots__ = ("_settings", "_watch")

    def __init__(self, settings: Settings) -> None:
        from followup.adapters.sqlite.changes import ChangeWatch

        self._settings = settings
        self._watch = ChangeWatch(settings.db)

    def stamp(self) -> tuple[object, ...] | None:
        with _database_failures(self._settings.db):
            db = self._watch.stamp()
        return None if db is None else (db, config_file.fingerprint(self._settings.config))

    def close(self) -> None:
        self._watch.close()


# One re-plan at a time in this process: the web server's first requests after a new
# release (or an edited config file) all find the cache stale at once, and each would
# re-plan everything in its own transaction, one after another, while the rest time out
# ("database is locked"). Behind the lock the next one finds the basis current and reads.
_REBUILDING = _thread.allocate_lock()  # ``_thread``: built in, free to import


def _rebuild_plans(settings: Settings) -> None:
    from followup.services.planning import ensure_fresh

    with _REBUILDING, session(settings) as ctx:
        ensure_fresh(ctx)


def templates_folder(settings: Settings) -> str | None:
    """Where the user's own templates live: ``templates/`` beside the config file."""
    if settings.config is None:
        return None
    return os.path.join(os.path.dirname(os.path.abspath(settings.config)), "templates")


def access_token(settings: Settings) -> str:
    """The web app's access token: made at random on first start, then kept beside the
    database, readable by its owner only (``adapters/token_file.py``)."""
    from followup.adapters import token_file

    return token_file.get(f"{settings.db}.web-token", "web access token")


class Adapters:
    """The ``Ports`` a ``Context`` hands out: each adapter built on first use, then kept.

    One per command in the CLI; one per server in ``serve``, so Harper's dictionary and the
    templates are built once for every request (``in_process``: the engines run in this
    process). A short-lived command's reviewers ask the warm review worker instead, which
    they start when none answers (``adapters.review.worker``); ``FOLLOWUP_REVIEW_WORKER=0``
    builds them here too.
    """

    def __init__(self, settings: Settings, *, in_process: bool = False) -> None:
        self._settings = settings
        self._in_process = in_process
        self._composer: Composer | None = None
        self._templates: Templates | None = None
        self._secrets: Secrets | None = None
        self._reviewers: dict[Dialect | None, list[Reviewer]] = {}

    def mail_servers(self, account: MailAccount) -> MailServers:
        """The account's servers; the outbox lock lives beside the database file."""
        return AccountServers(account, self._settings.db + ".outbox.lock")

    def mail_reader(self) -> MailReader:
        """How the inbox reads raw messages (imports the ``email`` package)."""
        from followup.adapters.mail.reader import EmailReader

        return EmailReader()

    def invitation_reader(self) -> InvitationReader:
        """Calendar invitations (imports ``icalendar``: ``interview import`` only)."""
        from followup.adapters.calendar.invite import IcsReader

        return IcsReader()

    def composer(self) -> Composer:
        if self._composer is None:
            from followup.adapters.mail.compose import EmailComposer

            self._composer = EmailComposer()
        return self._composer

    def reviewers(self, dialect: Dialect | None = None) -> list[Reviewer]:
        """The proofreading engines beside the own rules (style, readability, spelling and
        grammar). ``dialect`` is the one the reviews will most likely ask for, whose
        dictionary starts building at once (each review still names its own; American when
        None)."""
        if dialect not in self._reviewers:
            from followup.adapters.review import worker as review_worker
            from followup.domain.review import Dialect

            warm = dialect or Dialect.AMERICAN
            if self._in_process or not review_worker.enabled():
                engines: list[Reviewer] = review_worker.local_engines(warm)
            else:
                engines = [review_worker.WorkerReviewer(lambda: review_worker.local_engines(warm))]
            self._reviewers[dialect] = engines
        return self._reviewers[dialect]

    def letter_model(self, name: str | None = None) -> LetterModel | None:
        """The language model named (``--model``), else the config's ``[drafting] model``;
        None when neither names one. Imports ``llm`` only then."""
        chosen = config_file.load_drafting(self._settings.config)
        name = name or chosen.model
        if not name:
            return None
        from followup.adapters.model.llm_writer import LlmWriter

        return LlmWriter(name, chosen.timeout, chosen.context)

    def letter_models(self) -> list[str]:
        """Every model llm knows (imports ``llm`` and loads its plugins: most of a second)."""
        from followup.adapters.model.llm_writer import known_models

        return known_models()

    def default_model(self) -> str | None:
        return config_file.load_drafting(self._settings.config).model

    def templates(self) -> Templates:
        """The message templates, the user's overrides first (imports Jinja2: drafting only)."""
        if self._templates is None:
            from followup.adapters.templates import JinjaTemplates

            self._templates = JinjaTemplates(templates_folder(self._settings))
        return self._templates

    def secrets(self) -> Secrets:
        """The passwords (environment, else keyring) for services that store or check one."""
        if self._secrets is None:
            from followup.adapters.secrets import KeyringSecrets

            self._secrets = KeyringSecrets()
        return self._secrets

    def read_file(self, source: str, limit: int, what: str, *, stdin: bool = False) -> bytes:
        """Pipes (``<(...)``) are files here; see ``adapters/bounded_read.py``."""
        from followup.adapters.bounded_read import read_bytes

        return read_bytes(source, limit, what, stdin=stdin, pipes=True)

    def spreadsheet(self, raw: bytes, label: str) -> list[list[str]]:
        """A CSV/TSV file's cells, its encoding and delimiter found (``import``)."""
        from followup.adapters.spreadsheet import table

        return table(raw, label)

    def read_text(self, source: str, limit: int, what: str, *, stdin: bool = False) -> str:
        from followup.adapters.bounded_read import decode

        return decode(self.read_file(source, limit, what, stdin=stdin), source)

    def calendar_file(self, cal: Calendar) -> bytes:
        """The calendar as an iCalendar file (imports ``icalendar``: export and feed only)."""
        from followup.adapters.calendar.export import to_ics

        return to_ics(cal)

    def write_file(self, path: str, data: bytes, *, replace: bool = True) -> None:
        """``data`` into the file the user named, whole or not at all (tmp + rename), mode
        0600; ``replace`` False: a file already there is refused (``BadInput``)."""
        from followup.adapters.atomic_write import write_atomically

        write_atomically(path, data, replace=replace)

    def document_files(self) -> DocumentFiles:
        """The documents' files: ``<database>.files/``, private like the database."""
        from followup.adapters.documents import DocumentFolder

        return DocumentFolder(self.document_folder)

    @property
    def document_folder(self) -> str:
        """Where the documents' files are: ``<database>.files/``."""
        return self._settings.db + ".files"

    def backup_database(self, path: str, *, force: bool = False) -> list[str]:
        """A consistent copy of the database at ``path`` (SQLite's online backup, 0600),
        carrying the documents' files; the hashes of files it names that were missing."""
        from followup.adapters.sqlite.backup import backup

        return backup(
            self._settings.db,
            path,
            force=force,
            busy_timeout=self._settings.busy_timeout,
            files=self.document_folder,
        )

    def restore_database(self, path: str, stamp: str) -> str:
        """The database replaced by the checked backup at ``path``, its documents' files put
        back; where the old database went."""
        from followup.adapters.sqlite.backup import restore

        return restore(
            self._settings.db,
            path,
            stamp,
            busy_timeout=self._settings.busy_timeout,
            files=self.document_folder,
        )

    def check_writable(self, path: str, *, replace: bool = True) -> None:
        """``BadInput`` now if ``write_file(path, ...)`` could not write there."""
        from followup.adapters.atomic_write import check_target

        check_target(path, replace=replace)

    def feed_token(self, *, rotate: bool = False) -> str:
        """The calendar feed's own read-only token, beside the database (mode 0600): made
        on first use, replaced when ``rotate`` (the old feed address stops working at once)."""
        from followup.adapters import token_file

        return token_file.get(f"{self._settings.db}.feed-token", FEED_TOKEN, rotate=rotate)

    def kept_feed_token(self) -> str | None:
        """The feed token if one was made, else None: a feed request never makes one."""
        from followup.adapters import token_file

        return token_file.read(f"{self._settings.db}.feed-token", FEED_TOKEN)

    @contextmanager
    def calendar_source(self) -> Iterator[CalendarSource]:
        """The calendar's rows on a connection of their own (``adapters/calendar/rows.py``);
        the caller brings stale plans up to date first (``planning.ensure_fresh``)."""
        from followup.adapters.calendar.rows import SqliteCalendarSource

        source = SqliteCalendarSource(self._settings.db)
        try:
            with _database_failures(self._settings.db):
                yield source
        finally:
            source.close()

    @contextmanager
    def data_tables(self) -> Iterator[DataTables]:
        """Every exported table, on a connection of its own (``adapters/sqlite/export.py``)."""
        from followup.adapters.sqlite.export import SqliteTables

        with _database_failures(self._settings.db):
            tables = SqliteTables(self._settings.db, self._settings.busy_timeout)
            try:
                yield tables
            finally:
                tables.close()

    def calendar_server(
        self, account: CaldavAccount, password: str | None = None
    ) -> CalendarServer:
        """The user's CalDAV server (imports ``caldav``: calendar setup and sync only); the
        password given, else the environment's, else the keyring's; none when the account
        says the server asks for none."""
        from followup.adapters import secrets
        from followup.adapters.calendar.caldav_server import CaldavServer

        if password is None and account.password:
            password = secrets.password("caldav", account.username)
        return CaldavServer(account, password if account.password else None)


def has_database(settings: Settings) -> bool:
    """Whether the database file exists: a command that only reads it (``check``, for the
    profile's country) skips it rather than create one."""
    return os.path.exists(settings.db)


def open_store(path: str, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Store:
    from followup.adapters.sqlite.store import SqliteStore

    with _database_failures(path):
        try:
            store: Store = SqliteStore(path, busy_timeout=busy_timeout)
        except OSError as exc:  # its folder cannot be created: a file in the way, a mount ...
            if exc.errno == errno.ENAMETOOLONG:  # the path as typed, not the machine's state
                raise BadInput(
                    f"the database path {named(path)} is too long for the file system; "
                    "point --db or FOLLOWUP_DB at a shorter one"
                ) from None
            where = f" ({exc.filename})" if exc.filename else ""
            raise OutsideFailure(
                f"cannot open the database {path}: {exc.strerror or exc}{where}"
            ) from exc
    return store


@contextmanager
def _database_failures(path: str) -> Iterator[None]:
    """Turn what SQLite raises mid-command (locked, read-only, disk full) into one line."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        reason = str(exc)
        if "locked" in reason or "busy" in reason:
            hint = "another program is writing to it; try again in a moment"
        else:
            hint = "check that the file and its folder are writable"
        raise OutsideFailure(f"database {path}: {reason}; {hint}") from exc
    except sqlite3.Error as exc:
        raise OutsideFailure(f"database {path}: {exc}") from exc


def clock(pinned: str | None, zone: tzinfo) -> datetime:
    """The one place the real clock is read; ``--now`` replaces it for the whole command.

    A pinned time without an offset is on ``zone``'s clock: the profile's, or UTC before
    there is one.
    """
    from followup.services import inputs

    if pinned is None:
        return datetime.now(UTC).astimezone(zone)
    return inputs.localize(inputs.parse_datetime(pinned, "--now"), zone)


def _ticking(settings: Settings, zone: tzinfo) -> Callable[[], datetime]:
    """A clock to read more than once in one command: a send dates each letter when it is
    handed over, not when the command began. ``--now`` pins it, like everything else."""
    return lambda: clock(settings.now, zone)


# --- mail (issue 5) ------------------------------------------------------------------------
class AccountServers:
    """The ``MailServers`` port: connections to the user's account, each opened on demand
    with its password (environment, else keyring), so a command that needs only SMTP never
    asks for the IMAP password."""

    def __init__(self, account: MailAccount, lock_path: str) -> None:
        self.account = account
        self._lock_path = lock_path

    def transport(self) -> MailTransport:
        """SMTP (smtplib); connects on first use, so building it costs nothing."""
        from followup.adapters import secrets
        from followup.adapters.mail.smtp import SmtpTransport

        return SmtpTransport(self.account, secrets.password("smtp", self.account.username))

    def mailbox(self) -> Mailbox:
        """IMAP (imapclient, imported only here): connects and logs in now, raising
        ``OutsideFailure`` with one line when it cannot."""
        from followup.adapters import secrets
        from followup.adapters.mail.imap import ImapMailbox

        return ImapMailbox(self.account, secrets.password("imap", self.account.username))

    def reader(self) -> MailReader:
        from followup.adapters.mail.reader import EmailReader

        return EmailReader()

    def exclusive(self) -> AbstractContextManager[None]:
        from followup.adapters.file_lock import exclusive

        return exclusive(self._lock_path)


# --- calendar (issue 15) -------------------------------------------------------------------
@contextmanager
def calendar_reading(settings: Settings) -> Iterator[tuple[CalendarSource, Reading]]:
    """The calendar's rows (``adapters/calendar/rows.py``) beside a ``read_session``, which
    brings stale plans up to date first; its ``now`` and ``zone`` are the calendar's."""
    from followup.adapters.calendar.rows import SqliteCalendarSource

    with read_session(settings) as reading:
        source = SqliteCalendarSource(settings.db)
        try:
            with _database_failures(settings.db):
                yield source, reading
        finally:
            source.close()
