"""The CLI end to end: real processes, a real database file, the clock pinned with --now."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.conftest import NOW, Followup, make_profile

ACTION_KEYS = {
    "id", "kind", "application_id", "contact_id", "channel", "earliest", "due", "latest", "why",
}  # fmt: skip
EVENT_KEYS = {"id", "kind", "at", "contact_id", "on", "note"}


# --- profile ---------------------------------------------------------------------------------
def test_me_creates_shows_and_updates_the_profile(followup: Followup) -> None:
    out = followup.ok(
        "me", "--name", "Alex Morgan", "--email", "alex@example.org", "--timezone",
        "Europe/London", "--country", "gb", "--hours", "08:30-16:30",
    )  # fmt: skip
    assert "Saved." in out
    assert "Alex Morgan <alex@example.org>" in out
    shown = followup.json("me")
    assert shown == {
        "name": "Alex Morgan",
        "email": "alex@example.org",
        "phone": None,
        "timezone": "Europe/London",
        "country": "GB",
        "signature": None,
        "hours": "08:30-16:30",
        "formal": False,
    }
    followup.ok("me", "--phone", "+44 7700 900123", "--signature", "Alex")
    shown = followup.json("me")
    assert (shown["phone"], shown["signature"], shown["hours"]) == (
        "+44 7700 900123",
        "Alex",
        "08:30-16:30",
    )
    assert "time zone:" in followup.ok("me")


def test_without_a_profile_records_work_but_plans_do_not(followup: Followup) -> None:
    assert followup.json("app", "add", "Acme", "Engineer")["id"] == 1
    assert followup.json("contact", "add", "1", "Jane")["name"] == "Jane"
    result = followup("today")
    assert result.code == 2
    assert result.err == (
        "error: no profile yet: run `followup me --name NAME --email EMAIL --timezone ZONE "
        "[--country CC]`\n"
    )
    assert followup("me").code == 2
    make_profile(followup)
    assert followup.json("plan", "1")["application"]["id"] == 1


# --- applications, contacts, interviews, events: every command's happy path --------------------
def test_a_whole_round_through_every_command(interviewed: Followup) -> None:
    f = interviewed
    added = f.json(
        "app", "add", "Globex", "Analyst", "--agency", "Harper",
        "--url", "https://globex.example/jobs/1", "--source", "LinkedIn", "--notes", "warm",
    )  # fmt: skip
    assert added == {
        "id": 2,
        "company": "Globex",
        "role": "Analyst",
        "agency": "Harper",
        "url": "https://globex.example/jobs/1",
        "source": "LinkedIn",
        "notes": "warm",
        "created_at": "2026-11-23T10:00:00+00:00",
    }
    assert "Added application 3: Initech · Backend Developer." in f.ok(
        "app", "add", "Initech", "Backend Developer"
    )

    contact = f.json(
        "contact", "add", "2", "Sam Lee", "--email", "sam@harper.example", "--phone", "0207",
        "--linkedin", "https://linkedin.com/in/samlee", "--role", "agency-recruiter",
        "--timezone", "Europe/Berlin", "--cadence", "10", "--prefers", "phone",
        "--rapport", "good",
    )  # fmt: skip
    assert contact == {
        "id": 2,
        "application_id": 2,
        "name": "Sam Lee",
        "email": "sam@harper.example",
        "phone": "0207",
        "linkedin": "https://linkedin.com/in/samlee",
        "role": "agency-recruiter",
        "timezone": "Europe/Berlin",
        "cadence_days": 10,
        "prefers": "phone",
        "rapport": "good",
        "title": None,
        "greet": None,
    }
    assert [c["name"] for c in f.json("contact", "list", "2")["contacts"]] == ["Sam Lee"]
    assert "Sam Lee" in f.ok("contact", "list", "2")
    edited = f.json("contact", "edit", "2", "--phone", "", "--rapport", "neutral")
    assert (edited["phone"], edited["rapport"], edited["email"]) == (
        None,
        "neutral",
        "sam@harper.example",
    )

    interview = f.json(
        "interview", "add", "2", "--at", "2026-11-24 14:00", "--minutes", "45",
        "--format", "phone", "--with", "2",
    )  # fmt: skip
    assert interview == {
        "id": 2,
        "application_id": 2,
        "start": "2026-11-24T14:00:00+00:00",
        "end": "2026-11-24T14:45:00+00:00",
        "minutes": 45,
        "format": "phone",
        "interviewer_ids": [2],
        "cancelled": False,
    }
    moved = f.json("interview", "edit", "2", "--at", "2026-11-25 10:00", "--minutes", "60")
    assert (moved["start"], moved["minutes"]) == ("2026-11-25T10:00:00+00:00", 60)
    assert [i["id"] for i in f.json("interview", "list", "2")["interviews"]] == [2]
    assert "tomorrow" not in f.ok("interview", "list", "2")  # it moved to Wednesday
    assert "Cancelled interview 2" in f.ok("interview", "cancel", "2")
    assert f.json("interview", "list", "2")["interviews"][0]["cancelled"] is True

    event = f.json("log", "1", "timeline", "--contact", "1", "--on", "2026-12-04",
                   "--note", "decision by early December", "--at", "2026-11-23 09:40")  # fmt: skip
    assert {k: event[k] for k in EVENT_KEYS} == {
        "id": event["id"],
        "kind": "timeline",
        "at": "2026-11-23T09:40:00+00:00",
        "contact_id": 1,
        "on": "2026-12-04",
        "note": "decision by early December",
    }
    assert "Logged applied on application 1." in f.ok("log", "1", "applied", "--at", "2026-11-02")

    edited_app = f.json("app", "edit", "2", "--role", "Senior Analyst", "--agency", "")
    assert (edited_app["role"], edited_app["agency"], edited_app["notes"]) == (
        "Senior Analyst",
        None,
        "warm",
    )

    listing = f.json("app", "list")["applications"]
    assert [(a["id"], a["status"]) for a in listing] == [
        (1, "awaiting"),
        (2, "active"),
        (3, "active"),
    ]
    table = f.ok("app", "list")
    assert "Acme" in table
    assert "awaiting" in table
    assert "next action" in table

    shown = f.json("app", "show", "1")
    assert set(shown) == {
        "application",
        "contacts",
        "interviews",
        "events",
        "documents",
        "sent_documents",
    }
    assert shown["application"]["status"] == "awaiting"
    assert [e["kind"] for e in shown["events"]] == ["applied", "timeline"]
    human = f.ok("app", "show", "1")
    assert "Jane Doe" in human
    assert "timeline" in human
    assert "Contacts" in human

    assert "Deleted application 3" in f.ok("app", "rm", "3", "--yes")
    assert [a["id"] for a in f.json("app", "list")["applications"]] == [1, 2]


def test_plan_json_has_exactly_the_agreed_shape(interviewed: Followup) -> None:
    interviewed.ok("log", "1", "applied", "--at", "2026-11-02 20:15")
    plan = interviewed.json("plan", "1")
    assert set(plan) == {"application", "actions", "events"}
    assert plan["application"] == {
        "id": 1,
        "company": "Acme",
        "role": "Data Engineer",
        "status": "awaiting",
    }
    assert plan["actions"], "an interview this morning leaves things to do"
    for action in plan["actions"]:
        assert set(action) == ACTION_KEYS
        assert action["application_id"] == 1
        for key in ("earliest", "due", "latest"):
            assert action[key].endswith("+00:00")  # London in November, with its offset
        assert "_" not in action["kind"]
    assert "thank-you" in {a["kind"] for a in plan["actions"]}
    assert [set(e) for e in plan["events"]] == [EVENT_KEYS]
    assert plan["events"][0]["kind"] == "applied"


def test_today_json_is_ordered_by_due_across_applications(interviewed: Followup) -> None:
    interviewed.ok("app", "add", "Globex", "Analyst")
    interviewed.ok("contact", "add", "2", "Sam Lee", "--email", "sam@globex.example")
    interviewed.ok("interview", "add", "2", "--at", "2026-11-20 15:00", "--with", "2")
    today = interviewed.json("today")
    assert set(today) == {"actions", "alerts"}
    actions = today["actions"]
    assert {a["application_id"] for a in actions} == {1, 2}
    for action in actions:
        assert set(action) == ACTION_KEYS | {"company", "role"}
    dues = [a["due"] for a in actions]
    assert dues == sorted(dues)
    assert interviewed.json("today", "--days", "0")["actions"] == [
        a for a in actions if a["due"] <= "2026-11-23T10:00:00+00:00"
    ]


def test_today_and_plan_for_people(interviewed: Followup) -> None:
    today = interviewed.ok("today")
    assert today.splitlines()[0].startswith(("Overdue", "Due now", "Coming up"))
    assert "Acme · Data Engineer  #1" in today
    assert "thank-you → Jane Doe by email" in today
    assert "\x1b[" not in today  # no colour codes when the output is not a terminal
    plan = interviewed.ok("plan", "1")
    assert plan.splitlines()[0] == "Acme · Data Engineer  #1   awaiting"
    assert "Timeline" in plan


def test_done_and_skip_move_the_plan_on(interviewed: Followup) -> None:
    f = interviewed
    actions = f.json("plan", "1", now="2026-11-23 12:00")["actions"]
    thank_you = next(a for a in actions if a["kind"] == "thank-you")
    done = f.json("done", thank_you["id"], "--note", "short and warm", now="2026-11-23 12:00")
    assert (done["kind"], done["contact_id"], done["action_id"], done["note"]) == (
        "thank-you-sent",
        1,
        thank_you["id"],
        "short and warm",
    )
    after = f.json("plan", "1", now="2026-11-23 12:00")
    assert thank_you["id"] not in {a["id"] for a in after["actions"]}
    assert "thank-you-sent" in {e["kind"] for e in after["events"]}

    other = after["actions"][0]
    assert "Skipped" in f.ok("skip", other["id"], now="2026-11-23 12:00")
    assert other["id"] not in {
        a["id"] for a in f.json("plan", "1", now="2026-11-23 12:00")["actions"]
    }

    again = f("done", thank_you["id"])
    assert again.code == 2
    assert again.err.startswith(f"error: no pending action '{thank_you['id']}'")


def test_done_refuses_to_decide_an_offer(interviewed: Followup) -> None:
    interviewed.ok("log", "1", "offer", "--on", "2026-12-01", "--contact", "1")
    decide = next(
        a for a in interviewed.json("plan", "1")["actions"] if a["kind"] == "decide-offer"
    )
    result = interviewed("done", decide["id"])
    assert result.code == 2
    assert "`followup log 1 accepted` or `followup log 1 declined`" in result.err
    assert interviewed.json("plan", "1")["application"]["status"] == "offer"


def test_an_edited_config_file_replans_on_the_next_read(interviewed: Followup) -> None:
    interviewed.ok("log", "1", "thank-you-sent", "--contact", "1", "--at", "2026-11-23 14:00")
    now = "2026-11-24 09:00"
    before = {a["kind"]: a["due"] for a in interviewed.json("plan", "1", now=now)["actions"]}
    interviewed.config.write_text("[policy]\nfirst_follow_up_days = 14\n")
    after = {a["kind"]: a["due"] for a in interviewed.json("plan", "1", now=now)["actions"]}
    assert after["status-inquiry"] > before["status-inquiry"]


# --- bad input: exit 2, one line, nothing written --------------------------------------------
BAD_INPUT = [
    (["--now", "soonish", "today"], "cannot read --now 'soonish'"),
    (["log", "1", "applied", "--at", "2026-02-30 10:00"], "'2026-02-30 10:00' does not exist"),
    (["log", "1", "applied", "--at", "yesterday-ish"], "cannot read --at 'yesterday-ish'; use"),
    (["log", "1", "hired"], "unknown event 'hired'; use one of: applied, thank-you-sent"),
    (["log", "1", "action-done"], "unknown event 'action-done'"),
    (["log", "1", "reply", "--on", "2026-12-01"], "--on is only for timeline"),
    (["log", "1", "offer", "--on", "2026-02-30"], "--on '2026-02-30' does not exist"),
    (["log", "1", "reply", "--contact", "9"], "no contact with id 9"),
    (["log", "9", "reply"], "no application with id 9"),
    (["plan", "999"], "no application with id 999"),
    (["app", "show", "999"], "no application with id 999"),
    (["app", "edit", "999", "--role", "x"], "no application with id 999"),
    (["app", "rm", "999", "--yes"], "no application with id 999"),
    (["contact", "edit", "999", "--name", "x"], "no contact with id 999"),
    (["interview", "cancel", "999"], "no interview with id 999"),
    (["done", "1.thanks.i9.c9"], "no pending action '1.thanks.i9.c9'"),
    (["skip", "nope"], "no pending action 'nope'"),
    (["contact", "add", "1", "Tom", "--email", "tom-at-acme"], "invalid email address 'tom-at"),
    (["contact", "add", "1", "Tom", "--role", "boss"], "unknown contact role 'boss'; use one of"),
    (["contact", "add", "1", "Tom", "--prefers", "linkedin"], "unknown preferred channel"),
    (["contact", "add", "1", "Tom", "--timezone", "Mars/Base"], "unknown time zone 'Mars/Base'"),
    (["me", "--email", "alex@@example.org"], "invalid email address 'alex@@example.org'"),
    (["me", "--timezone", "Mars/Base"],
     "unknown time zone 'Mars/Base'; use an IANA name such as Europe/London"),
    (["me", "--country", "XX"], "unknown country 'XX'"),
    (["me", "--hours", "17:00-09:00"], "must start before they end"),
    (["interview", "add", "1", "--at", "2026-02-30"], "--at '2026-02-30' does not exist"),
    (["interview", "add", "1", "--at", "2026-11-24 10:00", "--with", "7"],
     "contact 7 is not a contact of application 1"),
    (["interview", "add", "1", "--at", "2026-11-24 10:00", "--format", "carrier-pigeon"],
     "unknown interview format 'carrier-pigeon'"),
    (["interview", "add", "1", "--at", "2026-11-24 10:00", "--minutes", "0"], "at least 1"),
    (["interview", "cancel", "1"], None),  # fine the first time: see the Conflict test
    (["app", "add", "Globex"], "Missing argument 'ROLE'"),
    (["app", "add", " ", "Analyst"], "company cannot be empty"),
    (["plan", "one"], "'one' is not a valid integer"),
    (["today", "--days", "-1"], "--days"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["app", "rm", "1"], "refusing to delete without --yes"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [b for b in BAD_INPUT if b[1]],
    ids=lambda a: " ".join(a) if isinstance(a, list) else None,
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    interviewed: Followup, args: list[str], message: str
) -> None:
    before, counts = interviewed.fingerprint(), interviewed.counts()
    result = interviewed(*args)
    assert result.code == 2, result
    assert result.out == ""
    assert result.err.startswith("error: ")
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    assert message in result.err
    assert interviewed.fingerprint() == before
    assert interviewed.counts() == counts


def test_a_conflict_is_bad_input_too(interviewed: Followup) -> None:
    interviewed.ok("interview", "cancel", "1")
    before = interviewed.fingerprint()
    result = interviewed("interview", "cancel", "1")
    assert (result.code, result.err) == (2, "error: interview 1 is already cancelled\n")
    assert interviewed.fingerprint() == before


def test_a_config_file_it_cannot_use_is_named(interviewed: Followup) -> None:
    interviewed.config.write_text("[policy]\nfirst_folow_up_days = 3\n")
    before = interviewed.fingerprint()
    result = interviewed("today")
    assert result.code == 2
    assert result.err.startswith(f"error: config file {interviewed.config}: unknown policy setting")
    assert "first_folow_up_days" in result.err
    assert interviewed.fingerprint() == before


def test_delete_asks_on_a_terminal_only(interviewed: Followup) -> None:
    # Without a terminal there is no one to ask: refuse (tested above); --yes deletes.
    assert "Deleted application 1" in interviewed.ok("app", "rm", "1", "--yes")
    assert interviewed.counts()["application"] == 0


# --- outside failures: exit 1, one line ------------------------------------------------------
def test_a_database_that_cannot_be_created_is_an_outside_failure(followup: Followup) -> None:
    blocker = followup.home / "not-a-folder"
    blocker.write_text("")
    result = followup.raw("--db", str(blocker / "x.db"), "--config", str(followup.config), "today")
    assert result.code == 1
    assert result.err.startswith(f"error: cannot open the database {blocker / 'x.db'}")
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_a_file_that_is_not_a_database(followup: Followup) -> None:
    followup.db.write_bytes(b"this is a text file, not SQLite " * 100)
    result = followup("today")
    assert result.code in (1, 2)
    assert result.err.startswith("error: ")
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


@pytest.mark.slow
def test_a_locked_database_is_an_outside_failure(interviewed: Followup) -> None:
    holder = sqlite3.connect(interviewed.db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = interviewed("log", "1", "note", "--note", "while locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1
    assert result.err.startswith("error: ")
    assert result.err.count("\n") == 1
    assert "locked" in result.err or "busy" in result.err
    assert interviewed.counts()["event"] == 0


# --- where things live -----------------------------------------------------------------------
def test_database_and_config_from_the_environment(followup: Followup, tmp_path: Path) -> None:
    db, config = tmp_path / "env.db", tmp_path / "env.toml"
    config.write_text("[policy]\nbogus = 1\n")
    result = followup.raw("app", "list", FOLLOWUP_DB=str(db), FOLLOWUP_CONFIG=str(config))
    assert result.code == 2
    assert str(config) in result.err
    config.write_text("")
    result = followup.raw("app", "add", "Acme", "Engineer", FOLLOWUP_DB=str(db),
                          FOLLOWUP_CONFIG=str(config))  # fmt: skip
    assert result.code == 0, result.err
    assert db.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders are how Linux does it")
def test_default_locations_are_the_platforms_user_folders(followup: Followup) -> None:
    result = followup.raw("app", "add", "Acme", "Engineer")
    assert result.code == 0, result.err
    assert (followup.home / "data" / "followup" / "followup.db").exists()
    config = followup.home / "config" / "followup" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[policy]\nnope = 1\n")
    result = followup.raw("app", "list")
    assert result.code == 2
    assert str(config) in result.err


# --- the hot path stays light ----------------------------------------------------------------
PROBE = """
import sys
from followup.cli.main import run
code = run(sys.argv[1:])
heavy = (
    "rich", "holidays", "jinja2", "platformdirs", "tomllib", "click", "typing",
    "followup.domain.planner", "followup.domain.model", "dataclasses",
    "followup.web", "fastapi", "starlette", "uvicorn", "pydantic",
)
print("LOADED", code, *sorted(m for m in heavy if m in sys.modules), file=sys.stderr)
"""
CLICK_ONLY = """
import sys
from followup.cli import fast, main
fast.match = lambda argv: None  # every command line through click
sys.exit(main.run(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["today", "--json"], []),
        (["plan", "1", "--json"], []),
        (["today"], ["click", "dataclasses", "followup.domain.model", "typing"]),
        (["plan", "1"], ["click", "dataclasses", "followup.domain.model", "typing"]),
    ],
)
def test_today_and_plan_import_nothing_heavy(
    interviewed: Followup, args: list[str], loaded: list[str]
) -> None:
    interviewed.ok("today")  # the cache is fresh from here on
    argv = ["--db", str(interviewed.db), "--config", str(interviewed.config), "--now", NOW]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv, *args],
        capture_output=True,
        text=True,
        env=interviewed.env(),
        check=False,
    )
    report = next(line for line in proc.stderr.splitlines() if line.startswith("LOADED"))
    assert report.split()[2:] == loaded, report
    assert report.split()[1] == "0", proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["today", "--json"],
        ["today", "--days", "30", "--json"],
        ["today", "--json", "--days=0"],
        ["plan", "1", "--json"],
        ["plan", "2", "--json"],  # no such application: the same one-line error
        ["--now", "2026-02-30", "today", "--json"],
    ],
)
def test_the_fast_path_prints_what_the_click_path_prints(
    interviewed: Followup, args: list[str]
) -> None:
    interviewed.ok("log", "1", "applied", "--at", "2026-11-02 20:15", "--note", "naïve café")
    argv = ["--db", str(interviewed.db), "--config", str(interviewed.config), "--now", NOW]
    outputs = []
    for runner in (["-m", "followup"], ["-c", CLICK_ONLY]):
        proc = subprocess.run(
            [sys.executable, *runner, *argv, *args],
            capture_output=True,
            env=interviewed.env(),
            check=False,
        )
        outputs.append((proc.returncode, proc.stdout, proc.stderr))
    assert outputs[0] == outputs[1]


# --- entry points ----------------------------------------------------------------------------
def test_help_lists_every_command(followup: Followup) -> None:
    result = followup.raw("--help")
    assert result.code == 0
    for command in ("me", "app", "contact", "interview", "log", "today", "plan", "done", "skip"):
        assert f"  {command} " in result.out
    assert "09:00 that day" in result.out  # what a bare date means is documented


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "followup"
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert "0.1.0" in proc.stdout


def test_the_demo_is_reproducible(tmp_path: Path) -> None:
    def run() -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "followup.demo", str(tmp_path / "demo.db")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    first = run()
    assert "followup --db" in first
    assert "today" in first
    assert "Northwind Labs" in first
    assert "Stark Analytics" in first
    assert run() == first
    with closing(sqlite3.connect(tmp_path / "demo.db")) as conn:
        assert conn.execute("SELECT COUNT(*) FROM application").fetchone()[0] == 6


def test_today_folds_what_lapsed_long_ago_to_a_line(interviewed: Followup) -> None:
    """Issue 12: an inquiry owed for weeks clutters the list; the web folds it, so does
    the CLI, with what it takes to find and skip it."""
    today = interviewed.ok("today", now="2026-12-30 10:00")
    listed, _, folded = today.partition("\nLapsed (1): ")
    assert folded, today
    inquiry = folded.splitlines()[1]
    assert inquiry.startswith("  Acme · status-inquiry → Jane Doe, closed Thu 3 Dec 17:00")
    assert inquiry.split()[-1] == "1.follow-up.i1.1"
    assert "status-inquiry" not in listed
    assert "follow-up → Jane Doe" in listed  # the later follow-ups are still worth doing
    assert interviewed.ok("today", now="2026-11-23 10:00").count("Lapsed") == 0
