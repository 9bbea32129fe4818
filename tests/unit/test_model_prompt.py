"""What a language model is told: the facts a template would print, and nothing private."""

from __future__ import annotations

from followup.domain import drafting, model_prompt
from followup.domain.messages import MessageKind
from tests.unit import drafting_data as d
from tests.unit.test_templates_golden import CASES


def _prompt(case: str, examples: tuple[str, ...] = ()) -> model_prompt.Prompt:
    kind, contact, hist, now, supplied = CASES[case]
    facts = drafting.gather(hist, d.PROFILE, kind, contact, now, supplied).values
    return model_prompt.build(kind.value, facts, examples)


def test_the_prompt_names_the_facts_the_template_uses() -> None:
    text = _prompt("thank-you.priya").text
    for line in (
        "Purpose: thank the recipient for the interview",
        "- Recipient: Priya Shah",
        "- Greeting to use: Dear Priya,",
        "- Company: Northwind Labs",
        "- Role applied for: Senior Data Engineer",
        "- When you met, as said on the day the letter is sent: yesterday",
        "- What you discussed with the recipient: moving the nightly batch jobs to streaming",
        "- Your strength that fits the role: five years of running Spark and Airflow",
        "- Your email: alex.morgan@example.org",
        "- How you know the recipient: they interviewed you",
    ):
        assert line in text


def test_private_notes_never_reach_the_model() -> None:
    """The debrief's stumbles, next steps and other people's items are the user's own."""
    prompt = _prompt("thank-you.priya")
    sent = prompt.system + prompt.text
    for private in (
        d.DEBRIEF.next_steps,
        *d.DEBRIEF.stumbles,
        "how the team tests its Airflow pipelines",  # Tom's topic, not Priya's
        "cutting a warehouse bill",  # a strength the letter to Priya does not use
        "+44 20 7946 0101",  # her phone: for a call script only
    ):
        assert private not in sent


def test_the_channel_limits_are_in_the_rules() -> None:
    assert "at most 200 characters (never more than 300)" in _prompt("linkedin-note").system
    assert "at most 150 words" in _prompt("status-inquiry").system
    assert "voicemail" in _prompt("phone-script").system


def test_style_examples_and_feedback_are_appended() -> None:
    kind, contact, hist, now, supplied = CASES["thank-you.tom"]
    facts = drafting.gather(hist, d.PROFILE, kind, contact, now, supplied).values
    prompt = model_prompt.build(
        MessageKind.THANK_YOU.value, facts, ("EXAMPLE ONE", "EXAMPLE TWO", "THREE"),
        feedback="Your letter was refused for these reasons:\n- x",
    )  # fmt: skip
    assert "EXAMPLE ONE" in prompt.text
    assert "EXAMPLE TWO" in prompt.text
    assert "THREE" not in prompt.text  # one or two examples, not a corpus
    assert prompt.text.index("EXAMPLE TWO") < prompt.text.index("Your letter was refused")


def test_every_kind_has_a_purpose() -> None:
    assert {k.value for k in MessageKind} <= set(model_prompt.PURPOSES)
