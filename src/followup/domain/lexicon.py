"""English word classes for the letters: what a word can be, and a verb's other forms.

Drafting must know the grammatical shape of what a person typed ("ran a diary study" is a verb
phrase in the past tense, "five years of Spark" a noun phrase) to put it in a frame it fits, and
the review must notice a phrase pasted into one it does not fit ("about how ran a diary study").
A statistical tagger needs a model, and a debrief item of five words is too short to tag
reliably anyway, so this is a lexicon:

- the closed classes (determiners, pronouns, prepositions, conjunctions, auxiliaries: a few
  hundred words that do not change) are written out here;
- the open classes (noun, verb, adjective, adverb) and verb inflection come from lemminflect,
  whose tables ship inside its wheel. It was chosen over ``inflect`` (plurals and articles
  only, no verb forms or word classes) and pyinflect (lemminflect's own predecessor); spaCy
  would add a tagger but needs a model package and a second of start-up for what a table
  answers. Like ``holidays`` in ``calendar.py`` it is pure computation, imported on first use.
"""

from __future__ import annotations

import re
from functools import cache

# Penn Treebank verb tags, as lemminflect names them.
BASE, PAST, PARTICIPLE, GERUND, THIRD, PRESENT = "VB", "VBD", "VBN", "VBG", "VBZ", "VBP"

ARTICLES = frozenset({"a", "an", "the"})
POSSESSIVES = frozenset({"my", "our", "your", "their", "his", "her", "its"})
DETERMINERS = ARTICLES | POSSESSIVES | frozenset(
    {"this", "that", "these", "those", "some", "any", "each", "every", "all", "both", "no",
     "several", "many", "much", "more", "most", "few", "fewer", "less", "another", "other",
     "such", "whose", "either", "neither", "enough"}
)  # fmt: skip
SUBJECT_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she", "it"})
PRONOUNS = SUBJECT_PRONOUNS | frozenset(
    {"me", "us", "them", "him", "her", "mine", "ours", "yours", "theirs", "hers", "myself",
     "ourselves", "yourself", "themselves", "himself", "herself", "itself", "someone",
     "something", "everyone", "everything", "anyone", "anything", "nobody", "nothing"}
)  # fmt: skip
PREPOSITIONS = frozenset(
    {"about", "above", "across", "after", "against", "along", "among", "around", "as", "at",
     "before", "behind", "below", "beneath", "beside", "between", "beyond", "by", "despite",
     "during", "except", "for", "from", "in", "inside", "into", "like", "near", "of", "off",
     "on", "onto", "out", "outside", "over", "past", "per", "since", "through", "throughout",
     "to", "toward", "towards", "under", "until", "up", "upon", "via", "with", "within",
     "without"}
)  # fmt: skip
CONJUNCTIONS = frozenset(
    {"and", "or", "but", "nor", "so", "yet", "because", "although", "though", "while",
     "whereas", "if", "unless", "whether", "once", "than"}
)  # fmt: skip
WH_WORDS = frozenset({"how", "why", "what", "when", "where", "which", "who", "whom", "whether"})
MODALS = frozenset({"can", "could", "may", "might", "must", "shall", "should", "will", "would"})
AUXILIARIES = MODALS | frozenset(
    {"am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having",
     "do", "does", "did"}
)  # fmt: skip
NUMBER_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds",
     "thousand", "thousands", "million", "millions", "billion", "dozen", "dozens", "half"}
)  # fmt: skip
CLOSED = DETERMINERS | PRONOUNS | PREPOSITIONS | CONJUNCTIONS | WH_WORDS | AUXILIARIES

_NUMBER = re.compile(r"[$£€¥]?\d[\d,.]*(?:%|[kKmMbB]|x)?")


def is_number(word: str) -> bool:
    """``40``, ``40%``, ``£78k``, ``3x``, ``five``: a quantity."""
    return bool(_NUMBER.fullmatch(word)) or word.lower() in NUMBER_WORDS


@cache
def open_classes(word: str) -> frozenset[str]:
    """The open word classes ``word`` can be (``NOUN``, ``VERB``, ``ADJ``, ``ADV``), from the
    dictionary; empty for a word it does not hold (a name, a product, a typo)."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word.lower()))


@cache
def verb_lemma(word: str) -> str | None:
    """``ran`` -> ``run``; None when the dictionary knows no verb of that form."""
    from lemminflect import getAllLemmas

    found = getAllLemmas(word.lower(), upos="VERB").get("VERB")
    return found[0] if found else None


@cache
def verb_tags(word: str) -> frozenset[str]:
    """The verb forms ``word`` is: ``ran`` -> {VBD}; ``cut`` -> {VB, VBD, VBN, VBP}."""
    from lemminflect import getAllInflections

    lemma = verb_lemma(word)
    if lemma is None:
        return frozenset()
    lower = word.lower()
    forms = getAllInflections(lemma, upos="VERB")
    tags = {tag for tag, spelt in forms.items() if lower in spelt}
    if lower == lemma:
        tags |= {BASE, PRESENT}
    return frozenset(tags)


@cache
def guessed_verb_lemma(word: str) -> str:
    """A verb's lemma by rule, for verbs the dictionary lacks (``onboarded`` -> ``onboard``)."""
    from lemminflect import getAllLemmasOOV

    found = getAllLemmasOOV(word.lower(), upos="VERB").get("VERB")
    return found[0] if found else word.lower()


@cache
def inflect(lemma: str, tag: str) -> str:
    """``run`` as VBG -> ``running``; rules where the tables are silent (``onboard``)."""
    from lemminflect import getInflection

    forms = getInflection(lemma.lower(), tag=tag)
    return forms[0] if forms else lemma.lower()


def verb_form(word: str, tag: str) -> str:
    """``ran`` -> ``running`` (GERUND), ``cut`` -> ``cut`` (PAST): ``word`` made the other
    form of its verb, its first letter's case kept."""
    lemma = verb_lemma(word) or guessed_verb_lemma(word)
    made = inflect(lemma, tag)
    return made[:1].upper() + made[1:] if word[:1].isupper() else made


def is_past_form(word: str) -> bool:
    """A past tense or participle that is not also the base form (``ran``, ``led``,
    ``mentored``; not ``cut``), which no noun phrase or bare infinitive starts with."""
    tags = verb_tags(word)
    return bool(tags & {PAST, PARTICIPLE}) and BASE not in tags


def is_gerund(word: str) -> bool:
    return GERUND in verb_tags(word) or (
        word.lower().endswith("ing") and not open_classes(word) and len(word) > 5
    )
