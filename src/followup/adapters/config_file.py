"""The user's config file: a TOML file whose ``[policy]`` table overrides playbook numbers.

A missing file means "all defaults", and then ``tomllib`` is not even imported: the file is
read on every command, including the hot ``today``. Anything the file says that the program
does not understand is refused (naming the file), so a typo never silently does nothing.

    [policy]
    first_follow_up_days = 10
    cadence_days = 21
"""

from __future__ import annotations

from followup.adapters.bounded_read import read_optional_bytes
from followup.domain.errors import BadInput, named
from followup.domain.limits import CONFIG_FILE_BYTES

TYPE_CHECKING = False  # the read paths import this module: no ``typing`` at run time
if TYPE_CHECKING:
    from followup.domain.policy import Policy

KNOWN_TABLES = ("policy",)
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
    table = document.get("policy", {})
    if not isinstance(table, dict):
        raise BadInput(f"config file {path}: policy must be a table, [policy]")
    try:
        return Policy.from_mapping(table)
    except BadInput as exc:
        raise BadInput(f"config file {path}: {exc.message}") from None


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
