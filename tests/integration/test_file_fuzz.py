"""The file fuzzer (issue 12, "make it systematic"): hostile files through the real entrances.

Every file the product reads from a user goes in through the CLI, driven in-process the way a
shell would: ``followup.cli.main.run`` (the one place that maps exceptions to an exit status)
inside ``CliRunner.isolation`` for the streams. Generated here:

- debrief files (``followup debrief 1 --from FILE`` and ``--from -``): the keys a debrief has
  and others, values of every TOML type and the wrong ones, huge and negative numbers, huge
  strings with control characters, RTL and emoji, dates at the edges, nesting far past any
  limit, then sometimes mangled bytes (a NUL, a cut, invalid UTF-8, a BOM);
- config files (``followup --config FILE today``): the same, around ``[policy]``;
- saved messages (``followup inbox classify FILE.eml``): nested multiparts up to thousands
  deep, broken transfer encodings and charsets, huge headers, bad dates, NULs;
- letters (``followup check FILE``): text with NULs, control characters, very long lines;
- special files for every one of them: a device, a folder, a pipe, a missing file, one byte
  over the cap, standard input over the cap.

What must hold: exit status 0 or 2 (``check`` may also say 3, "findings"), on 2 exactly one
line on stderr that starts ``error:`` and is no bug report, never a traceback, and the
database byte-identical after a 2. The product reads no CSV today, so there is no CSV here.

Dates are drawn from 1971-2199, inside the range the product accepts (``domain/limits.py``):
this suite is about the files; dates outside the range are the CLI fuzz's and
``tests/integration/test_far_dates.py``'s.

Examples per run (derandomized, so CI never flakes): debrief files 150, 40 through stdin and
24 huge values; config files 120 and 98 policy numbers at their edges; saved messages 120;
letters 12; special files 24 cases. About 10 s in all on one core.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import sys
import threading
import time as time_module
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.cli.main import run
from followup.domain.limits import (
    DEBRIEF_FILE_BYTES,
    LETTER_FILE_BYTES,
    MAIL_FILE_BYTES,
)
from followup.domain.policy import POLICY_DOCS
from followup.services.debrief_input import KEYS, QUESTION_KEYS

NOW = "2026-11-23T10:00"


def fuzz(examples: int) -> settings:
    """Derandomized (the same examples on every run, so CI never flakes), no deadline."""
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- the product, in-process -------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class World:
    """A database with a profile, application 1 (Acme), contact 1 (Jane Doe) and interview
    1 with her this morning: what a debrief names."""

    folder: Path
    db: Path

    def __call__(self, *args: str, stdin: bytes = b"", config: Path | None = None) -> Outcome:
        config_path = config or self.folder / "no-config.toml"
        argv = ["--db", str(self.db), "--config", str(config_path), "--now", NOW, *args]
        return invoke(argv, stdin)

    def fingerprint(self) -> tuple[str, ...]:
        """The bytes of the database and of any journal beside it."""
        parts = []
        for suffix in ("", "-wal", "-journal"):
            path = Path(f"{self.db}{suffix}")
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-")
        return tuple(parts)


def invoke(argv: list[str], stdin: bytes = b"") -> Outcome:
    with CliRunner().isolation(input=stdin) as streams:
        code = run(argv)
        sys.stdout.flush()
        sys.stderr.flush()
    out, err = streams[0], streams[1]
    return Outcome(code, out.getvalue().decode(errors="replace"), err.getvalue().decode())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("fuzz")
    made = World(folder, folder / "followup.db")
    for args in (
        ("me", "--name", "Alex Morgan", "--email", "alex@example.org",
         "--timezone", "Europe/London", "--country", "GB"),
        ("app", "add", "Acme", "Data Engineer"),
        ("contact", "add", "1", "Jane Doe", "--email", "jane@acme.example"),
        ("interview", "add", "1", "--at", "2026-11-23 08:30", "--with", "1"),
    ):  # fmt: skip
        assert made(*args).code == 0
    return made


def assert_clean(outcome: Outcome, before: tuple[str, ...], after: tuple[str, ...]) -> None:
    """Exit 0 or 2; a 2 is one short line, no bug report, and nothing written."""
    assert "Traceback" not in outcome.err
    assert outcome.code in (0, 2), outcome
    if outcome.code == 2:
        assert outcome.err.startswith("error: "), outcome.err
        assert outcome.err.count("\n") == 1, outcome.err
        assert len(outcome.err) < 600, outcome.err  # no megabyte of quoted input
        assert "this is a bug" not in outcome.err, outcome.err
        assert after == before


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- TOML, written by hand (the standard library reads TOML but does not write it) ---------

WORDS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(
        ["the rollout story", "Kafka", "שלום עולם", "مرحبا", "🚀🔥", "\u202eevil\u202c", "a\x00b",
         "line\nbreak", "tab\there", "\x7f\x1b[31m", "", "   ", "Jane Doe", "jane doe", "1",
         "2", "Bob", "good", "neutral", "poor", "GOOD", "2026-12-04", "31 Dec 2199",
         "1971-01-01", "2199-12-31", "next week", "{{ secret }}", "<script>"]
    ),
    st.integers(1, 200_000).map(lambda n: "x" * n),
)  # fmt: skip
DATES = st.dates(date(1971, 1, 1), date(2199, 12, 31))
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
SCALARS = st.one_of(
    st.booleans(),
    st.integers(-10, 10),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 10**100]),
    st.floats(allow_nan=True, allow_infinity=True),
    WORDS,
    DATES,
    st.datetimes(datetime(1971, 1, 2), datetime(2199, 12, 30)),
    st.datetimes(datetime(1971, 1, 2), datetime(2199, 12, 30), timezones=ZONES),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(WORDS, inner, max_size=3),
    max_leaves=12,
)


def toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # JSON escapes control characters as \\uXXXX, which TOML reads too; DEL stays raw,
        # which TOML refuses: both are worth sending.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    raise AssertionError(value)


@st.composite
def deep(draw: st.DrawFn) -> str:
    """A value nested far past any sane depth: arrays, inline tables or both."""
    depth = draw(st.sampled_from([20, 33, 100, 1_000, 50_000]))
    kind = draw(st.sampled_from(["[]", "{}", "mixed"]))
    if kind == "[]":
        return "[" * depth + "1" + "]" * depth
    if kind == "{}":
        return "{a = " * depth + "1" + "}" * depth
    return "[{a = " * (depth // 2) + "1" + "}]" * (depth // 2)


@st.composite
def mangled(draw: st.DrawFn, text: str) -> bytes:
    """The document's bytes, sometimes broken the way files break."""
    data = text.encode("utf-8", "surrogatepass")
    how = draw(st.sampled_from(["none", "none", "nul", "cut", "latin1", "bom", "crlf", "junk"]))
    at = draw(st.integers(0, len(data)))
    if how == "nul":
        return data[:at] + b"\x00" + data[at:]
    if how == "cut":
        return data[:at]
    if how == "latin1":
        return data[:at] + b"\xe9\xff" + data[at:]
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    if how == "junk":
        return data[:at] + draw(st.binary(max_size=40)) + data[at:]
    return data


@st.composite
def debrief_documents(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    keys = draw(st.lists(st.sampled_from([*KEYS, "mood", "a.b.c"]) | WORDS, max_size=6))
    for key in keys:
        if key in ("strengths", "stumbles", "unaddressed", "cues"):
            value = toml_value(draw(st.lists(WORDS, max_size=4) | VALUES))
        elif key == "demeanour":
            value = toml_value(draw(st.integers(-3, 8) | SCALARS))
        elif key == "decision_date":
            value = toml_value(draw(DATES | SCALARS))
        elif key in ("topics", "rapport"):
            people = st.sampled_from(["Jane Doe", "jane doe", "1", "2", "Bob"]) | WORDS
            inner = st.lists(WORDS, max_size=3) if key == "topics" else WORDS
            value = toml_value(draw(st.dictionaries(people, inner | VALUES, max_size=3)))
        elif key == "questions":
            table = st.dictionaries(
                st.sampled_from([*QUESTION_KEYS, "other"]),
                WORDS | st.integers(-2, 7) | SCALARS,
                max_size=4,
            )
            value = toml_value(draw(st.lists(table, max_size=3) | VALUES))
        else:
            value = toml_value(draw(VALUES))
        if draw(st.integers(0, 9)) == 0:
            value = draw(deep())
        lines.append(f"{toml_key(key)} = {value}")
    if draw(st.booleans()):
        lines.append("[[questions]]\nquestion = " + toml_value(draw(WORDS)))
        lines.append("confidence = " + toml_value(draw(st.integers(-2, 7) | SCALARS)))
    if draw(st.integers(0, 9)) == 0:
        lines.append("a" + ".a" * draw(st.sampled_from([10, 40, 30_000])) + " = 1")
    return draw(mangled("\n".join(lines) + "\n"))


@st.composite
def config_documents(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    # Mostly a [policy] table of known settings with numbers, so most documents get as far
    # as the planner (a huge number there once crashed it), the rest anything at all.
    tables = st.sampled_from(["policy", "policy", "policy", "mail", "[policy]"])
    known = st.sampled_from(sorted(POLICY_DOCS))
    number = st.integers(-5, 2_000) | st.sampled_from([0, 1, 1000, 1001, 10**12, 10**30])
    for table in draw(st.lists(tables, min_size=1, max_size=2)):
        lines.append(f"[{table}]")
        for key in draw(st.lists(st.one_of(known, known, known, WORDS), max_size=4)):
            pick = draw(st.integers(0, 9))
            if pick < 6:
                value = toml_value(draw(number))
            elif pick < 9:
                value = toml_value(draw(SCALARS | VALUES))
            else:
                value = draw(deep())
            lines.append(f"{toml_key(key)} = {value}")
    if draw(st.integers(0, 5)) == 0:
        lines.append("policy = " + toml_value(draw(VALUES)))
    return draw(mangled("\n".join(lines) + "\n"))


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("shape", ["string", "list", "table"])
def test_a_huge_string_in_any_debrief_key(world: World, key: str, shape: str) -> None:
    """A 300,000-character value where each key's text goes (random documents rarely put
    one exactly there): still one short line, or saved. 24 cases."""
    huge = json.dumps("x" * 300_000)
    value = {"string": huge, "list": f"[{huge}]", "table": f'{{"Jane Doe" = {huge}}}'}[shape]
    path = write(world.folder, "huge.toml", f"{key} = {value}\n".encode())
    before = world.fingerprint()
    assert_clean(world("debrief", "1", "--from", str(path)), before, world.fingerprint())


@fuzz(150)
@given(document=debrief_documents())
def test_debrief_files_exit_0_or_2_and_a_refusal_writes_nothing(
    world: World, document: bytes
) -> None:
    path = write(world.folder, "debrief.toml", document)
    before = world.fingerprint()
    outcome = world("debrief", "1", "--from", str(path))
    assert_clean(outcome, before, world.fingerprint())


@fuzz(40)
@given(document=debrief_documents())
def test_debriefs_on_standard_input_too(world: World, document: bytes) -> None:
    before = world.fingerprint()
    outcome = world("debrief", "1", "--from", "-", stdin=document)
    assert_clean(outcome, before, world.fingerprint())


@fuzz(120)
@given(document=config_documents())
def test_config_files_exit_0_or_2_and_a_refusal_writes_nothing(
    world: World, document: bytes
) -> None:
    path = write(world.folder, "config.toml", document)
    before = world.fingerprint()
    outcome = world("today", config=path)
    assert_clean(outcome, before, world.fingerprint())


@pytest.mark.parametrize("key", sorted(POLICY_DOCS))
@pytest.mark.parametrize("value", [-1, 0, 1000, 1001, 10**12, 2**63, 10**30])
def test_every_policy_number_at_its_edges(world: World, key: str, value: int) -> None:
    """Each setting alone at the edges, which random documents rarely reach: 98 cases
    (``cadence_days = 10**12`` once crashed the planner with an OverflowError)."""
    path = write(world.folder, "edge.toml", f"[policy]\n{key} = {value}\n".encode())
    before = world.fingerprint()
    outcome = world("today", config=path)
    assert_clean(outcome, before, world.fingerprint())


# --- saved messages ------------------------------------------------------------------------

CHARSETS = st.sampled_from(
    ["utf-8", "iso-8859-1", "windows-1252", "koi8-r", "shift_jis", "utf-16", "utf-7",
     "x-unknown", "rot13", "base64", "zlib", "idna", "", '"utf-8', "utf-8*en'x"]
)  # fmt: skip
ENCODINGS = st.sampled_from(["7bit", "8bit", "base64", "quoted-printable", "x-uuencode", "bogus"])
MAIL_DATES = st.one_of(
    st.datetimes(datetime(1971, 1, 2), datetime(2199, 12, 30), timezones=ZONES).map(
        format_datetime
    ),
    st.sampled_from(
        ["Mon, 32 Dec 2026 25:61:00 +9999", "yesterday", "", "Tue, 1 Jan 1971 00:00:00 -0000",
         "Thu, 31 Dec 2199 23:59:59 +1400", "\x00", "Mon, 30 Feb 2026 10:00:00 +0000"]
    ),
)  # fmt: skip
BODY_TEXT = st.one_of(
    st.sampled_from(
        ["We regret to inform you that we will not move forward.",
         "I am out of the office until 31 December 2199 and will be back on 2 January 2200.",
         "Back on 1 January 1971.", "Please send your availability for a second round.",
         "We are delighted to offer you the position.", "We will decide by next Friday.",
         "Undeliverable: mailbox unavailable"]
    ),
    WORDS,
)  # fmt: skip


@st.composite
def body_part(draw: st.DrawFn) -> bytes:
    encoding = draw(ENCODINGS)
    text = draw(BODY_TEXT).encode("utf-8", "surrogatepass")
    if encoding == "base64" and draw(st.booleans()):
        import base64

        text = base64.b64encode(text)[: draw(st.integers(0, 400))] + b"!!=="
    head = (
        f"Content-Type: {draw(st.sampled_from(['text/plain', 'text/html']))}; "
        f"charset={draw(CHARSETS)}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n"
    )
    return head.encode("utf-8", "surrogatepass") + text + b"\r\n"


@st.composite
def saved_messages(draw: st.DrawFn) -> bytes:
    header_value = st.one_of(
        WORDS,
        st.integers(1, 300_000).map(lambda n: "h" * n),  # a huge header
        st.builds(lambda cs, w: f"=?{cs}?q?{w}?=", CHARSETS, st.text(max_size=20)),
        st.just("\x00\x00"),
    )
    senders = ["Jane <jane@acme.example>", "<<@@>>", "", "mailer-daemon@x.example"]
    headers = [
        f"From: {draw(st.sampled_from(senders))}",
        f"Subject: {draw(header_value)}",
        f"Date: {draw(MAIL_DATES)}",
    ]  # fmt: skip
    extra = st.sampled_from(["X-Autoreply", "Auto-Submitted", "To", "X-" + "a" * 50])
    for _ in range(draw(st.integers(0, 3))):
        headers.append(f"{draw(extra)}: {draw(header_value)}")
    depth = draw(st.sampled_from([0, 0, 1, 3, 40, 3_000]))
    ctype = draw(st.sampled_from(["multipart/mixed", "multipart/alternative", "message/rfc822"]))
    nest = b""
    for level in range(depth):
        if ctype == "message/rfc822":
            nest += b"Content-Type: message/rfc822\r\n\r\nSubject: level\r\n"
        else:
            nest += f'Content-Type: {ctype}; boundary="n{level}"\r\n\r\n--n{level}\r\n'.encode()
    parts = b"".join(draw(st.lists(body_part(), min_size=1, max_size=3)))
    raw = "\r\n".join(headers).encode("utf-8", "surrogatepass") + b"\r\n" + nest + parts
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=60)) + raw[at:]
    return raw


@fuzz(120)
@given(raw=saved_messages(), as_json=st.booleans())
def test_any_saved_message_is_classified(world: World, raw: bytes, as_json: bool) -> None:
    """``classify`` needs no database; any regular file under the cap gets a kind (exit 0)."""
    path = write(world.folder, "message.eml", raw)
    outcome = invoke(["inbox", "classify", str(path), *(["--json"] if as_json else [])])
    assert (outcome.code, outcome.err) == (0, ""), outcome
    if as_json:
        assert json.loads(outcome.out)["kind"]


# --- letters ---------------------------------------------------------------------------------


@fuzz(12)
@given(
    text=st.one_of(
        WORDS,
        st.sampled_from(["Dear Jane,\n\nThank you.\x00\n\nBest,\nAlex\n", "\x1b" * 1000]),
        st.integers(1, 2000).map(lambda n: "word " * n),
    ),
    junk=st.sampled_from([b"", b"\xff\xfe", b"\x00"]),
)
def test_letters_to_check_exit_0_2_or_3(world: World, text: str, junk: bytes) -> None:
    path = write(world.folder, "letter.txt", text.encode("utf-8", "surrogatepass") + junk)
    before = world.fingerprint()
    outcome = world("check", str(path))
    assert "Traceback" not in outcome.err
    if outcome.code == 3:  # findings: a letter with an error in it, a normal answer
        assert outcome.err == ""
    else:
        assert_clean(outcome, before, world.fingerprint())


# --- special files -----------------------------------------------------------------------

COMMANDS: dict[str, tuple[Callable[[str], tuple[str, ...]], int]] = {
    "debrief": (lambda p: ("debrief", "1", "--from", p), DEBRIEF_FILE_BYTES),
    "check": (lambda p: ("check", p), LETTER_FILE_BYTES),
    "classify": (lambda p: ("inbox", "classify", p), MAIL_FILE_BYTES),
}


@contextlib.contextmanager
def special(kind: str, folder: Path, limit: int) -> Iterator[str]:
    """A path of the given kind; a pipe has a writer for as long as the test needs one."""
    if kind == "device":
        yield "/dev/zero"
    elif kind == "null-device":
        yield "/dev/null"
    elif kind == "folder":
        yield str(folder)
    elif kind == "missing":
        yield str(folder / "missing")
    elif kind == "over-the-cap":
        path = folder / "big"
        with open(path, "wb") as out:
            out.truncate(limit + 1)  # sparse: costs no disk
        yield str(path)
    elif kind == "endless-pipe":
        path = folder / "pipe"
        os.mkfifo(path)
        stop = threading.Event()

        def pour() -> None:
            # Opened without blocking, retried until a reader comes: a refused pipe is never
            # opened, and a writer blocked in open() could not be told to stop.
            while not stop.is_set():
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:  # ENXIO: no reader yet
                    time_module.sleep(0.01)
                    continue
                os.set_blocking(fd, True)
                with contextlib.suppress(BrokenPipeError), os.fdopen(fd, "wb") as out:
                    while not stop.is_set():
                        out.write(b"a" * 65536)
                return

        writer = threading.Thread(target=pour, daemon=True)
        writer.start()
        yield str(path)
        stop.set()
        writer.join(timeout=5)
        assert not writer.is_alive()
    else:
        raise AssertionError(kind)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="a Unix system is needed")
@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    "kind", ["device", "null-device", "folder", "missing", "over-the-cap", "endless-pipe"]
)
def test_special_files_are_refused_with_one_line(
    world: World, tmp_path: Path, command: str, kind: str
) -> None:
    """Issue 12: ``check /dev/zero`` grew to 7.8 GB, ``debrief --from /dev/zero`` to 13 GB."""
    args, limit = COMMANDS[command]
    before = world.fingerprint()
    with special(kind, tmp_path, limit) as path:
        outcome = world(*args(path))
    assert_clean(outcome, before, world.fingerprint())
    assert outcome.code == 2


@pytest.mark.parametrize("command", ["debrief", "check"])
def test_standard_input_over_the_cap_is_refused(world: World, command: str) -> None:
    args, limit = COMMANDS[command]
    before = world.fingerprint()
    outcome = world(*args("-"), stdin=b"a" * (limit + 1))
    assert_clean(outcome, before, world.fingerprint())
    assert "standard input is larger than 1 MiB" in outcome.err


@pytest.mark.parametrize("kind", ["device", "folder", "endless-pipe", "over-the-cap"])
def test_a_config_file_that_is_not_a_small_file_is_refused(
    world: World, tmp_path: Path, kind: str
) -> None:
    before = world.fingerprint()
    with special(kind, tmp_path, DEBRIEF_FILE_BYTES) as path:
        outcome = world("today", config=Path(path))
    assert_clean(outcome, before, world.fingerprint())
    assert outcome.code == 2
    assert "config file" in outcome.err
