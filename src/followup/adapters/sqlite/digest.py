"""The morning digest's tables on SQLite (issue 15), mixed into ``SqliteStore``.

Apart from the store's module so the digest's two tables stay in one place: the setting
(one row) and one row per day on the user's clock.
"""

from __future__ import annotations

import sqlite3
from datetime import date, time

from followup.adapters.sqlite.formats import instant_text, parse_instant
from followup.domain.digest import DEFAULT_PORT, DayStatus, DigestDay, DigestSetting

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager


class DigestTables:
    """Methods of the ``Store`` port for the digest; ``SqliteStore`` provides the rest."""

    if TYPE_CHECKING:
        _conn: sqlite3.Connection

        def transaction(self) -> AbstractContextManager[None]: ...

    def get_digest_setting(self) -> DigestSetting:
        r = self._conn.execute("SELECT at, port FROM digest_setting WHERE id = 1").fetchone()
        if r is None:
            return DigestSetting(at=None, port=DEFAULT_PORT)
        return DigestSetting(at=None if r[0] is None else time.fromisoformat(r[0]), port=r[1])

    def save_digest_setting(self, setting: DigestSetting) -> None:
        at = None if setting.at is None else setting.at.strftime("%H:%M")
        with self.transaction():
            self._conn.execute(
                "INSERT INTO digest_setting (id, at, port) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET at = excluded.at, port = excluded.port",
                (at, setting.port),
            )

    def digest_day(self, day: date) -> DigestDay | None:
        r = self._conn.execute(
            "SELECT day, status, marked_at, sent_at, message_id, items, last_error"
            " FROM digest_day WHERE day = ?",
            (day.isoformat(),),
        ).fetchone()
        if r is None:
            return None
        return DigestDay(
            day=date.fromisoformat(r[0]),
            status=DayStatus(r[1]),
            marked_at=parse_instant(r[2]),
            sent_at=None if r[3] is None else parse_instant(r[3]),
            message_id=r[4],
            items=r[5],
            last_error=r[6],
        )

    def save_digest_day(self, record: DigestDay) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO digest_day"
                " (day, status, marked_at, sent_at, message_id, items, last_error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    record.day.isoformat(),
                    record.status.value,
                    instant_text(record.marked_at),
                    None if record.sent_at is None else instant_text(record.sent_at),
                    record.message_id,
                    record.items,
                    record.last_error,
                ),
            )
