"""What SMTP and IMAP share: the verifying TLS context and the one-line failure for a
connection that could not be made or secured.

Why here: both adapters must say the same thing for the same fault (a refused port, a name
that does not resolve, a certificate nobody vouches for), and say it in one line the user
can act on; the protocol-specific answers (a refused login, a refused recipient) stay in
each adapter.
"""

from __future__ import annotations

import socket
import ssl

from followup.domain.errors import BadInput, OutsideFailure
from followup.domain.mail import Endpoint


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """The system's trust store, or only ``ca_file`` for a private server; always verifying
    the certificate and the host name (``ssl.create_default_context`` does both).

    A CA file that cannot be read is the user's configuration, so ``BadInput`` (exit 2)."""
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as e:
        reason = getattr(e, "strerror", None) or getattr(e, "reason", None) or str(e)
        raise BadInput(f"the CA file {ca_file} cannot be used: {_one_line(str(reason))}") from None


def where(kind: str, endpoint: Endpoint) -> str:
    return f"{kind} server {endpoint.host}:{endpoint.port}"


def connection_failure(
    exc: BaseException, kind: str, endpoint: Endpoint, timeout: float
) -> OutsideFailure:
    """The one line for a network or TLS fault while talking to ``endpoint``."""
    place = where(kind, endpoint)
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = exc.verify_message or exc.reason or "unknown reason"
        return OutsideFailure(
            f"the TLS certificate of {place} could not be verified ({reason}); "
            "for a private server set the account's CA file"
        )
    if isinstance(exc, ssl.SSLError):
        return OutsideFailure(f"TLS with {place} failed ({exc.reason or exc})")
    if isinstance(exc, socket.gaierror):
        return OutsideFailure(f"cannot reach {place}: the host name does not resolve")
    if isinstance(exc, ConnectionRefusedError):
        return OutsideFailure(f"cannot reach {place}: connection refused")
    if isinstance(exc, TimeoutError):  # socket.timeout is TimeoutError since 3.10
        return OutsideFailure(f"cannot reach {place}: no answer within {timeout:g} s")
    if isinstance(exc, (ConnectionResetError, BrokenPipeError, EOFError)):
        return OutsideFailure(f"{place} closed the connection")
    if isinstance(exc, OSError):
        return OutsideFailure(f"cannot reach {place}: {exc.strerror or exc}")
    return OutsideFailure(f"{place} failed: {_one_line(str(exc))}")


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "no reason given"


def one_line(text: str | bytes) -> str:
    """A server's answer as one printable line (servers send CRLFs and multi-line texts)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return _one_line(text)
