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


# --- the account from a form, and the passwords through the Secrets port (the web app) -----
class FakeSecrets:
    def __init__(self, refuse: str | None = None, env: frozenset[str] = frozenset()) -> None:
        self.kept: dict[tuple[str, str], str] = {}
        self.refuse = refuse
        self.env = env

    def save(self, server: str, username: str, secret: str) -> str | None:
        if self.refuse:
            return self.refuse
        self.kept[(server, username)] = secret
        return None

    def where(self, server: str, username: str) -> str | None:
        if server in self.env:
            return "environment"
        return "keyring" if (server, username) in self.kept else None

    def variable(self, server: str) -> str:
        return f"FOLLOWUP_{server.upper()}_PASSWORD"


def test_a_form_with_only_an_address_takes_the_usual_values() -> None:
    account = mail_account.account_from(mail_account.AccountFields(address=" alex@example.org "))
    assert account.username == "alex@example.org"
    assert (account.smtp.host, account.smtp.port, account.smtp.security) == (
        "smtp.example.org", 465, Security.TLS,
    )  # fmt: skip
    assert (account.imap.host, account.imap.port) == ("imap.example.org", 993)
    assert account.ca_file is None


def test_a_form_port_of_587_means_starttls_and_bad_text_is_refused() -> None:
    fields = mail_account.AccountFields(address="a@b.org", smtp_port="587", imap_port="143")
    account = mail_account.account_from(fields)
    assert account.smtp.security is Security.STARTTLS
    assert account.imap.security is Security.STARTTLS
    with pytest.raises(BadInput, match="not a number"):
        mail_account.account_from(mail_account.AccountFields(address="a@b.org", imap_port="x"))
    with pytest.raises(BadInput, match="use one of"):
        mail_account.account_from(
            mail_account.AccountFields(address="a@b.org", smtp_security="ssl")
        )


def test_passwords_go_to_the_keyring_imap_defaulting_to_smtp() -> None:
    secrets = FakeSecrets()
    assert mail_account.store_passwords(secrets, ACCOUNT, "pw") is None
    assert set(secrets.kept.values()) == {"pw"}
    states = mail_account.passwords(secrets, ACCOUNT)
    assert [(s.server, s.where) for s in states] == [("smtp", "keyring"), ("imap", "keyring")]


def test_without_a_keyring_the_environment_variables_are_named() -> None:
    problem = mail_account.store_passwords(FakeSecrets(refuse="no keyring"), ACCOUNT, "pw")
    assert problem is not None
    assert "FOLLOWUP_SMTP_PASSWORD and FOLLOWUP_IMAP_PASSWORD" in problem
    states = mail_account.passwords(FakeSecrets(env=frozenset({"imap"})), ACCOUNT)
    assert [s.where for s in states] == [None, "environment"]
    with pytest.raises(BadInput, match="empty"):
        mail_account.store_passwords(FakeSecrets(), ACCOUNT, "")


def test_receipts_stay_proven_for_the_same_server_and_start_over_for_another() -> None:
    import dataclasses

    ctx = context(FakeStore())
    mail_account.save(ctx, dataclasses.replace(ACCOUNT, bcc_self=True))
    ctx.store.note_receipt()
    again = mail_account.save(ctx, dataclasses.replace(ACCOUNT, bcc_self=True, username="a2"))
    assert again.receipt_seen  # the same address on the same server: still proven
    moved = dataclasses.replace(
        ACCOUNT, smtp=dataclasses.replace(ACCOUNT.smtp, host="smtp.elsewhere.example")
    )
    assert not mail_account.save(ctx, moved).receipt_seen
    with pytest.raises(BadInput, match="receipt grace 0 s is out of range"):
        mail_account.save(ctx, dataclasses.replace(ACCOUNT, receipt_grace_seconds=0))


def test_a_form_asks_for_receipts_unless_told_not_to() -> None:
    fields = mail_account.AccountFields(address="alex@example.org")
    account = mail_account.account_from(fields)
    assert (account.bcc_self, account.receipt_grace_seconds) == (True, 600)
    provider = mail_account.account_from(
        mail_account.AccountFields(address="alex@example.org", provider_files_sent=True)
    )
    assert provider.bcc_self
    assert not provider.receipts  # the provider's Sent copy is the evidence there
