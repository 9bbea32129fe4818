"""The ``LetterModel`` adapter through real ``llm``, with the test plugin registered in process
(``llm.plugins.pm.register``, the hook a plugin's entry point reaches)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from followup.adapters.model.llm_writer import LlmWriter
from followup.domain.errors import BadInput, ModelFailed
from followup.domain.model_prompt import Prompt

llm = pytest.importorskip("llm")
PLUGIN = Path(__file__).resolve().parents[1] / "llm_plugin"
PROMPT = Prompt(
    system="rules",
    text="Facts:\n- Greeting to use: Dear Priya,\n- Company: Northwind Labs\n"
    "- Role applied for: Data Engineer\n- Your name: Alex Morgan\n- Your email: a@b.example\n",
)


@pytest.fixture(autouse=True)
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm"))  # llm's keys and aliases
    # llm loads the installed plugins once; then this one is registered by hand, as its
    # entry point would be (found first, it would be registered twice).
    llm.plugins.load_plugins()
    monkeypatch.syspath_prepend(str(PLUGIN))
    import followup_test_models  # type: ignore[import-not-found]

    if not llm.plugins.pm.is_registered(followup_test_models):
        llm.plugins.pm.register(followup_test_models, name="followup-test-models")


def test_a_models_letter_comes_back_with_its_tokens() -> None:
    answer = LlmWriter("followup-good", timeout=10).write(PROMPT)
    assert answer.text.startswith("Subject: Thank you for the Data Engineer interview")
    assert "Dear Priya," in answer.text
    assert answer.input_tokens == len(PROMPT.text.split())
    assert answer.output_tokens == len(answer.text.split())
    assert 0 <= answer.seconds < 10


def test_a_slow_model_is_left_behind_at_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_TEST_MODEL_SLEEP", "5")
    start = time.monotonic()
    with pytest.raises(ModelFailed, match=r"gave no letter within 0.5 s"):
        LlmWriter("followup-slow", timeout=0.5).write(PROMPT)
    assert time.monotonic() - start < 3


def test_a_models_error_is_an_outside_failure_on_one_line() -> None:
    with pytest.raises(ModelFailed) as caught:
        LlmWriter("followup-broken", timeout=10).write(PROMPT)
    assert caught.value.message == (
        "the model followup-broken failed: the server answered 500 Internal Server Error"
    )
    assert caught.value.exit_code == 1


def test_an_unknown_model_is_bad_input() -> None:
    with pytest.raises(BadInput, match=r"llm knows no model 'nope'"):
        LlmWriter("nope", timeout=10)
