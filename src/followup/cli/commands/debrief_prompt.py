"""The interactive debrief: one question at a time, each skippable, for someone just out of
the room.

Empty answers skip. Re-running edits: a value already recorded is offered as the default
(Enter keeps it, ``-`` clears it), and recorded lists are shown with the choice to keep them
before more items are added. A typo in a rating or a date asks again rather than losing what
was typed so far; the answers are checked once more by the service when saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import click

from followup.domain import phrasing
from followup.domain.errors import BadInput
from followup.domain.model import Debrief, QuestionAnswer, Rapport
from followup.domain.phrasing import Role
from followup.services import inputs
from followup.services.debrief_input import rating
from followup.services.debriefs import DebriefSubject

T = TypeVar("T")
CLEAR = "-"


def ask_debrief(subject: DebriefSubject) -> Debrief:
    """Everything DESIGN section 2 lists for a debrief, in the order it comes back to mind."""
    current = subject.interview.debrief or Debrief()
    click.echo(
        f"Debrief of interview {subject.interview.id} ({subject.application.company}). "
        "Press Enter to skip a question or keep the [value] shown; type - to clear one."
    )
    questions = _questions(current.questions)
    strengths = _items("Strength you showed", current.strengths, Role.STRENGTH)
    stumbles = _items("Where you stumbled", current.stumbles)
    demeanour = _ask("Your demeanour, 1-5", current.demeanour, str, _rating("demeanour"))
    asked = {c.id for c in subject.interviewers}
    topics = [(cid, ts) for cid, ts in current.topics if cid not in asked]
    rapport = [(cid, r) for cid, r in current.rapport if cid not in asked]
    had_topics, had_rapport = dict(current.topics), dict(current.rapport)
    for contact in subject.interviewers:
        discussed = _items(
            f"Topic discussed with {contact.name}", had_topics.get(contact.id, ()), Role.TOPIC
        )
        if discussed:
            topics.append((contact.id, discussed))
        word = _ask(
            f"Rapport with {contact.name} (good/neutral/poor)",
            had_rapport.get(contact.id),
            lambda r: r.label,
            lambda text: inputs.choice(Rapport, text, "rapport"),
        )
        if word is not None:
            rapport.append((contact.id, word))
    unaddressed = _items("Point left unaddressed", current.unaddressed, Role.POINT)
    cues = _items("Cue of interest or concern from them", current.cues)
    next_steps = _ask("What they said about next steps", current.next_steps, str, str)
    decision = _ask(
        "The date they said they would decide by",
        current.decision_date,
        date.isoformat,
        lambda text: inputs.parse_date(text, "decision date"),
    )
    return Debrief(
        questions=questions,
        strengths=strengths,
        stumbles=stumbles,
        demeanour=demeanour,
        topics=tuple(topics),
        unaddressed=unaddressed,
        cues=cues,
        rapport=tuple(rapport),
        next_steps=next_steps,
        decision_date=decision,
    )


def _rating(what: str) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise BadInput(f"{what} must be a whole number from 1 to 5, not {text!r}") from None
        return rating(number, what)

    return convert


def _ask(
    label: str, current: T | None, show: Callable[[T], str], convert: Callable[[str], T]
) -> T | None:
    """One optional value: Enter keeps ``current`` (or skips), ``-`` clears, else converted."""
    default = "" if current is None else show(current)
    while True:
        text: str = click.prompt(label, default=default, show_default=bool(default)).strip()
        if not text or text == CLEAR:
            return None if text == CLEAR or current is None else current
        try:
            return convert(text)
        except BadInput as exc:
            click.echo(f"  {exc.message}", err=True)


def _keep(label: str, items: list[str]) -> bool:
    click.echo(f"{label}, recorded so far:")
    for item in items:
        click.echo(f"  - {item}")
    return click.confirm("Keep these?", default=True)


def _items(label: str, current: tuple[str, ...], role: Role | None = None) -> tuple[str, ...]:
    """A list, one item per prompt, empty to finish; what was recorded may be kept first.

    An item a letter will quote (``role``) is shown in the sentence it will go into, and
    one no sentence can carry is explained and asked again, not kept."""
    items = list(current) if current and _keep(label, list(current)) else []
    if role is not None and not items:
        click.echo(f"  ({phrasing.EXAMPLES[role]})")
    while True:
        text: str = click.prompt(
            f"{label} (empty to finish)", default="", show_default=False
        ).strip()
        if not text:
            return tuple(items)
        if role is not None:
            try:
                found = phrasing.shape(text, role)
            except phrasing.Unfit as exc:
                click.echo(f"  {exc.message}", err=True)
                continue
            click.echo(f"  in a letter: {phrasing.preview(found, role)}")
        items.append(text)


def _questions(current: tuple[QuestionAnswer, ...]) -> tuple[QuestionAnswer, ...]:
    asked: list[QuestionAnswer] = []
    if current and _keep("Questions", [q.question for q in current]):
        asked = list(current)
    while True:
        question: str = click.prompt(
            "Question asked (empty to finish)", default="", show_default=False
        ).strip()
        if not question:
            return tuple(asked)
        answer: str = click.prompt("Your answer", default="", show_default=False).strip()
        confidence = _ask("How well you answered it, 1-5", None, str, _rating("confidence"))
        asked.append(QuestionAnswer(question, answer, confidence))
