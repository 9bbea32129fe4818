"""A language model's draft as a background job in the server process, so that neither the
page nor the server waits for it (a local model may take a minute).

A job writes one saved draft again: the request reads the draft and checks the model's name
(an unknown one is a 400 at once), then a thread asks the model and keeps its letter, or the
template's with the guard's reasons (``services.drafting.prepare_rewrite`` / ``rewritten`` /
``apply_rewrite``). One job per draft at a time: asking again while one runs returns the
running one. Jobs live in memory (a restart forgets them; the letter they wrote is in the
store, with who wrote it); the Draft page polls for its draft's job every second, or a
"Check again" link does without JavaScript.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from followup import bootstrap
from followup.domain.errors import BadInput, FollowupError
from followup.services import drafting, model_drafting
from followup.services.context import Context
from followup.services.ports import LetterModel, Ports

log = logging.getLogger("followup.web")

KEPT = 200  # finished jobs remembered (for their outcome), the oldest forgotten first
MODELS_FRESH = 60.0  # seconds a listing of llm's models is reused
TEMPLATE = model_drafting.TEMPLATE


@dataclass
class Job:
    """One draft being written again by a model; ``failure`` says why its letter was not
    kept when something other than the model went wrong (the letter changed meanwhile)."""

    message_id: int
    writer: str
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    failure: str | None = None

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def state(self) -> str:
        if self.running:
            return "running"
        return "failed" if self.failure else "done"

    def seconds(self) -> float:
        return round((self.finished or time.monotonic()) - self.started, 1)


class Jobs:
    """The server's model jobs, by draft."""

    def __init__(self) -> None:
        self._jobs: dict[int, Job] = {}
        self._lock = threading.Lock()

    def get(self, message_id: int) -> Job | None:
        with self._lock:
            return self._jobs.get(message_id)

    def start(self, message_id: int, writer: str, work: Callable[[], None]) -> Job:
        """Run ``work`` in a thread of its own, unless this draft's job is running already
        (then that one is returned)."""
        with self._lock:
            running = self._jobs.get(message_id)
            if running is not None and running.running:
                return running
            job = Job(message_id, writer)
            self._jobs.pop(message_id, None)
            self._jobs[message_id] = job
            done = [k for k, j in self._jobs.items() if not j.running]
            for k in done[: max(0, len(done) - KEPT)]:
                del self._jobs[k]
        threading.Thread(
            target=self._run, args=(job, work), name=f"draft {message_id}", daemon=True
        ).start()
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[], None]) -> None:
        try:
            work()
        except FollowupError as exc:
            job.failure = exc.message
        except Exception:  # the trace to the server's log; the page says it calmly
            log.exception("model job for draft %s", job.message_id)
            job.failure = "writing it failed unexpectedly (the server's log says why)"
        finally:
            job.finished = time.monotonic()


@dataclass(frozen=True)
class Writers:
    """The choice of writer: the template, or a model llm knows (``default``: the
    ``[drafting] model`` setting); ``missing`` says how to get llm when it is not there."""

    models: tuple[str, ...]
    default: str | None
    missing: str | None = None


class WriterList:
    """llm's models, listed through the port and asked again after a minute: llm installed
    since shows up then (a plugin installed since needs a restart: llm loads its plugins
    once a process)."""

    def __init__(self) -> None:
        self._at = -MODELS_FRESH
        self._found: tuple[tuple[str, ...], str | None] = ((), None)
        self._lock = threading.Lock()

    def writers(self, ports: Ports) -> Writers:
        with self._lock:
            if time.monotonic() - self._at >= MODELS_FRESH:
                try:
                    self._found = (tuple(ports.letter_models()), None)
                except FollowupError as exc:
                    self._found = ((), exc.message)
                self._at = time.monotonic()
            models, missing = self._found
        return Writers(models, ports.default_model(), missing)


def model_name(writer: str) -> str | None:
    """``template`` is None; ``model:NAME`` is NAME; anything else is bad input."""
    if writer == TEMPLATE:
        return None
    name = writer.removeprefix("model:").strip()
    if not writer.startswith("model:") or not name:
        raise BadInput("choose the writer: 'template', or 'model:NAME' with a model llm knows")
    return name


def rewrite(
    ctx: Context,
    adapters: bootstrap.Adapters,
    settings: bootstrap.Settings,
    jobs: Jobs,
    message_id: int,
    writer: str,
) -> Job | None:
    """Write a saved draft again: at once by the template (None), or by a model in a job
    (the running one when there is one). Bad input (an unknown model, no llm, a letter
    that is no longer a draft) is raised here, before any job starts."""
    ports = ctx.ports
    name = model_name(writer)
    if name is None:
        drafting.rewrite(ctx, message_id, ports.templates(), None)
        return None
    running = jobs.get(message_id)
    if running is not None and running.running:
        return running
    model: LetterModel | None = ports.letter_model(name)
    prepared = drafting.prepare_rewrite(ctx, message_id, ports.templates(), ports.reviewers())

    def work() -> None:
        written = drafting.rewritten(prepared, model)
        with bootstrap.session(settings, adapters) as later:
            drafting.apply_rewrite(later, prepared, written)

    return jobs.start(message_id, f"model:{name}", work)
