"""The user's config file: a TOML file whose ``[policy]`` table overrides playbook numbers
and whose ``[drafting]`` table chooses a language model for letters (issue 17).

A missing file means "all defaults", and then ``tomllib`` is not even imported: the file is
read on every command, including the hot ``today``. Anything the file says that the program
does not understand is refused (naming the file), so a typo never silently does nothing.

    [policy]
    first_follow_up_days = 10
    cadence_days = 21

    [drafting]
    model = "gpt-4o-mini"      # any name or alias `llm models` lists; keys stay in llm's store
    model_timeout = 120        # seconds a model may take before the template writes instead
    model_context = 2048       # the model's context window in tokens, when it is small
"""

from __future__ import annotations

from followup.adapters.bounded_read import read_optional_bytes
from followup.domain.errors import BadInput, named
from followup.domain.limits import CONFIG_FILE_BYTES

TYPE_CHECKING = False  # the read paths import this module: no ``typing`` at run time
if TYPE_CHECKING:
    from followup.domain.policy import Policy

KNOWN_TABLES = ("policy", "drafting")
DRAFTING_KEYS = ("model", "model_timeout", "model_context")
MODEL_TIMEOUT_SECONDS = 120.0  # a small local model on two cores writes a letter in ~30 s
MODEL_TIMEOUT_MAX = 3600.0
MODEL_NAME_CHARS = 200
MODEL_CONTEXT_MIN = 256  # tokens: below it no prompt of facts and no letter fit
MODEL_CONTEXT_MAX = 10_000_000


class Drafting:
    """The ``[drafting]`` table: which model writes (None: the templates), how long it may
    take, its context window when the user names it (None: known or unlimited). A plain
    class: the read paths import this module."""

    __slots__ = ("context", "model", "timeout")

    def __init__(
        self,
        model: str | None = None,
        timeout: float = MODEL_TIMEOUT_SECONDS,
        context: int | None = None,
    ) -> None:
        self.model = model
        self.timeout = timeout
        self.context = context


NO_FILE = "none"


def fingerprint(path: str | None) -> str:
    """A checksum of the file's bytes, or ``none``: enough to notice that it changed.

    The read paths compare it with the one stored beside the cached plans instead of parsing
    the file, so ``today`` and ``plan`` never import ``tomllib`` or build a ``Policy``.
    """
    if path is None:
        return NO_FILE
    data = _bytes(path)
    if data is None:
        return NO_FILE
    import zlib

    return f"{zlib.crc32(data):08x}{len(data):x}"


def load_policy(path: str) -> Policy:
    from followup.domain.policy import Policy

    document = _read(path)
    unknown = sorted(set(document) - set(KNOWN_TABLES))
    if unknown:
        raise BadInput(
            f"config file {path}: unknown setting {', '.join(named(k) for k in unknown)}; "
            f"known tables: {', '.join(f'[{t}]' for t in KNOWN_TABLES)}"
        )
    _drafting(document, path)  # a typo there is refused by any command, not the first draft
    table = document.get("policy", {})
    if not isinstance(table, dict):
        raise BadInput(f"config file {path}: policy must be a table, [policy]")
    try:
        return Policy.from_mapping(table)
    except BadInput as exc:
        raise BadInput(f"config file {path}: {exc.message}") from None


def load_drafting(path: str | None) -> Drafting:
    """The ``[drafting]`` table, checked: an unknown key, a model name that is not one line
    of text, a timeout that is not a number of seconds from 1 to an hour, a context window
    that is not a whole number of tokens are refused."""
    if path is None:
        return Drafting()
    return _drafting(_read(path), path)


def _drafting(document: dict[str, object], path: str) -> Drafting:
    table = document.get("drafting", {})
    if not isinstance(table, dict):
        raise BadInput(f"config file {path}: drafting must be a table, [drafting]")
    unknown = sorted(set(table) - set(DRAFTING_KEYS))
    if unknown:
        raise BadInput(
            f"config file {path}: unknown setting {', '.join(named(k) for k in unknown)} in "
            f"[drafting]; known: {', '.join(DRAFTING_KEYS)}"
        )
    model = table.get("model")
    if model is not None and (
        not isinstance(model, str)
        or not model.strip()
        or len(model) > MODEL_NAME_CHARS
        or any(c < " " for c in model)
    ):
        raise BadInput(
            f"config file {path}: [drafting] model must be a model's name as `llm models` "
            'lists it, e.g. model = "gpt-4o-mini"'
        )
    timeout = table.get("model_timeout", MODEL_TIMEOUT_SECONDS)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not 1 <= timeout <= MODEL_TIMEOUT_MAX
    ):
        raise BadInput(
            f"config file {path}: [drafting] model_timeout must be a number of seconds "
            f"from 1 to {MODEL_TIMEOUT_MAX:g}"
        )
    context = table.get("model_context")
    if context is not None and (
        isinstance(context, bool)
        or not isinstance(context, int)
        or not MODEL_CONTEXT_MIN <= context <= MODEL_CONTEXT_MAX
    ):
        raise BadInput(
            f"config file {path}: [drafting] model_context must be the model's context "
            f"window in tokens, a whole number from {MODEL_CONTEXT_MIN}, e.g. "
            "model_context = 2048"
        )
    return Drafting(model.strip() if isinstance(model, str) else None, float(timeout), context)


def _bytes(path: str) -> bytes | None:
    """The file's bytes (capped, a regular file only: it is read twice), None if missing."""
    return read_optional_bytes(path, CONFIG_FILE_BYTES, "config file")


def _read(path: str) -> dict[str, object]:
    data = _bytes(path)
    if data is None:
        return {}
    import tomllib

    from followup.domain.toml_depth import check_depth

    try:
        text = data.decode("utf-8")
        check_depth(text)
        return tomllib.loads(text)
    except BadInput as exc:
        raise BadInput(f"config file {path}: {exc.message}") from None
    except RecursionError:  # check_depth makes this unreachable; a second line of defence
        raise BadInput(f"config file {path}: nested too deeply to read") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInput(f"config file {path} is not valid TOML: {exc}") from None
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise BadInput(f"config file {path} holds a number too long to read") from None
