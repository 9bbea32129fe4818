"""The labelled corpus (tests/data/review_corpus): recall per category, false alarms.

Each ``NN-name.txt`` starts with a header of ``# key: value`` lines: ``kind`` (the planner's
action kind, empty for none), ``expect`` (the categories planted in it, empty for a clean
letter) and ``known`` (names, comma-separated). A planted category is found when the review
reports a finding of that category with severity error or warning.

Recall is held (>= 90 %) for every category: the own rules' (placeholder, tone, length,
structure) and the engines' (spelling, grammar, readability, built in this process by
``bootstrap.reviewers(in_process=True)``). A clean letter must get no error and no warning.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from followup import bootstrap
from followup.domain.review import Category, Finding, Severity
from followup.services.review import review_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "review_corpus"
SENDER = ("Alex Morgan", "alex.morgan@example.org", "+44 7700 900123")
OWN_RULES = frozenset({Category.PLACEHOLDER, Category.TONE, Category.LENGTH, Category.STRUCTURE})
ENGINES = frozenset({Category.SPELLING, Category.GRAMMAR, Category.READABILITY})
REVIEWERS = bootstrap.reviewers(in_process=True)
HELD = OWN_RULES | ENGINES
SERIOUS = (Severity.ERROR, Severity.WARNING)


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str | None
    expect: frozenset[Category]
    known: frozenset[str]
    text: str


def load(path: Path) -> Sample:
    header: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    while lines and lines[0].startswith("# "):
        key, _, value = lines.pop(0)[2:].partition(":")
        header[key.strip()] = value.strip()
    return Sample(
        name=path.name,
        kind=header.get("kind") or None,
        expect=frozenset(Category(c) for c in header.get("expect", "").split()),
        known=frozenset(w.strip() for w in header.get("known", "").split(",") if w.strip()),
        text="".join(lines),
    )


SAMPLES = [load(p) for p in sorted(CORPUS.glob("*.txt"))]


def review(sample: Sample) -> list[Finding]:
    return review_text(
        sample.text,
        kind=sample.kind,
        known_words=sample.known,
        reviewers=REVIEWERS,
        sender=SENDER,
    )


def found(findings: list[Finding]) -> set[Category]:
    return {f.category for f in findings if f.severity in SERIOUS}


def test_the_corpus_is_big_enough_and_covers_every_category() -> None:
    assert len(SAMPLES) >= 40
    clean = [s for s in SAMPLES if not s.expect]
    assert len(clean) >= 10
    planted = Counter(c for s in SAMPLES for c in s.expect)
    assert set(planted) == set(Category), f"no sample plants {set(Category) - set(planted)}"


def test_recall_per_category_and_no_false_alarms(capsys: pytest.CaptureFixture[str]) -> None:
    hits: Counter[Category] = Counter()
    planted: Counter[Category] = Counter()
    alarms: list[str] = []
    for sample in SAMPLES:
        findings = review(sample)
        got = found(findings)
        for category in sample.expect:
            planted[category] += 1
            hits[category] += category in got
        if not sample.expect:
            alarms += [
                f"{sample.name}: {f.severity.value} [{f.category.value}] {f.message}"
                for f in findings
                if f.severity in SERIOUS
            ]
    with capsys.disabled():
        print(f"\nreview corpus: {len(SAMPLES)} letters; engines wired: {len(REVIEWERS)}")
        for category in Category:
            n = planted[category]
            share = hits[category] / n if n else 0.0
            held = "held" if category in HELD else "not held (engine not wired)"
            print(f"  {category.value:<12} recall {hits[category]}/{n} = {share:.0%}  {held}")
        print(f"  false alarms on clean letters: {len(alarms)}")
        for alarm in alarms:
            print(f"    {alarm}")
    low = {
        c.value: f"{hits[c]}/{planted[c]}"
        for c in HELD
        if planted[c] and hits[c] / planted[c] < 0.9
    }
    assert not low, f"recall under 90 %: {low}"
    assert not alarms, alarms


@pytest.mark.parametrize(
    "sample", [s for s in SAMPLES if s.expect & OWN_RULES], ids=lambda s: s.name
)
def test_each_planted_defect_of_the_own_rules_is_found(sample: Sample) -> None:
    missed = (sample.expect & OWN_RULES) - found(review(sample))
    assert not missed, f"{sample.name}: missed {sorted(c.value for c in missed)}"


@pytest.mark.parametrize("sample", [s for s in SAMPLES if not s.expect], ids=lambda s: s.name)
def test_a_clean_letter_gets_no_error_or_warning(sample: Sample) -> None:
    serious = [f for f in review(sample) if f.severity in SERIOUS]
    assert not serious, [
        (f.category.value, f.message, sample.text[f.start : f.end]) for f in serious
    ]
