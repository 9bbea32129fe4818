"""Properties every draft keeps, whatever the record holds (hypothesis).

No placeholder survives; a thank-you names its recipient, the company, the role and a topic
from the debrief, and thanks them; a LinkedIn note fits; different debriefs make different
letters; one panel never gets one letter with the names swapped.
"""

from __future__ import annotations

import re
import string
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import drafting
from followup.domain.errors import BadInput
from followup.domain.messages import MessageKind
from followup.domain.model import Application, Contact, Debrief, Event, History
from followup.domain.names import given_name
from followup.domain.phrasing import Role, Unfit, shape
from tests.hypothesis_profiles import examples
from tests.unit import drafting_data as d

PLACEHOLDER = re.compile(r"\[[^\]]*\]|\{[^}]*\}|<[^>]*>|\bXX\b|TBD|\bNone\b")

word = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=10).filter(
    lambda w: w not in {"none", "xx", "tbd"}
)


def _kept_as_typed(text: str) -> bool:
    """A made-up phrase that reads as a noun phrase, so a letter quotes it as typed (one
    starting with a verb or a hedge is reshaped: ``test_phrasing`` covers those)."""
    try:
        found = shape(text, Role.TOPIC)
        strength = shape(text, Role.STRENGTH)
    except Unfit:
        return False
    return found.noun == text and strength.noun == text


phrase = st.lists(word, min_size=1, max_size=6).map(" ".join).filter(_kept_as_typed)
name = st.tuples(word, word).map(lambda p: f"{p[0].capitalize()} {p[1].capitalize()}")
title = st.lists(word, min_size=1, max_size=3).map(lambda ws: " ".join(w.capitalize() for w in ws))


@st.composite
def records(draw: st.DrawFn) -> tuple[History, tuple[Contact, ...]]:
    """An application with a panel of one to three, each with their own topic."""
    size = draw(st.integers(min_value=1, max_value=3))
    names = draw(st.lists(name, min_size=size, max_size=size, unique=True))
    people = tuple(
        replace(d.PANEL[i], name=n, email=f"p{i}@example.org") for i, n in enumerate(names)
    )
    topics = draw(st.lists(phrase, min_size=size, max_size=size))
    debrief = Debrief(
        strengths=tuple(draw(st.lists(phrase, min_size=1, max_size=3))),
        topics=tuple((p.id, (t,)) for p, t in zip(people, topics, strict=True)),
        unaddressed=tuple(draw(st.lists(phrase, max_size=1))),
    )
    app = Application(
        id=draw(st.integers(min_value=1, max_value=10**6)), company=draw(title), role=draw(title)
    )
    events: tuple[Event, ...] = tuple(draw(st.sampled_from([(), (d.offer(),), (d.rejection(),)])))
    interview = replace(d.ROUND, interviewer_ids=tuple(p.id for p in people), debrief=debrief)
    return History(app, people, (interview,), events), people


SUPPLIED = {"detail": "a short write-up of the migration", "ask": "a base of 85k"}


@settings(max_examples=examples(60), deadline=None)
@given(records(), st.sampled_from(list(MessageKind)))
def test_no_draft_has_a_placeholder(
    record: tuple[History, tuple[Contact, ...]], kind: MessageKind
) -> None:
    hist, people = record
    for person in people:
        facts = drafting.gather(hist, d.PROFILE, kind, person, d.NOW, SUPPLIED)
        if facts.missing:  # e.g. an acceptance without an offer: refused, never blank
            continue
        subject, body = d.TEMPLATES.render(kind.value, facts.values)
        for text in (subject, body):
            assert not PLACEHOLDER.search(text), (kind, text)
        assert "  " not in subject


@settings(max_examples=examples(80), deadline=None)
@given(records())
def test_every_thank_you_names_recipient_company_role_topic_and_thanks(
    record: tuple[History, tuple[Contact, ...]],
) -> None:
    hist, people = record
    debrief = hist.interviews[0].debrief
    assert debrief is not None
    for person in people:
        _, body = d.render(MessageKind.THANK_YOU, person, hist)
        assert f"Dear {given_name(person.name) or person.name}," in body  # "Kim Ab": in full
        assert hist.application.company in body
        assert hist.application.role in body
        assert dict(debrief.topics)[person.id][0] in body
        assert "thank" in body.lower()
        assert len(body.split()) < 200


@settings(max_examples=examples(80), deadline=None)
@given(records())
def test_linkedin_notes_fit_or_are_refused(record: tuple[History, tuple[Contact, ...]]) -> None:
    from followup.services.drafting import _linkedin

    hist, people = record
    for person in people:
        _, body = d.render(MessageKind.LINKEDIN_NOTE, person, hist)
        try:
            note = _linkedin(body)
        except BadInput:
            assert len(" ".join(body.split())) > drafting.LINKEDIN_LIMIT
            continue
        assert len(note.strip()) <= drafting.LINKEDIN_LIMIT
        assert "\n" not in note.strip()


@given(phrase, phrase)
def test_two_different_debriefs_give_two_different_letters(one: str, other: str) -> None:
    if one == other:
        return
    letters = []
    for topic in (one, other):
        debrief = replace(d.DEBRIEF, topics=((d.TOM.id, (topic,)),))
        letters.append(d.render(MessageKind.THANK_YOU, d.TOM, d.history(debrief))[1])
    assert letters[0] != letters[1]


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(min_value=1, max_value=10**6), phrase)
def test_a_panel_never_gets_one_letter_with_the_names_swapped(app_id: int, topic: str) -> None:
    """Even when all three discussed the same thing, each gets a different phrasing."""
    debrief = replace(d.DEBRIEF, topics=tuple((p.id, (topic,)) for p in d.PANEL))
    hist = replace(d.history(debrief), application=replace(d.APP, id=app_id))
    letters = []
    for person in d.PANEL:
        subject, body = d.render(MessageKind.THANK_YOU, person, hist)
        letters.append((subject, body.replace(person.name.split()[0], "NAME")))
    assert len(set(letters)) == len(letters)


@given(st.integers(min_value=0, max_value=2**32), st.sampled_from(["opening", "close", "topic"]))
def test_a_panel_never_shares_a_sentence_and_a_letter_is_always_written_the_same(
    seed: int, slot: str
) -> None:
    for count in (3, 5, 6):
        turns = [drafting.pick_index(seed, turn, slot, count) for turn in range(count)]
        assert len(set(turns)) == count  # consecutive turns: distinct sentences
        assert turns == [drafting.pick_index(seed, t, slot, count) for t in range(count)]
