"""Rendered pages kept until the database changes, so a page read again costs no queries.

An application's page takes a few milliseconds to build (a session, six queries, the
timeline's geometry, ~28 KB of template), Today several (hundreds of rows, ~160 KB), and
both are read far more often than anything is written. An entry holds the page's bytes
with what it was built from:

- the **change stamp** of the data (``bootstrap.Changes``): any commit, by this server or
  any other process (the CLI), or an edited config file, gives another stamp, and an entry
  of another stamp is never served;
- the **records** read under that stamp, so a page whose data did not change but whose
  moment did is drawn again without a query;
- the **moment**: everything on the page that depends on the clock (a status that turns
  *awaiting*, an action that falls due or expires, the timeline's *now* line), computed
  from the records and ``now``. The page's template sees the clock only through it, so a
  request at a later ``now`` whose moment is equal gets the same bytes, as it would have
  rendered them. Today's moment is the span of time until anything it shows would change
  (``pages.today``), so it keeps no records.

Entries are per page and per CSRF token (each browser session's forms carry their own).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

D = TypeVar("D")  # the records a page is drawn from
M = TypeVar("M")  # the page's moment: what of it depends on the clock

SIZE = 256  # application pages of ~30 KB: a few MB
BYTES = 32 * 1024 * 1024  # and at most this much: Today with ``?all=1`` is a MB or more


@dataclass(frozen=True)
class Entry(Generic[D, M]):
    stamp: Hashable
    now: datetime
    data: D
    moment: M
    body: bytes


class PageCache(Generic[D, M]):
    """The most recently used ``SIZE`` pages of the current stamp, ``BYTES`` at most (but
    always the newest); thread-safe (pages are built in worker threads, looked up on the
    event loop)."""

    def __init__(self, size: int = SIZE, budget: int = BYTES) -> None:
        self._size = size
        self._budget = budget
        self._bytes = 0
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, Entry[D, M]] = OrderedDict()

    def get(self, key: Hashable, stamp: Hashable | None) -> Entry[D, M] | None:
        """The entry for ``key`` if it was built under ``stamp`` (never when it is None)."""
        if stamp is None:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.stamp != stamp:
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: Hashable, entry: Entry[D, M]) -> None:
        """Keep ``entry``; entries of another stamp go: only one stamp is the database's
        current one, and an entry of any other is never served."""
        with self._lock:
            newest = next(reversed(self._entries.values()), None)
            if newest is not None and newest.stamp != entry.stamp:
                self._entries.clear()
                self._bytes = 0
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while len(self._entries) > 1 and (
                len(self._entries) > self._size or self._bytes > self._budget
            ):
                _, gone = self._entries.popitem(last=False)
                self._bytes -= len(gone.body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)
