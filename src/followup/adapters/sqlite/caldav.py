"""The CalDAV push's tables on SQLite (issue 15), mixed into ``SqliteStore``: the account
(one row) and the record of what was pushed (one row per event on the server)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from followup.domain.caldav import CaldavAccount, PushedEvent


class CaldavTables:
    """Methods of the ``Store`` port for CalDAV; ``SqliteStore`` provides the rest."""

    if TYPE_CHECKING:
        _conn: sqlite3.Connection

        def transaction(self) -> AbstractContextManager[None]: ...

    def get_caldav_account(self) -> CaldavAccount | None:
        # The model is imported here: every command opens the store, few sync a calendar
        # (``domain.caldav`` brings the matching rules and their lists: ~14 ms).
        from followup.domain.caldav import CaldavAccount

        r = self._conn.execute(
            "SELECT url, username, calendar, calendar_url, password FROM caldav_account"
            " WHERE id = 1"
        ).fetchone()
        return None if r is None else CaldavAccount(r[0], r[1], r[2], r[3], bool(r[4]))

    def save_caldav_account(self, account: CaldavAccount) -> None:
        """Another calendar than before forgets what was pushed to the old one: its events
        are the old calendar's to keep or delete, and the new one starts empty."""
        with self.transaction():
            before = self.get_caldav_account()
            if before is not None and before.calendar_url != account.calendar_url:
                self._conn.execute("DELETE FROM caldav_event")
            self._conn.execute(
                "INSERT OR REPLACE INTO caldav_account"
                " (id, url, username, calendar, calendar_url, password) VALUES (1, ?, ?, ?, ?, ?)",
                (
                    account.url,
                    account.username,
                    account.calendar,
                    account.calendar_url,
                    int(account.password),
                ),
            )

    def caldav_events(self) -> dict[str, PushedEvent]:
        from followup.domain.caldav import PushedEvent

        rows = self._conn.execute(
            "SELECT uid, href, etag, sequence, fingerprint FROM caldav_event"
        ).fetchall()
        return {r[0]: PushedEvent(r[0], r[1], r[2], r[3], r[4]) for r in rows}

    def record_caldav(self, pushed: Iterable[PushedEvent], deleted: Iterable[str]) -> None:
        """What a sync did, in one short transaction (after its requests, never during)."""
        with self.transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO caldav_event (uid, href, etag, sequence, fingerprint)"
                " VALUES (?, ?, ?, ?, ?)",
                [(p.uid, p.href, p.etag, p.sequence, p.fingerprint) for p in pushed],
            )
            self._conn.executemany(
                "DELETE FROM caldav_event WHERE uid = ?", [(uid,) for uid in deleted]
            )
