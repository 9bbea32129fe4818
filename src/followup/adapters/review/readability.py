"""Readability: Flesch reading ease and Flesch-Kincaid grade, offline.

Syllables come from Pyphen, whose hyphenation dictionaries ship inside the wheel (no
download at run time). textstat was considered and left out: from 0.7.4 it loads NLTK's
CMU dictionary and downloads it on first use, and 0.7.3 imports ``pkg_resources``.

Findings: ``info`` when a letter is harder to read than is comfortable for its kind,
``warning`` when it is hard; nothing for a short text (too few words to score).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, NamedTuple

from followup.domain.review import Category, Dialect, Finding, Severity

if TYPE_CHECKING:
    import pyphen

MIN_WORDS = 40  # fewer words give a score that means nothing

# kind -> (reading ease below which it is a warning, below which it is info)
THRESHOLDS: dict[str, tuple[float, float]] = {
    "linkedin_connect": (40.0, 55.0),
    "linkedin_note": (40.0, 55.0),
}
DEFAULT_THRESHOLDS = (25.0, 40.0)

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\S)")

_lock = threading.Lock()
_cache: dict[str, pyphen.Pyphen] = {}


class Scores(NamedTuple):
    words: int
    sentences: int
    syllables: int
    reading_ease: float  # Flesch: 100 easy ... 0 hard
    grade: float  # Flesch-Kincaid: US school grade


def _pyphen() -> pyphen.Pyphen:
    with _lock:
        if "en_US" not in _cache:
            import pyphen

            _cache["en_US"] = pyphen.Pyphen(lang="en_US")
        return _cache["en_US"]


def syllables(word: str, dictionary: pyphen.Pyphen) -> int:
    """Hyphenation points + 1, never fewer than the vowel groups suggest minus a silent e."""
    by_pyphen = len(dictionary.positions(word.lower())) + 1
    groups = len(re.findall(r"[aeiouy]+", word.lower()))
    if word.lower().endswith("e") and groups > 1 and not word.lower().endswith("le"):
        groups -= 1
    return max(1, by_pyphen, groups)


def scores(text: str) -> Scores:
    words = _WORD.findall(text)
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    dictionary = _pyphen()
    count = sum(syllables(w, dictionary) for w in words)
    n_words, n_sentences = len(words), max(1, len(sentences))
    if not n_words:
        return Scores(0, 0, 0, 100.0, 0.0)
    per_sentence = n_words / n_sentences
    per_word = count / n_words
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return Scores(n_words, n_sentences, count, round(ease, 1), round(grade, 1))


class ReadabilityReviewer:
    """The ``Reviewer`` for readability. The dialect changes a spelling, not a syllable
    count, so one (American) hyphenation dictionary scores every letter."""

    def review(
        self,
        text: str,
        *,
        kind: str | None,
        known_words: frozenset[str],
        dialect: Dialect = Dialect.AMERICAN,
    ) -> list[Finding]:
        result = scores(text)
        if result.words < MIN_WORDS:
            return []
        hard, uncomfortable = THRESHOLDS.get((kind or "").replace("-", "_"), DEFAULT_THRESHOLDS)
        if result.reading_ease >= uncomfortable:
            return []
        severity = Severity.WARNING if result.reading_ease < hard else Severity.INFO
        message = (
            f"hard to read: Flesch reading ease {result.reading_ease:.0f} (grade "
            f"{result.grade:.1f}, {result.words / max(1, result.sentences):.0f} words a "
            f"sentence); aim for {uncomfortable:.0f} or more"
        )
        return [
            Finding(
                Category.READABILITY,
                severity,
                message,
                0,
                0,
                "shorter sentences and plainer words",
            )
        ]
