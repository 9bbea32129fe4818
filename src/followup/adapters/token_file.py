"""A random secret kept in a file beside the database, readable by its owner only (mode
0600): the web app's access token and the calendar feed's token.

The web token keeps another local user, or a web page in the browser, from the data;
deleting its file makes a new one on the next start. A calendar app subscribes to
``/calendar/<token>.ics`` and cannot send the web session's cookie, so the feed has a token
of its own that can only read the calendar and can be replaced (``rotate``) without logging
any browser out; a running server reads its file on every feed request, so a token rotated
by the CLI stops working at once.
"""

from __future__ import annotations

import contextlib
import os
import secrets

from followup.domain.errors import OutsideFailure

MIN_LENGTH = 32


def read(path: str, what: str) -> str | None:
    """The kept token, or None when there is none yet (or it is too short to be one);
    ``what`` names it in an error ("web access token")."""
    try:
        with open(path, encoding="ascii") as kept:
            token = kept.read().strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise OutsideFailure(f"cannot read the {what} {path}: {reason}") from exc
    return token if len(token) >= MIN_LENGTH else None


def get(path: str, what: str, *, rotate: bool = False) -> str:
    """The kept token, made at random when there is none or when ``rotate``; the new file
    replaces the old in one rename, so a reader sees one token or the other."""
    if not rotate:
        token = read(path, what)
        if token is not None:
            return token
    token = secrets.token_urlsafe(32)
    folder = os.path.dirname(os.path.abspath(path))
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(token + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutsideFailure(f"cannot keep the {what} {path}: {exc.strerror or exc}") from exc
    return token
