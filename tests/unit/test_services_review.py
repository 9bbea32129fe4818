"""The review use case over the fake store (issue 11): what the record makes known, which
English the user spells in, and the days a draft's time words are judged against."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from followup.domain.errors import NotFound
from followup.domain.messages import Message, MessageKind
from followup.domain.model import Application, Contact, Debrief, Interview, Profile, QuestionAnswer
from followup.domain.review import Category, Dialect, Finding, LetterDates, Severity
from followup.services import drafting
from followup.services.context import Context
from followup.services.review import dialect_of, known_words_for, letter_dates, review_text
from tests.unit.fakes import FakeStore, context

DEBRIEF = Debrief(
    questions=(QuestionAnswer("How would you test a Kafka consumer?", "With testcontainerz."),),
    strengths=("Shipped the research ops programme from scratch.",),
    stumbles=("rambled on the HPRA question",),
    topics=((1, ("exactly-once delivery of EDI messages",)),),
    unaddressed=("my CAPA backlog at Medtronix",),
    cues=("Wei Ling asked twice about notice periods",),
    next_steps="Decision by Friday from Marcus.",
)


def setup(country: str | None = "SG", debrief: Debrief | None = DEBRIEF) -> tuple[Context, int]:
    store = FakeStore()
    with store.transaction():
        store.save_profile(
            Profile(
                name="Nur Aisyah",
                email="aisyah@example.sg",
                timezone="Asia/Singapore",
                country=country,
            )
        )
        app = store.add_application(
            Application(id=0, company="Helix Health", role="Senior UX Researcher")
        )
        tanya = store.add_contact(Contact(id=0, application_id=app.id, name="Tanya Lim"))
        store.add_interview(
            Interview(
                id=0,
                application_id=app.id,
                start=datetime(2026, 7, 2, 2, 0, tzinfo=UTC),
                interviewer_ids=(tanya.id,),
                debrief=debrief,
            )
        )
    return context(store), app.id


def test_the_debrief_words_are_known_as_the_user_typed_them() -> None:
    ctx, app_id = setup()
    known = known_words_for(ctx, app_id)
    for word in ("programme", "testcontainerz", "HPRA", "exactly-once", "EDI", "CAPA",
                 "Medtronix", "Wei", "Marcus", "Kafka", "Helix", "Tanya", "Aisyah"):  # fmt: skip
        assert word in known, word
    # A capital that only starts a sentence is not a name's: the capital rules still see
    # a pasted "about how Shipped the ..." (the word stays known, in lower case).
    assert "shipped" in known
    assert "Shipped" not in known


def test_without_a_debrief_the_names_are_still_known() -> None:
    ctx, app_id = setup(debrief=None)
    known = known_words_for(ctx, app_id)
    assert {"Helix Health", "Senior UX Researcher", "Tanya Lim", "Nur Aisyah"} <= known
    assert "programme" not in known


def test_an_unknown_application_is_not_found() -> None:
    ctx, _ = setup()
    with pytest.raises(NotFound):
        known_words_for(ctx, 99)


@pytest.mark.parametrize(
    ("country", "dialect"),
    [("SG", Dialect.BRITISH), ("US", Dialect.AMERICAN), ("AU", Dialect.AUSTRALIAN),
     (None, Dialect.AMERICAN)],
)  # fmt: skip
def test_the_dialect_comes_from_the_profiles_country(country: str | None, dialect: Dialect) -> None:
    ctx, _ = setup(country)
    assert dialect_of(ctx) is dialect
    assert dialect_of(context(FakeStore())) is Dialect.AMERICAN  # no profile yet


def test_letter_dates_from_a_drafts_facts() -> None:
    assert letter_dates({"send_day": "2026-07-06", "met_day": "2026-07-02"}) == LetterDates(
        date(2026, 7, 6), date(2026, 7, 2)
    )
    assert letter_dates({"send_day": "2026-07-06T09:00:00+08:00"}) == LetterDates(
        date(2026, 7, 6), None
    )
    assert letter_dates({"send_day": date(2026, 7, 6), "met_day": "junk"}) == LetterDates(
        date(2026, 7, 6), None
    )
    assert letter_dates({"met_day": "2026-07-02"}) is None
    assert letter_dates({"send_day": "Monday"}) is None
    assert letter_dates({}) is None


class Recorder:
    """A ``Reviewer`` that finds nothing and remembers what it was asked."""

    def __init__(self, found: list[Finding] | None = None) -> None:
        self.dialects: list[Dialect] = []
        self.found = found or []

    def review(
        self,
        text: str,
        *,
        kind: str | None,
        known_words: frozenset[str],
        dialect: Dialect = Dialect.AMERICAN,
    ) -> list[Finding]:
        self.dialects.append(dialect)
        return list(self.found)


LETTER = (
    "Dear Tanya,\n\nThank you for speaking with me today about the Senior UX Researcher "
    "role. I am very interested in it.\n\nKind regards,\nNur Aisyah\naisyah@example.sg\n"
)


def draft(ctx: Context, app_id: int, facts: dict[str, object]) -> Message:
    return Message(
        id=0,
        application_id=app_id,
        kind=MessageKind.THANK_YOU,
        contact_id=None,
        to="tanya@example.org",
        subject="Thank you",
        body=LETTER,
        created_at=ctx.now,
        facts=tuple(sorted(facts.items())),
    )


def test_a_draft_is_reviewed_on_its_send_day_in_the_users_dialect() -> None:
    ctx, app_id = setup("SG")
    engine = Recorder()
    planned = draft(ctx, app_id, {"send_day": "2026-07-06", "met_day": "2026-07-02"})
    (found,) = drafting.review(ctx, [planned], [engine])
    wrong = [f for f in found if f.category is Category.FACTS]
    assert [(f.severity, f.suggestion) for f in wrong] == [(Severity.WARNING, "on Thursday")]
    assert engine.dialects == [Dialect.BRITISH]
    same_day = draft(ctx, app_id, {"send_day": "2026-07-02", "met_day": "2026-07-02"})
    assert not [f for f in drafting.review(ctx, [same_day])[0] if f.category is Category.FACTS]
    # A draft whose facts carry no days (drafted before they were recorded): not judged.
    undated = draft(ctx, app_id, {"topic": "the research repository"})
    assert not [f for f in drafting.review(ctx, [undated])[0] if f.category is Category.FACTS]


def test_an_engines_advice_on_a_technical_compound_is_dropped() -> None:
    text = "We built exactly-once delivery for highly-motivated teams."
    at, other = text.index("exactly-"), text.index("highly-")
    engine = Recorder(
        [
            Finding(Category.GRAMMAR, Severity.WARNING, "no hyphen after -ly", at, at + 8),
            Finding(Category.GRAMMAR, Severity.WARNING, "no hyphen after -ly", other, other + 7),
        ]
    )
    found = review_text(text, kind=None, known_words=frozenset(), reviewers=[engine])
    assert [text[f.start : f.end] for f in found] == ["highly-"]
