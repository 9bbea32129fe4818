"""The morning digest (issue 15), pure: which day it is for, when it is due, and its words.

A digest is a short note the worker mails the user, once a day at a time they chose: what
is overdue, what is due today, which drafts are ready to send. Nothing here reads the clock
or a database: ``now`` and the rows are parameters, so the day boundary (on the user's own
clock, across a change to or from summer time) and the text are tested without either.

Which rows count is decided in ``services.digest`` with the triage rule every other view
uses (``services.read_models.urgency``); this module is handed the rows already sorted into
their groups.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from followup.domain import timewords
from followup.domain.errors import BadInput
from followup.domain.kinds import ActionKind, Channel, words
from followup.domain.messages import MessageKind
from followup.domain.timewords import FALLBACK_LOCALE, count_words

# A group lists this many and counts the rest: a note read over breakfast, not the whole
# Today page (a week away can leave a hundred things due).
LISTED = 10
DEFAULT_PORT = 8765  # ``followup serve``'s default: the links' port unless told otherwise
LOCAL_HOST = "127.0.0.1"


@dataclass(frozen=True)
class DigestSetting:
    """When the digest goes (``at`` on the user's clock; None: off) and the port of the
    local web app its links point at (the worker cannot know which port ``serve`` uses)."""

    at: time | None = None
    port: int = DEFAULT_PORT

    @property
    def base_url(self) -> str:
        return f"http://{LOCAL_HOST}:{self.port}"


class DayStatus(enum.StrEnum):
    """What became of one day's digest, as recorded in the database.

    ``sending`` is committed *before* the server hears of the letter and is final unless the
    send is known to have failed before the server could have it (then ``failed``, which the
    next pass may try again). So a crash, or a connection lost after the letter went, leaves
    ``sending`` and that day gets no second digest: at most once, never twice.
    """

    SENDING = "sending"
    SENT = "sent"
    EMPTY = "empty"  # looked at the chosen time and there was nothing to say
    FAILED = "failed"  # refused before the server could have it: may be tried again


@dataclass(frozen=True)
class DigestDay:
    day: date  # on the user's clock
    status: DayStatus
    marked_at: datetime  # when the day was claimed (or found empty)
    sent_at: datetime | None = None
    message_id: str | None = None
    items: int = 0
    last_error: str | None = None


# --- the clock: which day, and when in it ---------------------------------------------------
def parse_at(text: str) -> time:
    """``07:30`` (or ``7:30``) as a time of day; ``BadInput`` for anything else."""
    found = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if found is None or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise BadInput(
            f"--at {text!r} is not a time of day; give hours and minutes on your clock, "
            "such as 07:30"
        )
    return time(int(found.group(1)), int(found.group(2)))


def local_day(now: datetime, zone: ZoneInfo) -> date:
    """The day it is for the user at ``now``: a day is theirs, not UTC's."""
    return now.astimezone(zone).date()


def moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant ``at`` falls on ``day`` on the user's clock, in UTC.

    On the day the clocks go forward, a time in the skipped hour (02:30 in a zone that jumps
    from 02:00 to 03:00) becomes the same span after the last valid minute, so 03:30: the
    day still gets its digest. On the day they go back, a time that happens twice is taken
    the first time (``fold=0``), once.
    """
    wall = datetime.combine(day, at, tzinfo=zone)
    return wall.astimezone(UTC)


def is_due(now: datetime, setting: DigestSetting, zone: ZoneInfo, record: DigestDay | None) -> bool:
    """Whether today's digest should go at ``now``: it is on, its time has come today on
    the user's clock, and nothing is recorded for today but a send that failed before the
    server could have it. ``record`` is what the store holds for ``local_day(now)``.

    A worker started after the chosen time still sends that day's digest (late is better
    than never); a day that has passed is never made up for.
    """
    if setting.at is None:
        return False
    day = local_day(now, zone)
    if record is not None and record.day == day and record.status is not DayStatus.FAILED:
        return False
    return now >= moment(day, setting.at, zone)


# --- what it says ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DigestAction:
    """A planned action, as the digest mentions it."""

    action_id: str
    kind: ActionKind
    channel: Channel
    application_id: int
    company: str
    role: str
    contact_name: str | None
    due: datetime
    latest: datetime


@dataclass(frozen=True)
class DigestDraft:
    """A draft ready to send: mailed, addressed, for an action still planned (or none)."""

    message_id: int
    kind: MessageKind
    application_id: int
    company: str
    to: str  # who it is for: the contact's name, else the address
    subject: str
    action_id: str | None = None  # the planned action it answers, if any


@dataclass(frozen=True)
class Digest:
    day: date
    now: datetime
    zone: ZoneInfo
    name: str  # the user's given name, as the note greets them ("" when unknown)
    base_url: str  # http://127.0.0.1:8765, without a trailing slash
    overdue: tuple[DigestAction, ...] = ()
    today: tuple[DigestAction, ...] = ()
    drafts: tuple[DigestDraft, ...] = ()
    locale: str = FALLBACK_LOCALE  # the user's English, for dates (``timewords.locale_for``)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.today or self.drafts)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.drafts)


# What to do, as a sentence starts: {who} is the contact, or the fallback after it.
_TODO: dict[ActionKind, tuple[str, str]] = {
    ActionKind.ASK_NEXT_STEPS: ("ask {who} about the next steps", "the interviewer"),
    ActionKind.DEBRIEF: ("write down how the interview went", ""),
    ActionKind.THANK_YOU: ("thank {who}", "your interviewer"),
    ActionKind.FIND_CONTACT: ("find someone to write to", ""),
    ActionKind.STATUS_INQUIRY: ("ask {who} for an update", "your contact"),
    ActionKind.FOLLOW_UP: ("follow up with {who}", "your contact"),
    ActionKind.PHONE_FOLLOW_UP: ("call {who}", "your contact"),
    ActionKind.MOVE_ON: ("send {who} a closing note and move on", "your contact"),
    ActionKind.SEND_ADDITIONAL_INFO: ("send {who} the detail you offered", "your contact"),
    ActionKind.RESPOND_TO_UPDATE: ("answer {who}'s news", "your contact"),
    ActionKind.LINKEDIN_CONNECT: ("connect with {who} on LinkedIn", "your interviewer"),
    ActionKind.REPLY_TO_REJECTION: ("reply graciously to {who}", "your contact"),
    ActionKind.REQUEST_FEEDBACK: ("ask {who} for feedback", "your contact"),
    ActionKind.ACKNOWLEDGE_OFFER: ("acknowledge the offer to {who}", "your contact"),
    ActionKind.DECIDE_OFFER: ("decide on the offer and tell {who}", "your contact"),
}

_CHANNEL: dict[Channel, str] = {
    Channel.EMAIL: " by email",
    Channel.PHONE: " by phone",
    Channel.LINKEDIN: "",  # the verb says LinkedIn already
    Channel.NONE: "",
}


def day_words(day: date, today: date, locale: str = FALLBACK_LOCALE) -> str:
    """``today``, ``yesterday``, ``tomorrow``, else the date in the user's own English
    (``Monday 16 November``, ``Monday, November 16``: ``timewords``), with the year when
    it is not this one: what a person would say."""
    offset = (day - today).days
    if offset == 0:
        return "today"
    if offset == -1:
        return "yesterday"
    if offset == 1:
        return "tomorrow"
    said = timewords.day_words(day, locale)
    return said if day.year == today.year else f"{said} {day.year}"


def _when(instant: datetime, digest: Digest) -> str:
    local = instant.astimezone(digest.zone)
    day = day_words(local.date(), digest.day, digest.locale)
    return f"{day} at {local:%H:%M}"


def _what(item: DigestAction) -> str:
    template, fallback = _TODO[item.kind]
    todo = template.format(who=item.contact_name or fallback)
    role = f"the {item.role} role at {item.company}"
    return f"{todo[:1].upper()}{todo[1:]}{_CHANNEL[item.channel]}, for {role}"


def _overdue_line(item: DigestAction, digest: Digest) -> str:
    closed = ""
    if item.latest > item.due:
        closed = f"; the window closed {_when(item.latest, digest)}"
    return f"{_what(item)}. It was due {_when(item.due, digest)}{closed}."


def _today_line(item: DigestAction, digest: Digest) -> str:
    local_due = item.due.astimezone(digest.zone)
    if local_due.date() == digest.day:
        when = f"Due at {local_due:%H:%M}"
    else:
        when = f"Due since {_when(item.due, digest)}"
    return f"{_what(item)}. {when}, and still fine until {_when(item.latest, digest)}."


def _draft_line(draft: DigestDraft) -> str:
    what = words(draft.kind.value)
    return f'Your {what[:1].lower()}{what[1:]} to {draft.to} at {draft.company}: "{draft.subject}".'


def _count(n: int, one: str, many: str) -> str:
    """Small numbers spelt out, as a note says them: "two things are overdue"."""
    return f"{count_words(n)} {one if n == 1 else many}"


def subject(digest: Digest) -> str:
    """One line the inbox shows: the day and the counts, nothing private beyond them."""
    parts = []
    if digest.overdue:
        parts.append(f"{len(digest.overdue)} overdue")
    if digest.today:
        parts.append(f"{len(digest.today)} for today")
    if digest.drafts:
        parts.append(f"{len(digest.drafts)} draft{'s' if len(digest.drafts) > 1 else ''} ready")
    return f"Your follow-ups for {timewords.day_words(digest.day, digest.locale)}: " + (
        ", ".join(parts)
    )


def body(digest: Digest) -> str:
    """The note: a greeting, then each group with a link to its page, then where the rest
    is. Plain text, short lines, written to be read aloud."""
    hour = digest.now.astimezone(digest.zone).hour
    hello = "Good morning" if hour < 12 else "Hello"
    greeting = f"{hello}, {digest.name}." if digest.name else f"{hello}."
    lines = [greeting, "", *_wrap(_summary(digest), "", "")]
    # An action whose letter is drafted links to the draft, which is said once, there.
    drafted = {d.action_id: d for d in digest.drafts if d.action_id is not None}
    shown: set[int] = set()
    for title, items, line in (
        ("Overdue, but still worth doing:", digest.overdue, _overdue_line),
        ("For today:", digest.today, _today_line),
    ):
        if not items:
            continue
        lines += ["", title]
        for item in items[:LISTED]:
            draft = drafted.get(item.action_id)
            if draft is None:
                lines += _bullet(line(item, digest), _app_link(digest, item))
            else:
                shown.add(draft.message_id)
                text = f"{line(item, digest)} Your draft is ready to send."
                lines += _bullet(text, _draft_link(digest, draft))
        lines += _more(len(items), digest)
    rest = [d for d in digest.drafts if d.message_id not in shown]
    if rest:
        lines += ["", "Other drafts ready to send:" if shown else "Drafts ready to send:"]
        for draft in rest[:LISTED]:
            lines += _bullet(_draft_line(draft), _draft_link(digest, draft))
        lines += _more(len(rest), digest)
    lines += ["", *_wrap(f"Everything else is on your Today page: {digest.base_url}/", "", "")]
    lines += _wrap(
        "The links open the followup web app on this computer; if they do not, start it "
        "with `followup serve`.",
        "",
        "",
    )
    lines += ["", "followup"]
    return "\n".join(lines) + "\n"


def _more(count: int, digest: Digest) -> list[str]:
    if count <= LISTED:
        return []
    return [f"  • and {count - LISTED} more, on your Today page: {digest.base_url}/"]


def _summary(digest: Digest) -> str:
    said = []
    if digest.overdue:
        said.append(_count(len(digest.overdue), "thing is overdue", "things are overdue"))
    if digest.today:
        said.append(_count(len(digest.today), "thing is due today", "things are due today"))
    if digest.drafts:
        said.append(
            _count(len(digest.drafts), "draft is ready to send", "drafts are ready to send")
        )
    if len(said) > 1:
        joined = f"{', '.join(said[:-1])} and {said[-1]}"
    else:
        joined = said[0] if said else "nothing needs you"
    return f"Here is your day: {joined}."


def _bullet(text: str, link: str) -> list[str]:
    return [*_wrap(text, "  • ", "    "), f"    {link}"]


def _app_link(digest: Digest, item: DigestAction) -> str:
    return f"{digest.base_url}/applications/{item.application_id}"


def _draft_link(digest: Digest, draft: DigestDraft) -> str:
    return f"{digest.base_url}/drafts/{draft.message_id}"


def _wrap(text: str, first: str, rest: str, width: int = 76) -> list[str]:
    import textwrap

    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,  # a long address stays whole, so it can still be clicked
    )
