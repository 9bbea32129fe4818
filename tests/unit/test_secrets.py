"""Passwords: the environment first, then the keyring; a clear line when neither has one.

The keyring backends here are written in the test (an in-memory one, and the package's own
"no backend" one), so the result does not depend on the machine's desktop keyring.
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from followup.adapters import secrets
from followup.domain.errors import OutsideFailure


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def test_the_environment_comes_first(memory: MemoryKeyring) -> None:
    memory.set_password("followup-smtp", "alex", "from-keyring")
    env = {"FOLLOWUP_SMTP_PASSWORD": "from-env"}
    assert secrets.password("smtp", "alex", env) == "from-env"
    assert secrets.password("smtp", "alex", {}) == "from-keyring"


def test_saved_passwords_are_read_back_per_server(memory: MemoryKeyring) -> None:
    assert secrets.save("smtp", "alex", "s3cret") is None
    assert secrets.save("imap", "alex", "other") is None
    assert secrets.password("smtp", "alex", {}) == "s3cret"
    assert secrets.password("imap", "alex", {}) == "other"
    with pytest.raises(OutsideFailure, match="FOLLOWUP_SMTP_PASSWORD"):
        secrets.password("smtp", "someone-else", {})


def test_without_a_keyring_the_user_is_told_which_variable_to_set(no_keyring: None) -> None:
    with pytest.raises(OutsideFailure) as failure:
        secrets.password("imap", "alex", {})
    message = failure.value.message
    assert "no system keyring is available" in message
    assert "FOLLOWUP_IMAP_PASSWORD" in message
    assert "\n" not in message
    assert failure.value.exit_code == 1
    assert secrets.save("smtp", "alex", "x") == "no system keyring is available here"
