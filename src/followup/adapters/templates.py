"""The ``Templates`` port on Jinja2: the user's folder first, then the package's own files.

A template is plain text: its first line is ``Subject: ...``, then a blank line, then the
body. Jinja runs with ``StrictUndefined`` (a misspelt fact fails loudly instead of leaving
a blank), without autoescape (these are plain-text letters, not HTML), and with
``trim_blocks``/``lstrip_blocks`` so that tags on their own lines leave no trace.

Imported only by ``bootstrap`` when a command drafts, never on the ``today``/``plan`` path.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Mapping
from importlib import resources

import jinja2
from jinja2.loaders import split_template_path

from followup.adapters.bounded_read import read_text
from followup.domain.drafting import pick_index
from followup.domain.errors import BadInput
from followup.domain.limits import TEMPLATE_FILE_BYTES

SUFFIX = ".j2"
_BLANKS = re.compile(r"\n{3,}")


def package_folder() -> str:
    return str(resources.files("followup") / "templates")


class JinjaTemplates:
    def __init__(self, user_folder: str | None) -> None:
        self.user_folder = user_folder
        loaders: list[jinja2.BaseLoader] = []
        if user_folder is not None:
            loaders.append(BoundedLoader(user_folder))
        loaders.append(jinja2.FileSystemLoader(package_folder()))
        self._env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._env.globals["pick"] = _pick
        self._env.filters["cap"] = capitalised
        self._env.filters["lower_first"] = lower_first

    def render(self, kind: str, facts: Mapping[str, object]) -> tuple[str, str]:
        """Subject and body of ``kind`` filled with ``facts``."""
        name = kind + SUFFIX
        try:
            text = self._env.get_template(name).render(dict(facts))
        except jinja2.TemplateNotFound:
            raise BadInput(f"no template {name}; see `followup templates list`") from None
        except jinja2.UndefinedError as exc:
            raise BadInput(f"template {name} uses a fact that does not exist: {exc}") from None
        except jinja2.TemplateError as exc:
            raise BadInput(f"template {name} cannot be used: {exc}") from None
        except RecursionError:  # Jinja parses and renders nested tags by recursion
            raise BadInput(f"template {name} nests its tags too deeply to be used") from None
        return split(text, name)

    def names(self) -> list[str]:
        """Every template's kind, the package's and any the user added.

        A name starting with ``_`` (``_signoff``) is a partial that letters include, not a
        kind of letter: left out here, still shown by ``source`` (``templates show``)."""
        found = set(self._names_in(package_folder()))
        if self.user_folder is not None:
            found |= set(self._names_in(self.user_folder))
        return sorted(name for name in found if not name.startswith("_"))

    def source(self, kind: str) -> tuple[str, str]:
        """Where ``kind``'s template is read from (a path), and its text."""
        name = kind + SUFFIX
        for folder in (self.user_folder, package_folder()):
            if folder is not None and os.path.isfile(os.path.join(folder, name)):
                path = os.path.join(folder, name)
                return path, read_text(path, TEMPLATE_FILE_BYTES, "template")
        raise BadInput(f"no template {name}; see `followup templates list`")

    @staticmethod
    def _names_in(folder: str) -> list[str]:
        if not os.path.isdir(folder):
            return []
        return [f[: -len(SUFFIX)] for f in os.listdir(folder) if f.endswith(SUFFIX)]


class BoundedLoader(jinja2.FileSystemLoader):
    """The user's templates folder, each file read through ``bounded_read``: capped at
    ``TEMPLATE_FILE_BYTES`` and only if it is a regular file (Jinja's own loader reads
    whatever size the file has). The package's templates are ours and load as usual."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # As FileSystemLoader does: split_template_path refuses ``..``, posixpath.join keeps
        # a drive or UNC part from leaving the folder.
        path = posixpath.join(self.searchpath[0], *split_template_path(template))
        if not os.path.isfile(path):
            raise jinja2.TemplateNotFound(template)
        text = read_text(path, TEMPLATE_FILE_BYTES, "template")
        mtime = os.path.getmtime(path)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(path) == mtime
            except OSError:
                return False

        return text, os.path.normpath(path), uptodate


@jinja2.pass_context
def _pick(context: jinja2.runtime.Context, slot: str, count: int) -> int:
    """``pick("opening", 6)``: which of six sentences this letter uses for its opening (see
    ``drafting.pick_index``); templates written for ``variant`` alone keep working."""
    seed = context.get("seed", context.get("variant", 0))
    turn = context.get("turn", 0)
    return pick_index(int(seed), int(turn), slot, count)


def capitalised(text: object) -> str:
    """A capital for a sentence that starts with an inserted fact; the rest as it was."""
    value = str(text)
    return value[:1].upper() + value[1:]


def lower_first(text: object) -> str:
    """ "Talking through ..." after "This time, ": lower-case, unless it is "I" or a name."""
    value = str(text)
    first = value.split(" ", 1)[0]
    if first == "I" or first.isupper() or any(c.isupper() for c in first[1:]):
        return value
    return value[:1].lower() + value[1:]


def split(text: str, name: str) -> tuple[str, str]:
    """``Subject: ...`` line, blank line, body; runs of blank lines become one."""
    text = _BLANKS.sub("\n\n", text.strip() + "\n")
    first, _, rest = text.partition("\n")
    if not first.startswith("Subject:"):
        raise BadInput(f"template {name} must start with a 'Subject: ...' line")
    subject = first.removeprefix("Subject:").strip()
    # A subject may open with a value typed in lower case ("data engineer at Acme: following
    # up"); a subject line, like a sentence, starts with a capital.
    return subject[:1].upper() + subject[1:], rest.strip() + "\n"
