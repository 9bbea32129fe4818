"""The page templates: one Jinja2 environment, autoescaping every value it prints.

A company called ``<script>alert(1)</script>`` is shown as text on every page, because no
template can switch escaping off (``autoescape=True`` for every file, not only ``.html``).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.responses import HTMLResponse

from followup.domain.documents import size_text


def _when(value: object, fmt: str = "%a %d %b %H:%M") -> str:
    """An instant as people read it; text (the read models' ISO form) is parsed first."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _when_text(value, fmt)
    if isinstance(value, datetime | date):
        return value.strftime(fmt)
    return str(value)


@lru_cache(maxsize=4096)
def _when_text(value: str, fmt: str) -> str:
    """Plans put many actions at the same few moments: each text is formatted once."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime(fmt)


def _label(value: object) -> str:
    """An enum's label (``thank-you``), or the value as it is."""
    return str(getattr(value, "label", value)).replace("_", "-")


def _words(value: object) -> str:
    """A kind, status or channel as words (``Status inquiry``): an enum, or the slug a read
    model carries (``status-inquiry``)."""
    from followup.domain.kinds import words

    return words(str(getattr(value, "value", value)))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("followup.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the package's templates do not change under a running server
    )
    env.filters["when"] = _when
    env.filters["label"] = _label
    env.filters["words"] = _words
    env.filters["filesize"] = size_text
    return env


def render(name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    csrf = values.get("csrf")
    if isinstance(csrf, str):  # hex: nothing to escape, so skip escaping it on every form
        values["csrf"] = Markup(csrf) if csrf.isalnum() else csrf
    return HTMLResponse(environment().get_template(name).render(**values), status_code)


def render_text(name: str, **values: Any) -> str:
    return environment().get_template(name).render(**values)
