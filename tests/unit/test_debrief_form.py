"""The web's debrief form read by the same rules as the debrief file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from followup.domain.errors import BadInput
from followup.domain.kinds import Rapport
from followup.domain.model import Contact, Interview, QuestionAnswer
from followup.services.debrief_input import from_form

JANE = Contact(id=1, application_id=1, name="Jane Doe")
SAM = Contact(id=2, application_id=1, name="Sam Lee")
ROUND = Interview(
    id=1, application_id=1, start=datetime(2026, 11, 23, 8, 30, tzinfo=UTC), interviewer_ids=(1,)
)


def test_every_field_is_read() -> None:
    debrief = from_form(
        {
            "questions": "Why us? | the data | 4\n\n  A bug you fixed  \n",
            "strengths": "pipelines\nmentoring",
            "stumbles": "Kafka",
            "unaddressed": "on-call",
            "cues": "nodded",
            "demeanour": "3",
            "topics_1": "streaming\nbatch",
            "rapport_1": "good",
            "rapport_2": "",
            "next_steps": " a call with the CTO ",
            "decision_date": "2026-12-04",
        },
        ROUND,
        [JANE, SAM],
    )
    assert debrief.questions == (
        QuestionAnswer("Why us?", "the data", 4),
        QuestionAnswer("A bug you fixed", "", None),
    )
    assert debrief.strengths == ("pipelines", "mentoring")
    assert (debrief.stumbles, debrief.unaddressed, debrief.cues) == (
        ("Kafka",),
        ("on-call",),
        ("nodded",),
    )
    assert debrief.demeanour == 3
    assert debrief.topics == ((1, ("streaming", "batch")),)
    assert debrief.rapport == ((1, Rapport.GOOD),)
    assert debrief.next_steps == "a call with the CTO"
    assert debrief.decision_date == date(2026, 12, 4)


def test_an_empty_form_is_an_empty_debrief() -> None:
    debrief = from_form({}, ROUND, [JANE])
    assert debrief.questions == ()
    assert debrief.demeanour is None
    assert debrief.decision_date is None


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"questions": "Q | A | 6"}, "from 1 to 5"),
        ({"questions": "Q | A | high"}, "whole number"),
        ({"questions": "Q | A | 3 | extra"}, "question | answer | confidence"),
        ({"questions": " | an answer"}, "questions line 1"),
        ({"demeanour": "0"}, "demeanour"),
        ({"rapport_1": "great"}, "rapport with Jane Doe"),
        ({"decision_date": "soon"}, "decision_date"),
    ],
)
def test_bad_input_is_one_clear_line(form: dict[str, str], words: str) -> None:
    with pytest.raises(BadInput, match=words):
        from_form(form, ROUND, [JANE])
