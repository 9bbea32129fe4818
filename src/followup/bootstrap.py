"""The composition root: where settings become a store, a policy and a clock.

This is the only module that knows a ``SqliteStore`` exists, where the database and the
config file live by default, and what time it is. Entry points (the CLI, the demo, later the
web) describe what they want in ``Settings`` and receive a ready ``Context``.

It is also the boundary where the database's own exceptions turn into ``OutsideFailure``
(exit status 1, one line), so no entry point needs to import ``sqlite3`` to avoid showing a
traceback.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from followup.adapters.config_file import load_policy
from followup.domain.errors import OutsideFailure
from followup.domain.model import Profile
from followup.domain.policy import Policy
from followup.services import inputs
from followup.services.context import Context

# typing costs ~4 ms to import: the hot path (today, plan) keeps it to annotations.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from followup.services.ports import Store

APP_NAME = "followup"
DB_ENV = "FOLLOWUP_DB"
CONFIG_ENV = "FOLLOWUP_CONFIG"


@dataclass(frozen=True)
class Settings:
    """Where things are; paths are plain strings (``pathlib`` costs the hot path ~3 ms)."""

    db: str
    config: str | None  # None: no config file at all, every policy value at its default
    now: str | None = None  # ``--now`` as typed; read once the profile's zone is known


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
    )


def _user_data_dir() -> str:
    import platformdirs  # only when no --db and no FOLLOWUP_DB

    return platformdirs.user_data_dir(APP_NAME, appauthor=False)


def _user_config_dir() -> str:
    import platformdirs

    return platformdirs.user_config_dir(APP_NAME, appauthor=False)


def load_settings_policy(settings: Settings) -> Policy:
    return Policy() if settings.config is None else load_policy(settings.config)


@contextmanager
def session(settings: Settings) -> Iterator[Context]:
    """A context for one command; the store is closed however the command ends.

    The config file is read before the database is opened, so a broken config changes
    nothing on disk.
    """
    policy = load_settings_policy(settings)
    store = open_store(settings.db)
    try:
        with _database_failures(settings.db):
            yield Context(store=store, policy=policy, now=clock(settings.now, store.get_profile()))
    finally:
        store.close()


def open_store(path: str) -> Store:
    from followup.adapters.sqlite_store import SqliteStore

    with _database_failures(path):
        try:
            store: Store = SqliteStore(path)
        except OSError as exc:  # its folder cannot be created: a file in the way, a mount ...
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
            hint = "another followup is writing to it; try again in a moment"
        else:
            hint = "check that the file and its folder are writable"
        raise OutsideFailure(f"database {path}: {reason}; {hint}") from exc
    except sqlite3.Error as exc:
        raise OutsideFailure(f"database {path}: {exc}") from exc


def clock(pinned: str | None, profile: Profile | None) -> datetime:
    """The one place the real clock is read; ``--now`` replaces it for the whole command.

    A pinned time without an offset is on the profile's clock, or UTC before there is one.
    """
    zone = ZoneInfo(profile.timezone) if profile else ZoneInfo("UTC")
    if pinned is None:
        return datetime.now(UTC).astimezone(zone)
    return inputs.localize(inputs.parse_datetime(pinned, "--now"), zone)
