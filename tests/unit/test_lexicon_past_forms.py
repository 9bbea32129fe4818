"""The past forms ``domain.lexicon`` writes out for the review (issue 11), held to lemminflect.

The lists exist so that a review can tell a suspect without loading the dictionary; if one of
them says something the dictionary does not, the review would flag what is not a past form
(or miss what is). These tests are where the two must agree.
"""

from __future__ import annotations

import pytest

from followup.domain import lexicon


@pytest.mark.parametrize("word", sorted(lexicon.PAST_ONLY))
def test_a_past_only_form_is_a_simple_past_and_not_the_base(word: str) -> None:
    tags = lexicon.verb_tags(word)
    assert lexicon.PAST in tags
    assert lexicon.BASE not in tags


@pytest.mark.parametrize("word", sorted(lexicon.PARTICIPLES))
def test_a_participle_is_a_past_form_and_not_the_base(word: str) -> None:
    tags = lexicon.verb_tags(word)
    assert tags & {lexicon.PAST, lexicon.PARTICIPLE}
    assert lexicon.BASE not in tags


@pytest.mark.parametrize("word", sorted(lexicon.SAME_FORM_PAST))
def test_a_same_form_past_is_both_the_base_and_the_past(word: str) -> None:
    assert {lexicon.BASE, lexicon.PAST} <= lexicon.verb_tags(word)


def test_the_lists_do_not_overlap() -> None:
    assert not lexicon.PAST_ONLY & lexicon.PARTICIPLES
    assert not (lexicon.PAST_ONLY | lexicon.PARTICIPLES) & lexicon.SAME_FORM_PAST


def test_looks_past_by_shape_without_the_dictionary() -> None:
    for word in ("ran", "Ran", "led", "built", "cut", "reduced", "onboarded", "hundred"):
        assert lexicon.looks_past(word), word
    for word in ("run", "lead", "need", "speed", "given", "based", "bed", "Kafka", "running"):
        assert not lexicon.looks_past(word), word


def test_is_verb_form_asks_the_dictionary() -> None:
    assert lexicon.is_verb_form("reduced")
    assert lexicon.is_verb_form("ran")
    assert not lexicon.is_verb_form("hundred")
    assert not lexicon.is_verb_form("Ahmed")


def test_can_be_adjective() -> None:
    assert lexicon.can_be_adjective("committed")
    assert lexicon.can_be_adjective("experienced")
    assert not lexicon.can_be_adjective("ran")
