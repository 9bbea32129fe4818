"""Which of the debrief's facts goes in whose letter.

A panel's letters are read side by side (interviewers compare notes), so each should be about
that person's conversation and, where the debrief has enough, cite a different strength. The
choice is made for the whole panel at once:

1. every debrief item is read into a ``Phrase`` (``phrasing``); an item no letter can carry
   is left out and reported, never pasted;
2. each person's topic is the first of theirs that fits;
3. strengths are matched to topics by the words they share (content words, compared by their
   dictionary lemma: "streaming" meets "stream", "pipelines" meets "pipeline"), over every way
   of giving distinct strengths to the panel (a handful of people and strengths: trying them
   all is instant), the most shared words winning and, on a tie, the order the candidate wrote
   them in; with fewer strengths than people, they are shared out as evenly as they go;
4. a point the interview left open goes to the one person whose topic it fits best (the
   hiring manager, else the first interviewer, when none fits): offered once, not by the whole
   panel;
5. a fact already cited to the same person in an earlier round's letter (``said``) is passed
   over while another is left, so the second thank-you does not repeat the first.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from followup.domain import lexicon
from followup.domain.model import Debrief
from followup.domain.phrasing import Phrase, Role, Unfit, shape

_EXHAUSTIVE = 7  # people or strengths beyond this: greedy instead of every assignment


@dataclass(frozen=True)
class Choice:
    """The facts one person's letter is built on (None where the debrief has none)."""

    topic: Phrase | None = None
    strength: Phrase | None = None
    point: Phrase | None = None

    def cited(self) -> tuple[str, ...]:
        """The debrief items the letter uses, as the candidate typed them."""
        return tuple(p.typed for p in (self.topic, self.strength, self.point) if p is not None)


@dataclass(frozen=True)
class Reading:
    """A debrief read for letters: the items that fit, and why the others were left out."""

    topics: dict[int, tuple[Phrase, ...]]
    strengths: tuple[Phrase, ...]
    points: tuple[Phrase, ...]
    unfit: tuple[str, ...]  # one message per item left out


def read(debrief: Debrief | None) -> Reading:
    if debrief is None:
        return Reading({}, (), (), ())
    unfit: list[str] = []

    def fitting(items: Sequence[str], role: Role) -> tuple[Phrase, ...]:
        kept = []
        for item in items:
            try:
                kept.append(shape(item, role))
            except Unfit as exc:
                unfit.append(exc.message)
        return tuple(kept)

    topics = {person: fitting(items, Role.TOPIC) for person, items in debrief.topics}
    return Reading(
        topics={k: v for k, v in topics.items() if v},
        strengths=fitting(debrief.strengths, Role.STRENGTH),
        points=fitting(debrief.unaddressed, Role.POINT),
        unfit=tuple(unfit),
    )


def choose(
    reading: Reading,
    panel: Sequence[int],
    person: int | None,
    *,
    lead: int | None = None,
    said: Mapping[int, Collection[str]] | None = None,
) -> Choice:
    """The facts for ``person``'s letter, chosen with the rest of ``panel`` in mind.

    ``lead`` is who gets an open point when it fits nobody's topic (the hiring manager, if on
    the panel); ``said`` holds, per person, what earlier letters already told them. The
    choice is the same whichever member it is made for, so a panel's letters agree.
    Someone outside the panel (a recruiter, for a status inquiry) gets their own topic, the
    strength that fits it best and the first open point.
    """
    said = said or {}
    told = said.get(person, ()) if person is not None else ()
    topic = _first(reading.topics.get(person, ()) if person is not None else (), told)
    if person is None or person not in panel:
        strength = best_strength(reading.strengths, topic, told)
        return Choice(topic, strength, _first(reading.points, told))
    topics = {p: _first(reading.topics.get(p, ()), said.get(p, ())) for p in panel}
    strengths = _assign(list(panel), topics, reading.strengths, said)
    point_owner = _point_owners(list(panel), topics, reading.points, lead)
    point = next((pt for pt, owner in point_owner.items() if owner == person), None)
    return Choice(topics[person], strengths.get(person), point)


def _first(items: Sequence[Phrase], said: Collection[str]) -> Phrase | None:
    fresh = [p for p in items if p.typed not in said] or list(items)
    return fresh[0] if fresh else None


def best_strength(
    strengths: Sequence[Phrase], topic: Phrase | None, said: Collection[str] = ()
) -> Phrase | None:
    """The strength that shares most words with ``topic`` (the first on a tie), passing
    over those in ``said`` while another is left."""
    fresh = [s for s in strengths if s.typed not in said] or list(strengths)
    if not fresh:
        return None
    return max(fresh, key=lambda s: (overlap(topic, s), -fresh.index(s)))


def _assign(
    people: list[int],
    topics: dict[int, Phrase | None],
    strengths: Sequence[Phrase],
    said: Mapping[int, Collection[str]],
) -> dict[int, Phrase]:
    """Distinct strengths for the panel where there are enough, the fit maximised."""
    if not strengths:
        return {}
    pool = list(strengths)
    if len(pool) < len(people):  # share them out: each at most ceil(people / strengths) times
        rounds = -(-len(people) // len(pool))
        pool = [s for _ in range(rounds) for s in strengths]

    def score(p: int, s: Phrase) -> int:
        penalty = 100 if s.typed in said.get(p, ()) and len(strengths) > 1 else 0
        return overlap(topics[p], s) * 10 - penalty

    table = {(p, i): score(p, s) for p in people for i, s in enumerate(pool)}
    if len(people) <= _EXHAUSTIVE and len(pool) <= _EXHAUSTIVE:
        best: tuple[int, ...] = ()
        best_key: tuple[int, tuple[int, ...]] | None = None
        for order in itertools.permutations(range(len(pool)), len(people)):
            total = sum(table[p, i] for p, i in zip(people, order, strict=True))
            key = (total, tuple(-i for i in order))  # ties: the candidate's own order
            if best_key is None or key > best_key:
                best, best_key = order, key
        return {p: pool[i] for p, i in zip(people, best, strict=True)}
    left = list(range(len(pool)))
    chosen: dict[int, Phrase] = {}
    for p in people:
        i = max(left, key=lambda i: (table[p, i], -i))
        chosen[p] = pool[i]
        left.remove(i)
    return chosen


def _point_owners(
    people: list[int], topics: dict[int, Phrase | None], points: Sequence[Phrase], lead: int | None
) -> dict[Phrase, int]:
    """Each open point to the one person whose topic it fits; the first point, fitting
    nobody, to ``lead`` (else the first of the panel). One point a person at most."""
    owners: dict[Phrase, int] = {}
    for point in points:
        free = [p for p in people if p not in owners.values()]
        if not free:
            break
        owner = max(free, key=lambda p: (overlap(topics[p], point), -people.index(p)))
        if overlap(topics[owner], point) == 0:
            if owners:
                continue  # a second point that fits nobody: the additional-info letter's
            owner = lead if lead in free else free[0]
        owners[point] = owner
    return owners


_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9+#-]*")


def content_words(text: str) -> frozenset[str]:
    """The words that carry meaning, each as its dictionary lemma (lower case)."""
    words = set()
    for token in _TOKEN.findall(text):
        lower = token.lower()
        if lower in lexicon.CLOSED or len(lower) < 3:
            continue
        words.add(_lemma(lower))
    return frozenset(words)


def _lemma(word: str) -> str:
    return lexicon.verb_lemma(word) or lexicon.noun_lemma(word)


def overlap(a: Phrase | None, b: Phrase | None) -> int:
    """How many content words two facts share (0 when either is missing)."""
    if a is None or b is None:
        return 0
    return len(content_words(_said(a)) & content_words(_said(b)))


def _said(phrase: Phrase) -> str:
    """What a fact says, without the words around it ("talked about", "I didn't get to")."""
    return phrase.noun or phrase.clause or phrase.typed
