"""The TOML nesting scan (domain/toml_depth.py): it must count what tomllib will nest, skip
what is text, and stay linear on hostile input."""

from __future__ import annotations

import json
import time
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.errors import BadInput
from followup.domain.limits import TOML_DEPTH
from followup.domain.toml_depth import check_depth, nesting
from tests.hypothesis_profiles import examples


def nested_array(depth: int) -> str:
    return "a = " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("a = 1\n", 0),
        ("a = [1, [2, [3]]]\n", 3),
        ("a = {b = {c = [1]}}\n", 3),
        ("[[questions]]\nquestion = 'q'\n", 2),
        ("[topics]\n\"Jane Doe\" = ['x']\n", 1),
        ("a.b.c = 1\n", 2),
        ("a = 1.5\n", 1),
        ('"a.b" = 1\n', 0),
        ("a = '[[[[[[' # ]]]]\n", 0),
        ('a = "\\"[[[[" \n', 0),
        ('a = """\n[[[\n"[[\n""" \n', 0),
        ("a = '''\n[[[{{{\n''' \n", 0),
        ('a = """x""""\nb = [[1]]\n', 2),  # a closing quad quote: the string ends with a quote
        ("# [[[[[[[[[[\na = [1]\n", 1),
    ],
)
def test_counts_brackets_braces_and_dots_outside_strings(text: str, depth: int) -> None:
    tomllib.loads(text)  # every case is valid TOML
    assert nesting(text) == depth


def test_the_limit_is_inclusive_and_the_refusal_says_why() -> None:
    check_depth(nested_array(TOML_DEPTH))
    with pytest.raises(BadInput, match=f"nested more than {TOML_DEPTH} levels deep"):
        check_depth(nested_array(TOML_DEPTH + 1))
    with pytest.raises(BadInput):
        check_depth("a" + ".a" * (TOML_DEPTH + 1) + " = 1\n")
    with pytest.raises(BadInput):
        check_depth("a = " + "{b = " * 40 + "1" + "}" * 40 + "\n")


def test_the_reproduction_is_refused_quickly() -> None:
    """Issue 12: ``a=[[[...]]]`` 100,000 deep made tomllib raise RecursionError."""
    with pytest.raises(BadInput):
        check_depth("a=" + "[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize(
    "hostile",
    [
        '"' * 1_000_000,
        'a = "' + "\\" * 999_999,
        '"""' + '"\\' * 400_000,
        "'''" + "'" * 999_000,
        "a.b" * 300_000,
        "#" * 1_000_000,
    ],
)
def test_a_megabyte_of_hostile_text_is_scanned_in_linear_time(hostile: str) -> None:
    started = time.perf_counter()
    nesting(hostile)
    assert time.perf_counter() - started < 2.0


# Nested arrays of integers and strings full of TOML's own punctuation, written as TOML by
# json.dumps (a JSON string without ensure_ascii is a valid TOML basic string once control
# characters are escaped, which json.dumps does).
_texts = st.text(alphabet=st.sampled_from(list("ab[]{}\"'#.,=\\\n\t é")), max_size=12)
_values = st.recursive(
    st.integers(-5, 5) | _texts,
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=20,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


@settings(max_examples=examples(200), derandomize=True, deadline=None)
@given(_values)
def test_the_scan_measures_what_tomllib_nests(value: object) -> None:
    """200 examples in CI: the measured depth is the real depth of the array tomllib reads."""
    text = "v = " + json.dumps(value, ensure_ascii=False) + "\n"
    assert tomllib.loads(text)["v"] == value
    assert nesting(text) == _depth(value)
