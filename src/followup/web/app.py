"""The application factory: pages, API, static files, the guard and the error mapping.

``create_app`` is all ``followup serve`` and the tests need: settings (the same global
``--db``, ``--config``, ``--now`` the CLI takes), the access token, and the address the
server answers to (its Host header; DNS rebinding is refused against it).
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from followup import __version__, bootstrap
from followup.web import errors
from followup.web.guard import Guard, Keys, allowed_hosts
from followup.web.state import WebState


def create_app(
    settings: bootstrap.Settings,
    token: str,
    host: str = "127.0.0.1",
    port: int = 8765,
    extra_hosts: frozenset[str] = frozenset(),
) -> Guard:
    """The ASGI app to serve; ``extra_hosts`` admits more Host headers (the test client's)."""
    from followup.web import api
    from followup.web.pages import (
        applications,
        calendar,
        data_settings,
        digest_settings,
        documents,
        drafts,
        importing,
        inbox,
        insights,
        interviews,
        settings_page,
        today,
    )

    app = FastAPI(
        title="followup",
        version=__version__,
        description="The post-interview follow-up playbook: the same use cases as the CLI. "
        "Authenticate with `Authorization: Bearer TOKEN` (the token `followup serve` prints).",
        docs_url=None,  # the interactive docs load scripts from elsewhere: the CSP forbids it
        redoc_url=None,
        openapi_url="/api/openapi.json",
        # No OpenTelemetry hooks: nothing here is exported, and its logs would carry traces.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.followup = WebState(settings)
    errors.install(app)
    for module in (
        today, applications, interviews, drafts, inbox, insights, settings_page, calendar,
    ):  # fmt: skip
        app.include_router(module.router)
    app.include_router(digest_settings.router)
    app.include_router(data_settings.router)
    app.include_router(importing.router)
    app.include_router(documents.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=str(files("followup.web") / "static")), "static")
    return Guard(app, Keys(token), allowed_hosts(host, port) | extra_hosts)
