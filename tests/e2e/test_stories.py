"""Three job hunts, typed the way people type them, and every letter read as its recipient would.

The stories of the letters issue, kept as never-again cases: a US candidate whose thank-you
goes out on the Monday after a Thursday interview (Friday 3 July 2026 is a US holiday), an
application through an agency in Ireland, and a three-person panel in Singapore with a family-
name-first hiring manager, an AI screening round, an invitation logged with a private note
and a second round with one of the panel. Each runs the real CLI, step by step with ``--now``,
and every draft is checked for what a careful reader notices (``tests/letter_checks.py``),
plus what each story was filed for.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Followup
from tests.letter_checks import problems

pytestmark = pytest.mark.slow


def _followup(tmp_path_factory: pytest.TempPathFactory, name: str) -> Followup:
    folder = tmp_path_factory.mktemp(name)
    home = folder / "home"
    home.mkdir()
    return Followup(db=folder / "followup.db", config=folder / "config.toml", home=home)


def drafts(f: Followup, *args: str, now: str) -> list[dict[str, Any]]:
    """``followup draft ... --json``: the letters, each checked for broken seams."""
    letters: list[dict[str, Any]] = f.json("draft", *args, now=now)["messages"]
    return letters


def text(letter: dict[str, Any]) -> str:
    return f"Subject: {letter['subject']}\n\n{letter['body']}"


def serious(letter: dict[str, Any]) -> list[str]:
    return [
        f"{f['severity']} [{f['category']}] {f['message']}"
        for f in letter["findings"]
        if f["severity"] in ("error", "warning")
    ]


def sentences(letter: dict[str, Any]) -> set[str]:
    body = letter["body"].split("\n\n")[1:-1]  # between the greeting and the sign-off
    return {s.strip() for p in body for s in re.split(r"(?<=[.!?])\s+", p) if s.strip()}


# --- story 1: a US candidate; the thank-you goes out on Monday ---------------------------------
US = "Senior UX Researcher"


@pytest.fixture(scope="module")
def us(tmp_path_factory: pytest.TempPathFactory) -> Followup:
    f = _followup(tmp_path_factory, "us")
    f.ok(
        "me",
        "--name",
        "Jordan Rivera",
        "--email",
        "jordan.rivera@example.com",
        "--phone",
        "+1 646 555 0142",
        "--timezone",
        "America/New_York",
        "--country",
        "US",
    )
    f.ok("app", "add", "Brightline Health", US)
    f.ok(
        "contact",
        "add",
        "1",
        "Dana Whitfield",
        "--email",
        "dana@brightline.example",
        "--role",
        "hiring-manager",
        "--phone",
        "+1 212 555 0101",
    )
    f.ok("contact", "add", "1", "Luis Ortega", "--email", "luis@brightline.example")
    f.ok(
        "contact",
        "add",
        "1",
        "Megan Cole",
        "--email",
        "megan@brightline.example",
        "--role",
        "recruiter",
        "--linkedin",
        "linkedin.com/in/megancole",
    )
    f.ok(
        "interview",
        "add",
        "1",
        "--at",
        "2026-07-02 15:00",
        "--minutes",
        "90",
        "--with",
        "1",
        "--with",
        "2",
    )
    debrief = Path(f.db).parent / "debrief.toml"
    debrief.write_text(
        'strengths = ["ran a diary study with 40 clinic patients",\n'
        '  "I built the research ops program from scratch.",\n'
        '  "turning interview notes into decisions the roadmap team acts on"]\n'
        'unaddressed = ["didn\'t get to talk about my survey work"]\n'
        "decision_date = 2026-07-16\n"
        "[topics]\n"
        '"Dana Whitfield" = ["how research findings reach the roadmap"]\n'
        '"Luis Ortega" = ["We talked about their accessibility audits"]\n',
        encoding="utf-8",
    )
    f.ok("debrief", "1", "--from", str(debrief), now="2026-07-02 17:00")
    return f  # fmt: skip


def test_us_thank_yous_are_dated_for_monday_and_personal(us: Followup) -> None:
    letters = drafts(us, "1", "thank-you", now="2026-07-02 17:00")  # drafted Thursday evening
    assert len(letters) == 2
    for letter in letters:
        assert problems(text(letter), role=US) == []
        assert serious(letter) == []
        # planned for Monday 6 July (Friday 3 July is Independence Day observed)
        assert "on Thursday" in letter["body"]
        assert "today" not in letter["body"]
        assert "yesterday" not in letter["body"]
    dana, luis = letters
    assert dana["body"].startswith("Dear Dana,")
    assert "how research findings reach the roadmap" in dana["body"]
    assert "your accessibility audits" in luis["body"]  # "their" said to them
    assert "ran a diary study with 40 clinic patients" in luis["body"]
    assert "I built the research ops program from scratch" in dana["body"]
    assert not sentences(dana) & sentences(luis)


def test_us_dates_are_written_the_american_way(us: Followup) -> None:
    (letter,) = drafts(us, "1", "status-inquiry", now="2026-07-20 10:00")
    assert "Thursday, July 16" in letter["body"]
    assert problems(text(letter), role=US) == []


def test_us_a_recruiter_is_not_thanked_for_an_interview_she_was_not_in(us: Followup) -> None:
    (note,) = drafts(us, "1", "linkedin-connect", "--contact", "3", now="2026-07-07 10:00")
    assert "interview" not in note["body"].lower()
    assert note["body"].startswith("Hi Megan,") or note["body"].startswith("Hello Megan,")
    assert len(note["body"].strip()) <= 200


def test_us_contradictory_or_unused_options_are_refused(us: Followup) -> None:
    note = "base 145k, my notes: negotiate remote days"
    us.ok("log", "1", "offer", "--contact", "1", "--on", "2026-07-24", "--note", note,
          now="2026-07-21 10:00")  # fmt: skip
    before = us.fingerprint()
    both = us("draft", "1", "decide-offer", "--accept", "--decline", now="2026-07-21 11:00")
    assert both.code == 2
    assert "contradict" in both.err
    unused = us("draft", "1", "decide-offer", "--decline", "--detail",
                "I have accepted a role closer to home", now="2026-07-21 11:00")  # fmt: skip
    assert unused.code == 2
    assert "--reason" in unused.err
    assert "Traceback" not in unused.err + both.err
    assert us.fingerprint() == before
    (ack,) = drafts(us, "1", "acknowledge-offer", now="2026-07-21 11:00")
    assert "negotiate remote days" not in ack["body"]  # the offer's note is private
    assert "Friday, July 24" in ack["body"]
    (no,) = drafts(us, "1", "decide-offer", "--decline", "--reason",
                   "I have accepted a role closer to home", now="2026-07-21 11:00")  # fmt: skip
    assert "I have accepted a role closer to home." in no["body"]
    assert problems(text(no), role=US) == []


# --- story 2: through an agency in Ireland ------------------------------------------------------
IE = "Quality Engineer"


@pytest.fixture(scope="module")
def ireland(tmp_path_factory: pytest.TempPathFactory) -> Followup:
    f = _followup(tmp_path_factory, "ireland")
    f.ok(
        "me",
        "--name",
        "Aoife Byrne",
        "--email",
        "aoife.byrne@example.ie",
        "--phone",
        "+353 87 555 0123",
        "--timezone",
        "Europe/Dublin",
        "--country",
        "IE",
    )
    f.ok("app", "add", "Corrib Medical", IE, "--agency", "Clearwater Recruitment")
    f.ok(
        "contact",
        "add",
        "1",
        "Ciarán O'Brien",
        "--email",
        "ciaran@clearwater.example",
        "--role",
        "agency-recruiter",
        "--linkedin",
        "linkedin.com/in/ciaranobrien",
    )
    f.ok(
        "contact",
        "add",
        "1",
        "Siobhán Ní Bhriain",
        "--email",
        "siobhan@corrib.example",
        "--role",
        "hiring-manager",
    )
    f.ok("contact", "add", "1", "Declan Walsh", "--email", "declan@corrib.example")
    f.ok(
        "interview",
        "add",
        "1",
        "--at",
        "2026-11-17 10:00",
        "--format",
        "in-person",
        "--with",
        "2",
        "--with",
        "3",
    )
    debrief = Path(f.db).parent / "debrief.toml"
    debrief.write_text(
        'strengths = ["Led CAPA investigations for two product recalls",\n'
        '  "hands-on HPRA audit experience",\n'
        '  "i wrote the QMS procedures for a start-up from nothing"]\n'
        'unaddressed = ["didn\'t get to mention the EDI integration with our ERP"]\n'
        "[topics]\n"
        '"Siobhán Ní Bhriain" = ["the upcoming HPRA inspection"]\n'
        '"Declan Walsh" = ["how they manage CAPA backlogs"]\n',
        encoding="utf-8",
    )
    f.ok("debrief", "1", "--from", str(debrief), now="2026-11-17 13:00")
    return f  # fmt: skip


def test_ireland_letters_keep_acronyms_and_irish_names(ireland: Followup) -> None:
    letters = drafts(ireland, "1", "thank-you", now="2026-11-17 13:00")
    assert [lt["body"].split("\n")[0] for lt in letters] == ["Dear Siobhán,", "Dear Declan,"]
    for letter in letters:
        assert problems(text(letter), role=IE) == []
        assert serious(letter) == []  # HPRA, CAPA, QMS, EDI are not shouting
        assert "yesterday" in letter["body"]  # sent Wednesday 18 November, 09:00
    assert "how you manage CAPA backlogs" in letters[1]["body"]


def test_ireland_follow_ups_go_to_the_agency_and_name_it(ireland: Followup) -> None:
    (inquiry,) = drafts(ireland, "1", "status-inquiry", now="2026-11-30 10:00")
    assert inquiry["body"].startswith("Dear Ciarán,")
    assert "Corrib Medical" in inquiry["body"]
    assert problems(text(inquiry), role=IE) == []
    (note,) = drafts(ireland, "1", "linkedin-connect", "--contact", "1", now="2026-11-20 10:00")
    assert "Clearwater Recruitment" in note["body"]
    assert "at Corrib Medical" not in note["body"]  # he is at the agency, not the client
    assert "interview" not in note["body"].lower()


# --- story 3: a panel of three in Singapore -------------------------------------------------------
SG = "Senior Data Engineer"


@pytest.fixture(scope="module")
def singapore(tmp_path_factory: pytest.TempPathFactory) -> Followup:
    f = _followup(tmp_path_factory, "singapore")
    f.ok(
        "me",
        "--name",
        "Nur Aisyah",
        "--email",
        "aisyah@example.sg",
        "--timezone",
        "Asia/Singapore",
        "--country",
        "SG",
    )
    f.ok("app", "add", "Lumen Pay", SG)
    f.ok(
        "contact",
        "add",
        "1",
        "Chua Wei Ling",
        "--email",
        "weiling@lumenpay.example",
        "--role",
        "hiring-manager",
        "--title",
        "Ms",
    )
    f.ok("contact", "add", "1", "Marcus Tan", "--email", "marcus@lumenpay.example")
    f.ok(
        "contact",
        "add",
        "1",
        "Tanya Rao",
        "--email",
        "tanya@lumenpay.example",
        "--role",
        "recruiter",
    )
    f.ok("interview", "add", "1", "--at", "2026-06-25 10:00", "--minutes", "30", "--format", "ai")
    return f  # fmt: skip


def test_singapore_an_ai_screening_thanks_the_recruiter_for_it(singapore: Followup) -> None:
    (letter,) = drafts(singapore, "1", "thank-you", "--strength",
                       "cut data latency from hours to minutes with Kafka at my last job",
                       now="2026-06-25 11:00")  # fmt: skip
    body = letter["body"]
    assert body.startswith("Dear Tanya,")
    assert "conversation" not in body
    assert "openly you described" not in body
    assert re.search(r"recorded|automated|online", body)
    assert "I cut data latency from hours to minutes with Kafka at my last job" in body
    assert problems(text(letter), role=SG) == []


@pytest.fixture(scope="module")
def panel(singapore: Followup) -> Followup:
    f = singapore
    f.ok(
        "interview",
        "add",
        "1",
        "--at",
        "2026-07-02 14:00",
        "--with",
        "1",
        "--with",
        "2",
        "--with",
        "3",
        now="2026-06-26 10:00",
    )
    debrief = Path(f.db).parent / "debrief.toml"
    debrief.write_text(
        'strengths = ["cut data latency from hours to minutes with Kafka at my last job",\n'
        '  "ran a diary study with 40 clinic patients",\n'
        '  "I built the research ops programme from scratch."]\n'
        'unaddressed = ["exactly-once semantics"]\n'
        "[topics]\n"
        '"Chua Wei Ling" = ["how research findings reach the roadmap"]\n'
        '"Marcus Tan" = ["their migration to kafka"]\n'
        '"Tanya Rao" = ["team culture"]\n',
        encoding="utf-8",
    )
    f.ok("debrief", "2", "--from", str(debrief), now="2026-07-02 16:00")
    return f


def test_singapore_each_panel_member_gets_their_own_letter(panel: Followup) -> None:
    letters = drafts(panel, "1", "thank-you", now="2026-07-02 16:00")
    assert len(letters) == 3
    chua, marcus, tanya = letters
    assert chua["body"].startswith("Dear Chua Wei Ling,")  # family name first: never "Dear Chua,"
    for letter in letters:
        assert problems(text(letter), role=SG) == []
        assert serious(letter) == []  # "programme" is right in Singapore
        assert "yesterday" in letter["body"]  # planned for Friday 3 July, 09:00
    assert "your migration to Kafka" in marcus["body"]
    assert "latency" in marcus["body"]  # the Kafka strength for the Kafka conversation
    assert "research ops programme" in chua["body"]  # research for the research topic
    cited = [frozenset(letter["body"].split("\n\n")[2:3]) for letter in letters]
    assert len(set(cited)) == 3  # three different strength paragraphs
    assert sum("exactly-once semantics" in lt["body"] for lt in letters) == 1  # offered once
    assert not sentences(chua) & sentences(marcus)
    assert not sentences(marcus) & sentences(tanya)


def test_singapore_greet_is_used_in_every_greeting(panel: Followup) -> None:
    panel.ok("contact", "edit", "1", "--greet", "Wei Ling")
    (letter,) = drafts(panel, "1", "thank-you", "--contact", "1", now="2026-07-02 16:00")
    assert letter["body"].startswith("Dear Wei Ling,")
    panel.ok("contact", "edit", "1", "--linkedin", "linkedin.com/in/chuaweiling")
    (note,) = drafts(panel, "1", "linkedin-connect", "--contact", "1", now="2026-07-06 10:00")
    assert re.match(r"(Hi|Hello) Wei Ling,", note["body"])


def test_singapore_private_notes_never_reach_a_letter(panel: Followup) -> None:
    panel.ok(
        "log",
        "1",
        "next-round",
        "--contact",
        "3",
        "--note",
        "Tanya invited me to a final round with Marcus",
        now="2026-07-06 10:00",
    )
    (reply,) = drafts(panel, "1", "respond-to-update", now="2026-07-06 10:00")
    assert reply["body"].startswith("Dear Tanya,")
    assert "invited me" not in reply["body"]
    assert "final round with Marcus" not in reply["body"]
    assert re.search(r"next (round|stage|step)", reply["body"])
    assert problems(text(reply), role=SG) == []


def test_singapore_a_second_round_letter_does_not_repeat_the_first(panel: Followup) -> None:
    (first,) = drafts(panel, "1", "thank-you", "--contact", "2", now="2026-07-02 16:00")
    panel.ok("interview", "add", "1", "--at", "2026-07-09 14:00", "--with", "2",
             now="2026-07-06 11:00")  # fmt: skip
    debrief = Path(panel.db).parent / "round3.toml"
    debrief.write_text(
        'strengths = ["cut data latency from hours to minutes with Kafka at my last job",\n'
        '  "I have five years of Spark"]\n'
        "[topics]\n"
        '"Marcus Tan" = ["She asked how I\'d design the ledger\'s event schema"]\n',
        encoding="utf-8",
    )
    panel.ok("debrief", "3", "--from", str(debrief), now="2026-07-09 16:00")
    (second,) = drafts(panel, "1", "thank-you", "--contact", "2", now="2026-07-09 16:00")
    assert re.search(r"again|once more", second["body"])
    assert "how I would design the ledger's event schema" in second["body"]
    assert "latency" not in second["body"]  # that strength was his first letter's
    assert "five years of Spark" in second["body"]
    assert not sentences(first) & sentences(second)
    assert problems(text(second), role=SG) == []
