"""The project's own review rules (``domain.review_rules``), one behaviour at a time."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import drafting, review_rules
from followup.domain.messages import MessageKind
from followup.domain.review import (
    Category,
    Dialect,
    Finding,
    LetterDates,
    Severity,
    dialect_for,
    ordered,
)
from tests.hypothesis_profiles import examples
from tests.unit import drafting_data as d
from tests.unit.test_drafting_properties import SUPPLIED, records

SENDER = ("Alex Morgan", "alex.morgan@example.org", "+44 7700 900123")
SIGN = "\n\nBest regards,\nAlex Morgan\nalex.morgan@example.org\n"
NONE: frozenset[str] = frozenset()


def check(
    text: str,
    kind: str | None = None,
    known: frozenset[str] = NONE,
    dates: LetterDates | None = None,
) -> list[Finding]:
    return review_rules.check(text, kind=kind, known_words=known, sender=SENDER, dates=dates)


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


def test_boasts_are_tone_warnings_with_a_humbler_phrase() -> None:
    for text, span in [
        ("I am the best candidate for this role.", "the best candidate"),
        ("I would be the ideal candidate.", "the ideal candidate"),
        ("My background is a perfect fit for the team.", "perfect fit"),
        ("Hire me and you won't regret it.", "you won't regret"),
        ("Look no further: my record speaks for itself.", "Look no further"),
        ("My attention to detail is second to none.", "second to none"),
    ]:
        f = one(text, Category.TONE)
        assert (text[f.start : f.end], f.severity) == (span, Severity.WARNING), text
    assert one("I am the best candidate.", Category.TONE).suggestion == "a strong candidate"


def test_the_best_candidate_is_no_boast_when_it_is_someone_else() -> None:
    for text in (
        "I hope you find the best candidate for the team.",
        "You described the ideal candidate as someone who ships.",
        "I want to make sure this is the best fit for both of us.",
        "I am a strong candidate, and my experience fits the role.",
    ):
        assert check(text) == [], text


@pytest.mark.parametrize("word", ["Yo", "Hiya", "Heya", "Howdy", "Hey"])
def test_a_casual_greeting(word: str) -> None:
    text = f"{word} Priya,\n\nThank you for your time."
    f = one(text, Category.TONE)
    assert (text[f.start : f.end], f.suggestion) == (word, "Hi")


@pytest.mark.parametrize(
    ("close", "span"),
    [("Cheers,", "Cheers"), ("Ta!", "Ta"), ("Later,", "Later"), ("xx", "xx"),
     ("Cheers, Alex Morgan", "Cheers"), ("Love,", "Love")],
)  # fmt: skip
def test_a_casual_sign_off(close: str, span: str) -> None:
    text = f"Dear Priya,\n\nThank you for your time.\n\n{close}\nAlex Morgan\n"
    f = one(text, Category.TONE)
    assert (text[f.start : f.end], f.severity, f.suggestion) == (
        span, Severity.WARNING, "Best regards"
    )  # fmt: skip


def test_a_casual_close_at_the_end_of_a_one_paragraph_note() -> None:
    note = "Hi Priya, thanks for the chat about streaming. Cheers, Alex Morgan"
    assert spans(note, "linkedin_connect") == ["Cheers"]


def test_words_like_a_sign_off_in_a_sentence_are_not_one() -> None:
    for text in (
        "Later this week I will send the deck.",
        "Cheers to the team for a great afternoon.",
        "Later, I realised the cache was the problem.",
        "Best regards,\nAlex Morgan",
    ):
        assert check(text) == [], text


def test_kisses_are_a_casual_sign_off_and_not_a_placeholder() -> None:
    text = "Thank you!\n\nBest,\nAlex\nxx\n"
    assert [(f.category, text[f.start : f.end]) for f in check(text)] == [(Category.TONE, "xx")]
    assert [f.category for f in check("It takes xx weeks.")] == [Category.PLACEHOLDER]


# --- grammar: repeated words, pasted phrases ---------------------------------------------------
def grammar(text: str, known: frozenset[str] = NONE) -> list[tuple[str, str | None]]:
    return [
        (text[f.start : f.end], f.suggestion)
        for f in ordered(check(text, known=known))
        if f.category is Category.GRAMMAR
    ]


def test_a_word_twice_is_a_grammar_warning_with_the_word_once() -> None:
    assert grammar("I really really want this job.") == [("really really", "really")]
    assert grammar("Is there news on the the timeline?") == [("the the", "the")]
    assert grammar("you described how how findings\nreach the roadmap") == [("how how", "how")]
    assert grammar("We spoke about about the roadmap.") == [("about about", "about")]
    (f,) = check("I really really want this job.")
    assert (f.severity, f.category) == (Severity.WARNING, Category.GRAMMAR)


def test_doubles_that_are_english_names_and_a_signature_are_not_repeated_words() -> None:
    for text in (
        "I had had a long week.",
        "I know that that matters.",
        "Best wishes from Walla Walla.",
        "Kind regards,\nNur Aisyah\naisyah@example.sg\n",
        "Best,\nTan Tan\n",
    ):
        assert grammar(text) == [], text
    assert grammar("I met tan tan there.", known=frozenset({"Tan Tan"})) == []


@pytest.mark.parametrize(
    ("text", "span", "fix"),
    [
        ("I kept thinking about how ran a diary study with 40 patients would carry over.",
         "ran", "running"),
        ("I think cut data latency from hours to minutes with Kafka would let me contribute.",
         "cut", "cutting"),
        ("It made me confident about the fit: cut data latency with Kafka is exactly the kind.",
         "cut", "cutting"),
        ("I am happy to share more about cut data latency from hours to minutes.",
         "cut", "cutting"),
        ("I enjoyed our discussion of led the migration to Kubernetes.", "led", "leading"),
        ("I kept thinking about how reduced AWS spend by 30% would carry over.",
         "reduced", "reducing"),
        ("I think mentored three junior researchers would let me contribute.",
         "mentored", "mentoring"),
        ("I kept thinking about how set up the on-call rotation would carry over.",
         "set", "setting"),
        ("The fit: hired and onboarded 6 engineers is exactly the kind.", "hired", "hiring"),
        ("I am sure that grew ARR from $2M to $5M would matter.", "grew", "growing"),
        ("It made me confident about the fit: Wrote the retention policy is exactly it.",
         "Wrote", "Writing"),
        ("I kept thinking about how automated the monthly close would carry over.",
         "automated", "automating"),
    ],
)  # fmt: skip
def test_a_verb_phrase_pasted_without_a_subject(text: str, span: str, fix: str) -> None:
    assert grammar(text) == [(span, fix)]


@pytest.mark.parametrize(
    "text",
    [
        "I learned a lot about distributed systems and managed services.",
        "It was great to hear how committed the team is to quality.",
        "I was impressed by how organised the process was.",
        "The project that shipped last year was a highlight.",
        "As discussed, I have attached my portfolio.",
        "Thank you for the time you spent with me.",
        "I enjoyed learning about how the data team hired its first analysts.",
        "I think five years of Python would help, and I think so too.",
        "I believe that the role fits my experience.",
        "We worked with limited budgets and experienced engineers.",
        "I'm excited about the role: led by a strong team, it has a clear mission.",
        "I worked on set design for a theatre.",
        "The team wants to cut the time it takes to ship a change.",
        "The work you described, built on Kafka, sounds fascinating.",
        "What drove the decision was cost.",
        "The team has grown, given the new funding.",
        "I kept thinking about how running a diary study would carry over.",
        "It made me confident about the fit: five years of Spark is what I bring.",
    ],
)
def test_participles_as_adjectives_and_clauses_with_a_subject_are_fine(text: str) -> None:
    assert grammar(text) == []


def test_a_full_stop_or_question_mark_left_in_a_pasted_phrase() -> None:
    assert grammar("I kept thinking about how I built it from scratch. would carry over.") == [
        (". would", " would")
    ]
    assert grammar("Our discussion of how they use AI in triage.; it gave me ideas.") == [(".", "")]
    assert grammar("I am happy to share more about managing 8 engineers..") == [("..", ".")]
    assert grammar("Our talk about what success looks like? has stayed with me.") == [
        ("? has", " has")
    ]


def test_abbreviations_initials_and_ellipses_end_in_a_full_stop_too() -> None:
    for text in (
        "I use tools, e.g. the Airflow scheduler, etc. and more.",
        "We met at 10 a.m. and spoke for an hour with the U.S. team.",
        "It was great to meet you, Ms. Chua. Thank you.",
        "I was going to say... well, thank you.",
        "I hold a B.Sc. in physics. Version 2.0 is live.",
    ):
        assert grammar(text) == [], text


def test_a_capital_in_mid_sentence_on_a_word_that_is_never_a_name() -> None:
    assert grammar("Our conversation about What success looks like stayed with me.") == [
        ("What", "what")
    ]
    assert grammar("I kept thinking about how Shipped the new onboarding flow would help.") == [
        ("Shipped", "shipping")
    ]
    assert grammar("It was a pleasure to discuss Talked about the reserved-instance plan.") == [
        ("Talked", "talking")
    ]
    assert grammar("I enjoyed our discussion of Their mentoring scheme.") == [("Their", "their")]


def test_names_in_mid_sentence_keep_their_capitals() -> None:
    assert grammar("Priya mentioned that United is a client.") == []
    assert grammar("I met Ahmed and Ted from the team.") == []
    assert grammar("I spoke with Ran about the roadmap.", known=frozenset({"Ran Cohen"})) == []
    # a word of a name of several capitalised words
    assert grammar("I worked at Capital One and at Two Sigma, and I watch Doctor Who.") == []


# --- facts: time words against the send day -----------------------------------------------------
THURSDAY = date(2026, 7, 2)


def facts(text: str, send: date, met: date | None = THURSDAY) -> list[tuple[str, str | None]]:
    found = check(text, dates=LetterDates(send_day=send, met_day=met))
    return [(text[f.start : f.end], f.suggestion) for f in found if f.category is Category.FACTS]


@pytest.mark.parametrize(
    ("text", "send", "expected"),
    [
        ("Thank you for speaking with me today.", date(2026, 7, 2), []),
        ("Thank you for speaking with me today.", date(2026, 7, 6), [("today", "on Thursday")]),
        ("Thanks for your time this morning.", date(2026, 7, 3), [("this morning", "yesterday")]),
        ("It was good to meet you earlier today.", date(2026, 7, 3),
         [("earlier today", "yesterday")]),
        ("Thank you for your time yesterday.", date(2026, 7, 3), []),
        ("Thank you for your time yesterday.", date(2026, 7, 6), [("yesterday", "on Thursday")]),
        ("Yesterday's interview was a pleasure.", date(2026, 7, 6),
         [("Yesterday's", "Thursday's")]),
        ("Since our interview last week, I have kept thinking.", date(2026, 7, 8), []),
        ("Since our interview last week, I have kept thinking.", date(2026, 7, 3),
         [("last week", "yesterday")]),
        ("Since our interview last week, I have kept thinking.", date(2026, 7, 14),
         [("last week", None)]),
        ("Our conversation earlier this week was useful.", date(2026, 7, 3), []),
        ("Our conversation earlier this week was useful.", date(2026, 7, 8),
         [("earlier this week", "on Thursday")]),
        ("Our conversation earlier this week was useful.", date(2026, 7, 10),
         [("earlier this week", "last week")]),
        ("Thank you for speaking with me on Thursday.", date(2026, 7, 6), []),
        ("Thank you for speaking with me on Tuesday.", date(2026, 7, 6),
         [("on Tuesday", "on Thursday")]),
        ("Tuesday's interview was a pleasure.", date(2026, 7, 6),
         [("Tuesday's", "Thursday's")]),
    ],
)  # fmt: skip
def test_time_words_about_the_meeting_against_the_send_day(
    text: str, send: date, expected: list[tuple[str, str | None]]
) -> None:
    assert facts(text, send) == expected
    for f in check(text, dates=LetterDates(send, THURSDAY)):
        assert (f.category, f.severity) == (Category.FACTS, Severity.WARNING)


def test_time_words_not_about_the_meeting_are_not_judged() -> None:
    monday = date(2026, 7, 6)
    for text in (
        "I am writing today to follow up on our conversation.",
        "I will send the references later today, after our call.",
        "I look forward to speaking again this week.",
        "Thank you for speaking with me yesterday, and I will call you on Monday.",
        "I updated my portfolio yesterday.",
        "I am free to talk on Friday.",
    ):
        assert facts(text, monday, met=date(2026, 7, 5)) == [], text


def test_without_dates_or_a_meeting_day_no_time_word_is_judged() -> None:
    text = "Thank you for speaking with me today."
    assert check(text) == []
    assert facts(text, date(2026, 7, 6), met=None) == []


# --- dialect ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("country", "dialect"),
    [("US", Dialect.AMERICAN), ("us", Dialect.AMERICAN), ("GB", Dialect.BRITISH),
     ("IE", Dialect.BRITISH), ("SG", Dialect.BRITISH), ("NZ", Dialect.BRITISH),
     ("ZA", Dialect.BRITISH), ("DE", Dialect.BRITISH), ("AU", Dialect.AUSTRALIAN),
     ("CA", Dialect.CANADIAN), ("IN", Dialect.INDIAN), ("PH", Dialect.AMERICAN),
     ("JP", Dialect.AMERICAN), (None, Dialect.AMERICAN), ("", Dialect.AMERICAN)],
)  # fmt: skip
def test_the_dialect_of_a_country(country: str | None, dialect: Dialect) -> None:
    assert dialect_for(country) is dialect


# --- technical compounds ----------------------------------------------------------------------
def test_a_technical_compound_is_recognised_around_any_part_of_it() -> None:
    text = "We ran exactly-once delivery end-to-end, with highly-motivated people."
    at = text.index("exactly-")
    assert review_rules.in_technical_compound(text, at, at + len("exactly-"), NONE)
    at = text.index("to-end")
    assert review_rules.in_technical_compound(text, at, at + 2, NONE)
    at = text.index("highly-")
    assert not review_rules.in_technical_compound(text, at, at + 7, NONE)
    known = frozenset({"highly-motivated people"})
    assert review_rules.in_technical_compound(text, at, at + 7, known)


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


@settings(max_examples=examples(60), deadline=None)
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


# --- attachments (issue 18) --------------------------------------------------------------------
_LETTER = "Subject: More on the plan\n\nDear Jane,\n\n{}\n\nBest regards,\nAlex Morgan\n"


def _attachment_findings(sentence: str, attached: int | None) -> list[tuple[str, str]]:
    text = _LETTER.format(sentence)
    return [
        (f.category.value, text[f.start : f.end])
        for f in review_rules.check(text, kind=None, known_words=frozenset(), attached=attached)
        if "attach" in f.message
    ]


@pytest.mark.parametrize(
    "claim",
    [
        "I have attached a short write-up.",
        "I've attached the deck.",
        "I\u2019ve enclosed two references.",
        "Please find attached my portfolio.",
        "Please see the attached summary.",
        "Attached is the design document.",
        "My references are attached.",
        "I am attaching the queries.",
        "The numbers are in the attachment.",
    ],
)
def test_a_claimed_attachment_with_nothing_attached_is_a_warning(claim: str) -> None:
    assert [c for c, _ in _attachment_findings(claim, 0)] == ["facts"]
    assert _attachment_findings(claim, 1) == []  # carried: fine
    assert _attachment_findings(claim, None) == []  # not known (``check FILE``): not judged


def test_an_attachment_never_mentioned_is_a_warning_and_a_mention_is_enough() -> None:
    assert _attachment_findings("Here is more on the plan.", 1) == [("structure", "")]
    assert _attachment_findings("Here is more on the plan.", 0) == []
    assert _attachment_findings("The summary is enclosed.", 2) == []
    assert _attachment_findings("I am attached to the mission.", 0) == []
