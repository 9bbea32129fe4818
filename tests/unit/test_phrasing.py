"""Debrief items as people type them, read into the forms letters use (domain/phrasing).

The table holds real-world phrasings (the shapes seen in the letters issue and in the letters
benchmark's stories): each with the noun form and the clause a letter may use, or None where
English has none. The properties hold over generated items: what a letter carries never
starts with a bare past tense, never doubles a word at the seam, and is refused rather than
pasted when no form exists.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import lexicon
from followup.domain.phrasing import Phrase, Role, Shape, Unfit, fits, shape
from tests.hypothesis_profiles import examples

S, T, P = Role.STRENGTH, Role.TOPIC, Role.POINT

# (role, typed) -> (shape, noun form, clause)
TABLE: list[tuple[Role, str, Shape, str | None, str | None]] = [
    # strengths: verb phrases in the past, the way people list achievements
    (S, "ran a diary study with 40 clinic patients", Shape.PAST,
     "running a diary study with 40 clinic patients",
     "I ran a diary study with 40 clinic patients"),
    (S, "cut data latency from hours to minutes with Kafka at my last job", Shape.PAST,
     "cutting data latency from hours to minutes with Kafka at my last job",
     "I cut data latency from hours to minutes with Kafka at my last job"),
    (S, "Led CAPA investigations at a Class III device maker", Shape.PAST,
     "leading CAPA investigations at a Class III device maker",
     "I led CAPA investigations at a Class III device maker"),
    (S, "mentored 4 junior engineers", Shape.PAST, "mentoring 4 junior engineers",
     "I mentored 4 junior engineers"),
    (S, "onboarded 12 enterprise customers", Shape.PAST, "onboarding 12 enterprise customers",
     "I onboarded 12 enterprise customers"),
    (S, "successfully migrated 200 services to Kubernetes", Shape.PAST,
     "successfully migrating 200 services to Kubernetes",
     "I successfully migrated 200 services to Kubernetes"),
    # whole first-person sentences, with and without the full stop
    (S, "I built the research ops programme from scratch.", Shape.SENTENCE,
     "building the research ops programme from scratch",
     "I built the research ops programme from scratch"),
    (S, "I've led two QMS migrations", Shape.SENTENCE, "leading two QMS migrations",
     "I have led two QMS migrations"),
    (S, "I have five years of Python", Shape.SENTENCE, "five years of Python",
     "I have five years of Python"),
    (S, "I'm calm under pressure", Shape.SENTENCE, None, "I am calm under pressure"),
    (S, "my team shipped the app in six weeks", Shape.SENTENCE, None,
     "my team shipped the app in six weeks"),
    (S, "i rebuilt the data quality checks after a bad incident", Shape.SENTENCE,
     "rebuilding the data quality checks after a bad incident",
     "I rebuilt the data quality checks after a bad incident"),
    # noun phrases and gerunds
    (S, "five years of running Spark and Airflow pipelines in production", Shape.NOUN,
     "five years of running Spark and Airflow pipelines in production",
     "I have five years of running Spark and Airflow pipelines in production"),
    (S, "stakeholder management", Shape.NOUN, "stakeholder management", None),
    (S, "design systems", Shape.NOUN, "design systems", None),
    (S, "- experience with HPRA inspections", Shape.NOUN, "experience with HPRA inspections",
     "I have experience with HPRA inspections"),
    (S, "Running a diary study", Shape.GERUND, "running a diary study",
     "I have run a diary study"),
    (S, "hiring five engineers in a quarter", Shape.GERUND,
     "hiring five engineers in a quarter", "I have hired five engineers in a quarter"),
    # bare verbs, adjectives, and what people say they "showed"
    (S, "build dashboards people use", Shape.VERB, "building dashboards people use",
     "I can build dashboards people use"),
    (S, "keep SLOs honest", Shape.VERB, "keeping SLOs honest", "I can keep SLOs honest"),
    (S, "turn messy event data into tables analysts trust", Shape.VERB,
     "turning messy event data into tables analysts trust",
     "I can turn messy event data into tables analysts trust"),
    (S, "comfortable with ambiguity", Shape.ADJECTIVE, None, "I am comfortable with ambiguity"),
    (S, "showed my experience with GDPR audits", Shape.NOUN, "my experience with GDPR audits",
     None),
    (S, "I think I showed that I ran a diary study", Shape.SENTENCE, "running a diary study",
     "I ran a diary study"),
    # topics: wh-clauses, questions, talk about the talk, lower case, their -> your
    (T, "how research findings reach the roadmap", Shape.WH,
     "how research findings reach the roadmap", None),
    (T, "their migration to kafka", Shape.NOUN, "your migration to Kafka", None),
    (T, "We talked about their move to Kafka", Shape.NOUN, "your move to Kafka", None),
    (T, "She asked how I'd handle on-call.", Shape.WH, "how I would handle on-call",
     "I would handle on-call"),
    (T, "How do they test Airflow DAGs?", Shape.WH, "how you test Airflow DAGs", None),
    (T, "What does the team use for CI?", Shape.WH, "what the team uses for CI", None),
    (T, "Why is the migration late?", Shape.WH, "why the migration is late", None),
    (T, "move nightly batch jobs to streaming", Shape.VERB,
     "moving nightly batch jobs to streaming", None),
    (T, "discussed the on-call rota", Shape.NOUN, "the on-call rota", None),
    (T, "they are moving to Kafka next year", Shape.SENTENCE,
     "how you are moving to Kafka next year", None),
    (T, "she leads the platform team", Shape.SENTENCE, "how you lead the platform team", None),
    (T, "a long discussion about CAPA backlogs", Shape.NOUN, "CAPA backlogs", None),
    # points left open
    (P, "didn't get to talk about my GDPR audit work", Shape.NOUN, "my GDPR audit work", None),
    (P, "I couldn't explain how I'd shard the orders table", Shape.WH,
     "how I would shard the orders table", "I would shard the orders table"),
    (P, "ran out of time for the system design question", Shape.NOUN,
     "the system design question", None),
    (P, "the EDI integration was not covered", Shape.NOUN, "the EDI integration", None),
    (P, "never got to explain the recall I handled", Shape.NOUN, "the recall I handled", None),
    # typed in a hurry: no apostrophes, the question about the point, the audience of a story
    (P, "didnt really answer the question about A/B test power calculations", Shape.NOUN,
     "A/B test power calculations", None),
    (P, "did not answer the question on power calculations well", Shape.NOUN,
     "power calculations", None),
    (P, "dont think i explained my stakeholder work well", Shape.NOUN, "my stakeholder work",
     None),
    (P, "couldnt explain how i'd size the sample", Shape.WH, "how I would size the sample",
     "I would size the sample"),
    (P, "I should have talked more about accessibility", Shape.NOUN, "accessibility", None),
    (P, "should've explained more about my research process", Shape.NOUN,
     "my research process", None),
    (P, "blanked on the SQL window functions question", Shape.NOUN,
     "the SQL window functions question", None),
    (S, "I walked them through how i rebuilt our churn dashboard in looker", Shape.SENTENCE,
     "rebuilding our churn dashboard in Looker", "I rebuilt our churn dashboard in Looker"),
    (S, "told them about the time i cut our aws bill in half", Shape.SENTENCE,
     "cutting our AWS bill in half", "I cut our AWS bill in half"),
    (S, "walked the panel through my churn model", Shape.NOUN, "my churn model", None),
    # two things done: both verbs made gerunds; a second subject: no noun form at all
    (S, "led the migration and cut costs by 40%", Shape.PAST,
     "leading the migration and cutting costs by 40%", "I led the migration and cut costs by 40%"),
    (S, "designed and shipped the onboarding flow", Shape.PAST,
     "designing and shipping the onboarding flow", "I designed and shipped the onboarding flow"),
    (S, "wrote the spec and then led the build", Shape.PAST,
     "writing the spec and then leading the build", "I wrote the spec and then led the build"),
    (S, "i redesigned the checkout flow at my last job and conversion went up 18%",
     Shape.SENTENCE, None,
     "I redesigned the checkout flow at my last job and conversion went up 18%"),
    (S, "built dashboards and reports for sales", Shape.PAST,
     "building dashboards and reports for sales", "I built dashboards and reports for sales"),
    (T, "their plan to move reporting from excel to dbt", Shape.NOUN,
     "your plan to move reporting from Excel to dbt", None),
    (S, "learned to excel under pressure", Shape.PAST, "learning to excel under pressure",
     "I learned to excel under pressure"),
    (T, "how they moved from python to rust", Shape.WH, "how you moved from Python to rust",
     None),
]  # fmt: skip


@pytest.mark.parametrize(("role", "typed", "kind", "noun", "clause"), TABLE, ids=str)
def test_each_real_world_phrasing_gets_the_forms_a_letter_needs(
    role: Role, typed: str, kind: Shape, noun: str | None, clause: str | None
) -> None:
    found = shape(typed, role)
    assert (found.shape, found.noun, found.clause) == (kind, noun, clause)


def test_the_table_holds_twenty_phrasings_of_strengths_and_of_topics() -> None:
    assert sum(1 for row in TABLE if row[0] is S) >= 20
    assert sum(1 for row in TABLE if row[0] is not S) >= 15


@pytest.mark.parametrize(
    ("role", "typed", "why"),
    [
        (S, "Led the team. Grew revenue 30%.", "more than one sentence"),
        (S, "led", "a verb alone"),
        (T, "what", "a question word alone"),
        (T, "How?", "a question word alone"),
        (T, "?", "says how it came up"),
        (T, "We talked about", "says how it came up"),
        (S, "  ", "is empty"),
        (
            T,
            "what is the best way to do what they asked me about in the interview " * 2,
            "too long",
        ),
        (T, "Whom did the panel hire last year and why did they leave?", "question"),
        (P, "We talked about their move to Kafka", "cannot follow 'about'"),
        (T, "comfortable with ambiguity", "cannot follow 'about'"),
    ],
)
def test_what_no_sentence_can_carry_is_refused_with_how_to_write_it(
    role: Role, typed: str, why: str
) -> None:
    with pytest.raises(Unfit, match=re.escape(why)) as refused:
        shape(typed, role)
    assert refused.value.exit_code == 2
    assert "e.g." in refused.value.message
    assert not fits(typed, role)


def test_an_unfit_item_names_its_role() -> None:
    with pytest.raises(Unfit, match=r"^strength 'led'"):
        shape("led", S)


# --- properties over generated debrief items ---------------------------------------------------
VERBS = ["ran", "led", "built", "cut", "shipped", "mentored", "migrated", "designed", "wrote"]
OBJECTS = [
    "a diary study", "the data platform", "latency", "our Kafka consumers", "the QMS",
    "CAPA investigations", "12 enterprise customers", "the research repository",
]  # fmt: skip
TAILS = ["", " at my last job", " from scratch", " in six weeks", " with 40 clinic patients"]
NOUNS = ["five years of Spark", "stakeholder management", "HPRA audit experience"]


@st.composite
def typed_items(draw: st.DrawFn) -> str:
    """A strength as people type it: a verb phrase, a sentence, a gerund or a noun phrase,
    any case, with or without a full stop or a bullet."""
    verb, thing, tail = draw(st.sampled_from(VERBS)), draw(st.sampled_from(OBJECTS)), ""
    tail = draw(st.sampled_from(TAILS))
    form = draw(st.sampled_from(["past", "sentence", "gerund", "noun", "showed"]))
    if form == "past":
        text = f"{verb} {thing}{tail}"
    elif form == "sentence":
        text = f"I {verb} {thing}{tail}"
    elif form == "gerund":
        text = f"{lexicon.verb_form(verb, lexicon.GERUND)} {thing}{tail}"
    elif form == "showed":
        text = f"showed that I {verb} {thing}{tail}"
    else:
        text = draw(st.sampled_from(NOUNS))
    if draw(st.booleans()):
        text = text[:1].upper() + text[1:]
    return text + draw(st.sampled_from(["", ".", " ", "  "])) if draw(st.booleans()) else text


def _seams(found: Phrase) -> list[str]:
    """The item in the frames templates put it in."""
    out = []
    if found.noun:
        out += [f"I kept thinking about how {found.noun} would carry over.",
                f"I would be glad to say more about {found.noun}."]  # fmt: skip
    if found.clause:
        out.append(f"It reminded me of my own work: {found.clause}.")
    return out


_BROKEN = re.compile(r"\b(?:about|how|of|that|think|on|with)\s+(?P<verb>[a-z]+)\b")


@settings(max_examples=examples(200), deadline=None)
@given(typed_items())
def test_every_form_fits_its_frame(typed: str) -> None:
    found = shape(typed, S)
    assert found.noun or found.clause
    for sentence in _seams(found):
        for m in _BROKEN.finditer(sentence):
            assert not lexicon.is_past_form(m.group("verb")), sentence
        assert not re.search(r"\b(\w+) \1\b", sentence), sentence
        assert ". " not in sentence.rstrip("."), sentence
        assert "  " not in sentence
    if found.clause:
        assert found.clause.split()[0] in ("I", "my", "we", "our"), found.clause


@settings(max_examples=examples(100), deadline=None)
@given(typed_items())
def test_shaping_is_deterministic_and_keeps_the_content_words(typed: str) -> None:
    first, again = shape(typed, S), shape(typed, S)
    assert first == again
    kept = (first.noun or "") + " " + (first.clause or "")
    for word in ("study", "platform", "latency", "Kafka", "QMS", "CAPA", "repository"):
        if word.lower() in typed.lower():
            assert word.lower() in kept.lower()


_WORDS = sorted(
    lexicon.CLOSED
    | {"ran", "led", "cut", "design", "Kafka", "HPRA", "I'd", "didn't", "asked", "talked", "?",
       "running", "the", "team's", "5%", "-", "good", "at", "strong", "move", "process", "."}
)  # fmt: skip


@settings(max_examples=examples(400), deadline=None)
@given(
    st.one_of(st.text(max_size=60), st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join)),
    st.sampled_from(list(Role)),
)
def test_anything_typed_is_shaped_or_refused_never_a_crash(typed: str, role: Role) -> None:
    try:
        found = shape(typed, role)
    except Unfit:  # refused, with exit status 2 (see the table of refusals above)
        return
    assert found.noun or found.clause
    if role is not S:
        assert found.noun
