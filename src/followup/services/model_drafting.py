"""A letter worded by the user's language model, shown only when it holds to the facts.

The model gets the facts the template renders (``domain.model_prompt``), and its letter is
read against them (``domain.model_guard``) and by followup's own review; the review's
errors refuse it like the guard's objections. A refused letter is asked for once more with
the objections as feedback, then the template's letter is used, with the reasons: the user
always gets a letter, and never one the guard did not pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from followup.domain import model_guard, model_prompt
from followup.domain.errors import ModelFailed
from followup.domain.messages import MessageKind
from followup.services.ports import LetterModel

TRIES = 2  # the first letter, and one more with the objections as feedback
TEMPLATE = "template"


@dataclass(frozen=True)
class Written:
    """The letter kept, who wrote it (``template`` or ``model:NAME``), why a model's letter
    was refused, and what asking the model took."""

    subject: str
    body: str
    writer: str
    refused: tuple[str, ...] = ()
    seconds: float = 0.0
    input_tokens: int | None = None
    output_tokens: int | None = None
    tries: int = 0

    def facts(self) -> dict[str, object]:
        """What the message keeps of it among its facts (shown by ``--json``)."""
        return {
            "writer": self.writer,
            "refused": list(self.refused),
            "model_seconds": round(self.seconds, 3),
            "model_tokens": [self.input_tokens, self.output_tokens],
            "model_tries": self.tries,
        }


def write(
    model: LetterModel,
    kind: MessageKind,
    facts: Mapping[str, object],
    template: tuple[str, str],
    examples: Sequence[str],
    vet: Callable[[str], list[str]],
) -> Written:
    """Ask ``model`` for the letter, guard it, ask once more with the objections, else keep
    ``template`` (subject, body) with the reasons. ``vet`` is the review's errors over a
    letter (``Subject:`` line, blank line, body)."""
    prompt = model_prompt.build(kind.value, facts, examples, context=model.context)
    reasons: list[str] = []
    seconds, given, taken, tries = 0.0, 0, 0, 0
    counted = False
    for _ in range(TRIES):
        tries += 1
        try:
            answer = model.write(prompt)
        except ModelFailed as exc:
            reasons = [exc.message]
            break
        seconds += answer.seconds
        if answer.input_tokens is not None or answer.output_tokens is not None:
            counted = True
            given += answer.input_tokens or 0
            taken += answer.output_tokens or 0
        subject, body = parsed(answer.text, kind, template[0])
        letter = f"Subject: {subject}\n\n{body}"
        reasons = [o.message for o in model_guard.check(letter, facts, kind.value)]
        reasons += [r for r in vet(letter) if r not in reasons]
        if not reasons:
            return Written(
                subject, body, f"model:{model.name}", (), seconds,
                given if counted else None, taken if counted else None, tries,
            )  # fmt: skip
        prompt = model_prompt.build(
            kind.value, facts, examples,
            feedback=model_guard.feedback(reasons), context=model.context,
        )  # fmt: skip
    return Written(
        template[0], template[1], TEMPLATE, tuple(reasons), seconds,
        given if counted else None, taken if counted else None, tries,
    )  # fmt: skip


_FENCE = re.compile(r"^```[\w-]*\s*$", re.MULTILINE)


def parsed(text: str, kind: MessageKind, fallback_subject: str) -> tuple[str, str]:
    """Subject and body from what a model wrote: code fences and a preamble before the
    ``Subject:`` line dropped; without a subject, the template's; a LinkedIn note as the
    one paragraph LinkedIn takes."""
    text = _FENCE.sub("", text.replace("\r\n", "\n")).strip()
    found = re.search(r"^\s*\**subject:\**\s*(.+)$", text, re.IGNORECASE | re.MULTILINE)
    if found:
        subject = found.group(1).strip().strip("*").strip()
        body = text[found.end() :].strip()
    else:
        subject, body = fallback_subject, text
    if kind is MessageKind.LINKEDIN_NOTE:
        return subject, " ".join(body.split()) + "\n"
    body = re.sub(r"\n{3,}", "\n\n", body)
    return subject or fallback_subject, body + "\n"
