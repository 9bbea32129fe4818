"""``followup digest setup | show | preview`` as a user runs them (issue 15): exit codes,
what is printed, and bad input refused with nothing written."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tests.e2e.conftest import Followup, make_profile


def setting_rows(followup: Followup) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(followup.db)) as conn:
        return list(conn.execute("SELECT at, port FROM digest_setting"))


def test_setup_show_and_off(interviewed: Followup) -> None:
    out = interviewed.ok("digest", "setup", "--at", "7:30")
    assert "daily at 07:30 (your clock)" in out
    assert "http://127.0.0.1:8765/" in out
    assert setting_rows(interviewed) == [("07:30", 8765)]
    shown = interviewed.json("digest", "show")
    assert (shown["at"], shown["port"], shown["today_status"]) == ("07:30", 8765, None)
    assert shown["due"] is True  # 10:00 on the Monday: past 07:30, nothing sent yet
    assert shown["next_at"] == "2026-11-23T07:30:00+00:00"
    assert "Digest:    daily at 07:30" in interviewed.ok("digest", "show")
    assert "links point at http://127.0.0.1:9000/" in interviewed.ok(
        "digest", "setup", "--port", "9000"
    )
    assert setting_rows(interviewed) == [("07:30", 9000)]  # the time kept
    assert interviewed.ok("digest", "setup", "--off") == "The morning digest is off.\n"
    assert interviewed.json("digest", "show")["at"] is None
    assert "Digest:    off" in interviewed.ok("digest", "show")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--at", "25:00"), "is not a time of day"),
        (("--at", "7pm"), "is not a time of day"),
        (("--at", "07:30", "--off"), "not both"),
        ((), "say when"),
        (("--at", "07:30", "--port", "0"), "--port must be from 1 to 65535"),
    ],
)
def test_bad_setup_is_exit_2_with_nothing_written(
    interviewed: Followup, args: tuple[str, ...], said: str
) -> None:
    interviewed.ok("digest", "setup", "--at", "06:00")
    before = interviewed.fingerprint()
    result = interviewed("digest", "setup", *args)
    assert result.code == 2
    assert said in result.err
    assert result.err.startswith("error: ")
    assert result.err.count("\n") == 1  # one line, no traceback
    assert result.out == ""
    assert interviewed.fingerprint() == before


def test_setup_needs_a_profile_for_its_clock(followup: Followup) -> None:
    result = followup("digest", "setup", "--at", "07:30")
    assert result.code == 2
    assert "no profile yet" in result.err


def test_preview_says_what_today_would_say(interviewed: Followup) -> None:
    interviewed.ok(
        "draft", "1", "thank-you", "--topic", "the data platform", "--strength", "Airflow"
    )
    out = interviewed.ok("digest", "preview", now="2026-11-24T08:00")
    assert out.startswith("Subject: Your follow-ups for Tuesday 24 November: ")
    assert "Good morning, Alex." in out
    assert "Drafts ready to send:" in out
    assert "http://127.0.0.1:8765/drafts/1" in out
    assert "For today:" in out  # the thank-you and the debrief, still in their windows
    assert "Thank Jane Doe by email, for the Data Engineer role at Acme." in " ".join(out.split())
    data = interviewed.json("digest", "preview", now="2026-11-24T08:00")
    assert data["day"] == "2026-11-24"
    assert data["empty"] is False
    assert [d["id"] for d in data["drafts"]] == [1]
    assert data["subject"] == out.splitlines()[0].removeprefix("Subject: ")
    assert "thank-you" in {a["kind"] for a in data["today"]}
    assert data["at"] is None  # off: a preview does not need it on
    # The user's clock decides the day: 23:30 in London is still Tuesday.
    assert interviewed.json("digest", "preview", now="2026-11-24T23:30")["day"] == "2026-11-24"


def test_preview_of_a_quiet_day(followup: Followup) -> None:
    make_profile(followup)
    assert followup.ok("digest", "preview") == "Nothing to do today: no digest would be sent.\n"
    data = followup.json("digest", "preview")
    assert (data["empty"], data["body"], data["overdue"]) == (True, None, [])


def test_preview_sends_nothing_and_writes_no_day(interviewed: Followup) -> None:
    interviewed.ok("digest", "setup", "--at", "07:30")
    interviewed.ok("digest", "preview")
    with closing(sqlite3.connect(interviewed.db)) as conn:
        assert list(conn.execute("SELECT * FROM digest_day")) == []


def test_digest_is_listed_in_help(followup: Followup) -> None:
    out = followup.ok("--help")
    assert "digest" in out
    assert "--at HH:MM" in followup.ok("digest", "setup", "--help")
