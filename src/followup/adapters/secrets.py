"""Mail passwords: the environment first, else the system keyring; never the database.

``FOLLOWUP_SMTP_PASSWORD`` / ``FOLLOWUP_IMAP_PASSWORD`` suit servers, cron and CI, where no
keyring is unlocked; the keyring (the ``keyring`` package: Secret Service, macOS Keychain,
Windows Credential Locker) suits a desktop. ``keyring`` is imported only when a password is
actually needed, so no other command pays for its start-up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from followup.domain.errors import OutsideFailure

SERVICE = "followup"
ENV = {
    "smtp": "FOLLOWUP_SMTP_PASSWORD",
    "imap": "FOLLOWUP_IMAP_PASSWORD",
    "caldav": "FOLLOWUP_CALDAV_PASSWORD",  # the calendar server's (issue 15)
}
SETUP = {"smtp": "mail setup", "imap": "mail setup", "caldav": "calendar setup"}


def _key(server: str) -> str:
    return f"{SERVICE}-{server}"  # one keyring entry per server: followup-smtp, followup-imap


def password(server: str, username: str, environ: Mapping[str, str] = os.environ) -> str:
    """The password for ``server`` ("smtp", "imap", "caldav"), or ``OutsideFailure`` (exit 1)
    saying where to put one."""
    variable = ENV[server]
    found = environ.get(variable)
    if found:
        return found
    stored, problem = _from_keyring(server, username)
    if stored:
        return stored
    raise OutsideFailure(
        f"no {server.upper()} password for {username}: {problem}; set {variable} "
        f"or run `followup {SETUP[server]}` to store one in the keyring"
    )


def _from_keyring(server: str, username: str) -> tuple[str | None, str]:
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:  # pragma: no cover - a declared dependency
        return None, "the keyring package is not installed"
    try:
        return keyring.get_password(_key(server), username), "none in the system keyring"
    except NoKeyringError:
        return None, "no system keyring is available here"
    except KeyringError as exc:
        return None, f"no usable system keyring ({_one_line(exc)})"


def save(server: str, username: str, secret: str) -> str | None:
    """Store in the keyring; None when done, else why not (the caller suggests the
    environment variable instead)."""
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:  # pragma: no cover - a declared dependency
        return "the keyring package is not installed"
    try:
        keyring.set_password(_key(server), username, secret)
    except NoKeyringError:
        return "no system keyring is available here"
    except KeyringError as exc:
        return f"no usable system keyring ({_one_line(exc)})"
    return None


def where(server: str, username: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """Where a password for ``server`` would come from ("environment", "keyring"), or None;
    the password itself is not returned (the web app shows only whether one is stored)."""
    if environ.get(ENV[server]):
        return "environment"
    stored, _ = _from_keyring(server, username)
    return "keyring" if stored else None


class KeyringSecrets:
    """The ``Secrets`` port over this module's functions (what bootstrap hands services)."""

    def save(self, server: str, username: str, secret: str) -> str | None:
        return save(server, username, secret)

    def where(self, server: str, username: str) -> str | None:
        return where(server, username)

    def variable(self, server: str) -> str:
        return ENV[server]


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__
