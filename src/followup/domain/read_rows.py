"""The read side's rows (the ``Views`` port): named fields over the stored values.

The hot reads (``today --json``, ``plan --json``) must import neither ``typing`` nor
``dataclasses`` (an end-to-end test holds them to it), so each row is declared like a
``typing.NamedTuple`` for the type checker but built at run time by
``collections.namedtuple`` (``collections`` is loaded by ``sqlite3`` already): a tuple,
as cheap to make and to read as the bare one it replaces, whose fields have names.

Instants are the store's UTC text (``2026-11-17T14:00:00.000000Z``, fixed width, so text
order is time order), days ISO text, kinds and statuses their stored values.
"""

from __future__ import annotations

__all__ = [
    "AlertRow",
    "ApplicationHeadRow",
    "DueActionRow",
    "EventFiguresRow",
    "EventRow",
    "PlanActionRow",
    "ReadRow",
]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as ReadRow
else:
    from collections import namedtuple

    class _ReadRowMeta(type):
        """``class X(ReadRow): a: int`` makes ``namedtuple("X", ["a"])``, as
        ``typing.NamedTuple`` would, without importing ``typing``."""

        def __new__(mcs, name, bases, namespace):
            if not bases:
                return super().__new__(mcs, name, bases, namespace)
            made = namedtuple(name, list(namespace.get("__annotations__", {})))
            made.__module__ = namespace["__module__"]
            made.__qualname__ = namespace["__qualname__"]
            made.__doc__ = namespace.get("__doc__") or made.__doc__
            return made

    class ReadRow(metaclass=_ReadRowMeta):
        pass


class PlanActionRow(ReadRow):
    """A cached action as ``plan`` shows it."""

    id: str
    kind: str
    application_id: int
    contact_id: int | None
    channel: str
    earliest: str
    due: str
    latest: str
    why: str


class DueActionRow(ReadRow):
    """A cached action due soon, with what ``today`` prints beside it; ``expires`` tells
    the web's Today page how long the row stays true."""

    id: str
    kind: str
    application_id: int
    contact_id: int | None
    channel: str
    earliest: str
    due: str
    latest: str
    why: str
    company: str
    role: str
    expires: str | None


class ApplicationHeadRow(ReadRow):
    """An application's name and the status columns every write keeps."""

    id: int
    company: str
    role: str
    base_status: str
    first_interview_end: str | None


class EventRow(ReadRow):
    """An event as ``plan`` shows it; ``until`` is a snooze's end."""

    id: int
    kind: str
    at: str
    contact_id: int | None
    on: str | None
    note: str | None
    until: str | None


class AlertRow(ReadRow):
    """A bounce not yet dealt with (issue 5)."""

    item_id: int
    application_id: int
    address: str | None
    subject: str
    sent_at: str | None


class EventFiguresRow(ReadRow):
    """Per application, what Insights counts: the first outbound event's time, the first
    inbound one's at or after it, how many counted events, 1 if the marker kind happened."""

    id: int
    base_status: str
    first_interview_end: str | None
    first_out: str | None
    first_in: str | None
    counted: int
    marked: int
