"""``ImapMailbox`` against a real Dovecot (tests/mailservers.py)."""

from __future__ import annotations

import imaplib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from followup.adapters.mail.imap import ImapMailbox
from followup.domain.errors import NotFound, OutsideFailure
from followup.domain.mail import Endpoint, Security
from tests.mailservers import HOST, MailServers, MailUser, closed_port


def reply(to: str, body: str = "Thanks, we will be in touch.") -> tuple[str, bytes]:
    msg = EmailMessage()
    msg["From"] = "recruiter@employer.test"
    msg["To"] = to
    msg["Subject"] = "Re: Thank you"
    msg["Message-ID"] = mid = make_msgid(domain="employer.test")
    msg.set_content(body)
    return mid, bytes(msg)


@pytest.fixture
def mailbox(mail_user: MailUser) -> Iterator[ImapMailbox]:
    box = ImapMailbox(mail_user.account, mail_user.password)
    yield box
    box.close()


def one_line_failure(excinfo: pytest.ExceptionInfo[OutsideFailure]) -> str:
    assert "\n" not in excinfo.value.message
    assert excinfo.value.exit_code == 1
    return excinfo.value.message


def test_folder_state_counts_uids_and_carries_highestmodseq(
    mail_servers: MailServers, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    empty = mailbox.select("INBOX")
    assert empty.uidnext == 1
    for _ in range(3):
        mail_servers.deliver(reply(mail_user.address)[1], to=mail_user.address)
    state = mailbox.select("INBOX")
    assert state.uidvalidity == empty.uidvalidity > 0
    assert state.uidnext == 4
    assert state.highestmodseq is not None
    assert empty.highestmodseq is not None
    assert state.highestmodseq > empty.highestmodseq
    # UIDVALIDITY is the folder's, not the session's: a new connection sees the same.
    other = ImapMailbox(mail_user.account, mail_user.password)
    try:
        assert other.select("INBOX") == state
    finally:
        other.close()


def test_fetch_after_is_incremental_in_batches(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    ids = []
    for n in range(5):
        mid, raw = reply(mail_user.address, f"Message number {n}.")
        mail_servers.deliver(raw, to=mail_user.address)
        ids.append(mid)
    box = ImapMailbox(mail_user.account, mail_user.password, batch=2)
    try:
        box.select("INBOX")
        got = list(box.fetch_after(0))
        assert [uid for uid, _ in got] == [1, 2, 3, 4, 5]
        for (_, raw), mid in zip(got, ids, strict=True):
            assert mid.encode() in raw
        assert list(box.fetch_after(5)) == []
        assert [uid for uid, _ in box.fetch_after(0, limit=2)] == [1, 2]
        mid, raw = reply(mail_user.address, "A late one.")
        mail_servers.deliver(raw, to=mail_user.address)
        box.select("INBOX")
        [(uid, new)] = list(box.fetch_after(5))
        assert uid == 6
        assert mid.encode() in new
    finally:
        box.close()


def test_heads_then_chosen_messages_whole(mail_servers: MailServers, mail_user: MailUser) -> None:
    """What a first sync does: the few header fields of each new message, then only the
    chosen ones whole; neither marks a message seen."""
    ids = []
    for n in range(5):
        mid, raw = reply(mail_user.address, f"Message number {n}, with its body.")
        mail_servers.deliver(raw, to=mail_user.address)
        ids.append(mid)
    box = ImapMailbox(mail_user.account, mail_user.password, batch=2)
    try:
        box.select("INBOX")
        heads = list(box.fetch_heads_after(1))
        assert [uid for uid, _ in heads] == [2, 3, 4, 5]
        for (_, head), mid in zip(heads, ids[1:], strict=True):
            assert mid.encode() in head
            assert b"with its body" not in head
            assert b"Subject:" not in head  # only the fields matching reads
        whole = list(box.fetch_uids([5, 2, 99]))  # 99: no such message
        assert [uid for uid, _ in whole] == [2, 5]
        assert b"Message number 4, with its body." in whole[1][1]
    finally:
        box.close()
    assert flags_of(mail_servers, mail_user, "INBOX") == [b""] * 5


def test_fetching_does_not_mark_messages_seen(
    mail_servers: MailServers, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    mail_servers.deliver(reply(mail_user.address)[1], to=mail_user.address)
    mailbox.select("INBOX")
    assert len(list(mailbox.fetch_after(0))) == 1
    assert flags_of(mail_servers, mail_user, "INBOX") == [b""]


def test_a_huge_message_is_cut_to_its_first_mebibyte(
    mail_servers: MailServers, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    _, raw = reply(mail_user.address, ("0123456789" * 7 + "\n") * 20_000)  # about 1.4 MiB
    assert len(raw) > 1024 * 1024
    mail_servers.deliver(raw, to=mail_user.address)
    mailbox.select("INBOX")
    [(_, got)] = list(mailbox.fetch_after(0))
    assert len(got) == 1024 * 1024


def test_special_folders_are_found_by_their_use(mailbox: ImapMailbox) -> None:
    assert mailbox.special_folder("\\Sent") == "Sent"
    assert mailbox.special_folder("\\Junk") == "Junk"
    assert mailbox.special_folder("\\Archive") is None


def test_append_to_sent_then_contains_finds_it_by_message_id(
    mail_servers: MailServers, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    mid, raw = reply("recruiter@employer.test")
    assert not mailbox.contains("Sent", mid)
    mailbox.append("Sent", raw)
    assert mailbox.contains("Sent", mid)
    assert not mailbox.contains("INBOX", mid)
    assert not mailbox.contains("Sent", make_msgid(domain="employer.test"))
    assert flags_of(mail_servers, mail_user, "Sent") == [b"\\Seen"]


def test_contains_leaves_the_selected_folder_selected(
    mail_servers: MailServers, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    mail_servers.deliver(reply(mail_user.address)[1], to=mail_user.address)
    mailbox.select("INBOX")
    assert not mailbox.contains("Sent", "<nothing@followup.test>")
    assert [uid for uid, _ in mailbox.fetch_after(0)] == [1]


@pytest.mark.parametrize("use_move", [True, False], ids=["MOVE", "COPY"])
def test_move_files_a_copy_in_sent_seen_and_takes_it_from_the_inbox(
    mail_servers: MailServers, mail_user: MailUser, use_move: bool
) -> None:
    """The receipt of our letter leaves INBOX for Sent, marked seen; with COPY (servers
    without MOVE) only that message is expunged: another one the user flagged deleted
    stays."""
    box = ImapMailbox(mail_user.account, mail_user.password, use_move=use_move)
    try:
        other, other_raw = reply(mail_user.address, "Something the user deleted.")
        mail_servers.deliver(other_raw, to=mail_user.address)
        flag_deleted(mail_servers, mail_user, "INBOX")  # deleted, not yet expunged
        mid, raw = reply(mail_user.address)
        mail_servers.deliver(raw, to=mail_user.address)
        assert box.move(mid, ["Junk", "INBOX"], "Sent") == "INBOX"
        assert mail_servers.message_ids(mail_user.address, "Sent") == [mid]
        assert mail_servers.message_ids(mail_user.address, "INBOX") == [other]
        assert flags_of(mail_servers, mail_user, "Sent") == [b"\\Seen"]
        assert box.move(mid, ["INBOX", "Junk"], "Sent") is None  # nothing left to file
    finally:
        box.close()


def test_move_never_doubles_a_copy_already_filed(
    mail_servers: MailServers, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    mid, raw = reply(mail_user.address)
    mailbox.append("Sent", raw)  # followup appended its own copy while the receipt was late
    mail_servers.deliver(raw, to=mail_user.address, folder="Junk")
    mail_servers.deliver(raw, to=mail_user.address, folder="Junk")  # and twice
    assert mailbox.move(mid, ["INBOX", "Junk"], "Sent") == "Junk"
    assert mail_servers.message_ids(mail_user.address, "Sent") == [mid]
    assert mail_servers.message_ids(mail_user.address, "Junk") == []


def test_move_waits_a_little_for_a_copy_on_its_way(
    mail_servers: MailServers, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    mid, raw = reply(mail_user.address)
    timer = threading.Timer(0.5, lambda: mail_servers.deliver(raw, to=mail_user.address))
    timer.start()
    try:
        started = time.monotonic()
        assert mailbox.move(mid, ["INBOX"], "Sent", wait=10) == "INBOX"
        assert time.monotonic() - started < 5
    finally:
        timer.join()
    started = time.monotonic()
    assert mailbox.move("<never@followup.test>", ["INBOX"], "Sent", wait=0.6) is None
    assert 0.5 < time.monotonic() - started < 3


def test_an_unknown_folder_is_not_found(mailbox: ImapMailbox) -> None:
    with pytest.raises(NotFound, match="no folder 'Archive/2019'"):
        mailbox.select("Archive/2019")
    with pytest.raises(NotFound, match="no folder 'Archive/2019'"):
        mailbox.append("Archive/2019", b"Subject: x\r\n\r\nx\r\n")


def test_idle_wakes_up_when_a_message_is_delivered(
    mail_servers: MailServers, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    _, raw = reply(mail_user.address)
    timer = threading.Timer(
        0.5, mail_servers.deliver, args=(raw,), kwargs={"to": mail_user.address}
    )
    started = time.monotonic()
    timer.start()
    try:
        assert mailbox.idle("INBOX", 20.0) is True
    finally:
        timer.join()
    assert 0.4 < time.monotonic() - started < 10.0
    mailbox.select("INBOX")
    assert len(list(mailbox.fetch_after(0))) == 1


def test_without_idle_a_noop_poll_notices_the_delivery(
    mail_servers: MailServers, mail_user: MailUser
) -> None:
    box = ImapMailbox(mail_user.account, mail_user.password, use_idle=False, poll_seconds=0.2)
    _, raw = reply(mail_user.address)
    timer = threading.Timer(
        0.5, mail_servers.deliver, args=(raw,), kwargs={"to": mail_user.address}
    )
    try:
        assert box.idle("INBOX", 0.3) is False
        timer.start()
        assert box.idle("INBOX", 10.0) is True
    finally:
        timer.join()
        box.close()


def test_idle_times_out_with_false_when_nothing_arrives(mailbox: ImapMailbox) -> None:
    started = time.monotonic()
    assert mailbox.idle("INBOX", 1.0) is False
    assert 0.9 < time.monotonic() - started < 5.0
    mailbox.select("INBOX")  # the connection is usable after IDLE


def test_starttls_endpoint_works(mail_servers: MailServers, mail_user: MailUser) -> None:
    account = replace(mail_user.account, imap=mail_servers.imap_starttls)
    box = ImapMailbox(account, mail_user.password)
    try:
        assert box.select("INBOX").uidnext == 1
    finally:
        box.close()


def test_wrong_password_is_a_refused_login(mail_user: MailUser) -> None:
    with pytest.raises(OutsideFailure) as excinfo:
        ImapMailbox(mail_user.account, "not-the-password")
    message = one_line_failure(excinfo)
    assert message.startswith(f"login refused by IMAP server {HOST}:")
    assert "not-the-password" not in message


def test_server_down_is_a_refused_connection(mail_user: MailUser) -> None:
    port = closed_port()
    account = replace(mail_user.account, imap=Endpoint(HOST, port, Security.TLS))
    with pytest.raises(OutsideFailure) as excinfo:
        ImapMailbox(account, mail_user.password)
    assert (
        one_line_failure(excinfo) == f"cannot reach IMAP server {HOST}:{port}: connection refused"
    )


@pytest.mark.parametrize("security", [Security.TLS, Security.STARTTLS])
def test_a_certificate_from_an_unknown_ca_is_refused(
    mail_servers: MailServers, mail_user: MailUser, security: Security
) -> None:
    imap = mail_servers.imap_tls if security == Security.TLS else mail_servers.imap_starttls
    account = replace(mail_user.account, imap=imap, ca_file=mail_servers.certs.other_ca_file)
    with pytest.raises(OutsideFailure) as excinfo:
        ImapMailbox(account, mail_user.password)
    assert one_line_failure(excinfo).startswith(f"the TLS certificate of IMAP server {HOST}:")


def test_starttls_not_offered_is_refused_before_login(mail_user: MailUser) -> None:
    """Dovecot always offers STARTTLS here, so a bare listener plays the careless server: it
    greets without STARTTLS and records what the client says next."""
    said: list[bytes] = []
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(1)
        port = listener.getsockname()[1]

        def serve() -> None:
            conn, _ = listener.accept()
            with conn:
                conn.sendall(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] careless server ready\r\n")
                conn.settimeout(2)
                try:
                    while chunk := conn.recv(4096):
                        said.append(chunk)
                        tag = chunk.split(b" ", 1)[0]
                        if b"CAPABILITY" in chunk.upper():
                            conn.sendall(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
                        conn.sendall(tag + b" OK done\r\n")
                except OSError:
                    pass

        thread = threading.Thread(target=serve)
        thread.start()
        account = replace(mail_user.account, imap=Endpoint(HOST, port, Security.STARTTLS))
        with pytest.raises(OutsideFailure) as excinfo:
            ImapMailbox(account, mail_user.password)
        thread.join()
    assert "does not offer STARTTLS" in one_line_failure(excinfo)
    assert not any(b"LOGIN" in c.upper() or b"AUTHENTICATE" in c.upper() for c in said)
    assert mail_user.password.encode() not in b"".join(said)


def flag_deleted(mail_servers: MailServers, user: MailUser, folder: str) -> None:
    """Flag every message in ``folder`` deleted, as a mail client does before expunging."""
    conn = imaplib.IMAP4_SSL(
        HOST, mail_servers.dovecot.imaps_port, ssl_context=mail_servers.certs.client_context()
    )
    try:
        conn.login(user.address, user.password)
        conn.select(folder)
        conn.uid("STORE", "1:*", "+FLAGS", "(\\Deleted)")
    finally:
        conn.logout()


def flags_of(mail_servers: MailServers, user: MailUser, folder: str) -> list[bytes]:
    """The flags of every message in ``folder``, read with imaplib (not the adapter)."""
    conn = imaplib.IMAP4_SSL(
        HOST, mail_servers.dovecot.imaps_port, ssl_context=mail_servers.certs.client_context()
    )
    try:
        conn.login(user.address, user.password)
        conn.select(folder, readonly=True)
        _, data = conn.uid("FETCH", "1:*", "(FLAGS)")
        out = []
        for line in data:
            assert isinstance(line, bytes)
            flags = line.split(b"FLAGS (", 1)[1].split(b")", 1)[0]
            out.append(b" ".join(f for f in flags.split() if f != b"\\Recent"))
        return out
    finally:
        conn.logout()
