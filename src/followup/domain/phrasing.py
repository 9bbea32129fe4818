"""Debrief items as people type them, made into the forms a letter's sentences need.

A strength arrives as "five years of Spark" (a noun phrase), "running a diary study" (a
gerund), "ran a diary study with 40 clinic patients" (a verb phrase in the past), "build
dashboards people use" (a bare verb), "I built the research ops programme from scratch." (a
sentence) or "comfortable with ambiguity" (an adjective); a topic as "their move to Kafka",
"how findings reach the roadmap", "We talked about the on-call rota" or "She asked how I'd
handle incidents". Pasted as typed into "I kept thinking about how ___ would carry over", most
of them break the sentence. So each item is read once, here, into a ``Phrase``:

- ``noun``: a form that fits wherever a noun phrase goes ("about ___", "___ is the kind of
  work ..."): the noun phrase, gerund or wh-clause as typed, a verb phrase made a gerund
  ("running a diary study ..."), a sentence about the talk made a wh-clause ("how you handle
  incidents");
- ``clause``: a first-person clause ("I ran a diary study ...", "I am comfortable with
  ambiguity"), for the frames that tell what the candidate did.

Either may be None when English has no such form for the item; templates choose a frame by
what exists, and an item with neither (or without the form its place needs) is refused with
a message that says how to write it, so a letter never carries a broken sentence.

Why by hand: no library turns a debrief note into these forms. The word classes and verb
forms come from ``lexicon`` (lemminflect); what is written here is the reading of a phrase's
first words, which is all that decides its shape in practice.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from dataclasses import dataclass

from followup.domain import lexicon, vocabulary
from followup.domain.errors import BadInput


class Role(enum.StrEnum):
    """What an item is for; it decides the lead-ins to drop and the forms it must have."""

    STRENGTH = "strength"
    TOPIC = "topic"
    POINT = "point"  # something the interview left unaddressed


class Shape(enum.StrEnum):
    NOUN = "noun phrase"
    GERUND = "gerund phrase"
    PAST = "verb phrase in the past"
    VERB = "verb phrase"
    SENTENCE = "sentence"
    WH = "wh-clause"
    ADJECTIVE = "adjective phrase"


@dataclass(frozen=True)
class Phrase:
    typed: str
    shape: Shape
    noun: str | None  # fits where a noun phrase goes
    clause: str | None  # a clause that can stand as a sentence: "I ran a diary study ..."
    done: bool = False  # the clause tells something done ("I ran ..."), not a trait ("I am")
    asked: bool = False  # a topic that was a question to the candidate ("how I'd handle ...")


class Unfit(BadInput):
    """An item no letter can carry as typed: it says why, and how to write it."""

    def __init__(self, role: Role, typed: str, why: str) -> None:
        super().__init__(f"{role.value} {typed!r} {why}; {EXAMPLES[role]}")
        self.role = role
        self.typed = typed
        self.why = why  # without the example: for a field whose examples are another's


EXAMPLES: dict[Role, str] = {
    Role.STRENGTH: (
        "write what you did or bring, e.g. 'ran a diary study with 40 patients', "
        "'five years of Spark' or 'I built the research ops programme'"
    ),
    Role.TOPIC: (
        "write what you talked about, e.g. 'their move to Kafka', 'how findings reach the "
        "roadmap' or 'moving nightly batch jobs to streaming'"
    ),
    Role.POINT: (
        "write what you would add, e.g. 'exactly-once delivery with Kafka' or 'how I would "
        "shard the orders table'"
    ),
}
MAX_WORDS = {Role.STRENGTH: 25, Role.TOPIC: 20, Role.POINT: 20}

# --- normalising what was typed ---------------------------------------------------------------
_CONTRACTIONS = {
    "i'm": "I am", "i've": "I have", "i'll": "I will", "we're": "we are", "we've": "we have",
    "we'd": "we would", "they're": "they are", "they've": "they have", "they'd": "they would",
    "you're": "you are", "you've": "you have", "he's": "he is", "she's": "she is",
    "it's": "it is", "that's": "that is", "there's": "there is", "what's": "what is",
    "how's": "how is", "didn't": "did not", "don't": "do not", "doesn't": "does not",
    "couldn't": "could not", "wouldn't": "would not", "shouldn't": "should not",
    "wasn't": "was not", "weren't": "were not", "isn't": "is not", "aren't": "are not",
    "hadn't": "had not", "haven't": "have not", "hasn't": "has not", "can't": "cannot",
    "won't": "will not", "should've": "should have", "could've": "could have",
    "would've": "would have",
}  # fmt: skip
# The same typed in a hurry without the apostrophe. Only those that are no English word
# themselves (or, like "cant", hardly used as one): "its", "id", "ill", "were", "well" and
# "wont" stay as typed.
_NO_APOSTROPHE = (
    "didnt dont doesnt couldnt wouldnt shouldnt wasnt werent isnt arent hadnt havent hasnt"
)
_CONTRACTIONS |= {bare: _CONTRACTIONS[bare[:-1] + "'t"] for bare in _NO_APOSTROPHE.split()} | {
     "cant": "cannot", "ive": "I have", "theyre": "they are", "youre": "you are",
     "thats": "that is", "theres": "there is", "whats": "what is"}  # fmt: skip
_BULLET = re.compile("^\\s*(?:[-*\u2022\u2013\u2014>]+|\\d+[.)])\\s+")
_QUOTES = "\"'\u201c\u201d\u2018\u2019`"


def _expand(words: list[str]) -> list[str]:
    """Contractions spelt out, so the shape reads the same typed either way. ``I'd`` is
    ``I had`` before a participle ("I'd led"), else ``I would``."""
    out: list[str] = []
    for i, word in enumerate(words):
        key = word.lower().replace("\u2019", "'")
        if key in ("i'd", "we'd", "they'd", "you'd", "he'd", "she'd"):
            following = words[i + 1] if i + 1 < len(words) else ""
            helper = "had" if lexicon.is_past_form(_bare(following)) else "would"
            subject = "I" if key == "i'd" else key[:-2]
            out += [subject if word[0].islower() or subject == "I" else subject.capitalize()]
            out.append(helper)
            continue
        spelt = _CONTRACTIONS.get(key)
        if spelt is None:
            out.append(word)
            continue
        parts = spelt.split()
        if word[0].isupper() and parts[0] != "I":
            parts[0] = parts[0].capitalize()
        out += parts
    return out


def _bare(word: str) -> str:
    """A token without the punctuation around it: ``"Kafka,"`` -> ``Kafka``."""
    return word.strip(".,;:!?()[]{}" + _QUOTES)


def _clean(typed: str) -> str:
    text = " ".join(typed.split())
    text = _BULLET.sub("", text)
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text.rstrip(" .;,!…").strip()


_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|Dr|Mr|Mrs|Ms|Prof|St|Inc|Ltd|Co|[A-Z])|\d)$"
)


def _sentences(text: str) -> int:
    """How many sentences ``text`` holds: a full stop before a capital that does not end an
    abbreviation or a number (``e.g.``, ``U.S.``, ``v2.1``) starts another."""
    count = 1
    for m in re.finditer(r"[.!?]\s+(?=[A-Z])", text):
        if not _ABBREVIATION.search(text[: m.start()]):
            count += 1
    return count


# --- lead-ins: the words around the fact, not the fact --------------------------------------
_SUBJECT = (
    r"(?:(?:i|we|they|he|she)|(?:the|our|my) (?:hiring manager|recruiter|interviewer|panel|"
    r"team|manager|lead|cto|ceo|founder)|[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+)?)"
    r"(?: and (?:i|me|[A-Z][\w'\u2019-]+))? "
)
_TALKED = (
    r"(?:(?:really|mostly|also|mainly|briefly|then|later) )?"
    r"(?:asked(?: me)?(?: (?:a lot|a few questions|some questions|questions))?(?: about)?"
    r"|wanted to (?:know|hear|talk)(?: about)?|talked(?: a lot| mostly)? about"
    r"|spoke(?: a lot)? about|chatted about|discussed|covered|went (?:over|through|into|deep on)"
    r"|explained|described|walked me through|told me about|mentioned|brought up|raised"
    r"|spent (?:(?:a lot of|most of the|some|much of the|a good deal of) )?(?:time )?on"
    r"|focused on|dug into|grilled me on|pushed (?:me )?on|probed|was (?:interested|curious) "
    r"(?:in|about)|were (?:interested|curious) (?:in|about)|showed me|shared)"
)
_TOPIC_LEADS = (
    re.compile(rf"^(?:{_SUBJECT})?{_TALKED}(?:\s+(?:that\s+)?|$)", re.IGNORECASE),
    re.compile(
        r"^(?:a |the |our )?(?:long |short |good |great |deep )?"
        r"(?:discussion|conversation|talk|chat|questions?|deep dive)s? (?:about|on|of|around) ",
        re.IGNORECASE,
    ),
)
# Who heard it, in "walked them through X", "told the panel about X".
_AUDIENCE = (
    r"(?:them|him|her|the (?:panel|team|interviewers?|hiring manager|manager|recruiter|cto"
    r"|ceo|founders?))"
)
_STRENGTH_LEADS = (
    re.compile(
        rf"^(?:i )?(?:think i )?(?:(?:showed|gave)(?: {_AUDIENCE})?|demonstrated|highlighted"
        rf"|mentioned|talked(?: {_AUDIENCE})? about|explained|emphasi[sz]ed|stressed|described"
        rf"|shared|gave (?:{_AUDIENCE} )?(?:an )?examples? of|got across|made the case for"
        rf"|brought up|(?:walked|took|talked) {_AUDIENCE} through|told {_AUDIENCE}(?: about)?)"
        r"\s+(?:that\s+)?",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:my )?(?:main |biggest |key )?strength (?:is|was|:)\s*", re.IGNORECASE),
    # "the time I cut our AWS bill in half": what was done, not the anecdote's frame.
    re.compile(
        r"^(?:about )?(?:the|that|a) (?:time|project|story) (?:when |where |that |about how )?"
        r"(?=i\b)",
        re.IGNORECASE,
    ),
)
_POINT_LEADS = (
    re.compile(
        r"^(?:i )?(?:did not|never|could not|cannot|forgot to|ran out of time to|wish i had"
        r"|do not think i(?: did| had| have)?|am not sure i(?: did)?"
        r"|should have|wanted to|meant to|failed to|did not get to|had no time to|did not have"
        r" time to|never got to|did not manage to)\s+"
        r"(?:get to |got to |really |properly |fully )?(?:mention(?:ed)?"
        r"|talk(?:ed)?(?: (?:much |a bit |a little )?more| enough)? about"
        r"|explain(?:ed)?|cover(?:ed)?|discuss(?:ed)?|answer(?:ed)?|describe[d]?"
        r"|bring up|brought up|go into|went into|get into|address(?:ed)?|show(?:ed)?|ask(?:ed)?"
        r" about|say (?:much |enough |anything |a lot )?(?:about|on))"
        r"\s+(?:properly |well |fully |in depth )?"
        # "explained more about X", "did not say enough on X"
        r"(?:(?:(?:much |a bit |a little )?more|enough) (?:about |on )?)?",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:(?:ran out of|not enough|no|too little) time (?:for|on|to cover|to discuss)"
        r"|missed|skipped|left out|blanked on|froze on|stumbled (?:on|over)|fumbled"
        r"|struggled (?:with|on)|got stuck on|messed up|botched)\s+",
        re.IGNORECASE,
    ),
    # "(did not answer) the question about X": X is the point, not the question.
    re.compile(
        r"^(?:the |a |that |their |your |one )?(?:[\w-]+ )?questions? "
        r"(?:about|on|around|regarding|re:?)\s+",
        re.IGNORECASE,
    ),
)
_POINT_TAILS = re.compile(
    r"\s+(?:(?:was|were) )?(?:not|never|barely|only briefly|not really) "
    r"(?:covered|discussed|addressed|mentioned|answered|explained)(?: (?:properly|well|fully|"
    r"in depth|enough))?$|\s+(?:properly|well enough|very well|well|in depth|fully)$",
    re.IGNORECASE,
)
_HEDGES = re.compile(
    r"^(?:(?:i think|i guess|i feel|i believe|probably|maybe|perhaps|mostly|also|and|but|so"
    r"|then|plus|basically|honestly|overall)(?:,)?\s+)+",
    re.IGNORECASE,
)


_ASKED = re.compile(
    r"\b(?:asked|wanted to know|grilled me|pushed (?:me )?on|probed|quizzed me)\b", re.IGNORECASE
)


def _drop_leads(text: str, role: Role) -> str:
    """The fact without what was said around it ("We talked about X" -> "X")."""
    leads = {Role.TOPIC: _TOPIC_LEADS, Role.STRENGTH: _STRENGTH_LEADS, Role.POINT: _POINT_LEADS}
    for _ in range(3):  # "I think we talked about X": hedges, then the lead-in
        before = text
        hedged = _HEDGES.sub("", text)
        if hedged and not re.fullmatch(r"i (?:think|believe|feel|guess)", text, re.IGNORECASE):
            text = hedged
        for lead in leads[role]:
            stripped = lead.sub("", text, count=1)
            if stripped != text:
                text = stripped
                break
        if not text:
            break
        if role is Role.POINT:
            text = _POINT_TAILS.sub("", text)
        if text == before:
            break
    return text.strip()


# --- reading the shape --------------------------------------------------------------------------
_PARTICLES = frozenset({"up", "out", "down", "off", "over", "back", "through", "together"})
# Verbs that, first in a debrief item, are verbs even before a bare noun ("cut latency",
# "build dashboards"); other words that are nouns too start compounds ("design systems",
# "process improvement", "lead generation") unless a determiner follows.
_ACTION_VERBS_TEXT = """
    accelerate achieve add analyse analyze automate boost build coach consolidate convince cut
    debug decrease define deliver deploy double drive eliminate enable establish expand
    facilitate fix grow halve hire implement improve increase introduce launch lower maintain
    manage mentor migrate modernise move modernize negotiate onboard optimise optimize organise
    organize overhaul own pilot prototype rebuild recruit redesign reduce refactor replace
    rescue revamp rewrite run save scale secure ship shift simplify slash speed standardise
    standardize streamline switch teach train transform translate triple unify win write turn
    keep make get bring
"""
_ACTION_VERBS = frozenset(_ACTION_VERBS_TEXT.split())
# Words after which a noun phrase names experience one has ("I have five years of ...").
_HAVE_HEADS_TEXT = """
    years months experience background track record expertise knowledge history certification
    certificate degree phd msc mba bsc qualification qualifications fluency familiarity
    grounding exposure
"""
_HAVE_HEADS = frozenset(_HAVE_HEADS_TEXT.split())
_PAST_MARKERS = re.compile(
    r"\b(?:at my (?:last|previous|old|current)|in (?:19|20)\d\d|last year|from \S+ to"
    r"|by \d|\d+ ?%|previously|at \w+ I)\b",
    re.IGNORECASE,
)


def _lower(word: str) -> str:
    return _bare(word).lower()


def _is_name(word: str) -> bool:
    """A word typed as a name: an acronym, a known product, inner capitals (``iOS``,
    ``GitHub``), or a capitalised word the dictionary does not hold (``Kafka``)."""
    bare = _bare(word)
    if not bare or bare == "I":
        return False
    if len(bare) > 1 and bare.isupper():
        return True
    if vocabulary.spelt(bare) == bare:
        return True
    if any(c.isupper() for c in bare[1:]):
        return True
    return (
        bare[0].isupper()
        and not lexicon.open_classes(bare)
        and bare.lower() not in (lexicon.CLOSED)
    )


def _past_only(word: str) -> bool:
    """``ran``, ``led``, ``mentored``, or a verb the dictionary lacks (``onboarded``)."""
    bare = _bare(word)
    if _is_name(word) or not bare.isalpha():
        return False
    if lexicon.is_past_form(bare):
        return True
    return bare.lower().endswith("ed") and not lexicon.open_classes(bare) and len(bare) > 4


def _verb_start(words: list[str], role: Role) -> Shape | None:
    """The shape when the item starts with a verb: PAST, GERUND or VERB; None otherwise."""
    first = words[0]
    if _is_name(first):
        return None
    bare = _lower(first)
    after = _lower(words[1]) if len(words) > 1 else ""
    if _past_only(first):
        return Shape.PAST
    classes = lexicon.open_classes(bare)
    tags = lexicon.verb_tags(bare)
    if lexicon.is_gerund(bare):
        noun_too = "NOUN" in classes
        if noun_too and after and not _opens_object(words[1]):
            return None  # "engineering culture", "pricing experiments": a compound noun
        return Shape.GERUND
    if lexicon.BASE not in tags:
        return None
    # "turn messy data into tables", "keep SLOs honest": no noun is followed by a bare
    # adjective or a name, so the first word is a verb there.
    next_classes = lexicon.open_classes(after) if after else frozenset()
    object_follows = bool(after) and (
        _opens_object(words[1])
        or after in _PARTICLES
        or _is_name(words[1])
        or (bool(next_classes) and "NOUN" not in next_classes and "ADJ" in next_classes)
    )
    if classes - {"VERB"} and not object_follows and bare not in _ACTION_VERBS:
        return None  # "design systems", "research operations", "change management"
    if len(words) == 1:
        return None if classes - {"VERB"} else Shape.VERB
    if lexicon.PAST in tags and (role is Role.STRENGTH) and _PAST_MARKERS.search(" ".join(words)):
        return Shape.PAST  # "cut data latency from hours to minutes at my last job"
    return Shape.VERB


def _opens_object(word: str) -> bool:
    """A determiner, possessive, pronoun or number: what follows a verb, never a noun's
    modifier."""
    bare = _lower(word)
    return (
        bare in lexicon.DETERMINERS
        or bare in lexicon.PRONOUNS
        or lexicon.is_number(bare)
        or (bare in lexicon.WH_WORDS)
    )


def _takes_object(word: str) -> bool:
    """What may follow a verb in "I have run ___": an object's opening word, a name, a
    particle or a preposition (not a bare noun: "hiring plans" is no "I have hired plans")."""
    bare = _lower(word)
    return (
        _opens_object(word) or _is_name(word) or bare in _PARTICLES or bare in lexicon.PREPOSITIONS
    )


def _finite_at(words: list[str]) -> int | None:
    """Where a subject's verb stands in "my team shipped X" / "the team is moving to Kafka"
    (index 2 or 3 after a short noun phrase), else None: "the dashboards I built" is a noun
    phrase (the verb follows a pronoun), so is "my work on payments", and so is "the failed
    launch" (a participle after a determiner is an adjective)."""
    for i in range(1, min(4, len(words))):
        word = _lower(words[i])
        if word in lexicon.PRONOUNS or word in lexicon.PREPOSITIONS or word in lexicon.WH_WORDS:
            return None
        if word in lexicon.AUXILIARIES - {"being", "having", "been", "be"}:
            return i
        if _past_only(words[i]) and _lower(words[i - 1]) not in lexicon.DETERMINERS:
            return i
    return None


# --- making the forms --------------------------------------------------------------------------
def _gerund(words: list[str]) -> list[str]:
    """The verb phrase with its verb made a gerund, after any adverbs (``successfully``);
    a second verb in the past after "and" too: "led the migration and cut costs" ->
    "leading the migration and cutting costs"."""
    i = _adverbs(words)
    made = lexicon.verb_form(_bare(words[i]), lexicon.GERUND)
    out = [*words[:i], made.lower() if i == 0 else made, *words[i + 1 :]]
    if not _past_only(words[i]):
        return out
    for j in range(i + 1, len(out) - 1):
        if _lower(out[j]) != "and":
            continue
        k = j + 2 if "ADV" in lexicon.open_classes(_lower(out[j + 1])) else j + 1  # "and then led"
        if k < len(out) and _bare(out[k]) == out[k] and _past_verb(out[k]):
            out[k] = lexicon.verb_form(out[k], lexicon.GERUND).lower()
    return out


def _past_verb(word: str) -> bool:
    """``trained``, ``led``, and ``cut`` (a past form that is a present form too)."""
    return _past_only(word) or (
        not _is_name(word) and lexicon.PAST in lexicon.verb_tags(_lower(word))
    )


def _second_clause(words: list[str]) -> bool:
    """ "redesigned the checkout and conversion went up 18%": after "and", "but" or "so" a
    clause with a subject of its own, which no gerund can carry ("redesigning the checkout
    and conversion went up" is no noun phrase)."""
    for j, word in enumerate(words[1:-1], start=1):
        if _lower(word) in ("and", "but", "so", "while"):
            rest = words[j + 1 :]
            if (
                "ADV" in lexicon.open_classes(_lower(rest[0]))
                and len(rest) > 1
                and _past_verb(rest[1])
            ):
                continue  # "and then led the build": the same subject's next verb
            if _lower(rest[0]) in lexicon.SUBJECT_PRONOUNS or _finite_at(rest) is not None:
                return True
    return False


def _participle(words: list[str]) -> list[str]:
    i = _adverbs(words)
    made = lexicon.verb_form(_bare(words[i]), lexicon.PARTICIPLE)
    return [*words[:i], made.lower(), *words[i + 1 :]]


_SUBJECT_SHIFT = {"they": "you", "he": "you", "she": "you"}
_AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do"}


def _to_you(words: list[str]) -> list[str]:
    """A clause about the interviewer's side said to them: "they are moving" -> "you are
    moving", "she leads the team" -> "you lead the team", "their" -> "your"."""
    out = list(words)
    if out and _lower(out[0]) in _SUBJECT_SHIFT:
        out[0] = "you"
        if len(out) > 1:
            verb = _lower(out[1])
            if verb in _AGREEMENT:
                out[1] = _AGREEMENT[verb]
            elif lexicon.THIRD in lexicon.verb_tags(verb) and (lemma := lexicon.verb_lemma(verb)):
                out[1] = lemma
    return _possessives_to_your(out)


def _possessives_to_your(words: list[str]) -> list[str]:
    out = []
    for i, word in enumerate(words):
        bare = _lower(word)
        nxt = _lower(words[i + 1]) if i + 1 < len(words) else ""
        if bare in ("their", "his") or (bare == "her" and nxt and nxt not in lexicon.CLOSED):
            out.append(word.replace(_bare(word), "your"))
        else:
            out.append(word)
    return out


def _fix_question(words: list[str]) -> list[str] | None:
    """A question put as what was discussed: ``how do they test DAGs`` -> ``how they test
    DAGs``, ``what does the team use for CI`` -> ``what the team uses for CI``, ``why is the
    migration late`` -> ``why the migration is late``. None when its subject cannot be found:
    it is refused rather than guessed."""
    if len(words) < 3:
        return None
    aux = _lower(words[1])
    if aux not in lexicon.AUXILIARIES:
        return words  # "how findings reach the roadmap?": a wh-clause with a question mark
    rest = words[2:]
    if any(_lower(w) in lexicon.WH_WORDS | {"and", "or", "but"} for w in rest):
        return None  # two questions in one: which would the letter mean?
    if aux in ("do", "does", "did"):
        verb_at = _do_verb(rest)
        if verb_at is None:
            return None
        verb = _bare(rest[verb_at])
        if aux != "do":
            verb = lexicon.verb_form(verb, lexicon.THIRD if aux == "does" else lexicon.PAST)
        return [words[0], *rest[:verb_at], verb, *rest[verb_at + 1 :]]
    end = _subject_end(rest, aux)
    if end is None:
        return None
    return [words[0], *rest[:end], words[1], *rest[end:]]


def _opens_subject(word: str) -> bool:
    bare = _lower(word)
    return bare in lexicon.DETERMINERS or _is_name(word) or bare.endswith(("'s", "\u2019s"))


def _do_verb(words: list[str]) -> int | None:
    """In "the data team test its pipelines", the verb: the last word that can be a bare
    verb before the first preposition or determiner after the subject's first word."""
    if _lower(words[0]) in lexicon.SUBJECT_PRONOUNS:
        return 1 if len(words) > 1 else None
    if not _opens_subject(words[0]):
        return None
    found = None
    for i in range(1, len(words)):
        bare = _lower(words[i])
        if bare in lexicon.CLOSED:
            break
        after = _lower(words[i + 1]) if i + 1 < len(words) else ""
        modifies = bool(after) and lexicon.open_classes(after) == {"NOUN"}  # "last year"
        if lexicon.BASE in lexicon.verb_tags(bare) and not modifies:
            found = i
    return found


def _subject_end(words: list[str], aux: str) -> int | None:
    """Where the subject of "why is the migration late" ends (before "late"); the end of the
    words when the question ends with its subject ("what is the team's biggest challenge")."""
    if _lower(words[0]) in lexicon.SUBJECT_PRONOUNS:
        return 1
    if not _opens_subject(words[0]):
        return None
    for i in range(1, len(words)):
        bare = _lower(words[i])
        after_noun = "NOUN" in lexicon.open_classes(_lower(words[i - 1])) or _is_name(words[i - 1])
        if not after_noun:
            continue
        classes = lexicon.open_classes(bare)
        tags = lexicon.verb_tags(bare)
        if aux in lexicon.MODALS or aux in ("have", "has", "had"):
            if tags & {lexicon.BASE, lexicon.PARTICIPLE} and "NOUN" not in classes:
                return i
            continue
        if (
            (bare in lexicon.CLOSED and bare not in lexicon.POSSESSIVES)
            or (classes and "NOUN" not in classes and "VERB" not in classes)
            or lexicon.GERUND in tags
            or (lexicon.PARTICIPLE in tags and lexicon.BASE not in tags)
        ):
            return i
    return len(words)


def _first_lower(words: list[str]) -> list[str]:
    """A capital that only started the line goes; a name's stays."""
    if not words or words[0] == "I" or _is_name(words[0]):
        return words
    return [words[0][:1].lower() + words[0][1:], *words[1:]]


# Names that are English words too ("excel", "python", "go"), taken for the name after a
# preposition, where the word could not stand: "from excel to dbt", "in python". Not "to"
# ("to excel"), and not names that are common nouns in a debrief ("in segment analysis").
_NAMES_AFTER_PREPOSITION_TEXT = (
    "Excel Python Java Tableau Slack Zoom Rust Swift Ruby Go Spark Flutter Windows"
)
_NAMES_AFTER_PREPOSITION = frozenset(_NAMES_AFTER_PREPOSITION_TEXT.split())
_NAME_PREPOSITIONS_TEXT = "from in into with using via onto on over"
_NAME_PREPOSITIONS = frozenset(_NAME_PREPOSITIONS_TEXT.split())


def _restore_names(words: list[str]) -> list[str]:
    """``kafka`` -> ``Kafka`` where the word is no English word but a product's name; and
    ``excel`` -> ``Excel`` where it follows a preposition."""
    out: list[str] = []
    for typed in words:
        word, bare = typed, _bare(typed)
        proper = vocabulary.spelt(bare)
        before = _lower(out[-1]) if out else ""
        if (
            proper
            and proper != bare
            and bare.islower()
            and (
                (not lexicon.open_classes(bare) and bare not in lexicon.CLOSED)
                or (proper in _NAMES_AFTER_PREPOSITION and before in _NAME_PREPOSITIONS)
            )
        ):
            word = word.replace(bare, proper)
        elif bare == "i":
            word = word.replace("i", "I")
        out.append(word)
    return out


def _join(words: list[str]) -> str:
    return " ".join(words)


@functools.lru_cache(maxsize=1024)
def shape(typed: str, role: Role) -> Phrase:
    """``typed`` read as a ``role`` item; ``Unfit`` (exit status 2) when no letter can carry
    it. Pure and deterministic: the same text always gives the same forms."""
    text = _clean(typed)
    if not text:
        raise Unfit(role, typed, "is empty")
    if _sentences(text) > 1:
        raise Unfit(role, typed, "holds more than one sentence; give one item per line")
    question = text.endswith("?")
    text = text.rstrip("?").strip()
    words = _restore_names(_expand(text.split()))
    text = _drop_leads(_join(words), role)
    words = _first_lower(text.split())
    if not words:
        raise Unfit(role, typed, "says how it came up but not what it was")
    if len(words) > MAX_WORDS[role]:
        raise Unfit(role, typed, f"is {len(words)} words, too long for a sentence of a letter")
    found = _forms(typed, words, role, question)
    lead = _join(_expand(_clean(typed).split()))[: -len(_join(words))].strip()
    about_me = bool(_ASKED.search(lead)) or (
        found.shape is Shape.WH and _lower(words[1:2][0] if words[1:] else "") in ("i", "my")
    )
    if role is Role.TOPIC and about_me:
        return dataclasses.replace(found, asked=True)
    return found


def _forms(typed: str, words: list[str], role: Role, question: bool) -> Phrase:
    first = _lower(words[0])
    if first in lexicon.WH_WORDS and len(words) < 2:
        raise Unfit(role, typed, "is a question word alone")
    if first in lexicon.WH_WORDS:
        fixed = (
            _fix_question(words)
            if question or _lower(words[1:2][0] if words[1:] else "") in (lexicon.AUXILIARIES)
            else words
        )
        if fixed is None:
            raise Unfit(role, typed, "is a question letters cannot quote")
        if role is Role.TOPIC:
            fixed = _to_you(fixed[:1]) + _to_you(fixed[1:])
        if role is Role.STRENGTH and first == "how" and _lower(fixed[1]) == "i" and len(fixed) > 2:
            # "(walked them through) how I rebuilt X" is what was done: "I rebuilt X".
            return _sentence(typed, fixed[1:], role)
        clause = _join(fixed[1:]) if _lower(fixed[1]) == "i" and len(fixed) > 2 else None
        return _made(typed, Shape.WH, _join(fixed), clause, role)
    if question:
        raise Unfit(role, typed, "is a question letters cannot quote")
    if first == "i" and len(words) > 1:
        return _sentence(typed, words, role)
    if first in lexicon.SUBJECT_PRONOUNS:
        return _other_subject(typed, words, role)
    adverbs = _adverbs(words)
    verb = _verb_start(words[adverbs:], role)
    if verb in (Shape.PAST, Shape.VERB) and len(words) - adverbs < 2:
        raise Unfit(role, typed, "is a verb alone: say what it was about")
    if verb is Shape.PAST:
        noun = None if role is Role.STRENGTH and _second_clause(words) else _join(_gerund(words))
        return _made(typed, verb, noun, _join(["I", *words]), role, done=True)
    if verb is Shape.GERUND:
        objective = len(words) > adverbs + 1 and _takes_object(words[adverbs + 1])
        objective = objective and role is Role.STRENGTH
        clause = _join(["I", "have", *_participle(words)]) if objective else None
        return _made(typed, verb, _join(words), clause, role, done=True)
    if verb is Shape.VERB:
        clause = _join(["I", "can", *words]) if role is Role.STRENGTH else None
        return _made(typed, verb, _join(_gerund(words)), clause, role)
    if _finite_at(words) is not None:
        return _other_subject(typed, words, role)
    if _is_adjective_phrase(words):
        clause = _join(["I", "am", *words]) if role is Role.STRENGTH else None
        return _made(typed, Shape.ADJECTIVE, None, clause, role)
    noun_words = _possessives_to_your(words) if role is Role.TOPIC else words
    has = (
        role is Role.STRENGTH
        and _lower(words[0]) not in lexicon.DETERMINERS - {"a", "an"}
        and any(_lower(w) in _HAVE_HEADS for w in words[:4])
    )
    clause = _join(["I", "have", *words]) if has else None
    if len(words) == 1 and _past_only(words[0]):
        raise Unfit(role, typed, "is a verb alone: say what you did")
    return _made(typed, Shape.NOUN, _join(noun_words), clause, role)


def _adverbs(words: list[str]) -> int:
    """How many adverbs open the item ("successfully migrated ..."): the verb comes after."""
    i = 0
    while i < len(words) - 1 and lexicon.open_classes(_lower(words[i])) == {"ADV"}:
        i += 1
    return i


def _other_subject(typed: str, words: list[str], role: Role) -> Phrase:
    """A clause whose subject is not the candidate ("my team shipped X", "they are moving
    to Kafka"): as it stands; said of the interviewer's side, a wh-clause to them."""
    if len(words) < 2:
        raise Unfit(role, typed, "is a pronoun alone")
    if role is Role.TOPIC:
        return _made(typed, Shape.SENTENCE, _join(["how", *_to_you(words)]), None, role)
    done = any(_past_only(w) or lexicon.PAST in lexicon.verb_tags(_lower(w)) for w in words[1:4])
    return _made(typed, Shape.SENTENCE, None, _join(words), role, done=done)


def _sentence(typed: str, words: list[str], role: Role) -> Phrase:
    """A first-person sentence: the clause as typed; a noun form from its verb phrase."""
    rest = words[1:]
    head = _lower(rest[0])
    clause = _join(["I", *rest])
    noun: str | None = None
    done = False
    if head in ("have", "had") and len(rest) > 1 and _past_only(rest[1]):
        noun = _join(_gerund(rest[1:]))  # "I have led two migrations" -> "leading ..."
        done = True
    elif head in ("have", "had") and len(rest) > 1:
        noun = _join(rest[1:])  # "I have five years of Spark" -> "five years of Spark"
    elif head in ("am", "was") and len(rest) > 1:
        noun = _join(["being", *rest[1:]]) if role is not Role.STRENGTH else None
    elif head in lexicon.MODALS or head in ("do", "did", "does"):
        noun = None
    elif (
        lexicon.verb_tags(head)
        or _past_only(rest[0])
        or (lexicon.open_classes(head) == {"ADV"} and len(rest) > 1)
    ):
        noun = None if role is Role.STRENGTH and _second_clause(rest) else _join(_gerund(rest))
        verb = rest[_adverbs(rest)]
        done = _past_only(verb) or lexicon.PAST in lexicon.verb_tags(_lower(verb))
    if role is not Role.STRENGTH and noun is None:
        noun = _join(["how", *words]) if role is Role.POINT else None
    return _made(typed, Shape.SENTENCE, noun, clause, role, done=done)


def _is_adjective_phrase(words: list[str]) -> bool:
    """``comfortable with ambiguity``, ``good at SQL``: an adjective and its preposition."""
    if len(words) < 2:
        return False
    classes = lexicon.open_classes(_lower(words[0]))
    return "ADJ" in classes and _lower(words[1]) in lexicon.PREPOSITIONS and "VERB" not in classes


def _made(
    typed: str,
    kind: Shape,
    noun: str | None,
    clause: str | None,
    role: Role,
    *,
    done: bool = False,
) -> Phrase:
    if role is not Role.STRENGTH and noun is None:
        raise Unfit(role, typed, f"is a {kind.value} that cannot follow 'about'")
    if noun is None and clause is None:
        raise Unfit(role, typed, f"is a {kind.value} no letter's sentence can carry")
    return Phrase(typed=typed.strip(), shape=kind, noun=noun, clause=clause, done=done)


def preview(found: Phrase, role: Role) -> str:
    """A sentence of the kind a letter will make of ``found``: shown when the item is typed,
    so the user sees the frame it goes into and can rephrase it there and then."""
    if role is Role.TOPIC:
        return f"I especially enjoyed our discussion of {found.noun}."
    if role is Role.POINT:
        return f"I would be glad to say more about {found.noun} if that would be useful."
    if found.clause and (found.done or not found.noun):
        clause = found.clause[:1].upper() + found.clause[1:]
        return f"{clause}, and I would bring the same care to this role."
    return f"I believe {found.noun} would let me contribute there quickly."


def fits(typed: str, role: Role) -> bool:
    try:
        shape(typed, role)
    except Unfit:
        return False
    return True
