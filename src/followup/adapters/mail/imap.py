r"""IMAP with ``imapclient``: the ``Mailbox`` port.

Why these rules:
- Like SMTP, the password only ever goes over TLS: implicit TLS (993), or STARTTLS that the
  server must offer, else we stop before LOGIN. Certificates and host names are verified.
- A sync must fetch only what is new, so ``select`` is read-only and returns UIDVALIDITY,
  UIDNEXT and, where the server offers CONDSTORE (RFC 7162, enabled at login),
  HIGHESTMODSEQ: with those a sync with nothing new is one round trip.
- ``fetch_after`` and ``fetch_uids`` ask for at most ``batch`` messages per FETCH and at
  most the first MiB of each (``BODY.PEEK[]<0.N>``: PEEK so reading never marks a message
  as seen). A huge message cannot exhaust memory, and classifying a reply never needs more
  than its beginning. ``fetch_heads_after`` asks only for the header fields matching reads
  (``BODY.PEEK[HEADER.FIELDS (...)]``): a first sync of a big mailbox downloads every
  message's few headers, and in full only the messages that match.
- ``idle`` uses IMAP IDLE (RFC 2177) where offered, else NOOP polling, and says only
  whether something arrived; the caller then syncs.
- ``move`` files the server's copy of our own letter (the receipt) into Sent: MOVE (RFC
  6851) where offered, else COPY, then the copy left behind is flagged ``\Deleted`` and
  removed by UID EXPUNGE (RFC 4315) where offered. Never a plain EXPUNGE: that would also
  remove whatever else the user had flagged deleted and not yet expunged.
- Every fault becomes an ``OutsideFailure`` (exit status 1) with one line; a folder that does
  not exist is ``NotFound`` (the folder name is the user's configuration).

One connection, logged in when the object is made; ``close`` logs out.
"""

from __future__ import annotations

import contextlib
import imaplib
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from followup.adapters.mail.net import connection_failure, one_line, tls_context, where
from followup.domain.errors import NotFound, OutsideFailure
from followup.domain.mail import FolderState, MailAccount, Security

if TYPE_CHECKING:
    from imapclient import IMAPClient

MAX_MESSAGE_BYTES = 1024 * 1024  # a message is cut to its first MiB
FETCH_BATCH = 500  # UIDs per FETCH command
POLL_SECONDS = 15.0  # NOOP interval when the server offers no IDLE
RECEIPT_POLL_SECONDS = 0.2  # how often ``move`` looks again for a copy on its way
_T = TypeVar("_T")
# What ``mail_headers.peek`` reads to match a message (and to tell a delivery report).
_HEAD_PART = (
    "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID IN-REPLY-TO REFERENCES FROM REPLY-TO CONTENT-TYPE)]"
)


class ImapMailbox:
    """The account's IMAP folders, over one verified, logged-in connection."""

    def __init__(
        self,
        account: MailAccount,
        password: str,
        *,
        timeout: float = 30.0,
        batch: int = FETCH_BATCH,
        max_bytes: int = MAX_MESSAGE_BYTES,
        use_idle: bool = True,
        poll_seconds: float = POLL_SECONDS,
        use_move: bool = True,
    ) -> None:
        """``use_idle=False`` polls with NOOP even where IDLE is offered: some servers and
        proxies offer an IDLE that never reports anything. ``use_move=False`` files with
        COPY even where MOVE is offered (the path servers without MOVE take)."""
        self._account = account
        self._timeout = timeout
        self._batch = batch
        self._max_bytes = max_bytes
        self._poll_seconds = poll_seconds
        self._selected: str | None = None
        self._client = self._open(password)
        caps = self._client.capabilities()
        self._idle = use_idle and b"IDLE" in caps
        self._move = use_move and b"MOVE" in caps
        self._uidplus = b"UIDPLUS" in caps
        self._condstore = b"CONDSTORE" in caps
        if self._condstore and b"ENABLE" in caps:
            self._call(lambda: self._client.enable("CONDSTORE"))

    @property
    def _where(self) -> str:
        return where("IMAP", self._account.imap)

    # -- the port ------------------------------------------------------------------------

    def special_folder(self, use: str) -> str | None:
        """The folder flagged ``use`` (RFC 6154, e.g. ``\\Sent``, ``\\Junk``), or None."""
        wanted = use.encode().lower()
        for flags, _, name in self._call(self._client.list_folders):
            if any(f.lower() == wanted for f in flags):
                return str(name)
        return None

    def select(self, folder: str) -> FolderState:
        info = self._select(folder)
        modseq = info.get(b"HIGHESTMODSEQ")
        return FolderState(
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=int(info[b"UIDNEXT"]) if b"UIDNEXT" in info else self._uidnext(folder),
            highestmodseq=int(modseq) if modseq is not None and self._condstore else None,
        )

    def fetch_after(self, uid: int, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
        """(uid, raw bytes) of the selected folder's messages above ``uid``, ascending."""
        uids = self._uids_after(uid)
        yield from self.fetch_uids(uids if limit is None else uids[:limit])

    def fetch_heads_after(self, uid: int) -> Iterator[tuple[int, bytes]]:
        """(uid, the header fields matching reads) of the messages above ``uid``."""
        yield from self._fetch(self._uids_after(uid), _HEAD_PART)

    def fetch_uids(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        """(uid, raw bytes, cut to the first MiB) of these messages, ascending."""
        yield from self._fetch(sorted(uids), f"BODY.PEEK[]<0.{self._max_bytes}>")

    def _uids_after(self, uid: int) -> list[int]:
        if self._selected is None:
            raise OutsideFailure("no IMAP folder selected: select one before fetching")
        found = self._call(lambda: self._client.search(["UID", f"{uid + 1}:*"]))
        # "n:*" always names the highest UID, even when it is below n: keep only the new.
        return sorted(u for u in found if u > uid)

    def _fetch(self, uids: list[int], part: str) -> Iterator[tuple[int, bytes]]:
        if self._selected is None:
            raise OutsideFailure("no IMAP folder selected: select one before fetching")
        for start in range(0, len(uids), self._batch):
            chunk = uids[start : start + self._batch]
            answer = self._call(partial(self._client.fetch, chunk, [part]))
            for u in chunk:
                data = answer.get(u)
                if data is None:  # expunged between SEARCH and FETCH
                    continue
                yield u, _body(data)

    def contains(self, folder: str, message_id: str) -> bool:
        """Whether ``folder`` holds a message with this Message-ID header (the outbox's
        question after a crash: did the send go through?)."""
        previous = self._selected
        self._select(folder)
        try:
            found = self._call(lambda: self._client.search(["HEADER", "Message-ID", message_id]))
        finally:
            if previous is not None and previous != folder:
                self._select(previous)
        return bool(found)

    def move(
        self, message_id: str, sources: Sequence[str], target: str, *, wait: float = 0.0
    ) -> str | None:
        """File the copy of our letter ``message_id`` from the first of ``sources`` that
        holds it into ``target``, marked seen; look again for up to ``wait`` seconds while
        none has arrived. The folder it came from, or None. When ``target`` already has it
        (a copy appended earlier), the one found is removed rather than filed twice."""
        deadline = time.monotonic() + wait
        while True:
            for folder in sources:
                if folder == target:
                    continue
                uids = self._find(folder, message_id, writable=True)
                if uids:
                    self._file(folder, uids, message_id, target)
                    return folder
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            time.sleep(min(RECEIPT_POLL_SECONDS, left))

    def _find(self, folder: str, message_id: str, *, writable: bool = False) -> list[int]:
        self._select(folder, writable=writable)
        found = self._call(lambda: self._client.search(["HEADER", "Message-ID", message_id]))
        return sorted(int(u) for u in found)

    def _file(self, folder: str, uids: list[int], message_id: str, target: str) -> None:
        """``uids`` of ``folder`` are copies of one letter: one is filed, the rest go."""
        self._call(lambda: self._client.add_flags(uids, [b"\\Seen"], silent=True))
        filed_already = bool(self._find(target, message_id))
        self._select(folder, writable=True)
        if filed_already:
            self._remove(uids)
            return
        if self._move:
            self._call(lambda: self._client.move(uids[:1], target))
            self._remove(uids[1:])
        else:
            self._call(lambda: self._client.copy(uids[:1], target))
            self._remove(uids)

    def _remove(self, uids: list[int]) -> None:
        if not uids:
            return
        self._call(lambda: self._client.add_flags(uids, [b"\\Deleted"], silent=True))
        if self._uidplus:
            self._call(lambda: self._client.uid_expunge(uids))

    def append(self, folder: str, raw: bytes, *, seen: bool = True) -> None:
        flags = (b"\\Seen",) if seen else ()
        try:
            self._call(lambda: self._client.append(folder, raw, flags=flags))
        except OutsideFailure as e:
            if "TRYCREATE" in e.message.upper():
                raise NotFound(f"no folder {folder!r} on {self._where}") from None
            raise

    def idle(self, folder: str, seconds: float) -> bool:
        """Wait up to ``seconds`` for news in ``folder``; True when a message arrived."""
        self._select(folder)
        deadline = time.monotonic() + seconds
        if not self._idle:
            return self._poll(deadline)
        self._call(self._client.idle)
        arrived = False
        try:
            while not arrived:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                answers = self._call(partial(self._client.idle_check, timeout=left))
                arrived = _news(answers)
        finally:
            self._call(self._client.idle_done)
        return arrived

    def close(self) -> None:
        try:
            self._client.logout()
        except (imaplib.IMAP4.error, OSError):
            _discard(self._client)

    # -- inside --------------------------------------------------------------------------

    def _poll(self, deadline: float) -> bool:
        while True:
            _, answers = self._call(self._client.noop)
            if _news(answers):
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(self._poll_seconds, left))

    def _select(self, folder: str, *, writable: bool = False) -> dict[bytes, Any]:
        """Read-only (EXAMINE) unless ``writable``: reading never changes a flag."""
        try:
            info: dict[bytes, Any] = self._call(
                lambda: self._client.select_folder(folder, readonly=not writable)
            )
        except OutsideFailure as e:
            if "NONEXISTENT" in e.message.upper() or "DOESN'T EXIST" in e.message.upper():
                self._selected = None
                raise NotFound(f"no folder {folder!r} on {self._where}") from None
            raise
        self._selected = folder
        return info

    def _uidnext(self, folder: str) -> int:
        status = self._call(lambda: self._client.folder_status(folder, [b"UIDNEXT"]))
        return int(status[b"UIDNEXT"])

    def _call(self, action: Callable[[], _T]) -> _T:
        """Run one IMAP command, turning whatever goes wrong into one line."""
        try:
            return action()
        except imaplib.IMAP4.abort as e:
            raise OutsideFailure(
                f"{self._where} dropped the connection: {one_line(str(e))}"
            ) from None
        except imaplib.IMAP4.error as e:
            raise OutsideFailure(f"{self._where} refused: {one_line(str(e))}") from None
        except OSError as e:
            raise connection_failure(e, "IMAP", self._account.imap, self._timeout) from None

    def _open(self, password: str) -> IMAPClient:
        from imapclient import IMAPClient
        from imapclient.exceptions import LoginError

        endpoint = self._account.imap
        context = tls_context(self._account.ca_file)
        client: IMAPClient | None = None
        try:
            if endpoint.security == Security.TLS:
                client = IMAPClient(
                    endpoint.host, endpoint.port, ssl=True, ssl_context=context,
                    timeout=self._timeout,
                )  # fmt: skip
            else:
                client = IMAPClient(endpoint.host, endpoint.port, ssl=False, timeout=self._timeout)
                if not client.has_capability("STARTTLS"):
                    raise OutsideFailure(
                        f"{self._where} does not offer STARTTLS: the password would go in "
                        "clear, so we stopped (use implicit TLS, usually port 993)"
                    )
                client.starttls(context)
            client.login(self._account.username, password)
        except OutsideFailure:
            _discard(client)
            raise
        except LoginError as e:
            _discard(client)
            raise OutsideFailure(
                f"login refused by {self._where} for {self._account.username}: "
                f"{one_line(str(e))}; check the password"
            ) from None
        except imaplib.IMAP4.error as e:
            _discard(client)
            raise OutsideFailure(f"{self._where} refused the session: {one_line(str(e))}") from None
        except OSError as e:
            _discard(client)
            raise connection_failure(e, "IMAP", endpoint, self._timeout) from None
        return client


def _discard(client: IMAPClient | None) -> None:
    """Drop a half-made connection; after a failed TLS handshake its socket is gone."""
    if client is not None:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.shutdown()


def _body(data: dict[bytes, Any]) -> bytes:
    """The message bytes in a FETCH answer, whatever the server named the partial item
    (``BODY[]<0>``, or ``BODY[]`` when it was shorter than the cut)."""
    for key, value in data.items():
        if key.startswith(b"BODY[") and isinstance(value, bytes):
            return value
    return b""


def _news(answers: list[Any]) -> bool:
    """Whether untagged answers announce a message (``* n EXISTS`` / ``* n RECENT``)."""
    return any(
        isinstance(a, tuple) and len(a) >= 2 and a[1] in (b"EXISTS", b"RECENT") for a in answers
    )
