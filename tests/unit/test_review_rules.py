"""The project's own review rules (``domain.review_rules``), one behaviour at a time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import drafting, review_rules
from followup.domain.messages import MessageKind
from followup.domain.review import Category, Finding, Severity, ordered
from tests.unit import drafting_data as d
from tests.unit.test_drafting_properties import SUPPLIED, records

SENDER = ("Alex Morgan", "alex.morgan@example.org", "+44 7700 900123")
SIGN = "\n\nBest regards,\nAlex Morgan\nalex.morgan@example.org\n"
NONE: frozenset[str] = frozenset()


def check(text: str, kind: str | None = None, known: frozenset[str] = NONE) -> list[Finding]:
    return review_rules.check(text, kind=kind, known_words=known, sender=SENDER)


def spans(text: str, kind: str | None = None, known: frozenset[str] = NONE) -> list[str]:
    return [text[f.start : f.end] for f in check(text, kind, known)]


def one(text: str, category: Category, kind: str | None = None) -> Finding:
    found = [f for f in check(text, kind) if f.category is category]
    assert len(found) == 1, found
    return found[0]


# --- placeholders -------------------------------------------------------------------------------
def test_each_kind_of_placeholder_is_an_error_over_its_exact_span() -> None:
    for blank in ("[Company Name]", "[X Weeks]", "{first_name}", "{{ role }}", "<Hiring Manager>",
                  "XX", "TBD", "Lorem ipsum"):  # fmt: skip
        text = f"It was good to meet the team at {blank} last week."
        f = one(text, Category.PLACEHOLDER)
        assert f.severity is Severity.ERROR
        assert text[f.start : f.end] == blank
        assert f.suggestion


def test_an_email_in_angle_brackets_is_not_a_placeholder() -> None:
    text = "Alex Morgan <alex@example.org>, 10 Oxford St."
    assert not [f for f in check(text) if f.category is Category.PLACEHOLDER]


# --- tone -------------------------------------------------------------------------------------
def test_asap_is_an_error_with_a_gentler_phrase() -> None:
    f = one("Please send me the details ASAP.", Category.TONE)
    assert (f.severity, f.suggestion) == (Severity.ERROR, "when you have a moment")


def test_demands_and_deadlines_imposed_on_the_employer() -> None:
    for text, span in [
        ("I need an answer this week.", "I need an answer"),
        ("Please respond by Friday.", "respond by Friday"),
        ("Let me know by end of day.", "by end of day"),
        ("I have emailed you three times already.", "I have emailed you three times"),
        ("I am still waiting for news.", "I am still waiting"),
        ("Please decide within 24 hours.", "within 24 hours"),
    ]:
        assert span in spans(text), text


def test_their_own_deadline_is_not_a_demand() -> None:
    assert check("I know you expected to decide by Friday 4 December.") == []
    assert check("I will come back to you by Tuesday 15 December.") == []


def test_desperate_phrases() -> None:
    for phrase in ("I would do anything", "please, please", "I really need this job"):
        f = one(f"Honestly, {phrase} to join you.", Category.TONE)
        assert f.severity is Severity.WARNING


def test_chat_speak_with_the_word_to_use_instead() -> None:
    found = ordered(check("thx for the chat, I'm gonna send u the link."))
    assert [(f.suggestion) for f in found] == ["thanks", "going to", "you"]


def test_a_casual_or_lower_case_greeting() -> None:
    assert [
        f.suggestion for f in check("Hey Priya,\n\nThanks.") if f.category is Category.TONE
    ] == ["Hi"]
    assert [f.suggestion for f in check("hi Priya,\n\nThanks.")] == ["Hi"]


def test_emphasis_in_capitals_is_shouting_an_acronym_is_not() -> None:
    text = "I am VERY keen on the SQL and AWS work at ACME."
    assert spans(text) == ["VERY"]
    assert spans("Our OKRs and KPIs for Q1.") == []
    # Two to six capitals or digits: an acronym, whatever the industry (issue 11).
    assert spans("We keep HPRA, CAPA and QMS records and EDI feeds under ISO9001.") == []


def test_a_long_word_in_capitals_is_shouting_unless_known() -> None:
    assert spans("The team was AMAZING.") == ["AMAZING"]
    assert spans("I met the FABRIKAMS team.", known=frozenset({"Fabrikams"})) == []
    # a name excuses its capitals; an ordinary word from the record does not
    assert spans("I am REALLY keen.", known=frozenset({"really useful"})) == ["REALLY"]


def test_a_run_of_ordinary_words_in_capitals_is_one_finding_in_sentence_case() -> None:
    text = "Thank you. I WANT THIS JOB and the AWS GCP work."
    (f,) = [f for f in check(text) if f.category is Category.TONE]
    assert (text[f.start : f.end], f.suggestion) == ("I WANT THIS JOB", "I want this job")
    assert spans("It was PLEASE CALL ME.") == ["PLEASE CALL ME"]
    assert spans("Our IT AND HR teams.") == []  # acronyms joined by a word are no run


def test_exclamation_marks() -> None:
    assert spans("Great to meet you!!") == ["!!"]
    assert spans("Great! Really! Thanks!") == ["!"]  # the third one
    assert check("Great to meet you!") == []


# --- length -----------------------------------------------------------------------------------
def test_words_per_kind() -> None:
    body = "Subject: Thanks\n\nDear Priya,\n\n" + "Thank you, I am interested. " * 40 + SIGN
    (f,) = [f for f in check(body, "thank_you") if f.category is Category.LENGTH]
    assert f.severity is Severity.WARNING
    assert "about 200" in f.message
    short = "Subject: Thanks\n\nDear Priya,\n\n" + "Thank you, I am interested. " * 35 + SIGN
    assert [f for f in check(short, "thank_you") if f.category is Category.LENGTH] == []
    assert [f for f in check(short, "follow-up") if f.category is Category.LENGTH]


def test_linkedin_characters() -> None:
    def length(n: int) -> list[Severity]:
        note = "Hi Priya, " + "x" * (n - len("Hi Priya, Alex Morgan") - 1) + " Alex Morgan"
        assert len(note) == n
        found = check(note, "linkedin-connect")
        return [f.severity for f in found if f.category is Category.LENGTH]

    assert length(200) == []
    assert length(201) == [Severity.WARNING]
    assert length(301) == [Severity.ERROR]


def test_a_very_long_sentence() -> None:
    text = "I " + "really " * 40 + "enjoyed it. Short one."
    f = one(text, Category.LENGTH)
    assert text[f.start : f.end].startswith("I really")
    assert text[f.end - 1] == "."


# --- structure --------------------------------------------------------------------------------
GOOD = (
    "Subject: Thank you\n\nDear Priya,\n\nThank you for the interview. "
    "I am very interested in the role." + SIGN
)


def structure(text: str, kind: str = "thank_you") -> list[str]:
    return [f.message for f in check(text, kind) if f.category is Category.STRUCTURE]


def test_a_good_letter_has_no_structure_finding() -> None:
    assert check(GOOD, "thank_you") == []


def test_greetings_to_nobody() -> None:
    for greeting in ("To whom it may concern,", "Dear Sir or Madam,", "Hello,", "Hi there,"):
        text = GOOD.replace("Dear Priya,", greeting)
        assert any("by name" in m for m in structure(text)), greeting
    assert any("greeting" in m for m in structure(GOOD.replace("Dear Priya,\n\n", "")))


def test_thanks_interest_signoff_contact_and_subject() -> None:
    assert structure(GOOD.replace("Thank you for", "I enjoyed")) == [
        "a thank-you letter never says thank you"
    ]
    assert structure(GOOD.replace("I am very interested in the role.", "")) == [
        "say again that you are interested in the role"
    ]
    assert "sign with your name" in structure(GOOD.replace("Alex Morgan\n", "A. M.\n"))
    assert structure(GOOD.replace("alex.morgan@example.org\n", "")) == [
        "put an email address or phone number under your name"
    ]
    assert structure(GOOD.split("\n\n", 1)[1]) == ["an email needs a subject line"]
    assert structure(GOOD.split("\n\n", 1)[1], "linkedin_connect") == []
    assert any("sign-off" in m for m in structure(GOOD.replace("Best regards,\n", "")))


def test_without_a_kind_only_the_general_rules_run() -> None:
    assert check("Thanks for the call.") == []


# --- the drafts pass their own review -----------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(records(), st.sampled_from(list(MessageKind)))
def test_every_template_from_realistic_facts_has_no_error(
    record: tuple[object, tuple[object, ...]], kind: MessageKind
) -> None:
    hist, people = record
    for person in people:
        facts = drafting.gather(hist, d.PROFILE, kind, person, d.NOW, SUPPLIED)  # type: ignore[arg-type]
        if facts.missing:
            continue
        subject, body = d.TEMPLATES.render(kind.value, facts.values)
        text = f"Subject: {subject}\n\n{body}"
        errors = [
            f
            for f in review_rules.check(text, kind=kind.value, known_words=NONE, sender=SENDER)
            if f.severity is Severity.ERROR
        ]
        assert not errors, (kind, text, errors)


def test_the_sample_application_drafts_are_clean() -> None:
    """With the names known, the realistic drafts get no error and no warning at all."""
    known = frozenset({d.APP.company, d.APP.role, *(c.name for c in d.PANEL), d.PROFILE.name})
    for kind in MessageKind:
        for hist in (
            d.history(),
            d.history(d.DEBRIEF, d.offer()),
            d.history(d.DEBRIEF, d.rejection()),
        ):
            for person in d.PANEL:
                facts = drafting.gather(hist, d.PROFILE, kind, person, d.NOW, SUPPLIED)
                if facts.missing:
                    continue
                subject, body = d.TEMPLATES.render(kind.value, facts.values)
                text = f"Subject: {subject}\n\n{body}"
                found = review_rules.check(text, kind=kind.value, known_words=known, sender=SENDER)
                assert [f for f in found if f.severity is not Severity.INFO] == [], (kind, text)
