"""The Draft page while a language model writes (issue 17): the first page (which lists
llm's models), the page after, the page and the job poll while the model writes in the
background. The test plugin's followup-slow stands in for a local model (5 s).

    .venv/bin/python bench/web_model.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "llm_plugin"), str(ROOT)]
os.environ["LLM_USER_PATH"] = tempfile.mkdtemp()
os.environ["FOLLOWUP_TEST_MODEL_SLEEP"] = "5"

import llm  # noqa: E402
from tests.integration.conftest import Web, client_for, seeded  # noqa: E402

FACTS = {"topic": "the streaming migration", "strength": "pipelines"}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    llm.plugins.load_plugins()  # the plugin's .dist-info is on sys.path: llm finds it
    settings = seeded(Path(tempfile.mkdtemp()))
    with client_for(settings, signed_in=True) as client:
        web = Web(client, settings)
        draft = web.post("/actions/1.thanks.i1.c1/draft", FACTS).headers["location"]
        start = time.perf_counter()
        client.get(draft)
        first = time.perf_counter() - start
        after = []
        for _ in range(20):
            start = time.perf_counter()
            client.get(draft)
            after.append(time.perf_counter() - start)
        web.post(draft + "/write", {"writer": "model:followup-slow"})
        during, polls = [], []
        for _ in range(20):
            start = time.perf_counter()
            assert "is writing the letter" in client.get(draft).text
            during.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.get(draft + "/job")
            polls.append(time.perf_counter() - start)
    print(f"first Draft page (Harper's dictionary, llm's models): {ms(first)}")
    print(f"Draft page after it: median {ms(statistics.median(after))}")
    print(
        f"while the model writes: page median {ms(statistics.median(during))}, slowest "
        f"{ms(max(during))}; job poll median {ms(statistics.median(polls))}"
    )


if __name__ == "__main__":
    main()
