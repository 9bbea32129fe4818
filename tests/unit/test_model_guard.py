"""The model guard on a table of letters a language model might write, good and bad.

The good letters are worded the way a fluent model words them (not copies of the templates):
none may be refused. Every bad one carries one invented fact or one missing must, and each
must be caught, for the reason it was written for. Recall and false alarms are printed
(``pytest -s``) and held: recall 1.0, no false alarm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import drafting, model_guard
from followup.domain.messages import MessageKind
from followup.domain.model import Contact, History
from followup.domain.model_guard import INVENTED, LANGUAGE, LENGTH, MISSING, PLACEHOLDER
from tests.hypothesis_profiles import examples
from tests.unit import drafting_data as d
from tests.unit.test_drafting_properties import SUPPLIED, records
from tests.unit.test_templates_golden import CASES, LATER


def _facts(case: str) -> Mapping[str, object]:
    kind, contact, hist, now, supplied = CASES[case]
    facts = drafting.gather(hist, d.PROFILE, kind, contact, now, supplied)
    return facts.values


PRIYA_TY = "thank-you.priya"
TOM_TY = "thank-you.tom"
STATUS = "status-inquiry"
NOTE = "linkedin-note"
REJECTED = "reply-to-rejection"
SIGN = "Best regards,\nAlex Morgan\nalex.morgan@example.org | +44 7700 900123\n"


@dataclass(frozen=True)
class Case:
    name: str
    facts: str  # the golden case whose facts the letter was written from
    letter: str
    refused_for: str | None = None  # the objection kind expected; None: a good letter
    mentions: str | None = None  # a word the objection must quote


def _ty(body: str, subject: str = "Thank you") -> str:
    return f"Subject: {subject}\n\n{body.strip()}\n\n{SIGN}"


GOOD = [
    Case(
        "ty-plain",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for taking the time to meet with me yesterday about the Senior Data Engineer role at
Northwind Labs. I really enjoyed hearing about moving the nightly batch jobs to streaming.

With five years of running Spark and Airflow pipelines in production, I believe I could help
the team get there quickly.

I am very interested in the role and look forward to hearing from you.
"""),
    ),
    Case(
        "ty-possessive",
        PRIYA_TY,
        _ty(
            """
Dear Priya,

Thanks so much for yesterday's interview. Learning about Northwind Labs' plans for streaming,
and why the nightly batch jobs are moving, made the Senior Data Engineer position even more
appealing to me.

Running Spark and Airflow pipelines in production for five years has taught me how much care
such a move needs, and I would love to bring that experience to your team.

I remain very keen on the role.
""",
            "Thank you - Senior Data Engineer interview",
        ),
    ),
    Case(
        "ty-point",
        PRIYA_TY,
        _ty(
            """
Dear Priya,

I wanted to thank you for our conversation yesterday. Your plans for moving the nightly batch
jobs to streaming are exactly the kind of work I enjoy, and the Senior Data Engineer role at
Northwind Labs feels like a strong match.

I also keep thinking about exactly-once delivery with Kafka, and would be glad to share a few
thoughts on it if useful.

I look forward to the next steps.
""",
            "Following up on our conversation",
        ),
    ),
    Case(
        "ty-dates",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for interviewing me on Monday 23 November for the Senior Data Engineer role at
Northwind Labs. Our discussion of streaming stayed with me.

I understand a decision is expected by Friday 4 December, and I am excited about the
opportunity. My five years with Spark and Airflow pipelines in production would let me
contribute from day one.
"""),
    ),
    Case(
        "ty-tom",
        TOM_TY,
        _ty("""
Dear Tom,

Thank you for the time you gave me yesterday. I appreciated hearing how the team tests its
Airflow pipelines; testing pipelines well is something I care about a great deal.

Having spent five years running Spark and Airflow pipelines in production, I would be glad to
help strengthen that work at Northwind Labs as the Senior Data Engineer.

I am very interested in the role and hope to hear from you soon.
"""),
    ),
    Case(
        "ty-tom-short",
        TOM_TY,
        _ty("""
Dear Tom,

Many thanks for yesterday. Our chat about how you test your Airflow pipelines was the
highlight of the day for me, and it made me even more excited about the Senior Data Engineer
role at Northwind Labs.

I hope my five years of running Spark and Airflow pipelines in production came across.
"""),
    ),
    Case(
        "ty-warm",
        PRIYA_TY,
        _ty("""
Dear Priya,

It was a real pleasure to speak with you yesterday, and thank you for being so open about the
team's work. What you shared about moving the nightly batch jobs to streaming was fascinating.

I think my background of five years running Spark and Airflow in production fits the Senior
Data Engineer role at Northwind Labs well. Please let me know if I can provide anything else.

I am enthusiastic about joining the team.
"""),
    ),
    Case(
        "ty-gerund-start",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for your time yesterday. Hearing about the move from nightly batch jobs to streaming
at Northwind Labs was the best part of the interview for me.

Working with Spark and Airflow pipelines in production over the past five years, I have seen
how much a team gains from such a move. I would be delighted to help as your Senior Data
Engineer.

Looking forward to hearing about next steps.
"""),
    ),
    Case(
        "ty-curly",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday\u2019s conversation about the Senior Data Engineer role.
Northwind Labs\u2019 move to streaming is exactly the kind of challenge I\u2019m looking for.

I\u2019d bring five years of running Spark and Airflow pipelines in production.

I\u2019m very interested and hope to continue the conversation.
"""),
    ),
    Case(
        "ty-phone-only",
        PRIYA_TY,
        """Subject: Thank you

Dear Priya,

Thank you for meeting with me yesterday to discuss the Senior Data Engineer role at Northwind
Labs. I especially enjoyed our discussion of moving the nightly batch jobs to streaming.

I would be excited to bring my five years of Spark and Airflow experience to the team.

Kind regards,
Alex Morgan
+44 7700 900123
""",
    ),
    Case(
        "status-plain",
        STATUS,
        _ty(
            """
Dear Priya,

I hope you are well. I am writing to ask whether there is any news on the Senior Data
Engineer role at Northwind Labs; I know a decision was expected around Friday 4 December.

I remain very interested, especially after our talk about moving the nightly batch jobs to
streaming.
""",
            "Checking in: Senior Data Engineer role",
        ),
    ),
    Case(
        "status-since",
        STATUS,
        _ty(
            """
Dear Priya,

It has been two weeks since we spoke on Monday 23 November, and I wanted to check in on the
Senior Data Engineer position at Northwind Labs.

I am still keen on the role and happy to provide anything else you need.
""",
            "Senior Data Engineer: next steps",
        ),
    ),
    Case(
        "status-brief",
        STATUS,
        _ty(
            """
Dear Priya,

I wanted to follow up on the Senior Data Engineer role at Northwind Labs. Is there an update
on the timeline? I am still very enthusiastic about the opportunity.
""",
            "Senior Data Engineer role",
        ),
    ),
    Case(
        "note-1",
        NOTE,
        "Subject: LinkedIn\n\nHi Priya, thanks again for the interview. I "
        "enjoyed our conversation about moving batch jobs to streaming and would love to "
        "stay connected. Alex Morgan\n",
    ),
    Case(
        "note-2",
        NOTE,
        "Subject: LinkedIn\n\nHello Priya, it was great talking with you about "
        "streaming at Northwind Labs. I'd be glad to keep in touch here. Alex\n",
    ),
    Case(
        "note-3",
        NOTE,
        "Hi Priya, I keep thinking about our talk on moving the nightly batch "
        "jobs to streaming. Would be happy to connect. Best, Alex Morgan\n",
    ),
    Case(
        "rejection-1",
        REJECTED,
        _ty(
            """
Dear Priya,

Thank you for letting me know. I am disappointed, of course, but I am grateful for the time
you and the team gave me during the Senior Data Engineer process.

I enjoyed learning about Northwind Labs, and I would be glad to be considered for future
openings.
""",
            "Re: Senior Data Engineer",
        ),
    ),
    Case(
        "rejection-2",
        REJECTED,
        _ty("""
Dear Priya,

Many thanks for your message and for considering me for the Senior Data Engineer role. I
really appreciated our conversations, particularly about streaming, and I hope our paths cross
again.
"""),
    ),
    Case(
        "ty-ms-formal",
        PRIYA_TY,
        _ty("""
Dear Priya Shah,

Thank you for the interview yesterday for the Senior Data Engineer role at Northwind Labs. I
valued our exchange on moving nightly batch jobs to streaming.

Five years of running Spark and Airflow pipelines in production have prepared me well for this
work, and I am excited by the opportunity.
"""),
    ),
    Case(
        "ty-subject-title",
        PRIYA_TY,
        _ty(
            """
Dear Priya,

Thank you again for yesterday. Talking about moving the nightly batch jobs to streaming made me
even keener on the Senior Data Engineer role at Northwind Labs, and I believe my five years of
running Spark and Airflow pipelines in production would help.

Please do let me know if there is anything else I can send.
""",
            "Thank You for Your Time: Senior Data Engineer Interview",
        ),
    ),
    Case(
        "ty-kafka-point",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for a thoughtful conversation yesterday about streaming at Northwind Labs.

If it helps, I could send a short note on exactly-once delivery with Kafka, which we did not
have time to cover. I am very interested in the Senior Data Engineer role.
"""),
    ),
    Case(
        "status-today",
        STATUS,
        _ty(
            """
Dear Priya,

I am writing today to ask whether there is any news on the Senior Data Engineer role at
Northwind Labs. I remain very interested.
""",
            "Senior Data Engineer: any news?",
        ),
    ),
    Case(
        "ty-team-name",
        TOM_TY,
        _ty("""
Dear Tom,

Thank you for yesterday. I enjoyed hearing how the Northwind Labs Data Team tests its Airflow
pipelines, and I would love to bring my five years of running Spark and Airflow pipelines in
production to the Senior Data Engineer role.
"""),
    ),
    Case(
        "ty-may-modal",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for meeting me yesterday about the Senior Data Engineer role at Northwind Labs. Our
discussion about moving the nightly batch jobs to streaming was the highlight for me.

May I say again how excited I am about the role? I hope my five years of Spark experience came
across.
"""),
    ),
]

BAD = [
    # --- an invented employer, organisation, place
    Case(
        "employer",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for meeting me yesterday about the Senior Data Engineer role at Northwind Labs. Our
talk about moving the nightly batch jobs to streaming reminded me of my time at Google, where I
did similar work. I am very interested in the role.
"""),
        INVENTED,
        "Google",
    ),
    Case(
        "employer-start",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's conversation about the Senior Data Engineer role at Northwind Labs
and moving the nightly batch jobs to streaming. At Spotify I led a similar migration, and I
am very interested in the role.
"""),
        INVENTED,
        "Spotify",
    ),
    Case(
        "employer-two-words",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday. Moving the nightly batch jobs to streaming at Northwind Labs sounds
much like my work for Deutsche Bank. I am very keen on the Senior Data Engineer role.
"""),
        INVENTED,
        "Deutsche Bank",
    ),
    Case(
        "product-of-words",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
have moved nightly batch jobs to streaming on Google Cloud before, and am very interested.
"""),
        INVENTED,
        "Google Cloud",
    ),
    Case(
        "place",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for meeting me yesterday about the Senior Data Engineer role at Northwind Labs. I
enjoyed hearing about moving the nightly batch jobs to streaming, and I would be happy to
relocate to Berlin for it. I am very interested.
"""),
        INVENTED,
        "Berlin",
    ),
    Case(
        "university",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's talk about the Senior Data Engineer role at Northwind Labs and about
streaming. My research at Stanford prepared me well for it, and I am very interested.
"""),
        INVENTED,
        "Stanford",
    ),
    # --- an invented number
    Case(
        "years",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's conversation about the Senior Data Engineer role at Northwind Labs.
Moving the nightly batch jobs to streaming is work I know well: I have ten years of running
Spark in production. I am very interested.
"""),
        INVENTED,
        "ten",
    ),
    Case(
        "percent",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday. Our talk about moving the nightly batch jobs to streaming at Northwind
Labs was great; in my last role I cut pipeline latency by 75%. I am very interested in the
Senior Data Engineer role.
"""),
        INVENTED,
        "75%",
    ),
    Case(
        "team-size",
        TOM_TY,
        _ty("""
Dear Tom,

Thank you for yesterday. I enjoyed hearing how the team tests its Airflow pipelines, having
managed a team of 12 engineers who did the same. I am very interested in the Senior Data
Engineer role at Northwind Labs.
"""),
        INVENTED,
        "12",
    ),
    Case(
        "money",
        REJECTED,
        _ty("""
Dear Priya,

Thank you for letting me know about the Senior Data Engineer role at Northwind Labs. I had
hoped to bring the $2m savings I delivered before, but I appreciate your time.
"""),
        INVENTED,
        "$2m",
    ),
    # --- an invented date or time
    Case(
        "weekday",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for meeting with me on Tuesday about the Senior Data Engineer role at Northwind Labs.
I enjoyed our discussion of moving the nightly batch jobs to streaming and am very interested.
"""),
        INVENTED,
        "Tuesday",
    ),
    Case(
        "month-date",
        STATUS,
        _ty(
            """
Dear Priya,

I am writing to ask about the Senior Data Engineer role at Northwind Labs. You mentioned a
decision by 12 January; I remain very interested.
""",
            "An update?",
        ),
        INVENTED,
        "January",
    ),
    Case(
        "wrong-time-word",
        STATUS,
        _ty("""
Dear Priya,

Thank you again for our conversation yesterday about the Senior Data Engineer role at
Northwind Labs. I am still very interested and would welcome an update.
"""),
        INVENTED,
        "yesterday",
    ),
    Case(
        "met-today",
        STATUS,
        _ty(
            """
Dear Priya,

Thank you for speaking with me today about the Senior Data Engineer role at Northwind Labs.
I remain very interested.
""",
            "An update?",
        ),
        INVENTED,
        "today",
    ),
    Case(
        "next-week",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and look forward to hearing
from you next week.
"""),
        INVENTED,
        "next week",
    ),
    # --- an invented person
    Case(
        "person",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. Please
pass my thanks to Marcus as well; our talk about moving the nightly batch jobs to streaming was
great. I am very interested.
"""),
        INVENTED,
        "Marcus",
    ),
    Case(
        "person-full",
        TOM_TY,
        _ty("""
Dear Tom,

Thank you for yesterday. Your point about how the team tests its Airflow pipelines echoed
what Sarah Chen said in my last interview. I am very interested in the Senior Data Engineer
role at Northwind Labs.
"""),
        INVENTED,
        "Sarah Chen",
    ),
    # --- an invented technology
    Case(
        "tech",
        TOM_TY,
        _ty("""
Dear Tom,

Thank you for yesterday. I enjoyed hearing how the team tests its Airflow pipelines; I have
done the same with Kubernetes for years. I am very interested in the Senior Data Engineer
role at Northwind Labs.
"""),
        INVENTED,
        "Kubernetes",
    ),
    Case(
        "tech-acronym",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. Moving
the nightly batch jobs to streaming on AWS is something I have done before. I am very
interested.
"""),
        INVENTED,
        "AWS",
    ),
    Case(
        "tech-lowercase",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
have moved nightly batch jobs to streaming with flink before, and am very interested.
"""),
        INVENTED,
        "Flink",
    ),
    # --- the name
    Case(
        "wrong-name",
        PRIYA_TY,
        _ty("""
Dear Pria,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and am very interested.
"""),
        INVENTED,
        "Pria",
    ),
    Case(
        "other-person",
        TOM_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed hearing how the team tests its Airflow pipelines and am very interested.
"""),
        INVENTED,
        "Priya",
    ),
    Case(
        "no-name",
        PRIYA_TY,
        _ty("""
Dear Hiring Manager,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and am very interested.
"""),
        INVENTED,
        "Hiring Manager",
    ),
    Case(
        "no-greeting",
        PRIYA_TY,
        _ty("""
Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and am very interested.
"""),
        MISSING,
        "greeting",
    ),
    # --- the kind's musts
    Case(
        "no-thanks",
        PRIYA_TY,
        _ty("""
Dear Priya,

I enjoyed yesterday's interview for the Senior Data Engineer role at Northwind Labs, above all
our talk about moving the nightly batch jobs to streaming. I am very interested.
"""),
        MISSING,
        "thanks",
    ),
    Case(
        "no-company",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role. I enjoyed our talk about
moving the nightly batch jobs to streaming and am very interested.
"""),
        MISSING,
        "Northwind",
    ),
    Case(
        "no-topic",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. It was
a great conversation and I am very interested.
"""),
        MISSING,
        "discussed",
    ),
    Case(
        "no-signoff",
        PRIYA_TY,
        """Subject: Thank you

Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and am very interested.

Best regards
""",
        MISSING,
        "Alex Morgan",
    ),
    Case(
        "no-contact",
        PRIYA_TY,
        """Subject: Thank you

Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and am very interested.

Best regards,
Alex Morgan
""",
        MISSING,
        "email or phone",
    ),
    # --- length
    Case(
        "too-long-note",
        NOTE,
        "Hi Priya, thank you so much for the interview. "
        + "I enjoyed our conversation about moving the nightly batch jobs to streaming, and "
        "I have been thinking about it ever since, because it is exactly the kind of work "
        "that I find most rewarding and would love to do more of in my next role, ideally "
        "with a team like yours that cares about doing it properly. Alex Morgan\n",
        LENGTH,
        "300",
    ),
    Case(
        "too-long-email",
        PRIYA_TY,
        _ty(
            "Dear Priya,\n\nThank you for yesterday's interview "
            "for the Senior Data Engineer role at Northwind Labs and our talk about streaming. "
            + "I am very interested and keen to help the team with this work. "
            * 18
        ),
        LENGTH,
        "words",
    ),
    # --- placeholders
    Case(
        "placeholder-brackets",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and [specific detail]. I am
very interested.
"""),
        PLACEHOLDER,
        "[specific detail]",
    ),
    Case(
        "placeholder-braces",
        PRIYA_TY,
        _ty("""
Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at {company}. I enjoyed
our talk about moving the nightly batch jobs to streaming and am very interested.
"""),
        PLACEHOLDER,
        "{company}",
    ),
    Case(
        "placeholder-angle",
        PRIYA_TY,
        """Subject: Thank you

Dear Priya,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and am very interested.

Best regards,
<your name>
alex.morgan@example.org
""",
        PLACEHOLDER,
        "<your name>",
    ),
    Case(
        "placeholder-xx",
        STATUS,
        _ty(
            """
Dear Priya,

I am writing about the Senior Data Engineer role at Northwind Labs; it has been XX days since
we spoke. I remain very interested.
""",
            "An update?",
        ),
        PLACEHOLDER,
        "XX",
    ),
    # --- language
    Case(
        "german",
        PRIYA_TY,
        """Subject: Vielen Dank

Dear Priya,

vielen Dank für das Gespräch gestern über die Stelle als Senior Data Engineer bei Northwind
Labs. Unser Austausch über die Umstellung der nächtlichen Batch-Jobs auf Streaming hat mir
sehr gefallen, und ich bin weiterhin sehr interessiert. Thank you.

Best regards,
Alex Morgan
alex.morgan@example.org
""",
        LANGUAGE,
        "English",
    ),
    Case(
        "french",
        STATUS,
        """Subject: Suivi

Dear Priya,

Je me permets de revenir vers vous concernant le poste de Senior Data Engineer chez Northwind
Labs. Je reste très intéressé par cette opportunité et par le passage au streaming.

Cordialement,
Alex Morgan
alex.morgan@example.org
""",
        LANGUAGE,
        "English",
    ),
]
assert len(GOOD) + len(BAD) >= 40


def _refused(case: Case) -> tuple[model_guard.Objection, ...]:
    kind = CASES[case.facts][0]
    return model_guard.check(case.letter, _facts(case.facts), kind.value)


def test_the_table_holds_recall_and_no_false_alarm() -> None:
    false_alarms = {c.name: _refused(c) for c in GOOD if _refused(c)}
    caught = [c for c in BAD if _caught(c)]
    recall = len(caught) / len(BAD)
    print(
        f"\nguard: {len(GOOD)} good letters, {len(false_alarms)} refused (false alarms); "
        f"{len(BAD)} bad letters, {len(caught)} caught (recall {recall:.2f})"
    )
    assert not false_alarms, false_alarms
    assert recall == 1.0, [c.name for c in BAD if not _caught(c)]


def _caught(case: Case) -> bool:
    found = _refused(case)
    return any(
        o.what == case.refused_for and (case.mentions is None or case.mentions in o.message)
        for o in found
    )


@pytest.mark.parametrize("case", GOOD, ids=lambda c: c.name)
def test_a_good_letter_passes(case: Case) -> None:
    assert _refused(case) == ()


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.name)
def test_a_bad_letter_is_refused_for_its_reason(case: Case) -> None:
    found = _refused(case)
    assert _caught(case), [o.message for o in found]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_template_letter_passes(name: str) -> None:
    """The fallback itself must pass: the guard holds the model to the templates' facts."""
    kind, contact, hist, now, supplied = CASES[name]
    subject, body = d.render(kind, contact, hist, now, supplied)
    assert model_guard.check(f"Subject: {subject}\n\n{body}", _facts(name), kind.value) == ()


def test_objections_read_as_sentences() -> None:
    found = _refused(next(c for c in BAD if c.name == "employer"))
    assert [o.message for o in found] == ["the model added 'Google', which is not in your record"]


def test_feedback_lists_every_objection_for_the_retry() -> None:
    found = _refused(next(c for c in BAD if c.name == "wrong-name"))
    text = model_guard.feedback(found)
    assert "'Pria'" in text
    assert text.startswith("Your letter was refused")


def test_a_letter_to_nobody_named_needs_only_a_greeting() -> None:
    kind = MessageKind.THANK_YOU
    facts = {**_facts(PRIYA_TY), "recipient_name": None, "first_name": None, "greeting": "Hello,"}
    letter = _ty("""
Hello,

Thank you for yesterday's interview for the Senior Data Engineer role at Northwind Labs. I
enjoyed our talk about moving the nightly batch jobs to streaming and am very interested.
""")
    assert model_guard.check(letter, facts, kind.value) == ()
    assert LATER  # the golden cases' second moment is what the status letters use


@settings(max_examples=examples(60), deadline=None)
@given(records(), st.sampled_from(list(MessageKind)))
def test_a_template_letter_for_any_record_passes(
    record: tuple[History, tuple[Contact, ...]], kind: MessageKind
) -> None:
    """Generated names, companies, roles and debriefs: the guard never refuses the
    template's own letter, so it refuses a model only for what the model did."""
    hist, people = record
    for person in people:
        facts = drafting.gather(hist, d.PROFILE, kind, person, d.NOW, SUPPLIED)
        if facts.missing:
            continue
        subject, body = d.TEMPLATES.render(kind.value, facts.values)
        if kind is MessageKind.LINKEDIN_NOTE:
            body = " ".join(body.split())
            if len(body) > drafting.LINKEDIN_LIMIT:
                continue  # refused by the drafting itself, never sent
        letter = f"Subject: {subject}\n\n{body}"
        assert model_guard.check(letter, facts.values, kind.value) == (), letter
