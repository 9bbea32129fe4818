"""The needle test may only ever skip a search that would have found nothing.

The classifier and the date reader search a pattern only in a text that holds one of its
needles (``domain.prefilter``); a needle missing from a match would silently lose a
signal. These tests hold every pattern of the rules to that: strings made from each
pattern's own parse tree, in random case, inside random text, with the corpus's sentences
on top; and the set of characters that ``str.lower`` folds unlike ``re.IGNORECASE``.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.adapters.mail.parse import parse_mail
from followup.domain import prefilter, replies, textdates
from followup.domain.prefilter import fold, needles
from tests.hypothesis_profiles import examples

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"

PATTERNS: list[tuple[str, re.Pattern[str], tuple[str, ...] | None]] = [
    *(
        (f"{group}: {signal.reason}", signal.pattern, signal.needles)
        for group, signals in (
            ("ooo", replies._OOO_BODY),
            ("rejection", replies._REJECTION),
            ("offer", replies._OFFER),
            ("next_round", replies._NEXT_ROUND),
            ("info_request", replies._INFO_REQUEST),
            ("timeline", replies._TIMELINE),
        )
        for signal in signals
    ),
    *((f"date: {name}", pattern, words) for name, pattern, words, _ in textdates._PATTERNS),
]


def _possible(words: tuple[str, ...] | None, text: str) -> bool:
    folded = fold(text)
    return folded is None or words is None or any(w in folded for w in words)


def test_unsafe_folds_are_every_character_str_lower_folds_unlike_re() -> None:
    """A character whose simple lower case (what ``re`` compares) differs from
    ``str.lower``, or that ``re`` pairs with another character besides its lower case."""
    from re import _compiler  # type: ignore[attr-defined]

    extra = _compiler._EXTRA_CASES
    derived = set()
    for code in range(128, 0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        lower = _sre.unicode_tolower(code)
        if chr(lower) != char.lower() or lower in extra:
            derived.add(char)
    assert derived == set(prefilter.UNSAFE_FOLDS)


def test_a_text_with_an_unsafe_character_is_not_folded() -> None:
    assert fold("İnvite") is None
    assert fold("Wir laden Sie ein, Zoë") == "wir laden sie ein, zoë"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bregret to (inform|tell)\b", ("regret to ",)),
        (r"\bunfortunately\b|\bsadly\b", ("sadly", "unfortunately")),
        (r"\boffer\b", ("offer",)),
        (r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})", ("-", ".", "/")),
        (r"\w+", None),
        (r"(a|b)?c*", None),
    ],
)
def test_needles_of_a_pattern(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert needles(pattern, re.IGNORECASE) == expected


def test_every_pattern_of_the_rules_has_needles() -> None:
    """None would be safe but slow: each pattern searched in every sentence again."""
    assert [name for name, _, words in PATTERNS if words is None] == []


# -- soundness: strings made from each pattern's own tree ---------------------------------


def _sample(items: Any, rng: random.Random, groups: dict[int, str]) -> str:
    out = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append(rng.choice([c for c in " x," if c != chr(av)]))
        elif name == "ANY":
            out.append(rng.choice("ax .,"))
        elif name == "IN":
            out.append(_sample_class(av, rng))
        elif name == "BRANCH":
            out.append(_sample(rng.choice(av[1]).data, rng, groups))
        elif name == "SUBPATTERN":
            text = _sample(av[-1].data, rng, groups)
            if av[0] is not None:
                groups[av[0]] = text
            out.append(text)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            count = rng.randint(low, min(high, low + 2))
            out.extend(_sample(sub.data, rng, groups) for _ in range(count))
        elif name == "GROUPREF":
            out.append(groups.get(av, ""))
        elif name == "CATEGORY":
            out.append(_category(str(av), rng))
        # AT, ASSERT, ASSERT_NOT: zero width
    return "".join(out)


def _sample_class(items: Any, rng: random.Random) -> str:
    if str(items[0][0]) == "NEGATE":
        return rng.choice(" x")
    op, av = rng.choice(items)
    if str(op) == "LITERAL":
        return chr(av)
    if str(op) == "RANGE":
        return chr(rng.randint(av[0], av[1]))
    return _category(str(av), rng)


def _category(name: str, rng: random.Random) -> str:
    if "NOT" in name:
        return "."
    if "DIGIT" in name:
        return rng.choice("0123456789")
    if "SPACE" in name:
        return rng.choice(" \n")
    return rng.choice("aZ_7é")


def _recase(text: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.3 else c for c in text)


@pytest.mark.parametrize(("name", "pattern", "words"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_a_match_always_holds_a_needle(
    name: str, pattern: re.Pattern[str], words: tuple[str, ...] | None
) -> None:
    from re import _parser  # type: ignore[attr-defined]

    tree = _parser.parse(pattern.pattern, pattern.flags)
    rng = random.Random(name)
    matched = 0
    for _ in range(300):
        sample = _recase(_sample(tree.data, rng, {}), rng)
        text = f"Dear Alex, {sample} Best"
        if pattern.search(text):
            matched += 1
            assert _possible(words, text), (name, text, words)
    assert matched > 30, f"{name}: too few samples matched to tell ({matched})"


def _corpus_sentences() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("*/*.eml")):
        mail = parse_mail(path.read_bytes())
        found.extend([mail.subject, *mail.text.split("\n")])
    return found


def test_the_corpus_finds_the_same_with_needles() -> None:
    for sentence in _corpus_sentences():
        for name, pattern, words in PATTERNS:
            if pattern.search(sentence):
                assert _possible(words, sentence), (name, sentence)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(st.sampled_from(sorted({w for _, _, ws in PATTERNS for w in ws or ()})), max_size=8),
    st.text(max_size=40),
)
def test_random_text_finds_the_same_with_needles(words: list[str], noise: str) -> None:
    text = noise + " ".join(words) + noise
    for name, pattern, found in PATTERNS:
        if pattern.search(text):
            assert _possible(found, text), (name, text)


@pytest.mark.parametrize("kind", sorted(textdates._DIGIT_KINDS))
def test_a_date_pattern_said_to_need_a_digit_never_matches_without_one(kind: str) -> None:
    """``find_dates`` skips these patterns in a text without a digit."""
    from re import _parser  # type: ignore[attr-defined]

    [(pattern, needs_digit)] = [(p, d) for k, p, _, d in textdates._PATTERNS if k == kind]
    assert needs_digit
    tree = _parser.parse(pattern.pattern, pattern.flags)
    rng = random.Random(kind)
    for _ in range(300):
        sample = _sample(tree.data, rng, {})
        found = pattern.search(f"Back on {sample}, thanks")
        if found is not None:
            assert re.search(r"\d", found.group(0)), (kind, sample)
