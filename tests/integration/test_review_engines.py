"""The outside review engines on real text: Harper, proselint, readability (issue 4).

Each runs offline on the libraries installed with the project; no fake stands in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from followup.adapters.review import harper as review_harper
from followup.adapters.review.harper import HarperReviewer
from followup.adapters.review.readability import ReadabilityReviewer, scores
from followup.adapters.review.style import ProselintReviewer
from followup.domain.review import Category, Dialect, Finding, Severity

CLEAN = """Subject: Thank you for the Platform Engineer interview

Dear Priya,

Thank you for taking the time to speak with me on Tuesday about the Platform Engineer role at
Northwind Labs. I enjoyed hearing how your team runs Kubernetes at scale and sets OKRs and KPIs
for the SaaS roadmap. Our talk about on-call rotations made me even more excited about the role.

I am confident that my five years of backend work would help the team ship faster. Please let
me know if I can send anything else.

Best regards,
Alex Smith
alex.smith@example.com | +1 555 010 0199
"""
KNOWN = frozenset({"Priya Raman", "Northwind Labs", "Platform Engineer", "Alex Smith"})

ENGINES = [HarperReviewer(), ProselintReviewer(), ReadabilityReviewer()]


def _blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: type(e).__name__)
def test_a_clean_letter_with_names_has_no_error_or_warning(engine: object) -> None:
    findings = engine.review(CLEAN, kind="thank_you", known_words=KNOWN)  # type: ignore[attr-defined]
    assert _blocking(findings) == []


def test_unknown_names_are_at_most_info() -> None:
    text = "Dear Oluwaseun, I enjoyed meeting Rahul and the Quillsoft team on Tuesday."
    findings = HarperReviewer().review(text, kind="thank_you", known_words=frozenset())
    for name in ("Oluwaseun", "Rahul", "Quillsoft"):
        about = [f for f in findings if text[f.start : f.end] == name]
        assert about, f"{name} should be noted"
        assert all(f.severity is Severity.INFO for f in about)


def test_a_typo_is_an_error_with_a_suggestion() -> None:
    text = "Thank you again. I recieve a lot of energy from this kind of work."
    findings = HarperReviewer().review(text, kind="thank_you", known_words=frozenset())
    typo = [f for f in findings if text[f.start : f.end] == "recieve"]
    assert len(typo) == 1
    assert typo[0].category is Category.SPELLING
    assert typo[0].severity is Severity.ERROR
    assert typo[0].suggestion == "receive"


def test_harper_grammar_is_found() -> None:
    text = "I has worked on this platform for five years and I loves it."
    findings = HarperReviewer().review(text, kind=None, known_words=frozenset())
    assert any(f.category is Category.GRAMMAR for f in findings), findings


def test_you_before_a_time_word_is_not_taken_for_your() -> None:
    text = (
        "It was a pleasure to speak with you yesterday. "
        "It was a pleasure to speak with you manager."
    )
    findings = HarperReviewer().review(text, kind="thank_you", known_words=frozenset())
    flagged = [(text[f.start : f.end], f.suggestion) for f in findings]
    assert ("you", "your") in flagged  # "you manager" is still the typo it is
    assert len([f for f in flagged if f[0] == "you"]) == 1, flagged


def test_an_initial_of_a_known_name_is_no_misspelling() -> None:
    text = "Dear T. Nakamura,\n\nThank you for your time yesterday."
    findings = HarperReviewer().review(
        text, kind="thank_you", known_words=frozenset({"T. Nakamura"})
    )
    assert [text[f.start : f.end] for f in findings] == []


def test_known_words_stop_a_lowercase_term_counting_as_a_typo() -> None:
    text = "I built the kubeflowx pipeline that our team still uses today."
    engine = HarperReviewer()
    before = engine.review(text, kind=None, known_words=frozenset())
    assert any(text[f.start : f.end] == "kubeflowx" for f in before)
    after = engine.review(text, kind=None, known_words=frozenset({"kubeflowx"}))
    assert not any(text[f.start : f.end] == "kubeflowx" for f in after)


def test_the_linter_is_built_once_per_process() -> None:
    first = review_harper.linter()
    assert review_harper.linter() is first
    took = review_harper.load_seconds()
    assert took is not None
    assert took > 0


def test_proselint_flags_a_cliche_as_tone() -> None:
    text = "Dear Priya,\n\nAt the end of the day, I think outside the box.\n"
    findings = ProselintReviewer().review(text, kind="thank_you", known_words=frozenset())
    cliche = [f for f in findings if text[f.start : f.end] == "At the end of the day"]
    assert cliche
    assert all(f.category is Category.TONE for f in cliche)
    assert any(f.severity is Severity.WARNING for f in cliche)


def test_readability_reports_a_grade_on_hard_text() -> None:
    text = (
        "Notwithstanding the considerable organisational complexities inherently associated "
        "with the simultaneous implementation of multidimensional infrastructural "
        "modernisation initiatives, I remain unequivocally enthusiastic regarding the "
        "opportunity to contribute substantively to interdisciplinary collaboration, "
        "particularly considering the extraordinarily sophisticated operational "
        "characteristics of contemporary distributed computational architectures and "
        "their corresponding organisational methodologies."
    )
    findings = ReadabilityReviewer().review(text, kind="thank_you", known_words=frozenset())
    assert len(findings) == 1
    assert findings[0].category is Category.READABILITY
    assert findings[0].severity is Severity.WARNING
    assert "grade" in findings[0].message
    result = scores(text)
    assert result.grade > 16
    assert result.reading_ease < 25


def test_readability_scores_plain_text_as_easy() -> None:
    result = scores(CLEAN)
    assert result.reading_ease > 50
    assert 2 < result.grade < 12
    assert result.words > 80


def test_importing_the_adapters_loads_no_engine() -> None:
    probe = (
        "import sys\n"
        "import followup.adapters.review.harper, followup.adapters.review.style\n"
        "import followup.adapters.review.readability, followup.bootstrap\n"
        "print(sorted(m for m in ('harper', 'proselint', 'pyphen') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# --- issue 11: dialects, repetition left to the own rules, names with accents ------------------
BRITISH = "I organised the research programme and analysed the catalogue at the centre."


def _spelling(text: str, dialect: Dialect, known: frozenset[str] = frozenset()) -> list[str]:
    findings = HarperReviewer().review(text, kind=None, known_words=known, dialect=dialect)
    return [text[f.start : f.end] for f in findings if f.category is Category.SPELLING]


def test_harper_spells_in_the_dialect_it_is_asked_for() -> None:
    assert _spelling(BRITISH, Dialect.BRITISH) == []
    assert set(_spelling(BRITISH, Dialect.AMERICAN)) >= {"organised", "programme", "analysed"}
    assert _spelling("I picked the color.", Dialect.BRITISH) == ["color"]
    assert _spelling("I picked the color.", Dialect.AMERICAN) == []
    for dialect in (Dialect.AUSTRALIAN, Dialect.CANADIAN, Dialect.INDIAN):
        assert _spelling("Thank you for the interview.", dialect) == []


def test_one_linter_per_dialect_built_once() -> None:
    british = review_harper.linter(Dialect.BRITISH)
    assert review_harper.linter(Dialect.BRITISH) is british
    assert review_harper.linter(Dialect.AMERICAN) is not british


def test_a_word_from_the_record_is_never_a_misspelling_in_any_dialect() -> None:
    record = frozenset({"organised", "research programme", "analysed", "catalogue", "centre"})
    assert _spelling(BRITISH, Dialect.AMERICAN, record) == []


def test_harper_leaves_repeated_words_to_the_own_rule() -> None:
    text = "I had had a long week, and I know that that matters. I really really enjoyed it."
    findings = HarperReviewer().review(text, kind=None, known_words=frozenset())
    assert not [f for f in findings if "repeat" in f.message.lower()], findings


def test_a_name_harper_cuts_in_two_is_judged_whole() -> None:
    text = "Dear Zsófia, thank you for your time."
    findings = HarperReviewer().review(text, kind=None, known_words=frozenset())
    about = [f for f in findings if f.category is Category.SPELLING]
    assert [(text[f.start : f.end], f.severity) for f in about] == [("Zsófia", Severity.INFO)]
    known = HarperReviewer().review(text, kind=None, known_words=frozenset({"Zsófia Kovács"}))
    assert not [f for f in known if f.category is Category.SPELLING]


def test_proselint_no_longer_says_damn_nor_sees_a_signature_as_a_repetition() -> None:
    text = (
        "Dear Priya,\n\nI am very interested in the role.\n\nKind regards,\nNur Aisyah\n"
        "aisyah@example.sg\n"
    )
    findings = ProselintReviewer().review(text, kind="thank_you", known_words=frozenset())
    assert findings == []


def test_the_review_drops_the_engines_advice_on_technical_compounds() -> None:
    from followup.services.review import review_text

    text = (
        "We built exactly-once, end-to-end delivery with real-time, read-only views for the "
        "on-call team, and hired highly-motivated people."
    )
    engines = [HarperReviewer(), ProselintReviewer()]
    found = review_text(text, kind=None, known_words=frozenset(), reviewers=engines)
    assert [text[f.start : f.end] for f in found if f.severity is Severity.WARNING] == ["highly-"]


def test_the_own_rules_on_clean_letters_load_no_dictionary() -> None:
    """A check of a clean letter must not pay lemminflect's 0.4 s: the rules ask it only
    about a suspect."""
    probe = (
        "import sys, pathlib\n"
        "from followup.domain import review_rules\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*clean*.txt')):\n"
        "    review_rules.check(p.read_text(), kind='thank_you', known_words=frozenset())\n"
        "print('lemminflect' in sys.modules)\n"
    )
    corpus = Path(__file__).resolve().parents[1] / "data" / "review_corpus"
    out = subprocess.run(
        [sys.executable, "-c", probe, str(corpus)], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
