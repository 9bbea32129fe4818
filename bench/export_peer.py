"""The peer of issue 16's export benchmark: the tables ``followup export`` reads, dumped by
sqlite-utils as one JSON file (keys sorted, UTF-8, no indent: the encoder's fast path)::

    python bench/export_peer.py bench/out/bench-10000.db OUT.json

Every row of every table the export carries (the panel and invitation tables as they are,
where the export nests them), through sqlite-utils' own row reader, in one process: the
work ``followup export`` does, without its checks of shape. docs/performance.md times
``followup export`` next to it.
"""

from __future__ import annotations

import json
import sys

import sqlite_utils

TABLES = (
    "profile", "application", "contact", "interview", "interview_interviewer", "document",
    "event", "message", "message_attachment", "inbox_item", "inbox_invitation",
    "bounced_address", "mail_folder",
    "invitation", "import_key", "digest_day", "caldav_event", "mail_account",
    "digest_setting", "caldav_account", "meta",
)  # fmt: skip


def main(db_path: str, out: str) -> None:
    db = sqlite_utils.Database(db_path)
    dump = {t: list(db[t].rows) for t in TABLES}
    with open(out, "w", encoding="utf-8") as f:
        f.write(json.dumps(dump, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
