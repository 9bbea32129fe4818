"""How a request reaches the services: the server's settings, resolved through bootstrap.

Each request opens its own session (one SQLite connection, one ``now``) in the thread that
uses it, and closes it however the request ends, as a CLI command does. The server keeps
two things across requests: the page cache and the change stamp it is keyed on (one
connection that only watches; ``page_cache``). ``--now`` given to
``followup serve`` pins the clock of every request (the browser tests rely on it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from followup import bootstrap
from followup.web.model_jobs import Jobs, WriterList
from followup.web.page_cache import PageCache

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from followup.services.context import Context
    from followup.services.insights import Insights

T = TypeVar("T")


@dataclass
class WebState:
    settings: bootstrap.Settings
    pages: PageCache[Any, Any] = field(default_factory=PageCache)  # see ``page_cache``
    # The ports every request's context hands out, kept across requests: Harper's
    # dictionary takes a while to build, and a page re-checks the letter as you type.
    ports: bootstrap.Adapters = field(init=False)
    # The database's change stamp, watched on one connection kept for the purpose (opened on
    # first use). One per server, made here and not on demand: two watchers' stamps are
    # never compared.
    changes: bootstrap.Changes = field(init=False)
    # A language model's drafts, written in threads of this process (``model_jobs``), and
    # the models llm knows, listed once a minute.
    jobs: Jobs = field(default_factory=Jobs)
    writer_list: WriterList = field(default_factory=WriterList)

    def __post_init__(self) -> None:
        self.ports = bootstrap.Adapters(self.settings, in_process=True)
        self.changes = bootstrap.Changes(self.settings)


def web_state(request: Request) -> WebState:
    state = request.app.state.followup
    assert isinstance(state, WebState)
    return state


def session(request: Request) -> AbstractContextManager[Context]:
    state = web_state(request)
    return bootstrap.session(state.settings, state.ports)


def reading(request: Request) -> AbstractContextManager[bootstrap.Reading]:
    return bootstrap.read_session(web_state(request).settings)


def insights(request: Request) -> Insights:
    """The Insights figures for the page and the API: from one aggregate query of the read
    side; before there is a profile nothing is planned, so the status columns it reads are
    not kept yet, and the figures come from the histories one by one (a new, small store)."""
    from followup.domain.errors import NoProfile
    from followup.services import insights as figures

    try:
        with reading(request) as read:
            return figures.from_views(read.views, read.now)
    except NoProfile:
        with session(request) as ctx:
            return figures.insights(ctx)


async def run(request: Request, use_case: Callable[[Context], T]) -> T:
    """Run a use case in a worker thread, inside a session of its own."""
    state = web_state(request)

    def call() -> T:
        with bootstrap.session(state.settings, state.ports) as ctx:
            return use_case(ctx)

    return await run_in_threadpool(call)
