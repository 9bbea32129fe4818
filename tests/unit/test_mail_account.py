"""Account defaults (465 TLS, 587 STARTTLS, 993 TLS) and ``mail test``'s one line per server."""

from __future__ import annotations

import pytest

from followup.domain.errors import BadInput, OutsideFailure
from followup.domain.mail import Security
from followup.services import mail_account
from followup.services.mail_account import imap_endpoint, smtp_endpoint
from tests.unit.fakes import FakeStore, context
from tests.unit.test_services_outbox import ACCOUNT, FakeServers, FakeTransport


@pytest.mark.parametrize(
    ("port", "security", "expected"),
    [
        (None, None, (465, Security.TLS)),
        (587, None, (587, Security.STARTTLS)),
        (None, Security.STARTTLS, (587, Security.STARTTLS)),
        (2525, None, (2525, Security.TLS)),
        (587, Security.TLS, (587, Security.TLS)),
    ],
)
def test_smtp_defaults(port: int | None, security: Security | None, expected: tuple) -> None:  # type: ignore[type-arg]
    e = smtp_endpoint(" smtp.example.org ", port, security)
    assert (e.host, e.port, e.security) == ("smtp.example.org", *expected)


def test_imap_defaults() -> None:
    assert imap_endpoint("imap.example.org", None, None).port == 993
    assert imap_endpoint("imap.example.org", None, None).security is Security.TLS
    assert imap_endpoint("imap.example.org", 143, None).security is Security.STARTTLS


@pytest.mark.parametrize("host", ["", "  ", "smtp example.org", "https://smtp.example.org"])
def test_a_host_that_is_not_one_is_bad_input(host: str) -> None:
    with pytest.raises(BadInput):
        smtp_endpoint(host, None, None)


def test_the_account_round_trips_and_is_required() -> None:
    ctx = context(FakeStore())
    with pytest.raises(BadInput, match="mail setup"):
        mail_account.get(ctx)
    mail_account.save(ctx, ACCOUNT)
    assert mail_account.get(ctx) == ACCOUNT


def test_mail_test_reports_each_server_on_its_own() -> None:
    store = FakeStore()
    servers = FakeServers(store)

    class Refusing(FakeTransport):
        def check(self) -> None:
            raise OutsideFailure("SMTP smtp.example.org:465: login refused")

    servers.transport = lambda: Refusing(servers)  # type: ignore[method-assign]
    smtp, imap = mail_account.test(servers)
    assert (smtp.server, smtp.problem) == ("SMTP", "SMTP smtp.example.org:465: login refused")
    assert (imap.server, imap.problem) == ("IMAP", None)
