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
def noun_lemma(word: str) -> str:
    """``pipelines`` -> ``pipeline``; the word itself when the dictionary has no noun."""
    from lemminflect import getLemma

    found = getLemma(word.lower(), upos="NOUN")
    return str(found[0]) if found else word.lower()


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


# --- past forms by shape, without the dictionary (added for the review, issue 11) -----------
# The review looks for a verb phrase pasted where a noun phrase or a clause with a subject
# belongs ("about how ran a diary study"). Asking lemminflect about every word after every
# preposition would load its tables (about 0.4 s with numpy) in every `followup check`, where
# the rest of the own rules take milliseconds. The irregular verbs are a closed class (English
# makes no new ones; new verbs take -ed), so their past forms are written out here, and a test
# checks each against lemminflect; a word outside these lists and without -ed is no past form.
# The dictionary is then asked only about a suspect, which a clean letter rarely holds.

# Simple past forms that are neither the base nor the participle, and seldom a noun
# ("ran", "wrote"; not "saw", "rose", "fell", "bit", "found", "lay": tools, flowers, a
# base of its own). After a preposition or "how" they can only be a pasted verb phrase.
_PAST_ONLY_TEXT = """
    arose ate awoke became began blew broke came chose drank drew drove flew forbade forgave
    forgot froze gave grew hid knew mistook outgrew overcame oversaw overtook ran rang redrew
    reran rewrote rode sang sank shook shrank slew spoke sprang stole strode strove swam swore
    threw took tore undertook underwent withdrew woke wore wrote went
"""
PAST_ONLY = frozenset(_PAST_ONLY_TEXT.split())
# Irregular forms that are a participle (and often the past too) but not the base: "led",
# "built", "taken". A participle can be an adjective ("written notes"), so the review wants
# its object after it ("led the", "built 40") before it calls it a pasted verb phrase.
_PARTICIPLES_TEXT = """
    bought brought built caught dealt felt fought got heard held kept laid led left lent lost
    made meant met paid rebuilt remade said sent sold spent stood struck taught thought told
    understood won sought slept swept bent bred fled sped shone stuck spun hung dug swung sat
    shot slid upheld withheld misled overpaid overheard
    arisen begun bitten blown broken chosen done drawn driven eaten fallen flown forbidden
    forgiven forgotten frozen gone grown hidden known mistaken overseen overtaken
    rewritten ridden risen seen shaken shown shrunk spoken stolen sworn taken thrown torn
    undertaken undergone withdrawn worn written sung sunk swum drunk
"""
PARTICIPLES = frozenset(_PARTICIPLES_TEXT.split())
# Irregular verbs whose past is their base ("cut", "set"). Only the ones a person lists as an
# achievement and seldom uses as a bare noun in a letter; "cost", "fit", "read", "split" are
# nouns there as often as verbs, so they are left out.
SAME_FORM_PAST = frozenset({"cut", "set", "put", "hit", "quit", "shut", "reset"})
# Forms that work as prepositions or conjunctions ("given the deadline", "provided that").
_PAST_AS_PREPOSITION = frozenset({"given", "provided", "granted", "compared", "based"})


def looks_past(word: str) -> bool:
    """``ran``, ``led``, ``reduced``, ``cut``: by shape and the lists above, no dictionary.
    A superset of the past forms (``hundred`` ends in -ed): confirm with ``is_verb_form``."""
    lower = word.lower()
    if lower in _PAST_AS_PREPOSITION:
        return False
    return (
        lower in PAST_ONLY
        or lower in PARTICIPLES
        or lower in SAME_FORM_PAST
        or (len(lower) > 4 and lower.endswith("ed") and not lower.endswith("eed"))
    )


def is_verb_form(word: str) -> bool:
    """``reduced`` (a verb's past) yes, ``hundred`` no: asks the dictionary (loads it)."""
    return bool(verb_tags(word)) or word.lower() in PAST_ONLY | PARTICIPLES | SAME_FORM_PAST


def can_be_adjective(word: str) -> bool:
    """``committed``, ``excited``: a participle the dictionary also holds as an adjective."""
    return "ADJ" in open_classes(word)
