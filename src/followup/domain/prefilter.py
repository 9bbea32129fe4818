"""A cheap necessary condition for a regular expression: strings every match contains.

The reply rules and the date reader are about 150 case-insensitive patterns, each searched
in every sentence of a mail. Python's ``re`` has no fast path for a pattern that starts
with ``\\b`` and a case-insensitive alternation, so every search tries the pattern at every
position of the text: the classifier cost the number of patterns times the length of the
text, about 7 ms for a 2,000-character mail. Most patterns cannot match most sentences,
and a substring test (``"regret to " in text``) says so many times faster than a search.

``needles(pattern)`` reads the pattern's parse tree once and returns lower-cased strings,
one of which is in every match (lower-cased): ``\\bregret to (inform|tell)\\b`` gives
``("regret to ",)``. ``possible`` tests them, so a caller searches only a text where the
pattern can match, and finds exactly what it found before, only sooner. Of the strings a
pattern offers, it keeps the set cheapest to test (``_pick``: few strings, long enough to
be rare). Where no such strings can be told, ``needles`` is None: always search.

``str.lower`` folds case as ``re.IGNORECASE`` compares it except for a few characters
(U+0130, a capital I with a dot, lower-cases to two characters; the long s, U+017F,
matches ``s`` ...): ``fold`` gives None for a text holding one of them, and everything is
then searched (``UNSAFE_FOLDS``, which a test derives from every code point).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# Code points whose ``str.lower`` differs from what ``re.IGNORECASE`` matches them with
# (tests/unit/test_prefilter.py derives this set from every code point and checks it).
UNSAFE_FOLDS = frozenset(
    "\u00b5\u0130\u0131\u017f\u0345\u0390\u0392\u0395\u0398\u0399\u039a\u039c\u03a0\u03a1"
    "\u03a3\u03a6\u03b0\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc\u03c0\u03c1\u03c2\u03c3\u03c6"
    "\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f4\u03f5\u0412\u0414\u041e\u0421\u0422\u042a"
    "\u0432\u0434\u043e\u0441\u0442\u044a\u0462\u0463\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85"
    "\u1c86\u1c87\u1c88\u1e60\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64a\ua64b\ufb05\ufb06"
)

_LIMIT = 64  # the most strings an exact set may grow to before it is cut
# What picks the needles: a search costs about 40 substring tests of the same text; the
# chance that a string of 0, 1, 2 ... characters occurs in a sentence (rough: English).
_SEARCH_COST = 40
_CHANCE = (1.0, 1.0, 0.8, 0.4, 0.15, 0.06, 0.03, 0.02, 0.01, 0.005, 0.003)
_SMALL_CLASS = 6  # a character class of up to this many characters is spelled out


@dataclass(frozen=True)
class _Info:
    """What a piece of a pattern matches: ``exact`` when it matches one of these strings
    and nothing else; ``inside``, sets of strings, one string of each set in every match
    known)."""

    exact: frozenset[str] | None
    inside: tuple[frozenset[str], ...]


_NOTHING = frozenset({""})
_UNKNOWN = _Info(None, ())
_EMPTY = _Info(_NOTHING, ())


def fold(text: str) -> str | None:
    """``text`` lower-cased for the needle test; None when a character in it folds in a way
    ``str.lower`` does not copy (then every pattern is searched)."""
    if not text.isascii() and not UNSAFE_FOLDS.isdisjoint(text):
        return None
    return text.lower()


def needles(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match of ``pattern`` contains; None when no
    such strings can be told (or the pattern cannot be read: then it is always searched)."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern, flags)
    except Exception:  # an unreadable tree only costs speed, never a match
        return None
    found = _best(_sequence(tree.data))
    if found is None:
        return None
    # A string that contains another is redundant: the shorter one is found first.
    kept = sorted(found, key=len)
    lean: list[str] = []
    for text in kept:
        if not any(short in text for short in lean):
            lean.append(text)
    return tuple(sorted(lean))


def possible(words: tuple[str, ...] | None, folded: str | None) -> bool:
    """Could a pattern with needles ``words`` match the text that ``folded`` is ``fold``
    of (or a text containing it)?"""
    if folded is None or words is None:
        return True
    return any(word in folded for word in words)


# --- reading the parse tree ----------------------------------------------------------------


def _best(info: _Info) -> frozenset[str] | None:
    candidates = [*info.inside, *(() if info.exact is None else (info.exact,))]
    return _pick(candidates)


def _pick(candidates: Iterable[frozenset[str]]) -> frozenset[str] | None:
    """The cheapest set to test: each string costs a substring test, and a search of the
    text whenever it occurs, which a short string does often; a set holding the empty
    string tells nothing."""
    best: frozenset[str] | None = None
    best_cost = 0.0
    for strings in candidates:
        if not strings or "" in strings:
            continue
        cost = len(strings) + _SEARCH_COST * sum(map(_chance, strings))
        if best is None or cost < best_cost:
            best, best_cost = strings, cost
    return best


def _chance(text: str) -> float:
    """About how often a string this long occurs in a sentence of a mail."""
    return _CHANCE[min(len(text.strip()), len(_CHANCE) - 1)]


def _sequence(items: Sequence[tuple[Any, Any]]) -> _Info:
    """A sequence of nodes: its exact strings while they stay few; and, what every match
    holds, the most telling of its parts: a run of exact strings, a literal run, a part."""
    run: frozenset[str] | None = frozenset({""})  # exact strings of the run so far
    whole = True  # the run is the whole sequence so far
    literal = ""  # the current run of single characters
    candidates: list[frozenset[str]] = []
    for item in items:
        info = _node(*item)
        if info.exact is not None and len(info.exact) == 1 and "" not in info.exact:
            literal += next(iter(info.exact))
        elif info.exact != _NOTHING:  # a zero-width node keeps a literal run going
            if literal:
                candidates.append(frozenset({literal}))
            literal = ""
        candidates.extend(info.inside)
        if info.exact is None:
            if run is not None:
                candidates.append(run)
            run, whole = None, False
            continue
        if len(info.exact) > 1:  # a single string is in the literal run already
            candidates.append(info.exact)
        joined = None if run is None else frozenset(a + b for a in run for b in info.exact)
        if joined is not None and len(joined) <= _LIMIT:
            run = joined
            continue
        if run is not None:
            candidates.append(run)
        run, whole = info.exact, False
    if literal:
        candidates.append(frozenset({literal}))
    if run is not None:
        candidates.append(run)
    return _Info(run if whole else None, tuple(candidates))


def _node(op: Any, av: Any) -> _Info:
    name = str(op)
    if name == "LITERAL":
        char = chr(av).lower()
        return _Info(frozenset({char}), ()) if len(char) == 1 else _UNKNOWN
    if name == "IN":
        return _char_class(av)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return _EMPTY  # zero width; leaving out a look-around only widens the test
    if name == "SUBPATTERN":
        return _sequence(av[-1].data)
    if name == "ATOMIC_GROUP":
        return _sequence(av.data)
    if name == "BRANCH":
        return _branch([_sequence(alt.data) for alt in av[1]])
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, sub = av
        info = _sequence(sub.data)
        if low == 1 and high == 1:
            return info
        if low == 0:
            if high == 1 and info.exact is not None:
                return _Info(info.exact | {""}, ())
            return _UNKNOWN
        return _Info(None, (*info.inside, *(() if info.exact is None else (info.exact,))))
    return _UNKNOWN  # ANY, NOT_LITERAL, CATEGORY, GROUPREF ...


def _char_class(items: Sequence[tuple[Any, Any]]) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av).lower())
        elif name == "RANGE" and av[1] - av[0] < _SMALL_CLASS:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        else:
            return _UNKNOWN
        if len(chars) > _SMALL_CLASS or any(len(c) != 1 for c in chars):
            return _UNKNOWN
    return _Info(frozenset(chars), ())


def _branch(alternatives: list[_Info]) -> _Info:
    """Alternatives: their exact strings together while few, else each one's best."""
    if all(a.exact is not None for a in alternatives):
        union = frozenset().union(*(a.exact for a in alternatives if a.exact is not None))
        if len(union) <= _LIMIT:
            return _Info(union, ())
    # Every match holds a string of one alternative's best set.
    each: set[str] = set()
    for alternative in alternatives:
        best = _best(alternative)
        if best is None:
            return _UNKNOWN
        each |= best
    return _Info(None, (frozenset(each),))
