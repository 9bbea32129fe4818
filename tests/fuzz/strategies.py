"""Hostile command lines for every ``followup`` command, built from the click group itself.

``commands()`` walks the group (``followup.cli.group.cli``), so a command added there is
fuzzed without touching this file. ``command_line`` draws one argument list for a command
from its click parameters: each value comes from the pool its type, metavar or name points
to (numbers, dates, paths, ids, words), mixed with valid values (so the run gets past the
first check and reaches the services) and with text no one should type.

Files are named by placeholders (``FILE + "folder"``) that the test resolves against the
folder it made for the run, so the strategies need no fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import click
from hypothesis import strategies as st

from followup.cli.group import cli
from tests.fuzz.reproductions import NOW

# A path placeholder: FILE + name, resolved by ``workspace.Workspace.resolve``.
FILE = "\ue000file:"

# --- text ------------------------------------------------------------------------------
CONTROL = (
    "\n", "\r", "\r\n", "\x00", "\x1b", "\x1b[31m", "\t", "\x7f", "\x08", "\x0c",
    "\u200f", "\u202e", "\u2066", "\u2028", "\u2029", "\ufeff", "\u0301", "\u00a0",
    "😀", "👩\u200d💻", "🇬🇧", "\U0010ffff",
    "\udcff",  # a byte that is not UTF-8 on the command line (Python's surrogateescape)
)  # fmt: skip
WORDS = (
    "Acme", "Data Engineer", "Jane Doe", "jane@acme.example", "+44 7700 900123",
    "https://www.linkedin.com/in/jane", "Ms.", "Wei Ling", "streaming design", "note",
    "مرحبا", "שלום", "日本語", "Zoë", "Ǆ", "ß", "İ",
)  # fmt: skip
ODD = (
    "", " ", "  \t ", "-", "--", "-x", "--x", "'", '"', "\\", "%s", "%n", "{x}", "{{ x }}",
    "{% raw %}", "<script>alert(1)</script>", "&amp;", "NULL", "null", "None", "nan",
    "inf", "true", "0", "-0", "../../etc/passwd", "a@b", "@", "=", ";", "$(id)", "`id`",
)  # fmt: skip
# About 100 KB each: what a pasted document or a runaway script hands over.
LONG = ("x" * 100_000, "é" * 50_000, "😀" * 25_000, "ab\n" * 33_000, "\x00" * 100_000)

texts = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(ODD),
    st.sampled_from(LONG),
    st.lists(st.sampled_from(CONTROL + WORDS), min_size=1, max_size=4).map("".join),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
)

# --- numbers ---------------------------------------------------------------------------
HOSTILE_INTS = (
    "0", "-1", "-0", "1", "2", "3", "6", "99", "2147483648", str(2**63 - 1), str(2**63),
    str(2**64), str(-(2**63)), str(-(2**63) - 1), "1" * 400, "1e3", "0x10", "010", " 1",
    "1 ", "+1", "1_000", "\uff11", "\u0663", "1.0", "", "one",
)  # fmt: skip
ints = st.one_of(
    st.sampled_from(HOSTILE_INTS),
    st.integers(min_value=-5, max_value=15).map(str),
    st.integers().map(str),
)

# --- dates -----------------------------------------------------------------------------
FIRST_YEAR, LAST_YEAR = 1, 9999
EDGE_DATETIMES = (
    "1969-12-31 23:59", "1970-01-01 00:00", "1970-01-01", "2200-12-31 23:59", "2201-01-01",
    "2026-11-23 10:00", "2026-11-24", "2026-11-24 09:00", "24 Nov 2026 14:00", "tomorrow",
    "next-week", "2026-02-29", "2024-02-29 12:00", "2026-13-01", "2026-11-31", "2026-11-23T25:00",
    "2026-11-23T23:60", "2026-11-23T10:00+14:00", "2026-11-23T10:00-12:00", "2026-11-23T10:00Z",
    "2026-11-23T10:00+24:00", "2026-03-29 01:30", "2026-10-25 01:30", "2026-11-23 10:00:00.999999",
    "now", "yesterday", "31/12/2026", "12/31/2026", "2026-W48-1", "2026-327", "20261123",
    "2026-11-23\n10:00", "2026-11-23\x00",
    "\uff12\uff10\uff12\uff16-\uff11\uff11-\uff12\uff13",  # in full-width digits
)  # fmt: skip
FAR_DATETIMES = ("0001-01-01", "0001-01-01 00:00", "9999-12-31", "9999-12-31 23:59")
# The ends of the range the strategies reach (its own branch, so they come up often).
RANGE_ENDS = ("1969-12-31 23:59", "2201-01-01", "1000-01-01 00:00", "9000-12-31 23:59")


def _datetimes() -> st.SearchStrategy[str]:
    days = st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    with_time = st.tuples(days, st.times()).map(lambda dt: f"{dt[0].isoformat()} {dt[1]:%H:%M}")
    ends = RANGE_ENDS + FAR_DATETIMES
    return st.one_of(
        st.sampled_from(ends),
        st.sampled_from(EDGE_DATETIMES),
        days.map(lambda d: d.isoformat()),
        with_time,
    )


# --- files -----------------------------------------------------------------------------
# Made per run by ``workspace.Workspace``; see its ``make_files`` for what each one holds.
SAFE_FILES = (
    "missing", "missing-folder/file", "empty", "folder", "letter.txt", "debrief.toml",
    "junk.bin", "bad.toml", "unknown-table.toml", "bad-policy.toml", "list.toml",
    "long-path",
)  # fmt: skip
# No NUL in a path: a command line cannot carry one (execve takes C strings), so only an
# in-process run could pass it, and no person or script ever will. Text values keep "\x00":
# the web's forms reach the same services with whatever bytes a client sends.
NEVER_ENDING = ("/dev/zero", "fifo", "nested.toml")
PATH_NAMES = SAFE_FILES + NEVER_ENDING
paths = st.one_of(
    st.sampled_from(PATH_NAMES).map(lambda n: n if n.startswith("/") else FILE + n),
    st.sampled_from(("-", "/dev/null", "/", "/proc/self/status", "", " ")),
)

# --- ids -------------------------------------------------------------------------------
ACTION_IDS = (
    "2.follow-up.e3.1", "3.linkedin.c5", "6.ack.e10", "4.thanks.i4.c7", "1.thanks.i1.c1",
    "9.thanks.i9.c9", "1.", ".1", "1..1", "x.y.z", "1.thanks." + "9" * 40,
)  # fmt: skip
ids = st.one_of(ints, st.sampled_from(ACTION_IDS))

VALID_IDS = ("1", "2", "3", "4", "5", "6")
VALID_DATETIMES = ("2026-11-24 09:30", "2026-11-25", "2026-11-20 14:00", "2026-12-01 10:00",
                   "tomorrow", "next-week", "25 Nov 2026 15:00")  # fmt: skip
ZONES = ("Europe/London", "UTC", "Asia/Kathmandu", "Pacific/Kiritimati", "America/St_Johns",
         "Mars/Olympus", "../../../etc/passwd", "/etc/localtime", "EST5EDT", "localtime",
         "Europe/London\x00", "posix/Europe/London", "right/UTC")  # fmt: skip
HOURS = ("09:00-17:00", "17:00-09:00", "00:00-23:59", "9-5", "09:00-09:00", "24:00-25:00",
         "09:00 - 17:00", "09:00-17:00-18:00")  # fmt: skip
CONFIGS = ("missing", "folder", "bad.toml", "unknown-table.toml", "bad-policy.toml",
           "junk.bin", "list.toml", "long-path")  # fmt: skip
DB_FILES = ("folder", "junk.bin", "letter.txt", "foreign.db", "missing-folder/file", "empty",
            "long-path", "/dev/zero", "/dev/null", "/")  # fmt: skip


def _choices_from_metavar(metavar: str | None) -> tuple[str, ...]:
    """``thank-you|status-inquiry|...``: the words a help text lists."""
    return tuple(metavar.split("|")) if metavar and "|" in metavar else ()


def value_for(param: click.Parameter, hostile: bool) -> st.SearchStrategy[str]:
    """A valid value (the demo's ids, a date next week, a plain word), or a hostile one:
    from the pool the parameter's type, metavar or name points to, or any text."""
    valid, own = _pools(param)
    if not hostile:
        return valid
    if own is paths:  # no NUL in a path (see PATH_NAMES)
        return st.one_of(own, own, texts.filter(lambda t: "\x00" not in t))
    return st.one_of(own, own, texts)


def _pools(param: click.Parameter) -> tuple[st.SearchStrategy[str], st.SearchStrategy[str]]:
    """(valid values, the parameter's own hostile pool)."""
    name = (param.name or "").lower()
    meta = (param.metavar or "").upper()
    kind = param.type
    if isinstance(kind, click.Choice):
        return st.sampled_from([str(c) for c in kind.choices]), texts
    if isinstance(kind, click.types.IntParamType):
        if "ID" in meta or name.endswith("_id") or name.endswith("_ids"):
            return st.sampled_from(VALID_IDS), ints
        return st.sampled_from(("0", "1", "7", "14", "60", "465")), ints
    if "DATE" in meta or "date" in name or name in {"at_text", "until_text", "on_text"}:
        return st.sampled_from(VALID_DATETIMES), _datetimes()
    if "FILE" in meta or "PATH" in meta or name in {"source", "path", "ca_file"}:
        return st.sampled_from((FILE + "letter.txt", FILE + "debrief.toml")), paths
    if choices := _choices_from_metavar(param.metavar):
        return st.sampled_from(choices), texts
    if "ID" in meta or name in {"target", "words"}:
        return st.sampled_from(VALID_IDS + ACTION_IDS[:4]), st.one_of(ids, st.just("show"))
    if name == "timezone":
        return st.sampled_from(ZONES[:3]), st.sampled_from(ZONES)
    if name == "hours":
        return st.sampled_from(HOURS[:1]), st.sampled_from(HOURS)
    return st.sampled_from(WORDS), texts


@dataclass(frozen=True)
class Command:
    """One runnable command: the words that name it, and its click command."""

    path: tuple[str, ...]
    command: click.Command
    default_of_group: bool = False  # ``debrief ID`` runs ``debrief record ID``

    @property
    def name(self) -> str:
        return " ".join(self.path)


def commands() -> list[Command]:
    """Every command the ``followup`` group can run, found by walking it."""
    return list(_walk((), cli))


def _walk(path: tuple[str, ...], command: click.Command) -> Iterator[Command]:
    if not isinstance(command, click.Group):
        yield Command(path, command)
        return
    if path and command.invoke_without_command:
        yield Command(path, command)
    ctx = click.Context(command, info_name=path[-1] if path else "followup")
    default = getattr(command, "default", None)
    for name in command.list_commands(ctx):
        sub = command.get_command(ctx, name)
        assert sub is not None, f"{' '.join(path)} lists {name} but cannot load it"
        for found in _walk((*path, name), sub):
            yield found
            if name == default and found.path == (*path, name):
                yield Command(path, sub, default_of_group=True)


# Commands that must never do what they are for during a fuzz run. ``serve`` would start a
# web server: every line it gets ends with a port click refuses, so only its option parsing
# is fuzzed (and every run of it must be exit 2). The commands that talk to mail servers
# (send, worker, inbox sync, mail test) need a mail account, and the seeded database has
# none, so they stop at "no mail account yet" (exit 2) after validating their arguments;
# ``workspace.no_network`` fails the run if anything tries to connect all the same.
BAD_PORTS = ("0", "65536", "-1", "http", "", "99999999999999999999", "80.5")
NEVER_RUN = {("serve",): "would start a web server; only its option parsing is fuzzed"}
SKIPPED_OPTIONS = {("serve",): {"port", "open_browser"}}


@st.composite
def command_line(draw: st.DrawFn, command: Command) -> list[str]:
    """Global options, then the command's words, arguments and options, in a drawn order.

    One or two values are hostile and the rest valid, so each run tests its hostile values
    deep in the command rather than stopping at the first of many; now and then every
    value is hostile.
    """
    skipped = SKIPPED_OPTIONS.get(command.path, set())
    slots: list[tuple[click.Parameter, str]] = []  # (parameter, how it is written)
    for param in command.command.params:
        if isinstance(param, click.Argument):
            if param.nargs == -1:
                slots += [(param, "argument")] * draw(st.integers(0, 3))
            elif (param.required or draw(st.booleans())) and draw(st.integers(0, 19)) != 0:
                slots.append((param, "argument"))  # now and then, one is left out
        elif (
            isinstance(param, click.Option)
            and param.name not in skipped
            and ((param.required and draw(st.integers(0, 9)) > 0) or draw(st.booleans()))
        ):
            repeats = draw(st.integers(1, 3)) if param.multiple else 1
            slots += [(param, "flag" if param.is_flag else "option")] * repeats
    if draw(st.integers(0, 9)) == 0:
        hostile = set(range(len(slots)))
    else:
        hostile = draw(st.sets(st.integers(0, max(len(slots) - 1, 0)), min_size=1, max_size=2))
    arguments: list[str] = []
    groups: list[list[str]] = []
    for i, (param, how) in enumerate(slots):
        if how == "flag":
            assert isinstance(param, click.Option)
            groups.append([draw(st.sampled_from(param.opts + param.secondary_opts))])
            continue
        value = draw(value_for(param, hostile=i in hostile))
        if how == "argument":
            arguments.append(value)
        elif draw(st.booleans()) and value and not value.startswith(FILE):
            groups.append([f"{draw(st.sampled_from(param.opts))}={value}"])
        else:
            groups.append([draw(st.sampled_from(param.opts)), value])
    groups = draw(st.permutations(groups))
    cut = draw(st.integers(0, len(groups)))
    tail = [token for group in groups[cut:] for token in group]
    head = [token for group in groups[:cut] for token in group]
    if draw(st.integers(0, 19)) == 0:
        arguments.append(draw(texts))  # one argument too many
    line = [*command.path, *head, *arguments, *tail]
    if command.path in NEVER_RUN:
        line += ["--port", draw(st.sampled_from(BAD_PORTS))]
    return [*draw(global_options()), *line]


@st.composite
def global_options(draw: st.DrawFn) -> list[str]:
    """``--db`` (always a file of the run's own), ``--config`` and ``--now``, in any order."""
    db = FILE + "followup.db"
    if draw(st.integers(0, 9)) == 0:
        name = draw(st.sampled_from(DB_FILES))
        db = name if name.startswith("/") else FILE + name
    config = FILE + "missing"
    if draw(st.integers(0, 5)) == 0:
        names = CONFIGS + NEVER_ENDING
        name = draw(st.sampled_from(names))
        config = name if name.startswith("/") else FILE + name
    now = NOW if draw(st.integers(0, 3)) else draw(st.one_of(_datetimes(), texts))
    options = [["--db", db], ["--config", config], ["--now", now]]
    return [token for option in draw(st.permutations(options)) for token in option]
