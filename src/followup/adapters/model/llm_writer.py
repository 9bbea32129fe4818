"""A letter from the user's own language model, through Simon Willison's ``llm`` library.

``llm`` reaches whatever the user has set up with it: local models (Ollama, GGUF files)
and hosted ones (OpenAI, Anthropic, Gemini ...) through its plugins. Keys stay in llm's own
key store (``llm keys set ...``) or its environment variables: followup never reads, asks
for or keeps one. The library is optional (``pip install 'followup[llm]'``) and imported
only when a draft asks for a model.

A model that errs, lacks its key or does not answer within the timeout raises
``ModelFailed``: the drafting service then uses the template's letter and says why. The
call runs in a daemon thread so that a model which never returns cannot hold the command
past its timeout (nor keep the process alive after it).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from followup.domain.errors import BadInput, ModelFailed
from followup.domain.model_prompt import Answer, Prompt

INSTALL = "pip install 'followup[llm]'"


def known_models() -> list[str]:
    """The name of every model ``llm models`` lists (its plugins' too), in its order.

    ``BadInput`` saying how to install llm when it is missing: the web shows that instead
    of a choice of models."""
    try:
        import llm
    except ImportError:
        raise BadInput(f"drafting with a model needs the llm library: {INSTALL}") from None
    try:
        return [str(m.model_id) for m in llm.get_models()]
    except Exception as exc:  # a broken plugin: said, never a traceback
        raise ModelFailed(f"llm could not list its models: {_said(exc)}") from None


class LlmWriter:
    """One ``llm`` model, by the name or alias ``llm models`` lists."""

    def __init__(self, name: str, timeout: float) -> None:
        try:
            import llm
        except ImportError:
            raise BadInput(f"drafting with a model needs the llm library: {INSTALL}") from None
        try:
            self._model: Any = llm.get_model(name)
        except llm.UnknownModelError:
            raise BadInput(
                f"llm knows no model {name!r}: `llm models` lists them, and `llm install` "
                "adds a plugin for more"
            ) from None
        self.name = name
        self.timeout = timeout

    def write(self, prompt: Prompt) -> Answer:
        """The model's letter; ``ModelFailed`` when it errs or is too slow."""
        box: dict[str, Any] = {}

        def ask() -> None:
            try:
                response = self._model.prompt(prompt.text, system=prompt.system, stream=False)
                box["text"] = response.text()
                usage = response.usage()
                box["usage"] = (usage.input, usage.output)
            except BaseException as exc:  # reported in the caller's thread, below
                box["error"] = exc

        start = time.monotonic()
        worker = threading.Thread(target=ask, name=f"llm {self.name}", daemon=True)
        worker.start()
        worker.join(self.timeout)
        seconds = time.monotonic() - start
        if worker.is_alive():
            raise ModelFailed(f"the model {self.name} gave no letter within {self.timeout:g} s")
        if "error" in box:
            raise ModelFailed(f"the model {self.name} failed: {_said(box['error'])}")
        text = str(box.get("text") or "")
        if not text.strip():
            raise ModelFailed(f"the model {self.name} answered with nothing")
        given, taken = box.get("usage", (None, None))
        return Answer(text=text, seconds=seconds, input_tokens=given, output_tokens=taken)


def _said(exc: BaseException) -> str:
    """The error on one line (a plugin's message may span many, and must not end the
    command with a traceback)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
