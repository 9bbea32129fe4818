"""The model drafting use case with a fake ``LetterModel``: ask, guard, retry once, fall back.

The whole path through real ``llm`` and its plugin hooks is in tests/e2e/test_model_drafting.py;
here the decisions, one by one.
"""

from __future__ import annotations

from collections.abc import Mapping

from followup.domain import drafting
from followup.domain.errors import ModelFailed
from followup.domain.messages import MessageKind
from followup.domain.model_prompt import Answer, Prompt
from followup.services import model_drafting
from tests.unit import drafting_data as d
from tests.unit.test_model_guard import BAD, GOOD
from tests.unit.test_templates_golden import CASES

KIND = MessageKind.THANK_YOU


def _facts() -> Mapping[str, object]:
    kind, contact, hist, now, supplied = CASES["thank-you.priya"]
    return drafting.gather(hist, d.PROFILE, kind, contact, now, supplied).values


TEMPLATE = ("Thank you", "Dear Priya,\n\nThe template's letter.\n")
GOOD_LETTER = next(c for c in GOOD if c.name == "ty-plain").letter
INVENTED = next(c for c in BAD if c.name == "employer").letter


class Scripted:
    """A model that answers from a script, one answer (or failure) per try."""

    name = "scripted"
    context: int | None = None

    def __init__(self, *answers: str | ModelFailed) -> None:
        self.answers = list(answers)
        self.prompts: list[Prompt] = []

    def write(self, prompt: Prompt) -> Answer:
        self.prompts.append(prompt)
        answer = self.answers.pop(0)
        if isinstance(answer, ModelFailed):
            raise answer
        return Answer(answer, 0.5, 100, 50)

    def close(self) -> None:
        pass


def _write(model: Scripted, vet_errors: tuple[str, ...] = ()) -> model_drafting.Written:
    return model_drafting.write(
        model, KIND, _facts(), TEMPLATE, ["an example"], lambda letter: list(vet_errors)
    )


def test_a_good_letter_is_kept_at_the_first_try() -> None:
    model = Scripted(GOOD_LETTER)
    written = _write(model)
    assert written.writer == "model:scripted"
    assert written.refused == ()
    assert f"Subject: {written.subject}\n\n{written.body}" == GOOD_LETTER
    assert (written.tries, written.input_tokens, written.output_tokens) == (1, 100, 50)


def test_an_invented_fact_is_fed_back_and_the_second_letter_kept() -> None:
    model = Scripted(INVENTED, GOOD_LETTER)
    written = _write(model)
    assert written.writer == "model:scripted"
    assert written.tries == 2
    assert (written.input_tokens, written.output_tokens, written.seconds) == (200, 100, 1.0)
    retry = model.prompts[1].text
    assert "Your letter was refused" in retry
    assert "the model added 'Google', which is not in your record" in retry


def test_two_refusals_give_the_template_with_the_last_reasons() -> None:
    written = _write(Scripted(INVENTED, INVENTED))
    assert (written.subject, written.body) == TEMPLATE
    assert written.writer == "template"
    assert written.refused == ("the model added 'Google', which is not in your record",)


def test_the_reviews_errors_refuse_a_letter_too() -> None:
    written = _write(Scripted(GOOD_LETTER, GOOD_LETTER), ("followup's review: too pushy",))
    assert written.writer == "template"
    assert written.refused == ("followup's review: too pushy",)


def test_a_failing_model_is_not_asked_again() -> None:
    model = Scripted(ModelFailed("the model scripted gave no letter within 1 s"), GOOD_LETTER)
    written = _write(model)
    assert written.writer == "template"
    assert written.refused == ("the model scripted gave no letter within 1 s",)
    assert len(model.prompts) == 1


def test_a_models_chatter_and_fences_are_dropped() -> None:
    text = "Here is your letter:\n```\n" + GOOD_LETTER + "```\n"
    subject, body = model_drafting.parsed(text, KIND, "fallback")
    assert f"Subject: {subject}\n\n{body}" == GOOD_LETTER


def test_a_letter_without_a_subject_takes_the_templates() -> None:
    subject, body = model_drafting.parsed("Dear Priya,\n\nThanks.\n", KIND, "Thank you")
    assert (subject, body) == ("Thank you", "Dear Priya,\n\nThanks.\n")


def test_a_linkedin_note_is_one_paragraph() -> None:
    subject, body = model_drafting.parsed(
        "Hi Priya,\n\nthanks again.\nAlex", MessageKind.LINKEDIN_NOTE, "LinkedIn"
    )
    assert (subject, body) == ("LinkedIn", "Hi Priya, thanks again. Alex\n")
