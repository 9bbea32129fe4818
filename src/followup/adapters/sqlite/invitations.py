"""Calendar invitations on SQLite (issue 15), mixed into ``SqliteStore``.

``invitation``: one row per imported UID, the interview it became and the SEQUENCE last
applied; the row goes with its interview. ``inbox_invitation``: the invitation an inbox item
proposes, as JSON (its times with their zone, its people, its format: what recording it
needs, not the mail), until the item is confirmed; the row goes with its item. Both from
migration ``0010_invitations``.
"""

from __future__ import annotations

import sqlite3

from followup.domain.errors import NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from followup.domain.invitation import Invitation, Person, Recorded


class InvitationTables:
    """Methods of the ``Store`` port for invitations; ``SqliteStore`` provides the rest."""

    if TYPE_CHECKING:
        _conn: sqlite3.Connection

        def transaction(self) -> AbstractContextManager[None]: ...

    def recorded_invitation(self, uid: str) -> Recorded | None:
        row = self._conn.execute(
            "SELECT interview_id, sequence FROM invitation WHERE uid = ?", (uid,)
        ).fetchone()
        if row is None:
            return None
        # Imported here: the store opens for every write, the invitation rules' patterns
        # compile only for an invitation.
        from followup.domain.invitation import Recorded

        return Recorded(uid=uid, interview_id=row[0], sequence=row[1])

    def record_invitation(self, recorded: Recorded) -> None:
        with self.transaction():
            try:
                self._conn.execute(
                    "INSERT INTO invitation (uid, interview_id, sequence) VALUES (?, ?, ?)"
                    " ON CONFLICT (uid) DO UPDATE SET interview_id = excluded.interview_id,"
                    " sequence = excluded.sequence",
                    (recorded.uid, recorded.interview_id, recorded.sequence),
                )
            except sqlite3.IntegrityError:
                raise NotFound(f"no interview with id {recorded.interview_id}") from None

    def propose_invitation(self, item_id: int, invitation: Invitation) -> None:
        with self.transaction():
            try:
                self._conn.execute(
                    "INSERT OR REPLACE INTO inbox_invitation (item_id, invitation) VALUES (?, ?)",
                    (item_id, _to_json(invitation)),
                )
            except sqlite3.IntegrityError:
                raise NotFound(f"no inbox item with id {item_id}") from None

    def proposed_invitation(self, item_id: int) -> Invitation | None:
        row = self._conn.execute(
            "SELECT invitation FROM inbox_invitation WHERE item_id = ?", (item_id,)
        ).fetchone()
        return None if row is None else _from_json(row[0])


def _to_json(inv: Invitation) -> str:
    import json

    def person(p: Person | None) -> list[str | None] | None:
        return None if p is None else [p.address, p.name]

    return json.dumps(
        {
            "uid": inv.uid,
            "sequence": inv.sequence,
            "method": inv.method.value,
            "start": inv.start.isoformat(),
            "end": inv.end.isoformat(),
            "zone": inv.zone,
            "summary": inv.summary,
            "organizer": person(inv.organizer),
            "attendees": [person(p) for p in inv.attendees],
            "location": inv.location,
            "format": inv.format.value,
            "cancelled": inv.cancelled,
        },
        ensure_ascii=False,
    )


def _from_json(text: str) -> Invitation:
    import json
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from followup.domain.invitation import Invitation, Method, Person
    from followup.domain.kinds import InterviewFormat

    data = json.loads(text)
    zone = ZoneInfo(data["zone"])

    def person(value: list[str | None] | None) -> Person | None:
        return None if value is None else Person(str(value[0]), value[1])

    return Invitation(
        uid=data["uid"],
        sequence=data["sequence"],
        method=Method(data["method"]),
        start=datetime.fromisoformat(data["start"]).astimezone(zone),
        end=datetime.fromisoformat(data["end"]).astimezone(zone),
        zone=data["zone"],
        summary=data["summary"],
        organizer=person(data["organizer"]),
        attendees=tuple(p for p in map(person, data["attendees"]) if p is not None),
        location=data["location"],
        format=InterviewFormat(data["format"]),
        cancelled=data["cancelled"],
    )
