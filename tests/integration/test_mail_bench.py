"""The mail benchmark keeps working: a small mailbox, one timed round, a sane table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_mail_sync_fills_a_mailbox_and_times_both_sides() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "mail_sync.py"), "--messages", "60", "--runs", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # 1: a target missed (a busy machine, or a mailbox this small); 2 and up: it broke.
    assert proc.returncode in (0, 1), proc.stderr
    assert "mailbox: 60 messages" in proc.stdout
    table = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    assert [line.split("|")[1].strip() for line in table[1:]] == ["first", "empty"]
    assert "first sync:" in proc.stdout
    assert "empty sync:" in proc.stdout


def test_the_send_benchmark_sends_each_letter_once_per_setting() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "send.py"), "--letters", "3", "--runs", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("|")[1].strip() for line in proc.stdout.splitlines() if "| " in line]
    assert rows[1:] == ["receipts (the default)", "--no-bcc-self", "--provider-files-sent"]
