"""One line per network fault, the same for SMTP and IMAP (adapters/mail/net.py)."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

import pytest

from followup.adapters.mail.net import connection_failure, one_line, tls_context
from followup.domain.errors import BadInput
from followup.domain.mail import Endpoint, Security

SMTP = Endpoint("mail.example.org", 465, Security.TLS)


def untrusted() -> ssl.SSLCertVerificationError:
    e = ssl.SSLCertVerificationError(1, "certificate verify failed")
    e.verify_message = "unable to get local issuer certificate"
    e.reason = "CERTIFICATE_VERIFY_FAILED"
    return e


AT = "SMTP server mail.example.org:465"


@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (ConnectionRefusedError(111, "refused"), f"cannot reach {AT}: connection refused"),
        (socket.gaierror(-2, "Name or service not known"),
         f"cannot reach {AT}: the host name does not resolve"),
        (TimeoutError("timed out"), f"cannot reach {AT}: no answer within 7.5 s"),
        (ConnectionResetError(104, "reset"), f"{AT} closed the connection"),
        (OSError(101, "Network is unreachable"), f"cannot reach {AT}: Network is unreachable"),
        (untrusted(), f"the TLS certificate of {AT} could not be verified (unable to get local "
                      "issuer certificate); for a private server set the account's CA file"),
    ],
)  # fmt: skip
def test_each_fault_has_its_line(exc: BaseException, line: str) -> None:
    failure = connection_failure(exc, "SMTP", SMTP, 7.5)
    assert failure.message == line
    assert failure.exit_code == 1


def test_a_tls_failure_that_is_not_about_the_certificate() -> None:
    e = ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")
    e.reason = "WRONG_VERSION_NUMBER"
    assert connection_failure(e, "IMAP", SMTP, 1).message == (
        "TLS with IMAP server mail.example.org:465 failed (WRONG_VERSION_NUMBER)"
    )


def test_server_answers_become_one_line() -> None:
    assert (
        one_line(b"5.7.8 Error:\r\n authentication\r\n failed")
        == "5.7.8 Error: authentication failed"
    )
    assert one_line("") == "no reason given"


def test_a_ca_file_that_cannot_be_used_is_bad_input(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pem"
    with pytest.raises(BadInput, match=f"the CA file {missing} cannot be used: No such file"):
        tls_context(str(missing))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    with pytest.raises(BadInput, match=f"the CA file {garbage} cannot be used"):
        tls_context(str(garbage))


def test_without_a_ca_file_the_context_verifies_against_the_system() -> None:
    ctx = tls_context(None)
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    assert ctx.check_hostname


def test_a_ca_file_is_the_only_authority_trusted(tmp_path: Path) -> None:
    """``--ca-file`` replaces the system's authorities rather than adding to them: a private
    server's CA vouches for that server only, and a public CA (or one a network planted in
    the system store) cannot stand in for it (docs/cli.md says so)."""
    import trustme

    ca = trustme.CA()
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    ctx = tls_context(str(pem))
    assert ctx.cert_store_stats()["x509_ca"] == 1
    assert len(ctx.get_ca_certs()) == 1
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    assert ctx.check_hostname
