"""Errors that carry the exit status a user sees (DESIGN section 5).

One place maps them for the CLI and one for the web; everything below raises these and
never prints. The message is a single line that says what was wrong and how to fix it.
"""

from __future__ import annotations


class FollowupError(Exception):
    """Base: something the user should read, with the process exit status it implies."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(FollowupError):
    """What the user typed (or the config says) cannot be used. Nothing was written."""

    exit_code = 2


class NotFound(BadInput):
    """An id that names nothing: still the user's input, so exit status 2."""


class Conflict(BadInput):
    """The request contradicts what is recorded (cancel a cancelled interview ...)."""


class NoProfile(BadInput):
    """Planning needs the user's zone and working days; there is no profile to give them."""

    def __init__(self) -> None:
        super().__init__(
            "no profile yet: run `followup me --name NAME --email EMAIL --timezone ZONE "
            "[--country CC]`"
        )


class OutsideFailure(FollowupError):
    """A service outside the program failed (mail server down, disk full). Nothing was lost."""

    exit_code = 1


class Busy(OutsideFailure):
    """Another writer held the database's lock for the whole wait (``FOLLOWUP_BUSY_TIMEOUT``,
    30 s by default). Nothing was written; the same command run again will do it. Where
    giving up is worse than waiting (the worker recording that the server took a letter),
    the service tries again for as long as it lives."""


class MaybeSent(OutsideFailure):
    """The server may have taken the letter: the connection was lost (or timed out) after
    the whole letter was handed over and before the server answered. Sending it again could
    deliver it twice, so the outbox leaves it ``sending``, to be settled by evidence found by
    its Message-ID (``outbox.settle``: the receipt, the provider's Sent copy), and asks the
    user only when there is none."""


# What a message may quote of the user's input: a message is one short line, and a value
# read from a file can be a megabyte long or hold line breaks.
QUOTE_LIMIT = 60


def quoted(value: object) -> str:
    """``repr(value)`` for a message, cut to ``QUOTE_LIMIT`` characters (repr already
    writes a line break as ``\\n``, so the message stays on one line)."""
    text = repr(value)
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 3] + "..."


def named(text: str) -> str:
    """A name from the user's input as written, or ``quoted`` if it holds a control
    character or is too long to read in a message."""
    return text if text.isprintable() and len(text) <= QUOTE_LIMIT else quoted(text)


class ModelFailed(OutsideFailure):
    """The language model chosen for drafting gave no letter (it erred, had no key, or did
    not answer in time): the template's letter stands in, with this as the reason."""
