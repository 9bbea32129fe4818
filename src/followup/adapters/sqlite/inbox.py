"""The inbox's tables on SQLite (issue 5), mixed into ``SqliteStore``.

Apart from the store's module so the inbox's rows stay in one place: folder state between
syncs, the matched messages (only those) and the addresses that bounced.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from followup.adapters.sqlite.formats import instant_text, parse_day, parse_instant
from followup.domain.errors import Conflict, NotFound
from followup.domain.inbox import FolderSync, InboxItem, ItemStatus
from followup.domain.mail import FolderState
from followup.domain.matching import SentRef, Strength
from followup.domain.read_rows import ReadRow

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import Any


class _ItemRow(ReadRow):
    """The ``inbox_item`` columns read, by name: the SELECT list is made from them, so the
    query and the mapping cannot fall out of step."""

    id: int
    mail_id: str
    folder: str
    uid: int
    application_id: int
    contact_id: int | None
    strength: str
    match_reason: str
    from_address: str | None
    from_name: str | None
    subject: str
    sent_at: str | None
    kind: str
    on_date: str | None
    confidence: float
    reasons: str
    found_at: str
    status: str
    event_id: int | None
    bounced: str | None


_ITEM_COLS = ", ".join(_ItemRow._fields)


def _item(row: tuple[Any, ...]) -> InboxItem:
    import json

    r = _ItemRow._make(row)
    return InboxItem(
        id=r.id,
        mail_id=r.mail_id,
        folder=r.folder,
        uid=r.uid,
        application_id=r.application_id,
        contact_id=r.contact_id,
        strength=Strength(r.strength),
        match_reason=r.match_reason,
        from_address=r.from_address,
        from_name=r.from_name,
        subject=r.subject,
        date=None if r.sent_at is None else parse_instant(r.sent_at),
        kind=r.kind,
        on=None if r.on_date is None else parse_day(r.on_date),
        confidence=float(r.confidence),
        reasons=tuple(json.loads(r.reasons)),
        found_at=parse_instant(r.found_at),
        status=ItemStatus(r.status),
        event_id=r.event_id,
        bounced=r.bounced,
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

        with self.transaction(), _mail_stored_once(item.mail_id):
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


@contextmanager
def _mail_stored_once(mail_id: str) -> Iterator[None]:
    """One inbox item per mail (the sync asks ``known_mail_ids`` first): a second is a
    ``Conflict`` naming the mail, as every store says it."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        if "inbox_item.mail_id" not in str(exc):
            raise
        raise Conflict(f"the mail {mail_id} is already in the inbox") from None
