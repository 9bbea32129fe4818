"""Imported calendar invitations on SQLite (issue 15), mixed into ``SqliteStore``.

One row per invitation UID: the interview it became and the SEQUENCE last applied
(migration ``0010_invitations``); the row goes with its interview.
"""

from __future__ import annotations

import sqlite3

from followup.domain.errors import NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from followup.domain.invitation import Recorded


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
