"""``contact add/edit --greet``: stored, shown, cleared, refused when bad, used in letters."""

from __future__ import annotations

from tests.e2e.conftest import Followup

FACTS = ("--topic", "the new data platform", "--strength", "five years of Airflow in production")


def test_greet_is_kept_shown_and_cleared(interviewed: Followup) -> None:
    added = interviewed.json("contact", "add", "1", "Chua Wei Ling", "--greet", " Wei  Ling ")
    assert added["greet"] == "Wei Ling"
    assert 'Chua Wei Ling · interviewer, greet as "Wei Ling"' in interviewed.ok(
        "contact", "list", "1"
    )
    assert 'greet as "Wei Ling"' in interviewed.ok("app", "show", "1")
    listed = interviewed.json("contact", "list", "1")["contacts"]
    assert [c["greet"] for c in listed] == [None, "Wei Ling"]
    assert interviewed.json("contact", "edit", "2", "--greet", "Dr Chua")["greet"] == "Dr Chua"
    kept = interviewed.json("contact", "edit", "2", "--phone", "0207")
    assert kept["greet"] == "Dr Chua"
    assert interviewed.json("contact", "edit", "2", "--greet", "")["greet"] is None
    assert "greet as" not in interviewed.ok("contact", "list", "1")


def test_a_bad_greet_is_exit_2_with_one_line_and_nothing_written(interviewed: Followup) -> None:
    interviewed.ok("today")  # the plan cache is settled, so only the edit could write
    before = interviewed.fingerprint()
    for args in (
        ("contact", "edit", "1", "--greet", "Jane\nDoe"),
        ("contact", "edit", "1", "--greet", "J" * 81),
        ("contact", "add", "1", "Sam Lee", "--greet", "Sam\x07"),
    ):
        result = interviewed(*args)
        assert result.code == 2, args
        assert result.out == ""
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert result.err.startswith("error: greet")
    assert interviewed.fingerprint() == before


def test_every_greeting_uses_greet_and_an_unclear_name_is_written_in_full(
    interviewed: Followup,
) -> None:
    interviewed.ok("contact", "edit", "1", "--name", "Chua Wei Ling", "--title", "Ms")
    (letter,) = interviewed.json("draft", "1", "thank-you", *FACTS)["messages"]
    assert letter["body"].startswith("Dear Chua Wei Ling,")  # not "Dear Chua,"
    interviewed.ok("me", "--formal")
    (letter,) = interviewed.json("draft", "1", "thank-you", *FACTS)["messages"]
    assert letter["body"].startswith("Dear Chua Wei Ling,")  # not "Dear Ms Ling,"

    interviewed.ok("contact", "edit", "1", "--greet", "Ms Chua")
    (letter,) = interviewed.json("draft", "1", "thank-you", *FACTS)["messages"]
    assert letter["body"].startswith("Dear Ms Chua,")
    interviewed.ok("me", "--informal")
    interviewed.ok("contact", "edit", "1", "--greet", "Wei Ling")
    (letter,) = interviewed.json("draft", "1", "thank-you", *FACTS)["messages"]
    assert letter["body"].startswith("Dear Wei Ling,")
    (note,) = interviewed.json("draft", "1", "linkedin-connect", "--topic", "data contracts")[
        "messages"
    ]
    assert "Wei Ling," in note["body"]
    assert "Chua," not in note["body"]
