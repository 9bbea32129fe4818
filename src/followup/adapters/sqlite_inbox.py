"""The inbox's tables on SQLite (issue 5), mixed into ``SqliteStore``.

Apart from the store's module so the inbox's rows stay in one place: folder state between
syncs, the matched messages (only those) and the addresses that bounced.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime

from followup.adapters.sqlite_format import instant_text, parse_day, parse_instant
from followup.domain.errors import NotFound
from followup.domain.inbox import FolderSync, InboxItem, ItemStatus
from followup.domain.mail import FolderState
from followup.domain.matching import SentRef, Strength

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import Any

_ITEM_COLS = (
    "id, mail_id, folder, uid, application_id, contact_id, strength, match_reason,"
    " from_address, from_name, subject, sent_at, kind, on_date, confidence, reasons,"
    " found_at, status, event_id, bounced"
)


def _item(r: tuple[Any, ...]) -> InboxItem:
    import json

    return InboxItem(
        id=r[0],
        mail_id=r[1],
        folder=r[2],
        uid=r[3],
        application_id=r[4],
        contact_id=r[5],
        strength=Strength(r[6]),
        match_reason=r[7],
        from_address=r[8],
        from_name=r[9],
        subject=r[10],
        date=None if r[11] is None else parse_instant(r[11]),
        kind=r[12],
        on=None if r[13] is None else parse_day(r[13]),
        confidence=float(r[14]),
        reasons=tuple(json.loads(r[15])),
        found_at=parse_instant(r[16]),
        status=ItemStatus(r[17]),
        event_id=r[18],
        bounced=r[19],
    )


class InboxTables:
    """Methods of the ``Store`` port for the inbox; ``SqliteStore`` provides the rest."""

    if TYPE_CHECKING:
        _conn: sqlite3.Connection

        def transaction(self) -> AbstractContextManager[None]: ...

    # --- folders -------------------------------------------------------------------------
    def folder_sync(self, name: str) -> FolderSync | None:
        r = self._conn.execute(
            "SELECT uidvalidity, uidnext, highestmodseq, last_uid FROM mail_folder WHERE name = ?",
            (name,),
        ).fetchone()
        if r is None:
            return None
        return FolderSync(name, FolderState(r[0], r[1], r[2]), r[3])

    def save_folder_sync(self, sync: FolderSync) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO mail_folder (name, uidvalidity, uidnext, highestmodseq, last_uid)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " uidvalidity = excluded.uidvalidity, uidnext = excluded.uidnext,"
                " highestmodseq = excluded.highestmodseq, last_uid = excluded.last_uid",
                (
                    sync.name,
                    sync.state.uidvalidity,
                    sync.state.uidnext,
                    sync.state.highestmodseq,
                    sync.last_uid,
                ),
            )

    # --- what we sent --------------------------------------------------------------------
    def sent_refs(self) -> list[SentRef]:
        """Every message of ours that has a Message-ID, for matching replies to it."""
        rows = self._conn.execute(
            "SELECT message_id, application_id, contact_id, recipient FROM message"
            " WHERE message_id IS NOT NULL ORDER BY id"
        )
        return [SentRef(r[0], r[1], r[2], r[3]) for r in rows]

    # --- items ---------------------------------------------------------------------------
    def known_mail_ids(self, mail_ids: Iterable[str]) -> set[str]:
        wanted = list(mail_ids)
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._conn.execute(
                    f"SELECT mail_id FROM inbox_item WHERE mail_id IN ({marks})", chunk
                )
            )
        return found

    def add_inbox_item(self, item: InboxItem) -> InboxItem:
        import json
        from dataclasses import replace

        with self.transaction():
            cursor = self._conn.execute(
                f"INSERT INTO inbox_item ({_ITEM_COLS.split(', ', 1)[1]})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item.mail_id,
                    item.folder,
                    item.uid,
                    item.application_id,
                    item.contact_id,
                    item.strength.value,
                    item.match_reason,
                    item.from_address,
                    item.from_name,
                    item.subject,
                    None if item.date is None else instant_text(item.date),
                    item.kind,
                    None if item.on is None else item.on.isoformat(),
                    item.confidence,
                    json.dumps(list(item.reasons), ensure_ascii=False),
                    instant_text(item.found_at),
                    item.status.value,
                    item.event_id,
                    item.bounced,
                ),
            )
        return replace(item, id=int(cursor.lastrowid or 0))

    def get_inbox_item(self, item_id: int) -> InboxItem:
        r = self._conn.execute(
            f"SELECT {_ITEM_COLS} FROM inbox_item WHERE id = ?", (item_id,)
        ).fetchone()
        if r is None:
            raise NotFound(f"no inbox item with id {item_id}; see `followup inbox review`")
        return _item(r)

    def list_inbox_items(self, *statuses: ItemStatus) -> list[InboxItem]:
        """Items in any of ``statuses`` (all when none given), by id."""
        if statuses:
            marks = ", ".join("?" * len(statuses))
            rows: Iterator[tuple[Any, ...]] = self._conn.execute(
                f"SELECT {_ITEM_COLS} FROM inbox_item WHERE status IN ({marks}) ORDER BY id",
                [s.value for s in statuses],
            )
        else:
            rows = self._conn.execute(f"SELECT {_ITEM_COLS} FROM inbox_item ORDER BY id")
        return [_item(r) for r in rows]

    def settle_inbox_item(
        self, item_id: int, status: ItemStatus, kind: str, event_id: int | None
    ) -> None:
        with self.transaction():
            cursor = self._conn.execute(
                "UPDATE inbox_item SET status = ?, kind = ?, event_id = COALESCE(?, event_id)"
                " WHERE id = ?",
                (status.value, kind, event_id, item_id),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no inbox item with id {item_id}")

    # --- bounced addresses ---------------------------------------------------------------
    def flag_bounced(self, address: str, at: datetime, item_id: int | None) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO bounced_address (address, at, item_id) VALUES (?, ?, ?)"
                " ON CONFLICT (address) DO UPDATE SET at = excluded.at, item_id = excluded.item_id",
                (address.strip().lower(), instant_text(at), item_id),
            )

    def unflag_bounced(self, address: str) -> None:
        with self.transaction():
            self._conn.execute(
                "DELETE FROM bounced_address WHERE address = ?", (address.strip().lower(),)
            )

    def address_bounced(self, address: str) -> bool:
        """Whether mail to ``address`` bounced (the outbox refuses it without --force)."""
        return (
            self._conn.execute(
                "SELECT 1 FROM bounced_address WHERE address = ?", (address.strip().lower(),)
            ).fetchone()
            is not None
        )
