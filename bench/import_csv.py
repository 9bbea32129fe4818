"""The spreadsheet of issue 16's import benchmark: ``python bench/import_csv.py OUT.csv [ROWS]``
writes ROWS (10,000) applications as a person's spreadsheet would hold them, six stages in
turn, US dates; docs/performance.md times ``followup import`` of it next to
``sqlite-utils insert --csv`` of the same file."""

from __future__ import annotations

import csv
import sys

STAGES = ("Applied", "Interviewing", "Rejected", "Offer", "Wishlist", "Ghosted")


def main(out: str, rows: int = 10_000) -> None:
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Company", "Job Title", "Status", "Date applied", "URL", "Location", "Notes"])
        for i in range(rows):
            w.writerow([
                f"Company {i}", f"Engineer {i % 13}", STAGES[i % 6], f"{(i % 28) + 1:02d}/10/2026",
                f"https://jobs.example/{i}", "Remote", f"note {i}",
            ])  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
