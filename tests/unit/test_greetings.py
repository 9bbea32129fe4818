"""``contact --greet`` reaches every greeting: each kind of letter, email and LinkedIn, a call
script's opening, formal or not; and without it, a name is never cut where it is unclear."""

from __future__ import annotations

import re
import string
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import drafting
from followup.domain.messages import MessageKind
from followup.domain.model import Contact
from tests.hypothesis_profiles import examples
from tests.unit import drafting_data as d

# Every place a letter addresses its reader: "Dear X," "Hi X," "Hello X,".
ADDRESS = re.compile(r"\b(?:Dear|Hi|Hello) ([^,\n]+),")
SUPPLIED = {
    "detail": "a short write-up of the migration",
    "ask": "a base of 85k",
    "terms": "85k base, starting in March",
}

word = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=8)
greets = st.lists(word, min_size=1, max_size=3).map(lambda ws: " ".join(w.title() for w in ws))


def addresses(contact: Contact, kind: MessageKind, formal: bool) -> list[str]:
    """How the letter of ``kind`` to ``contact`` addresses them, every time it does."""
    profile = replace(d.PROFILE, formal=formal)
    hist = d.history(d.DEBRIEF, d.offer())
    facts = drafting.gather(hist, profile, kind, contact, d.NOW, SUPPLIED)
    assert not facts.missing, (kind, facts.missing)
    _, body = d.TEMPLATES.render(kind.value, facts.values)
    return ADDRESS.findall(body)


@settings(max_examples=examples(30), deadline=None)
@given(greets, st.booleans())
def test_every_letter_greets_as_the_contact_asked(greet: str, formal: bool) -> None:
    person = replace(d.PRIYA, name="Chua Wei Ling", title="Ms", greet=greet)
    for kind in MessageKind:
        found = addresses(person, kind, formal)
        assert found, f"{kind.value} addresses no one"
        assert set(found) == {greet}, (kind.value, found)


def test_without_greet_an_unclear_name_is_written_in_full() -> None:
    """The cases of issue 11: not "Dear Chua,", not "Dear Ms. Ling,", not "Dear Wei,"."""
    for name in ("Chua Wei Ling", "Wei Ling Chua"):
        person = replace(d.PRIYA, name=name, title="Ms.")
        for formal in (False, True):
            for kind in (MessageKind.THANK_YOU, MessageKind.LINKEDIN_NOTE):
                assert set(addresses(person, kind, formal)) == {name}


def test_a_clear_name_is_greeted_by_its_given_name_or_title() -> None:
    person = replace(d.PRIYA, title="Ms.")
    assert set(addresses(person, MessageKind.LINKEDIN_NOTE, formal=False)) == {"Priya"}
    assert set(addresses(person, MessageKind.PHONE_SCRIPT, formal=False)) == {"Priya"}
    assert set(addresses(person, MessageKind.THANK_YOU, formal=True)) == {"Ms. Shah"}
    assert set(addresses(person, MessageKind.THANK_YOU, formal=False)) == {"Priya"}
