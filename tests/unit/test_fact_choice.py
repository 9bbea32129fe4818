"""Which debrief fact goes in whose letter (domain/fact_choice)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import fact_choice
from followup.domain.model import Debrief
from tests.hypothesis_profiles import examples

PRIYA, TOM, LENA, SAM = 1, 2, 3, 4
STRENGTHS = (
    "five years of running Spark and Airflow pipelines in production",
    "cut a warehouse bill by 40% through partitioning and caching",
    "ran the streaming migration at my last job",
)
TOPICS = {
    PRIYA: ("moving the nightly batch jobs to streaming",),
    TOM: ("how the team tests its Airflow pipelines",),
    LENA: ("keeping warehouse costs under control",),
}


def debrief(strengths: tuple[str, ...] = STRENGTHS, unaddressed: tuple[str, ...] = ()) -> Debrief:
    return Debrief(strengths=strengths, topics=tuple(TOPICS.items()), unaddressed=unaddressed)


def choices(d: Debrief, panel: tuple[int, ...] = (PRIYA, TOM, LENA), **kw: object) -> dict:
    reading = fact_choice.read(d)
    return {p: fact_choice.choose(reading, panel, p, **kw) for p in panel}  # type: ignore[arg-type]


def test_each_interviewer_gets_the_strength_that_fits_their_conversation() -> None:
    got = choices(debrief())
    assert got[PRIYA].strength.typed == STRENGTHS[2]  # streaming
    assert got[TOM].strength.typed == STRENGTHS[0]  # Airflow pipelines
    assert got[LENA].strength.typed == STRENGTHS[1]  # warehouse


def test_distinct_strengths_when_there_are_enough_even_without_a_match() -> None:
    d = Debrief(
        strengths=("stakeholder management", "SQL at scale", "hiring"),
        topics=((PRIYA, ("team culture",)), (TOM, ("the office",)), (LENA, ("remote work",))),
    )
    got = choices(d)
    assert len({c.strength.typed for c in got.values()}) == 3


def test_fewer_strengths_than_people_are_shared_out_evenly() -> None:
    got = choices(debrief(STRENGTHS[:2]), panel=(PRIYA, TOM, LENA, SAM))
    used = [c.strength.typed for c in got.values()]
    assert sorted(used.count(s) for s in set(used)) == [2, 2]


def test_an_open_point_goes_to_the_one_person_whose_topic_it_fits() -> None:
    got = choices(debrief(unaddressed=("how I would test Airflow pipelines",)))
    owners = [p for p, c in got.items() if c.point is not None]
    assert owners == [TOM]


def test_a_point_that_fits_nobody_goes_to_the_lead_once() -> None:
    got = choices(debrief(unaddressed=("my notice period", "relocation")), lead=LENA)
    assert [p for p, c in got.items() if c.point] == [LENA]
    assert got[LENA].point.typed == "my notice period"


def test_what_was_said_to_someone_before_is_passed_over() -> None:
    first = choices(debrief())[TOM].strength.typed
    again = choices(debrief(), said={TOM: frozenset({first})})[TOM].strength.typed
    assert again != first


def test_a_panel_agrees_on_its_choice_whoever_it_is_made_for() -> None:
    """What each was told before is weighed for all at once: no two letters of the panel
    end up with the same strength because each was chosen with only its own history."""
    told = {TOM: frozenset({STRENGTHS[0]}), LENA: frozenset({STRENGTHS[1]})}
    got = choices(debrief(), said=told)
    assert len({c.strength.typed for c in got.values()}) == 3
    assert got[TOM].strength.typed != STRENGTHS[0]
    assert got[LENA].strength.typed != STRENGTHS[1]


def test_someone_outside_the_panel_gets_their_topic_and_the_best_strength() -> None:
    reading = fact_choice.read(debrief())
    got = fact_choice.choose(reading, (PRIYA, TOM), LENA)
    assert got.topic.typed == TOPICS[LENA][0]
    assert got.strength.typed == STRENGTHS[1]


def test_an_item_no_letter_can_carry_is_left_out_and_reported() -> None:
    reading = fact_choice.read(Debrief(strengths=("led", "five years of Spark")))
    assert [s.typed for s in reading.strengths] == ["five years of Spark"]
    assert reading.unfit
    assert "'led'" in reading.unfit[0]


def test_the_words_two_facts_share_are_compared_by_lemma() -> None:
    words = fact_choice.content_words("moving the nightly batch jobs to streaming")
    assert {"move", "batch", "job", "stream"} <= words


@settings(max_examples=examples(60), deadline=None)
@given(
    st.integers(min_value=1, max_value=5),
    st.lists(st.sampled_from((*STRENGTHS, "SQL at scale", "hiring", "five years of Spark")),
             min_size=1, max_size=6, unique=True),
)  # fmt: skip
def test_a_panel_shares_a_strength_only_when_it_must(size: int, strengths: list[str]) -> None:
    panel = tuple(range(10, 10 + size))
    d = Debrief(strengths=tuple(strengths), topics=tuple((p, ("the roadmap",)) for p in panel))
    used = [c.strength.typed for c in choices(d, panel=panel).values()]
    if len(strengths) >= size:
        assert len(set(used)) == size
    else:
        assert len(set(used)) == len(strengths)
