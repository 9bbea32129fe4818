"""Real mail servers for the tests and the benchmarks: Dovecot (IMAP + LMTP) and aiosmtpd.

Why real servers: the adapters' whole job is to speak to servers that have opinions
(TLS, STARTTLS, SPECIAL-USE, CONDSTORE, IDLE), and a mock only knows what its author
believed. Everything here listens on 127.0.0.1, on free high ports, from a temporary folder,
and is torn down when the ``with`` block ends.

``MailServers`` starts everything at once: a Dovecot with users in a passwd-file, IMAP with
implicit TLS and with STARTTLS, LMTP over TCP; and three aiosmtpd servers (implicit TLS,
STARTTLS required before AUTH, and one that never offers STARTTLS) which check AUTH against
the same users and deliver every accepted message into Dovecot over LMTP. Certificates come
from a private ``trustme`` CA; ``ca_file`` is what ``MailAccount.ca_file`` points at.

Run them by hand with ``python -m tests.mailservers`` (see docs/mail-servers.md).

Dovecot refuses to deliver mail as root. When the tests run as root (CI, containers) the
mail is stored as a dedicated unprivileged system user, ``followup-mail``, created here when
missing; otherwise everything runs as the current user (Dovecot's rootless set-up).
"""

from __future__ import annotations

import asyncio
import contextlib
import grp
import itertools
import logging
import os
import pwd
import secrets
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup.domain.mail import Endpoint, MailAccount, Security
from tests.waiting import wait_until

HOST = "127.0.0.1"
MAIL_SYSTEM_USER = "followup-mail"  # owns the stored mail when the tests run as root
DOMAIN = "followup.test"
RECRUITER = "recruiter@employer.test"  # a second mailbox, the other end of a conversation
_serial = itertools.count(1)
REFUSE_HEADER = "X-Test-Refuse:"  # the SMTP servers refuse a message with this header (554)
_POOL_BATCH = 100  # fresh users written to Dovecot's passwd-file at a time


class ServerError(RuntimeError):
    """A test server did not start; the message carries the end of its log."""


def free_port() -> int:
    """A port the kernel says is free now. Small race before the server binds it; fine here."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def closed_port() -> int:
    """A loopback port on which nothing listens: "the server is down"."""
    return free_port()


def wait_for_port(port: int, *, timeout: float = 10.0, alive: Any = None) -> None:
    """Block until something accepts on ``port``; ``alive()`` false means give up early."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise ServerError(f"server for port {port} exited while starting")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.02)
    raise ServerError(f"nothing listens on {HOST}:{port} after {timeout:.0f}s")


# -- TLS -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificates:
    """A private CA and one server certificate for 127.0.0.1 and localhost, as files."""

    ca_file: str
    cert_file: str  # the server certificate chain (PEM)
    key_file: str  # its private key (PEM)
    other_ca_file: str  # a CA that signed nothing here: "the certificate is not trusted"

    @classmethod
    def make(cls, folder: Path) -> Certificates:
        import trustme

        folder.mkdir(parents=True, exist_ok=True)
        ca = trustme.CA()
        # A common name too: mbsync (isync 1.4) insists on one, next to the subjectAltNames.
        cert = ca.issue_cert(HOST, "localhost", common_name=HOST)
        paths = {n: folder / n for n in ("ca.pem", "cert.pem", "key.pem", "other-ca.pem")}
        ca.cert_pem.write_to_path(str(paths["ca.pem"]))
        with paths["cert.pem"].open("wb") as f:
            for blob in cert.cert_chain_pems:
                f.write(blob.bytes())
        cert.private_key_pem.write_to_path(str(paths["key.pem"]))
        trustme.CA().cert_pem.write_to_path(str(paths["other-ca.pem"]))
        for p in paths.values():
            p.chmod(0o644)
        return cls(*(str(paths[n]) for n in ("ca.pem", "cert.pem", "key.pem", "other-ca.pem")))

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(self.cert_file, self.key_file)
        return ctx

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)


# -- Dovecot -------------------------------------------------------------------------------


def _mail_owner() -> tuple[int, int, str]:
    """(uid, gid, name) that stores the mail: ourselves, or ``followup-mail`` when root."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return me.pw_uid, me.pw_gid, me.pw_name
    try:
        entry = pwd.getpwnam(MAIL_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir",
             "/nonexistent", "--shell", "/usr/sbin/nologin", MAIL_SYSTEM_USER],
            check=True, capture_output=True,
        )  # fmt: skip
        entry = pwd.getpwnam(MAIL_SYSTEM_USER)
    return entry.pw_uid, entry.pw_gid, entry.pw_name


def _die_with_parent() -> list[str]:
    """A prefix for the command line so Linux sends SIGTERM to Dovecot's master when the
    test process dies, however it dies (even SIGKILL): no server outlives its run.
    (util-linux ``setpriv``; without it, only the normal teardown stops Dovecot.)"""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM"] if setpriv else []


def dovecot_binary() -> str:
    found = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if found is None:
        raise ServerError(
            "dovecot is not installed: run `make mail-prereqs` (it installs dovecot-imapd "
            "and dovecot-lmtpd with apt-get)"
        )
    return found


_DOVECOT_CONF = """\
# Written by tests/mailservers.py for one test run; everything lives under {root}.
instance_name = followup-test-{serial}
protocols = imap lmtp
listen = {host}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = {uid}
last_valid_uid = 0
first_valid_gid = {gid}

ssl = yes
ssl_cert = <{cert_file}
ssl_key = <{key_file}
{ssl_dh}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0  # a wrong password is answered at once: tests wait for nothing
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users
  default_fields = uid={uid} gid={gid} home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
mail_max_userip_connections = 200
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Junk {{
    special_use = \\Junk
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
}}
recipient_delimiter = +
protocol lmtp {{
  # user+Junk@domain lands in Junk: how tests put spam (or a misfiled reply) there
  lmtp_save_to_detail_mailbox = yes
}}
protocol imap {{
  imap_idle_notify_interval = 2 mins
}}
# Each imap process's title names its user and the command in hand ("imap [user 127.0.0.1
# IDLE]"): how a test sees that a client waits in IDLE (Dovecot.idling).
verbose_proctitle = yes
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {imaps_port}
    ssl = yes
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = {host}
    port = {lmtp_port}
  }}
}}
service pop3-login {{
  chroot =
}}
service submission-login {{
  chroot =
}}
service anvil {{
  chroot =
}}
{rootless}
"""

# Dovecot's documented rootless set-up: every service runs as the user who started it.
_ROOTLESS = """\
service auth {
  user = $default_internal_user
}
service auth-worker {
  user = $default_internal_user
}
service lmtp {
  user = $default_internal_user
}
"""


@dataclass
class Dovecot:
    """A Dovecot (``dovecot -F -c CONF``) with its own config, sockets, state, log and mail.

    Users live in a passwd-file that Dovecot re-reads when it changes, so ``add_user`` gives
    a test its own empty mailbox without a restart.
    """

    root: Path
    certs: Certificates
    imap_port: int = 0  # STARTTLS listener
    imaps_port: int = 0  # implicit TLS listener
    lmtp_port: int = 0
    users: dict[str, str] = field(default_factory=dict)
    _proc: subprocess.Popen[bytes] | None = None
    _version: int = 0
    _pool: list[tuple[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def conf(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def log(self) -> Path:
        return self.root / "dovecot.log"

    def start(self) -> None:
        """Start Dovecot; ports taken by someone else between our pick and its bind (other
        test runs share the machine) are picked again, twice at most."""
        for attempt in range(3):
            try:
                self._start_once()
                return
            except ServerError as e:
                if attempt == 2 or "Address already in use" not in str(e):
                    raise
                self.imap_port = self.imaps_port = self.lmtp_port = 0
                self.log.unlink(missing_ok=True)

    def _start_once(self) -> None:
        binary = dovecot_binary()
        uid, gid, owner = _mail_owner()
        self.imap_port = self.imap_port or free_port()
        self.imaps_port = self.imaps_port or free_port()
        self.lmtp_port = self.lmtp_port or free_port()
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)  # the login and mail processes must reach their sockets
        os.chown(self.root / "mail", uid, gid)
        self._write_users()
        root_user = os.geteuid() == 0
        dh = Path("/usr/share/dovecot/dh.pem")
        self.conf.write_text(
            _DOVECOT_CONF.format(
                root=self.root,
                serial=f"{os.getpid()}-{next(_serial)}",
                host=HOST,
                login_user="dovenull" if root_user else owner,
                internal_user="dovecot" if root_user else owner,
                internal_group="dovecot" if root_user else grp.getgrgid(gid).gr_name,
                uid=uid,
                gid=gid,
                cert_file=self.certs.cert_file,
                key_file=self.certs.key_file,
                ssl_dh=f"ssl_dh = <{dh}" if dh.exists() else "",
                imap_port=self.imap_port,
                imaps_port=self.imaps_port,
                lmtp_port=self.lmtp_port,
                rootless="" if root_user else _ROOTLESS,
            )
        )
        with (self.root / "dovecot.stderr").open("wb") as stderr:
            self._proc = subprocess.Popen(
                [*_die_with_parent(), binary, "-F", "-c", str(self.conf)],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,  # a Ctrl-C reaches pytest, whose teardown stops us
            )
        try:
            for port in (self.imap_port, self.imaps_port, self.lmtp_port):
                wait_for_port(
                    port, alive=lambda: self._proc is not None and self._proc.poll() is None
                )
        except ServerError as e:
            self.stop()
            raise ServerError(f"{e}\n{self.tail_log()}") from None

    def tail_log(self, lines: int = 30) -> str:
        text = ""
        for p in (self.root / "dovecot.stderr", self.log):
            if p.exists():
                text += p.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait()
        self._proc = None

    def add_user(self, address: str | None = None, password: str | None = None) -> tuple[str, str]:
        """A new mailbox (a unique, empty one unless ``address`` is given) and its password.

        Dovecot re-reads the passwd-file when it next looks a user up after a change, and
        each new version waits until Dovecot's own lookup knows its newest user. Unnamed
        users come from a pool written ahead of time (in batches, one wait per batch).
        """
        with self._lock:
            if address is None and password is None:
                if not self._pool:
                    fresh = {
                        f"user{next(_serial)}-{secrets.token_hex(3)}@{DOMAIN}": (
                            secrets.token_urlsafe(12)
                        )
                        for _ in range(_POOL_BATCH)
                    }
                    self._pool.extend(fresh.items())
                    self.users.update(fresh)
                    self._write_users()
                    self._wait_for_reload(*self._pool[-1])
                return self._pool.pop(0)
            address = address or f"user{next(_serial)}-{secrets.token_hex(3)}@{DOMAIN}"
            password = password or secrets.token_urlsafe(12)
            self.users[address] = password
            self._write_users()
            self._wait_for_reload(address, password)
            return address, password

    def _wait_for_reload(self, address: str, password: str) -> None:
        """Until Dovecot knows ``address``: Dovecot looks at the passwd-file again at most once
        a second, so this is up to a second, often less (it used to be a fixed 1.1 s sleep).
        The userdb is asked until it knows the user (``doveadm user``: a miss costs nothing),
        then the passdb must accept the password (``doveadm auth test``, the lookup a login
        makes; asked only then, as each failure there is answered more slowly)."""
        if self._proc is None:
            return

        def succeeds(*args: str) -> bool:
            command = [shutil.which("doveadm") or "/usr/bin/doveadm", "-c", str(self.conf)]
            done = subprocess.run([*command, *args], capture_output=True, check=False)
            return done.returncode == 0

        wait_until(lambda: succeeds("user", address), what=f"Dovecot's userdb to know {address}")
        wait_until(
            lambda: succeeds("auth", "test", address, password),
            what=f"Dovecot's passdb to accept {address}",
        )

    def _write_users(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        lines = "".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in self.users.items())
        tmp = self.root / "users.new"
        tmp.write_text(lines)
        tmp.chmod(0o644)
        # Dovecot re-reads the file when its mtime (whole seconds) or size changes; two
        # users added within a second can have the same size, so each version gets its own
        # second.
        self._version += 1
        stamp = int(time.time()) + self._version
        os.utime(tmp, (stamp, stamp))
        tmp.replace(self.root / "users")  # atomic: Dovecot never reads half a file

    def idling(self, address: str) -> bool:
        """Whether a client logged in as ``address`` waits in IDLE now, as Dovecot's imap
        processes name it in their titles (``verbose_proctitle``; Linux's /proc)."""
        wanted = f"[{address} "
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                title = cmdline.read_bytes().decode("utf-8", "replace")
            except OSError:  # gone meanwhile, or another user's
                continue
            if wanted in title and title.rstrip("\0").endswith(" IDLE]"):
                return True
        return False

    def maildir(self, address: str, folder: str = "INBOX") -> Path:
        """Where ``folder`` of ``address`` is stored (Dovecot's Maildir++ layout)."""
        base = self.root / "mail" / address / "Maildir"
        return base if folder == "INBOX" else base / f".{folder.replace('/', '.')}"

    def doveadm(self, *args: str) -> str:
        """Run ``doveadm`` against this instance (``index``, ``mailbox status`` ...)."""
        doveadm = shutil.which("doveadm") or "/usr/bin/doveadm"
        out = subprocess.run(
            [doveadm, "-c", str(self.conf), *args], check=True, capture_output=True, text=True
        )
        return out.stdout

    def deliver(self, raw: bytes, *, to: Sequence[str], sender: str = RECRUITER) -> None:
        """Put ``raw`` into each recipient's INBOX over LMTP, as a mail server would."""
        lmtp = smtplib.LMTP(HOST, self.lmtp_port, timeout=10)
        try:
            refused = lmtp.sendmail(sender, list(to), raw)
        finally:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                lmtp.quit()
        if refused:
            raise ServerError(f"LMTP refused {refused}")


# -- aiosmtpd ------------------------------------------------------------------------------


class SmtpVariant:
    """How an SMTP test server protects itself (the client's ``Security`` plus the bad one)."""

    TLS = "tls"  # implicit TLS, 465-style
    STARTTLS = "starttls"  # STARTTLS offered and required before AUTH, 587-style
    NO_STARTTLS = "no-starttls"  # plain text, never offers STARTTLS: the client must refuse


@dataclass(frozen=True)
class DataAction:
    """What an ``SmtpServer`` does with a letter once its closing dot has arrived (what
    ``SmtpServer.on_data`` returns): the moment a client cannot see into.

    ``deliver``: put it into the recipients' mailboxes (False: take it and lose it, as a
    server that fails after the dot). ``after``: run once delivered, before answering (a
    test fires SIGKILL at the client here). ``stall``: seconds to wait before the answer.
    ``drop``: close the connection instead of answering.
    """

    deliver: bool = True
    after: Callable[[], None] | None = None
    stall: float = 0.0
    drop: bool = False


@dataclass
class SmtpServer:
    """An aiosmtpd server that checks AUTH against Dovecot's users and delivers over LMTP.

    It records what it saw (``auth_attempts``, ``accepted``), so a test can prove that a
    client refused *before* sending a password. ``on_data`` (mail_from, recipients, raw)
    decides what happens between the closing dot and the answer (``DataAction``): stall,
    drop the connection, deliver or not, kill the client. ``on_rcpt`` (the address) runs
    when a recipient is given, before the letter: a test kills the client there.
    """

    variant: str
    dovecot: Dovecot
    certs: Certificates
    port: int = 0
    data_size_limit: int = 10 * 1024 * 1024
    auth_attempts: list[str] = field(default_factory=list)
    accepted: list[tuple[str, tuple[str, ...], bytes]] = field(default_factory=list)
    on_data: Callable[[str, tuple[str, ...], bytes], DataAction] | None = None
    on_rcpt: Callable[[str], None] | None = None
    # Called with the letter once the server has the closing dot and has delivered it, before
    # it answers 250 (it blocks the server meanwhile): how a test acts at that very moment.
    before_answer: Callable[[bytes], None] | None = None
    _controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        # aiosmtpd logs each session at INFO and warns about a field it deprecates itself
        # on every AUTH; only its errors are worth a line in a test run.
        logging.getLogger("mail.log").setLevel(logging.ERROR)

        server = self

        class Handler:
            async def handle_RCPT(
                self, srv: Any, session: Any, envelope: Any, address: str, options: Any
            ) -> str:
                if address.lower() not in server.dovecot.users:
                    return "550 5.1.1 No such user here"
                if server.on_rcpt is not None:
                    server.on_rcpt(address)
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, srv: Any, session: Any, envelope: Any) -> str:
                raw = envelope.original_content or envelope.content
                if REFUSE_HEADER.encode() in raw.split(b"\r\n\r\n", 1)[0]:
                    return "554 5.7.1 Message refused by content policy"
                rcpts = tuple(envelope.rcpt_tos)
                hook = server.on_data
                action = DataAction() if hook is None else hook(envelope.mail_from, rcpts, raw)
                if action.deliver:
                    try:
                        server.dovecot.deliver(raw, to=rcpts, sender=envelope.mail_from)
                    except (OSError, smtplib.SMTPException, ServerError) as e:
                        return f"451 4.3.0 delivery failed: {e}"
                    server.accepted.append((envelope.mail_from, rcpts, raw))
                if action.after is not None:
                    action.after()
                if action.drop:
                    srv.transport.abort()  # whatever was done, the client never hears of it
                if action.stall:
                    await asyncio.sleep(action.stall)
                if server.before_answer is not None and action.deliver:
                    server.before_answer(raw)
                return "250 2.0.0 OK delivered"

        def authenticator(
            srv: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
        ) -> Any:
            if not isinstance(auth_data, LoginPassword):
                return AuthResult(success=False, handled=False)
            login = auth_data.login.decode("utf-8", "replace")
            server.auth_attempts.append(login)
            ok = server.dovecot.users.get(login) == auth_data.password.decode("utf-8", "replace")
            return AuthResult(success=ok, handled=False)

        self.port = self.port or free_port()
        kwargs: dict[str, Any] = {
            "hostname": HOST,
            "port": self.port,
            "authenticator": authenticator,
            "data_size_limit": self.data_size_limit,
            "ready_timeout": 10.0,
        }
        if self.variant == SmtpVariant.TLS:
            kwargs.update(ssl_context=self.certs.server_context(), auth_require_tls=False)
        elif self.variant == SmtpVariant.STARTTLS:
            kwargs.update(
                tls_context=self.certs.server_context(),
                require_starttls=True,
                auth_require_tls=True,
            )
        else:  # a careless server: would take a password in clear, if a client offered one
            kwargs.update(auth_require_tls=False)
        for attempt in range(3):  # the port may be taken between our pick and the bind
            controller = Controller(Handler(), **kwargs)
            try:
                controller.start()
            except OSError:
                if attempt == 2:
                    raise
                self.port = kwargs["port"] = free_port()
                continue
            self._controller = controller
            return

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@dataclass(frozen=True)
class MailUser:
    """One test's own mailbox: its address (also the login), password and account."""

    address: str
    password: str
    account: MailAccount


# -- everything at once --------------------------------------------------------------------


@dataclass
class MailServers:
    """Dovecot and the three SMTP variants, with one ready user (``user``, ``password``)."""

    root: Path
    certs: Certificates
    dovecot: Dovecot
    smtp: dict[str, SmtpServer]
    user: str = ""
    password: str = ""

    # Endpoints, as an account names them.
    @property
    def imap_tls(self) -> Endpoint:
        return Endpoint(HOST, self.dovecot.imaps_port, Security.TLS)

    @property
    def imap_starttls(self) -> Endpoint:
        return Endpoint(HOST, self.dovecot.imap_port, Security.STARTTLS)

    @property
    def smtp_tls(self) -> Endpoint:
        return Endpoint(HOST, self.smtp[SmtpVariant.TLS].port, Security.TLS)

    @property
    def smtp_starttls(self) -> Endpoint:
        return Endpoint(HOST, self.smtp[SmtpVariant.STARTTLS].port, Security.STARTTLS)

    @property
    def smtp_no_starttls(self) -> Endpoint:
        """A server that never offers STARTTLS; asked for STARTTLS, a client must stop."""
        return Endpoint(HOST, self.smtp[SmtpVariant.NO_STARTTLS].port, Security.STARTTLS)

    @property
    def ca_file(self) -> str:
        return self.certs.ca_file

    @property
    def lmtp_port(self) -> int:
        return self.dovecot.lmtp_port

    def new_user(self, address: str | None = None) -> tuple[str, str]:
        """A fresh, empty mailbox for one test: (address, password)."""
        return self.dovecot.add_user(address)

    def account(
        self,
        user: str | None = None,
        *,
        smtp: Endpoint | None = None,
        imap: Endpoint | None = None,
        ca_file: str | None = None,
    ) -> MailAccount:
        """A ``MailAccount`` for ``user`` (default the ready one) on these servers."""
        user = user or self.user
        return MailAccount(
            address=user,
            username=user,
            smtp=smtp or self.smtp_tls,
            imap=imap or self.imap_tls,
            ca_file=ca_file or self.ca_file,
        )

    @contextlib.contextmanager
    def hooked_smtp(
        self,
        on_data: Callable[[str, tuple[str, ...], bytes], DataAction] | None = None,
        on_rcpt: Callable[[str], None] | None = None,
    ) -> Iterator[SmtpServer]:
        """A fresh implicit-TLS SMTP server for these mailboxes with its own hooks (the
        shared ones stay plain for the other tests)."""
        server = SmtpServer(
            SmtpVariant.TLS, self.dovecot, self.certs, on_data=on_data, on_rcpt=on_rcpt
        )
        server.start()
        try:
            yield server
        finally:
            server.stop()

    def password_of(self, user: str) -> str:
        return self.dovecot.users[user]

    def deliver(
        self,
        raw: bytes,
        *,
        to: str | Sequence[str],
        sender: str = RECRUITER,
        folder: str = "INBOX",
    ) -> None:
        """A reply arrives: ``raw`` lands in ``folder`` (INBOX, or e.g. Junk) of each
        recipient, over LMTP as a mail server would deliver it."""
        recipients = [to] if isinstance(to, str) else list(to)
        if folder != "INBOX":  # user+Folder@domain: Dovecot's LMTP saves to that folder
            recipients = [r.replace("@", f"+{folder}@", 1) for r in recipients]
        self.dovecot.deliver(raw, to=recipients, sender=sender)

    def message_ids(self, user: str | None = None, folder: str = "INBOX") -> list[str]:
        """The Message-ID headers in ``folder``, read with the standard library's imaplib
        (not our adapter, so a test of the adapter does not check itself)."""
        import email.parser
        import imaplib

        user = user or self.user
        conn = imaplib.IMAP4_SSL(
            HOST, self.dovecot.imaps_port, ssl_context=self.certs.client_context()
        )
        try:
            conn.login(user, self.dovecot.users[user])
            conn.select(f'"{folder}"', readonly=True)
            _, data = conn.uid("FETCH", "1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            out = []
            for item in data:
                if isinstance(item, tuple):
                    msg = email.parser.BytesHeaderParser().parsebytes(item[1])
                    if msg["Message-ID"]:
                        out.append(str(msg["Message-ID"]).strip())
            return out
        finally:
            with contextlib.suppress(Exception):
                conn.logout()

    def stop(self) -> None:
        try:
            self.dovecot.stop()  # first: the one that is a separate process
        finally:
            for s in self.smtp.values():
                s.stop()


@contextlib.contextmanager
def running_dovecot(root: Path | None = None) -> Iterator[Dovecot]:
    """Only Dovecot (the benchmark needs no SMTP), in ``root`` or a new temporary folder."""
    with _temporary(root) as folder:
        dovecot = Dovecot(folder / "dovecot", Certificates.make(folder / "tls"))
        dovecot.start()
        try:
            yield dovecot
        finally:
            dovecot.stop()


@contextlib.contextmanager
def mail_servers(root: Path | None = None) -> Iterator[MailServers]:
    """Dovecot plus the three SMTP servers, with a ready user; all stopped on exit."""
    with _temporary(root) as folder:
        certs = Certificates.make(folder / "tls")
        dovecot = Dovecot(folder / "dovecot", certs)
        dovecot.add_user(RECRUITER)
        user, password = dovecot.add_user(f"me@{DOMAIN}")
        dovecot.add_user()  # fills the pool of fresh users before Dovecot first reads it
        dovecot.start()
        servers = MailServers(folder, certs, dovecot, {}, user, password)
        try:
            for variant in (SmtpVariant.TLS, SmtpVariant.STARTTLS, SmtpVariant.NO_STARTTLS):
                servers.smtp[variant] = SmtpServer(variant, dovecot, certs)
                servers.smtp[variant].start()
            yield servers
        finally:
            servers.stop()


@contextlib.contextmanager
def _temporary(root: Path | None) -> Iterator[Path]:
    """A short path of our own under /tmp: Unix socket paths are limited to 108 bytes and
    pytest's folders are private to root (0700), out of reach of the mail user."""
    if root is not None:
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o755)
        yield root
        return
    folder = Path(tempfile.mkdtemp(prefix="followup-mail-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """``python -m tests.mailservers``: start everything, print how to connect, wait."""
    with mail_servers() as s:
        print(f"folder:      {s.root}")
        print(f"user:        {s.user}  password: {s.password}")
        print(
            f"IMAP TLS:    {HOST}:{s.dovecot.imaps_port}   STARTTLS: {HOST}:{s.dovecot.imap_port}"
        )
        print(f"LMTP:        {HOST}:{s.dovecot.lmtp_port}")
        for variant, smtp in s.smtp.items():
            print(f"SMTP {variant + ':':12}{HOST}:{smtp.port}")
        print(f"CA file:     {s.ca_file}")
        print(f"Dovecot log: {s.dovecot.log}")
        print("Ctrl-C stops them.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop


if __name__ == "__main__":
    main()
