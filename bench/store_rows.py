"""Time the store's row mapping: every application's history and every letter, read back.

    python bench/store_rows.py DB [--rounds 5]

What a re-plan reads (``SqliteStore.history``: the application, its contacts, interviews
and events) and what the outbox reads (``list_messages``), over a database ``make_db.py``
built. Prints the median microseconds per row, so two versions of the mapping compare on
the same file (``farm-bench`` runs the two in turn; docs/performance.md gives the figures).
"""

from __future__ import annotations

import argparse
import statistics
import time

from followup.adapters.sqlite.store import SqliteStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    store = SqliteStore(args.db)
    ids = store.application_ids()
    per_row: list[float] = []
    for _ in range(args.rounds):
        begin = time.perf_counter()
        rows = 0
        with store.reading():
            for app_id in ids:
                h = store.history(app_id)
                rows += 1 + len(h.contacts) + len(h.interviews) + len(h.events)
            rows += len(store.list_messages())
        per_row.append((time.perf_counter() - begin) / rows)
    store.close()
    print(f"{rows} rows: median {statistics.median(per_row) * 1e6:.2f} µs per row")


if __name__ == "__main__":
    main()
