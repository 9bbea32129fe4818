"""The outbox's rules, pure: what may be sent, when, in which thread, and what it records.

Sending talks to servers (``services.outbox``); deciding whether a letter may go does not,
so it lives here where it can be tested with hypothesis and no clock: the pushiness guard
(P9), header values that could smuggle in headers of their own, the thread a follow-up joins,
the event a sent letter leaves on the timeline, and what an interrupted send means given
the evidence found (``settlement``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from followup.domain.errors import BadInput, Conflict
from followup.domain.kinds import INBOUND_EVENTS, UNSOLICITED_SENT_EVENTS, EventKind
from followup.domain.mail import MailAccount
from followup.domain.messages import Message, MessageKind, MessageStatus
from followup.domain.model import History

# Letters nobody asked for: the ones P9 spaces out (the phone script is not mailed).
UNSOLICITED_MESSAGES = frozenset(
    {
        MessageKind.THANK_YOU,
        MessageKind.STATUS_INQUIRY,
        MessageKind.FOLLOW_UP,
        MessageKind.CLOSING_NOTE,
    }
)

# Kinds that are not emails: a call script is read aloud, a LinkedIn note is pasted there.
NOT_MAILED = frozenset({MessageKind.PHONE_SCRIPT, MessageKind.LINKEDIN_NOTE})

# The event a sent letter records, so the planner moves on exactly as ``followup done``
# would have made it. Kinds not listed record a note (the letter answers something already
# on the timeline; the planner needs nothing new from it).
SENT_EVENT: dict[MessageKind, EventKind] = {
    MessageKind.THANK_YOU: EventKind.THANK_YOU_SENT,
    MessageKind.STATUS_INQUIRY: EventKind.FOLLOW_UP_SENT,
    MessageKind.FOLLOW_UP: EventKind.FOLLOW_UP_SENT,
    MessageKind.FEEDBACK_REQUEST: EventKind.FEEDBACK_REQUESTED,
    MessageKind.CLOSING_NOTE: EventKind.CLOSED,
    MessageKind.ACCEPTANCE: EventKind.ACCEPTED,
    MessageKind.DECLINE: EventKind.DECLINED,
}


def sent_event_kind(kind: MessageKind, action_id: str | None) -> EventKind:
    """What sending a letter of ``kind`` records; a planned action with no event of its own
    is marked done (``action_done``), anything else leaves a note."""
    if kind in SENT_EVENT:
        return SENT_EVENT[kind]
    return EventKind.NOTE if action_id is None else EventKind.ACTION_DONE


def check_header(name: str, value: str) -> str:
    """``value`` unchanged, or ``BadInput`` when it holds a line break (or another control
    character a header must not carry): ``Subject: hi\\r\\nBcc: x`` would add a recipient."""
    bad = next((c for c in value if c in "\r\n\0" or c in _CONTROLS), None)
    if bad is not None:
        raise BadInput(
            f"the {name} holds a line break or control character ({bad!r}); "
            "a header must be one line: edit the draft or the record and try again"
        )
    return value


# C0 controls and DEL, except horizontal tab, which folding may legitimately produce.
_CONTROLS = frozenset(chr(c) for c in (*range(0x20), 0x7F)) - {"\t"}


@dataclass(frozen=True)
class Crowding:
    """Why a letter would break P9: the earlier unsolicited letter and when P9 allows one."""

    previous: datetime
    allowed_from: datetime
    kind: EventKind


def pushiness(
    history: History, kind: MessageKind, at: datetime, min_gap_days: int
) -> Crowding | None:
    """P9: no two unsolicited letters to one employer within ``min_gap_days``.

    The thank-yous of one round count as one letter (a second interviewer's note the same
    evening is not crowding). An interview or anything the employer said resets the clock:
    only letters after the latest such moment (up to ``at``) count.
    """
    if kind not in UNSOLICITED_MESSAGES:
        return None
    resets = [i.start for i in history.interviews if i.start <= at]
    resets += [e.at for e in history.events if e.kind in INBOUND_EVENTS and e.at <= at]
    since = max(resets, default=None)
    latest_round = max((i.start for i in history.interviews if i.start <= at), default=None)
    counted = [
        e
        for e in history.events
        if e.kind in UNSOLICITED_SENT_EVENTS
        and e.at <= at
        and (since is None or e.at >= since)
        and not _same_round_thanks(kind, e.kind, e.at, latest_round)
    ]
    if not counted:
        return None
    last = max(counted, key=lambda e: (e.at, e.id))
    allowed = last.at + timedelta(days=min_gap_days)
    if at >= allowed:
        return None
    return Crowding(previous=last.at, allowed_from=allowed, kind=last.kind)


def _same_round_thanks(
    kind: MessageKind, earlier: EventKind, earlier_at: datetime, latest_round: datetime | None
) -> bool:
    return (
        kind is MessageKind.THANK_YOU
        and earlier is EventKind.THANK_YOU_SENT
        and latest_round is not None
        and earlier_at >= latest_round
    )


def may_send(message: Message) -> None:
    """``Conflict`` (exit status 2) when the message's state forbids a new send.

    Sent is final; ``sending`` belongs to a send in progress or one to be settled first;
    ``unsettled`` needs the user's word (``--force`` resends, ``outbox settle`` decides).
    """
    if message.kind in NOT_MAILED:
        raise BadInput(f"message {message.id} is a {message.kind.value}, not an email")
    if message.status is MessageStatus.SENT:
        when = f" on {message.sent_at:%Y-%m-%d %H:%M %Z}" if message.sent_at else ""
        raise Conflict(f"message {message.id} was already sent{when}; nothing to do")
    if message.status is MessageStatus.SENDING:
        raise Conflict(
            f"message {message.id} is being sent (or was interrupted); run `followup worker "
            "--once` to settle it first"
        )


def thread_of(message: Message, others: Iterable[Message]) -> tuple[str | None, tuple[str, ...]]:
    """In-Reply-To and References for ``message``: the earlier sent letters of the same
    application to the same address, oldest first (RFC 5322 section 3.6.4)."""
    if message.to is None:
        return None, ()
    address = message.to.strip().lower()
    earlier = sorted(
        (
            m
            for m in others
            if m.id != message.id
            and m.application_id == message.application_id
            and m.status is MessageStatus.SENT
            and m.message_id
            and (m.to or "").strip().lower() == address
        ),
        key=lambda m: (m.sent_at or m.created_at, m.id),
    )
    refs = tuple(m.message_id for m in earlier if m.message_id)
    return (refs[-1] if refs else None), refs


# --- evidence: the envelope that asks for a receipt, and what an interrupted send means ---
def envelope(to: str, account: MailAccount) -> tuple[list[str], bool]:
    """The envelope's recipients, and whether they ask the server for a receipt.

    With receipts on, the user's own address is added to the envelope only (RCPT TO, never
    a ``Bcc`` header: the recipient's copy is byte for byte the letter). A letter to oneself
    needs none: its own copy lands in the user's INBOX, and stays there to be read.
    """
    recipient = to.strip()
    own = account.address.strip()
    if account.receipts and recipient.lower() != own.lower():
        return [recipient, own], True
    return [recipient], False


class Verdict(enum.Enum):
    SENT = "sent"  # evidence found: it went, at its Date
    SAFE = "safe"  # the server cannot have it, or its copy would be here by now: send again
    WAIT = "wait"  # handed over moments ago: its copy may still be on the way
    ASK = "ask"  # handed over whole and nothing can tell: the user's word, "sent" by default
    KEEP = "keep"  # unsettled and still no evidence: the question stands


@dataclass(frozen=True)
class Settlement:
    verdict: Verdict
    reason: str  # one line for the outbox listing (for ASK, the question itself)


def settlement(
    message: Message, account: MailAccount, *, found: str | None, now: datetime
) -> Settlement:
    """What a letter left ``sending`` (or ``unsettled``) is, given where its Message-ID was
    found (``found``: a folder, or None) at ``now``. The table in docs/mail.md, in code."""
    if found is not None:
        return Settlement(Verdict.SENT, f"settled: found in your {found} folder")
    if message.status is MessageStatus.UNSETTLED:
        return Settlement(Verdict.KEEP, message.last_error or "")
    if message.message_id is None or not message.handed_over:
        return Settlement(
            Verdict.SAFE,
            "interrupted before the whole letter was handed over: your server cannot have "
            "it; safe to send again",
        )
    went = message.sent_at
    grace = timedelta(seconds=account.receipt_grace_seconds)
    if went is not None and now - went < grace:
        return Settlement(
            Verdict.WAIT,
            f"handed over whole {_span(now - went)} ago: waiting up to {_span(grace)} for "
            "your server's copy before deciding; never sent again meanwhile",
        )
    if account.provider_files_sent:
        return Settlement(
            Verdict.SAFE,
            "handed over, but your provider never filed it in Sent: it did not take it; "
            "safe to send again",
        )
    if message.receipt_asked and account.receipt_seen:
        return Settlement(
            Verdict.SAFE,
            "handed over, but your server's copy to you never came (copies have come before): "
            "it did not take it; safe to send again",
        )
    return Settlement(Verdict.ASK, question(message, now))


def _span(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds} s" if seconds < 120 else f"{seconds // 60} min"


def question(message: Message, now: datetime) -> str:
    """The truth about a letter nothing can settle: handed over whole, so very probably
    taken; what would tell (never the Sent folder, which followup fills only once it knows);
    and the answer to give unless the user knows better. Times on ``now``'s clock."""
    went = message.sent_at.astimezone(now.tzinfo) if message.sent_at else None
    when = f" on {went:%Y-%m-%d %H:%M %Z}" if went else ""
    if message.receipt_asked:
        evidence = (
            "your server's copy to you has not come, but none ever has yet, so that proves nothing"
        )
    else:
        evidence = "no receipt was asked for: receipts are off for this account"
    return (
        f"the whole letter was handed over to your server{when} and followup never heard its "
        f"answer: it very probably went ({evidence}). A reply from "
        f"{message.to or 'the recipient'} would tell; your Sent folder would not (followup "
        f"files it there only once it knows). Unless you know it did not go, answer "
        f"`followup outbox settle {message.id} --sent`; if it did not, `--unsent`"
    )
