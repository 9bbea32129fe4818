"""The config file's ``[drafting]`` table: the model and its timeout, checked at the door."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.adapters import config_file
from followup.domain.errors import BadInput


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_without_a_file_or_a_table_no_model_writes(tmp_path: Path) -> None:
    for chosen in (
        config_file.load_drafting(None),
        config_file.load_drafting(_file(tmp_path, "[policy]\ncadence_days = 10\n")),
    ):
        assert chosen.model is None
        assert chosen.timeout == config_file.MODEL_TIMEOUT_SECONDS
        assert chosen.context is None


def test_the_model_and_its_timeout_are_read(tmp_path: Path) -> None:
    path = _file(tmp_path, '[drafting]\nmodel = " gpt-4o-mini "\nmodel_timeout = 30\n')
    chosen = config_file.load_drafting(path)
    assert (chosen.model, chosen.timeout) == ("gpt-4o-mini", 30.0)
    config_file.load_policy(path)  # the policy reader knows the table


def test_a_small_models_context_window_is_read(tmp_path: Path) -> None:
    path = _file(tmp_path, '[drafting]\nmodel = "SmolLM2"\nmodel_context = 512\n')
    assert config_file.load_drafting(path).context == 512


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[drafting]\nmodle = 'x'\n", "unknown setting modle in [drafting]"),
        ("[drafting]\nmodel = 3\n", "[drafting] model must be a model's name"),
        ("[drafting]\nmodel = ''\n", "[drafting] model must be a model's name"),
        ("[drafting]\nmodel_timeout = 0\n", "model_timeout must be a number of seconds"),
        ("[drafting]\nmodel_timeout = 'soon'\n", "model_timeout must be a number of seconds"),
        ("[drafting]\nmodel_timeout = true\n", "model_timeout must be a number of seconds"),
        ("[drafting]\nmodel_timeout = 7200\n", "model_timeout must be a number of seconds"),
        ("drafting = 'gpt'\n", "drafting must be a table"),
        ("[drafting]\nmodel_context = 100\n", "model_context must be the model's context"),
        ("[drafting]\nmodel_context = 512.5\n", "model_context must be the model's context"),
        ("[drafting]\nmodel_context = '2k'\n", "model_context must be the model's context"),
        ("[drafting]\nmodel_context = true\n", "model_context must be the model's context"),
    ],
)
def test_a_bad_setting_is_refused_by_every_command(tmp_path: Path, text: str, said: str) -> None:
    path = _file(tmp_path, text)
    for read in (config_file.load_drafting, config_file.load_policy):
        with pytest.raises(BadInput, match=r"config file .*") as caught:
            read(path)
        assert said in caught.value.message
