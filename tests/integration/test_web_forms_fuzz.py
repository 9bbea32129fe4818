"""Every HTML form the app serves, fed hostile values by hypothesis: no answer is a 500.

The forms are found, not listed: every ``POST`` route of the pages (from the app's own
router, so a new one is fuzzed the day it is added), with the fields its forms carry on the
pages the app serves (a route no page shows gets every field name seen anywhere), and every
``GET`` form (the board's search) with its fields as the query. Values: control characters,
RTL marks and emoji, very long strings, huge, negative and odd numbers, dates at the edges
of 1971-2199 (the range another part of issue 12 enforces), non-ASCII CSRF tokens, hostile
ids in the path. ``derandomize=True``: the same cases every run, so it never flakes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.web.guard import Guard

from .conftest import Web, client_for, seeded

EXAMPLES = 25  # per form: ~30 forms, the whole file in well under a minute

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\r\n", "line one\nline two", "\t", "\x1b[31mred", "\x7f",
    "\u202eevil\u202c", "\u200f\u200e", "مرحبا", "😀" * 40, "e\u0301", "\ufeff", "\uffff",
    "A" * 20_000, "é" * 5_000,
    "-1", "0", "00", "1.5", "1e309", "NaN", "-0", "²", "١٢", "99999999999999999999999",
    "-99999999999999999999999", "9" * 5_000,
    "1971-01-01", "2199-12-31", "1971-01-01T00:00", "2199-12-31T23:59", "2026-02-30",
    "2026-11-24 25:00", "2026-11-24T10:00+25:00", "24:00", "17 Nov 2026", "31 Feb 2026",
    "../../etc/passwd", "/dev/zero", "~", "<script>alert(1)</script>", "' OR 1=1 --", "%00",
    "\\", "tomorrow", "next-week", "date", "due", "on", "accept", "reply", "timeline",
    "interviewer", "video", "tls", "starttls", "none", "good",
]  # fmt: skip

text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.integers().map(str),
    st.dates(date(1971, 1, 1), date(2199, 12, 31)).map(date.isoformat),
    st.datetimes(datetime(1971, 1, 1), datetime(2199, 12, 31, 23, 59)).map(
        lambda d: d.isoformat(timespec="minutes")
    ),
)
# A sane value for the fields whose page gives none, so that a case with one or two hostile
# fields gets past the others and reaches deep (the rest of a form as a person fills it).
SANE = {
    "start": "2026-11-24 10:00", "at": "2026-11-24 10:00", "on": "2026-11-30",
    "decision_date": "2026-12-01", "minutes": "45", "name": "Sam Lee", "company": "Globex",
    "role": "interviewer", "email": "sam@acme.example", "address": "alex@example.org",
    "username": "alex@example.org", "timezone": "Europe/London", "kind": "note",
    "subject": "Thank you", "body": "Thank you for your time today.", "note": "a note",
    "until": "tomorrow", "questions": "Why us? | I said why | 4", "demeanour": "4",
    "contact": "1", "with": "1", "format": "video", "q": "Acme",
}  # fmt: skip
ODD_IDS = ["0", "-1", "99999999999999999999999", "abc", "%C3%A9", "1e3", "%00", "%20"]


class _Forms(HTMLParser):
    """The forms of a page: each one's method, the addresses it posts to (its ``action``
    and its buttons' ``formaction``) and its field names."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, set[str], set[str]]] = []
        self.values: dict[str, str] = {}  # a field's first value on the page (a select's first)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append((str(a.get("method") or "get").lower(), set(), set()))
            if a.get("action"):
                self.forms[-1][1].add(str(a["action"]))
        elif self.forms and tag in ("input", "select", "textarea", "button"):
            if a.get("formaction"):
                self.forms[-1][1].add(str(a["formaction"]))
            if a.get("name"):
                self.forms[-1][2].add(str(a["name"]))
                self._field = str(a["name"])
                if a.get("value") and a.get("type") not in ("checkbox", "submit"):
                    self.values.setdefault(self._field, str(a["value"]))
        elif tag == "option" and a.get("value") and getattr(self, "_field", None):
            self.values.setdefault(self._field, str(a["value"]))


@dataclass(frozen=True)
class Target:
    method: str
    path: str  # the route's template: /applications/{app_id}/events
    fields: tuple[str, ...]

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{(\w+)}", self.path))


@dataclass
class Site:
    web: Web
    targets: list[Target]
    sane: dict[str, str]
    ids: dict[str, list[str]] = field(default_factory=dict)


def routes(app: Guard) -> Iterator[tuple[str, str]]:
    """(method, path) of every page route, through FastAPI's included routers."""

    def walk(found: list[Any], prefix: str) -> Iterator[tuple[str, str]]:
        for route in found:
            if hasattr(route, "original_router"):  # FastAPI >= 0.16x: included lazily
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif hasattr(route, "methods") and hasattr(route, "path"):
                for method in route.methods or ():
                    yield method, prefix + route.path

    fastapi = app.app
    yield from (
        (m, p)
        for m, p in walk(fastapi.router.routes, "")  # type: ignore[attr-defined]
        if not p.startswith(("/api", "/static")) and m in ("GET", "POST")
    )


def _matches(template: str, address: str) -> bool:
    pattern = re.sub(r"{\w+}", "[^/]+", template)
    return (
        re.fullmatch(pattern, address.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0])
        is not None
    )


def discover(web: Web, ids: dict[str, list[str]]) -> tuple[list[Target], dict[str, str]]:
    """Every form target the app has, with the field names its pages give it; and a sane
    value per field (the pages' own, else ``SANE``)."""
    app = web.client.app
    assert isinstance(app, Guard)
    found = sorted(set(routes(app)))
    pages = []
    for method, path in found:
        if method != "GET":
            continue
        params = re.findall(r"{(\w+)}", path)
        page = path
        for p in params:
            page = page.replace("{" + p + "}", ids[p][0])
        pages.append(page)
    forms: list[tuple[str, set[str], set[str]]] = []
    sane = dict(SANE)
    for page in pages:
        parser = _Forms()
        parser.feed(web.client.get(page).text)
        forms += [(m, actions or {page}, names) for m, actions, names in parser.forms]
        for name, value in parser.values.items():
            sane.setdefault(name, value)
    everything = set().union(*(names for _, _, names in forms)) - {"csrf"}
    targets = []
    for method, path in found:
        names: set[str] = set()
        seen = False
        for form_method, actions, fields in forms:
            if form_method.upper() == method and any(_matches(path, a) for a in actions):
                names |= fields
                seen = True
        if method == "GET" and not seen:
            continue  # a page, not a form's target
        chosen = (names if seen else everything) - {"csrf"}
        targets.append(Target(method, path, tuple(sorted(chosen))))
    return targets, sane


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    settings_ = seeded(tmp_path_factory.mktemp("forms"))
    with client_for(settings_, signed_in=True) as client:
        web = Web(client, settings_)
        drafted = web.post("/actions/1.thanks.i1.c1/draft")
        draft = drafted.headers.get("location", "/drafts/1").rsplit("/", 1)[1]
        ids = {
            "app_id": ["1"],
            "interview_id": ["1"],
            "message_id": [draft, "1"],
            "item_id": ["1"],
            "action_id": ["1.thanks.i1.c1", "1.debrief.i1", "1.ask.i1"],
            "feed": ["not-the-token.ics"],  # the calendar feed (its own token)
            "document_id": ["1"],
        }
        targets, sane = discover(web, ids)
        yield Site(web, targets, sane, ids)


def test_every_form_route_is_found(site: Site) -> None:
    """The discovery itself: the forms people use daily are there, with their fields."""
    by_path = {(t.method, t.path): t for t in site.targets}
    assert ("POST", "/applications/{app_id}/events") in by_path
    assert {"kind", "contact", "on", "note"} <= set(
        by_path["POST", "/applications/{app_id}/events"].fields
    )
    assert ("GET", "/applications") in by_path  # the board's search
    assert len([t for t in site.targets if t.method == "POST"]) >= 20


def _fuzz_ids() -> list[str]:
    return [
        "POST /actions/{action_id}/done", "POST /actions/{action_id}/skip",
        "POST /actions/{action_id}/snooze", "POST /actions/{action_id}/draft",
        "POST /applications", "GET /applications",
        "POST /applications/{app_id}/events", "POST /applications/{app_id}/contacts",
        "POST /applications/{app_id}/interviews", "POST /interviews/{interview_id}/debrief",
        "POST /drafts/{message_id}/review", "POST /drafts/{message_id}/save",
        "POST /drafts/{message_id}/send", "POST /drafts/{message_id}/schedule",
        "POST /drafts/{message_id}/settle", "POST /drafts/{message_id}/eml",
        "POST /drafts/{message_id}/write",
        "POST /inbox/check", "POST /inbox/{item_id}/confirm", "POST /inbox/{item_id}/dismiss",
        "POST /settings/profile", "POST /settings/mail/test", "POST /settings/calendar/rotate",
        "POST /settings/digest", "POST /applications/{app_id}/invitation",
        "POST /import/preview", "POST /import/confirm", "POST /settings/backup",
        "POST /applications/{app_id}/documents", "POST /documents/{document_id}/remove",
        "POST /drafts/{message_id}/attachments",
        "POST /settings/export/{format_name}",
        # Last: an account saved here would make the routes above try to reach its server.
        "POST /settings/mail",
    ]  # fmt: skip


def test_the_fuzzed_list_is_every_form(site: Site) -> None:
    """A form added to the app and not to the fuzz below fails here, by name."""
    assert sorted(f"{t.method} {t.path}" for t in site.targets) == sorted(_fuzz_ids())


@pytest.mark.parametrize("route", _fuzz_ids())
def test_hostile_values_in_every_form_are_never_a_server_error(site: Site, route: str) -> None:
    target = next(t for t in site.targets if f"{t.method} {t.path}" == route)
    web = site.web
    csrf = web.csrf("/applications")
    params: dict[str, st.SearchStrategy[str]] = {
        p: st.one_of(st.sampled_from(site.ids.get(p, ["1"])), st.sampled_from(ODD_IDS))
        for p in target.params
    }
    # One or two fields hostile (or left out), the others as a person fills them in.
    fields = st.dictionaries(
        st.sampled_from(target.fields or ("x",)), st.one_of(st.none(), text), min_size=1, max_size=2
    )
    plan = web.client.get("/api/applications/1/plan").json()
    live_actions = [a["id"] for a in plan.get("actions", [])] or ["1.thanks.i1.c1"]
    if "action_id" in target.params:
        params["action_id"] = st.one_of(st.sampled_from(live_actions), st.sampled_from(ODD_IDS))
    token = st.one_of(st.just(csrf), st.just(csrf), st.sampled_from(["", "é", "\x00", csrf + "é"]))

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.fixed_dictionaries(params), fields, token)
    def post(path_ids: dict[str, str], hostile: dict[str, str | None], csrf_value: str) -> None:
        path = target.path
        for name, value in path_ids.items():
            path = path.replace("{" + name + "}", value if "%" in value else quote(value, safe=""))
        values: dict[str, str | None] = {k: site.sane.get(k, "x") for k in target.fields}
        values.update(hostile)
        data = {k: v for k, v in values.items() if v is not None}
        if target.method == "GET":
            answer = web.client.get(path, params=data)
        else:
            answer = web.client.post(
                path, data={**data, "csrf": csrf_value}, follow_redirects=False
            )
        assert answer.status_code < 500, (route, path, data, answer.text[:400])
        assert "Traceback" not in answer.text

    post()


def test_every_page_survives_the_fuzzing(site: Site) -> None:
    """After all that was stored: the pages still draw (a value that went in must come out)."""
    for path in ("/", "/applications", "/applications/1", "/inbox", "/insights", "/settings"):
        answer = site.web.client.get(path)
        assert answer.status_code < 500, (path, answer.text[:400])
