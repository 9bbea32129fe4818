"""The web app in-process (Starlette's TestClient) on a real SQLite file.

``web`` is a client that has signed in with the token (it holds the session cookie);
``anonymous`` has not. Both send the Host header of a server bound to 127.0.0.1:8765.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from followup import bootstrap
from followup.services import applications, contacts, interviews, profile
from followup.web.app import create_app
from followup.web.pages import applications as application_page
from followup.web.pages import today as today_page

NOW = "2026-11-23T10:00"  # a Monday morning in London
TOKEN = "t" * 43
BASE = "http://127.0.0.1:8765"


@dataclass
class Web:
    client: TestClient
    settings: bootstrap.Settings

    def csrf(self, path: str = "/") -> str:
        page = self.client.get(path)
        found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
        assert found, page.text[:500]
        return found.group(1)

    def post(self, path: str, data: dict[str, str] | None = None, **kw: object):  # type: ignore[no-untyped-def]
        form = {"csrf": self.csrf(), **(data or {})}
        return self.client.post(path, data=form, follow_redirects=False, **kw)  # type: ignore[arg-type]


def seeded(tmp_path: Path) -> bootstrap.Settings:
    settings = bootstrap.Settings(db=str(tmp_path / "f.db"), config=None, now=NOW)
    with bootstrap.session(settings) as ctx:
        profile.update_profile(
            ctx,
            profile.ProfileChanges(
                name="Alex Morgan", email="alex@example.org", timezone="Europe/London", country="GB"
            ),
        )
        app = applications.add_application(ctx, "Acme", "Data Engineer")
        jane = contacts.add_contact(
            ctx, app.id, "Jane Doe", contacts.ContactFields(email="jane@acme.example")
        )
        interviews.add_interview(
            ctx, app.id, datetime(2026, 11, 23, 8, 30), interviewer_ids=[jane.id]
        )
    return settings


def client_for(settings: bootstrap.Settings, signed_in: bool) -> TestClient:
    app = create_app(settings, TOKEN, "127.0.0.1", 8765)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    if signed_in:
        first = client.get(f"/?token={TOKEN}", follow_redirects=False)
        assert first.status_code == 303, first.text
    return client


@pytest.fixture
def settings(tmp_path: Path) -> bootstrap.Settings:
    return seeded(tmp_path)


@pytest.fixture
def web(settings: bootstrap.Settings) -> Iterator[Web]:
    with client_for(settings, signed_in=True) as client:
        yield Web(client, settings)


@pytest.fixture
def anonymous(settings: bootstrap.Settings) -> Iterator[TestClient]:
    with client_for(settings, signed_in=False) as client:
        yield client


LLM_PLUGIN = Path(__file__).resolve().parents[1] / "llm_plugin"


@pytest.fixture
def test_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real llm with the test plugin's models (tests/llm_plugin) registered in process, as
    the plugin's entry point would register them; llm's own folder a temporary one."""
    llm = pytest.importorskip("llm")
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm"))  # llm's keys and aliases
    # llm loads the installed plugins once; then this one is registered by hand, as its
    # entry point would be (found first, it would be registered twice).
    llm.plugins.load_plugins()
    monkeypatch.syspath_prepend(str(LLM_PLUGIN))
    import followup_test_models  # type: ignore[import-not-found]

    if not llm.plugins.pm.is_registered(followup_test_models):
        llm.plugins.pm.register(followup_test_models, name="followup-test-models")
    # The model writes in a child process (adapters/model/llm_child.py), which loads its
    # plugins as llm does: the test plugin's entry point, found on PYTHONPATH.
    monkeypatch.setenv("PYTHONPATH", str(LLM_PLUGIN))
    monkeypatch.setenv("LLM_LOAD_PLUGINS", "followup-test-models")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One item (the page's name) per time a cached page, Today or an application's, was
    read from the database and drawn: what the page-cache tests count."""
    counted: list[str] = []
    for name, module in (("today", today_page), ("application", application_page)):
        real = module._read_and_draw

        def counting(*args: object, _real: object = real, _name: str = name) -> object:
            counted.append(_name)
            return _real(*args)  # type: ignore[operator]

        monkeypatch.setattr(module, "_read_and_draw", counting)
    return counted
