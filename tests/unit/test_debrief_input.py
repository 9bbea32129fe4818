"""A debrief file: what it may say, how people are named, and every way it is refused."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from followup.domain.errors import BadInput
from followup.domain.model import Contact, Debrief, Interview, QuestionAnswer, Rapport
from followup.services.debrief_input import check_debrief, parse_debrief, person, rating

LONDON = ZoneInfo("Europe/London")
PRIYA = Contact(id=1, application_id=7, name="Priya Raman")
TOM = Contact(id=2, application_id=7, name="Tom Lee")
RECRUITER = Contact(id=3, application_id=7, name="Sam Recruiter")
PEOPLE = (PRIYA, TOM, RECRUITER)
ROUND = Interview(
    id=4,
    application_id=7,
    start=datetime(2026, 11, 23, 10, 0, tzinfo=LONDON),
    interviewer_ids=(1, 2),
)

FULL = """
rapport = "good"
decision_date = 2026-12-04
next_steps = "  They decide by 4 December.  "
strengths = ["streaming design", "  ", "cost figures"]
stumbles = ["SQL window functions"]
unaddressed = ["my Kafka experience"]
cues = ["Priya leaned in on costs"]
demeanour = 4

[[questions]]
question = "Tell me about a pipeline you rebuilt"
answer = "The nightly batch"
confidence = 4

[[questions]]
question = "Why us?"

[topics]
"priya raman" = ["moving nightly batch jobs to streaming"]
"2" = ["team size"]
"""


def parse(text: str) -> Debrief:
    return parse_debrief(text, "debrief.toml", ROUND, PEOPLE)


def test_a_full_debrief_reads_into_the_model() -> None:
    assert parse(FULL) == Debrief(
        questions=(
            QuestionAnswer("Tell me about a pipeline you rebuilt", "The nightly batch", 4),
            QuestionAnswer("Why us?", "", None),
        ),
        strengths=("streaming design", "cost figures"),
        stumbles=("SQL window functions",),
        demeanour=4,
        topics=((1, ("moving nightly batch jobs to streaming",)), (2, ("team size",))),
        unaddressed=("my Kafka experience",),
        cues=("Priya leaned in on costs",),
        rapport=((1, Rapport.GOOD), (2, Rapport.GOOD)),
        next_steps="They decide by 4 December.",
        decision_date=date(2026, 12, 4),
    )


def test_an_empty_file_is_an_empty_debrief() -> None:
    assert parse("") == Debrief()


def test_rapport_as_a_table_names_people_by_name_or_id() -> None:
    got = parse('[rapport]\n"TOM LEE" = "poor"\n3 = "Good"\n')
    assert got.rapport == ((2, Rapport.POOR), (3, Rapport.GOOD))


def test_a_decision_date_may_be_a_string_as_the_cli_takes_it() -> None:
    assert parse('decision_date = "4 Dec 2026"').decision_date == date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("demeanour = 6", "demeanour must be from 1 to 5, not 6"),
        ("demeanour = 0", "demeanour must be from 1 to 5, not 0"),
        ("demeanour = true", "demeanour must be a whole number from 1 to 5, not True"),
        ("demeanour = 3.5", "demeanour must be a whole number from 1 to 5, not 3.5"),
        ('[[questions]]\nquestion = "q"\nconfidence = 9', "questions #1 confidence must be"),
        ('[[questions]]\nanswer = "a"', 'questions #1 needs question = "..."'),
        ('[[questions]]\nquestion = "q"\nscore = 1', "questions #1: unknown key 'score'"),
        ('questions = ["q"]', "questions must be [[questions]] tables"),
        ("moods = []", "unknown key 'moods'; the keys are: questions, strengths"),
        ('strengths = "one"', "strengths must be a list of strings"),
        ("cues = [1]", "cues must be a list of strings, not one holding 1"),
        ("next_steps = 3", "next_steps must be a string, not 3"),
        ('[topics]\n"Bob" = ["x"]', "'Bob' is not a contact of application 7"),
        ('[topics]\n"9" = ["x"]', "'9' is not a contact of application 7"),
        ('topics = ["x"]', "topics must be a table"),
        ('[topics]\n"Priya Raman" = ["a"]\n"1" = ["b"]', "topics names Priya Raman twice"),
        ('rapport = "great"', "unknown rapport 'great'; use one of: good, neutral, poor"),
        ('[rapport]\n"Tom Lee" = 1', 'rapport Tom Lee must be "good", "neutral" or "poor"'),
        ("rapport = 2", 'rapport must be "good", "neutral" or "poor", or a table'),
        ("decision_date = 2026-12-04T10:00:00", "decision_date must be a date without a time"),
        ('decision_date = "soon"', "cannot read decision_date 'soon'"),
        ("decision_date = 20261204", "decision_date must be a date such as 2026-12-04"),
        ("strengths = [", "invalid TOML"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(text: str, problem: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse(text)
    message = caught.value.message
    assert message.startswith("debrief.toml: ")
    assert problem in message
    assert "\n" not in message


def test_one_rapport_word_needs_interviewers_to_apply_to() -> None:
    alone = Interview(id=5, application_id=7, start=ROUND.start)
    with pytest.raises(BadInput, match="interview 5, and it has none; use a table"):
        parse_debrief('rapport = "good"', "stdin", alone, PEOPLE)


def test_a_name_shared_by_two_contacts_must_be_an_id() -> None:
    twin = Contact(id=8, application_id=7, name="priya raman")
    with pytest.raises(BadInput, match=r"could be Priya Raman \(#1\), priya raman \(#8\)"):
        person("Priya Raman", (*PEOPLE, twin), 7)
    assert person("8", (*PEOPLE, twin), 7) == twin


@pytest.mark.parametrize("value", [1, 5])
def test_ratings_take_one_to_five(value: int) -> None:
    assert rating(value, "demeanour") == value


def test_check_refuses_what_a_hand_built_debrief_gets_wrong() -> None:
    with pytest.raises(BadInput, match="rapport: contact 9 is not a contact of application 7"):
        check_debrief(Debrief(rapport=((9, Rapport.GOOD),)), ROUND, PEOPLE)
    with pytest.raises(BadInput, match="a question cannot be empty"):
        check_debrief(Debrief(questions=(QuestionAnswer(" "),)), ROUND, PEOPLE)
    with pytest.raises(BadInput, match="topics names someone twice"):
        check_debrief(Debrief(topics=((1, ()), (1, ()))), ROUND, PEOPLE)
    check_debrief(Debrief(demeanour=5, rapport=((3, Rapport.NEUTRAL),)), ROUND, PEOPLE)


HADDAD = Contact(id=5, application_id=7, name="Dr. Leila Haddad")
WEISS = Contact(id=6, application_id=7, name="Jonas Weiß")
SAM_A = Contact(id=8, application_id=7, name="Sam Okafor")
SAM_B = Contact(id=9, application_id=7, name="Sam Lee")


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("haddad", HADDAD),  # the family name alone, as notes say it
        ("Leila", HADDAD),
        ("Haddad, Leila", HADDAD),  # the other order, with a comma
        ("dr haddad", HADDAD),  # a title typed without its dot
        ("LEILA HADDAD", HADDAD),
        ("jonas weiss", WEISS),  # ß typed as ss
        ("Weiss", WEISS),
        ("okafor", SAM_A),
        ("Sam Lee", SAM_B),
    ],
)
def test_a_person_is_found_by_the_words_people_type(typed: str, who: Contact) -> None:
    assert person(typed, (HADDAD, WEISS, SAM_A, SAM_B), 7) == who


def test_a_name_two_people_share_is_refused_naming_both() -> None:
    with pytest.raises(BadInput, match=r"'sam' could be Sam Okafor \(#8\), Sam Lee \(#9\)"):
        person("sam", (HADDAD, SAM_A, SAM_B), 7)


@pytest.mark.parametrize("typed", ["Leila Smith", "dr", "haddadi", "Leil", "Mr Weiß Junior"])
def test_a_word_that_is_not_in_the_name_finds_no_one(typed: str) -> None:
    with pytest.raises(BadInput, match="is not a contact of application 7"):
        person(typed, (HADDAD, WEISS), 7)
