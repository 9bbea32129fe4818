"""Read models: ``today`` and ``plan`` as plain data, in the shape DESIGN section 5 gives.

The read side of the service layer (cosmicpython's CQRS chapter): a read needs none of the
domain's records, only the rows that every write keeps ready in the plan cache, so it builds
no dataclass and stays as cheap as the interpreter allows. What is derived here is derived
by the domain's own rules (``status.current_status``, the kinds' labels). The CLI's
``--json`` prints these; the web API will serve the same.

Callers make sure the cache is fresh first (``bootstrap.read_session``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup.domain import lapse
from followup.domain.date_range import clamp_instant
from followup.domain.errors import BadInput, NotFound
from followup.domain.kinds import ActionKind, Channel, EventKind, Status
from followup.domain.status import current_status

TYPE_CHECKING = False  # ``typing`` costs ~4 ms: annotations only
if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from followup.domain.read_rows import DueActionRow, EventRow, PlanActionRow
    from followup.services.ports import Views

DEFAULT_DAYS = 7
MAX_DAYS = 3660  # ten years: beyond any plan, and within what datetime arithmetic allows

Json = dict[str, object]

# Stored value -> the dash spelling people read and type.
_LABELS = {m.value: m.label for kind in (ActionKind, Channel, EventKind, Status) for m in kind}


def check_days(days: int) -> int:
    if not 0 <= days <= MAX_DAYS:
        raise BadInput(f"--days must be from 0 to {MAX_DAYS}, not {days}")
    return days


class _Times:
    """Stored UTC text -> ISO 8601 in the user's zone, each distinct instant once.

    Plans put many actions at the same 09:00 on the same few days; looking the text up is
    twice as fast as converting again.
    """

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.seen: dict[object, str] = {}

    def __call__(self, stored: object) -> str | None:
        if stored is None:
            return None
        text = self.seen.get(stored)
        if text is None:
            moment = _instant(str(stored))
            text = self.seen[stored] = moment.astimezone(self.zone).isoformat()
        return text


def _action(row: PlanActionRow | DueActionRow, times: _Times) -> Json:
    return {
        "id": row.id,
        "kind": _LABELS[row.kind],
        "application_id": row.application_id,
        "contact_id": row.contact_id,
        "channel": _LABELS[row.channel],
        "earliest": times(row.earliest),
        "due": times(row.due),
        "latest": times(row.latest),
        "why": row.why,
    }


def _today_action(row: DueActionRow, times: _Times) -> Json:
    """An action as ``today`` lists it: also whose application it is."""
    item = _action(row, times)
    item["company"] = row.company
    item["role"] = row.role
    return item


def today(views: Views, now: datetime, zone: ZoneInfo, days: int = DEFAULT_DAYS) -> Json:
    """Every application's actions due by ``now + days`` (overdue included), by due."""
    until = now + timedelta(days=check_days(days))
    times = _Times(zone)
    actions = [_today_action(row, times) for row in views.due_actions(until, now)]
    return {"actions": actions, "alerts": alerts(views)}


def alert_text(item_id: object, app_id: object, address: object) -> str:
    """What ``today`` and ``inbox review`` say about a bounce (one wording, one place)."""
    to = address or f"an address of application {app_id}"
    return (
        f"mail to {to} bounced (application {app_id}, inbox item {item_id}): "
        "check the address before writing again"
    )


def alerts(views: Views) -> list[Json]:
    """Bounces not yet confirmed or dismissed: the user must hear of them at once."""
    return [
        {
            "kind": "bounce",
            "item_id": r.item_id,
            "application_id": r.application_id,
            "address": r.address,
            "text": alert_text(r.item_id, r.application_id, r.address),
        }
        for r in views.alerts()
    ]


def plan(views: Views, app_id: int, now: datetime, zone: ZoneInfo) -> Json:
    """One application, its status at ``now``, what is left to do, and what happened."""
    app = views.application(app_id)
    if app is None:
        raise NotFound(f"no application with id {app_id}")
    times = _Times(zone)
    ended = app.first_interview_end
    interviewed = None if ended is None else _instant(ended)
    status = current_status(Status(app.base_status), interviewed, now)
    return {
        "application": {
            "id": app.id,
            "company": app.company,
            "role": app.role,
            "status": status.label,
        },
        "actions": [_action(row, times) for row in views.plan_actions(app_id, now)],
        "events": [_event(e, times) for e in views.events(app_id)],
    }


def _event(row: EventRow, times: _Times) -> Json:
    """An event as ``plan --json`` shows it; a snooze also says until when."""
    out: Json = {
        "id": row.id,
        "kind": _LABELS[row.kind],
        "at": times(row.at),
        "contact_id": row.contact_id,
        "on": row.on,
        "note": row.note,
    }
    if row.until is not None:
        out["until"] = times(row.until)
    return out


URGENCIES = ("overdue", "due", "upcoming", "lapsed")


def _lapsed(kind: str, latest: str, now: datetime) -> bool:
    """An overdue row whose moment is long gone (``domain.lapse``; the stage is not in the
    row, so only the time counts here)."""
    return lapse.lapsed(ActionKind(kind), _instant(latest), now, None)


def urgency(kind: str, due: str, latest: str | None, stamp: str, now: datetime) -> str:
    """Which of ``URGENCIES`` an action is in at ``now``, the way a person triages: *overdue*
    (the window has closed: its ``latest`` is past), *due* (due now, still in its window),
    *upcoming*, and *lapsed* (overdue so long that the page folds it away, ``domain.lapse``).

    The one place the rule is written. ``due``, ``latest`` and ``stamp`` (``now``) are in
    the ``Views`` text format, whose text order is time order; ``kind`` is stored spelling.
    """
    if latest is not None and latest < stamp:
        return "lapsed" if _lapsed(kind, latest, now) else "overdue"
    return "due" if due <= stamp else "upcoming"


def by_urgency(agenda: Json, now: datetime) -> dict[str, list[Json]]:
    """``today``'s actions split by ``urgency``."""
    groups: dict[str, list[Json]] = {name: [] for name in URGENCIES}
    actions = agenda["actions"]
    assert isinstance(actions, list)
    stamp = text_instant(now)
    for item in actions:
        latest = item["latest"]
        group = urgency(
            str(item["kind"]).replace("-", "_"),
            text_instant(datetime.fromisoformat(str(item["due"]))),
            None if latest is None else text_instant(datetime.fromisoformat(str(latest))),
            stamp,
            now,
        )
        groups[group].append(item)
    return groups


def today_groups(
    views: Views, now: datetime, zone: ZoneInfo, days: int = DEFAULT_DAYS, shown: int | None = None
) -> dict[str, tuple[int, list[Json]]]:
    """``by_urgency(today(...))`` for a page that shows the first ``shown`` of each group:
    every row is counted, only the shown ones are converted (a busy week is hundreds)."""
    return today_page(views, now, zone, days, shown)[0]


# How far past ``now`` ``today_page`` looks for the next change: the web page shows the
# minute, so it is drawn again within a minute anyway, and it never has to look further.
LOOKAHEAD = timedelta(minutes=1)


def today_page(
    views: Views, now: datetime, zone: ZoneInfo, days: int = DEFAULT_DAYS, shown: int | None = None
) -> tuple[dict[str, tuple[int, list[Json]]], datetime]:
    """``today_groups``, and the first instant (in UTC) after ``now``, at most ``LOOKAHEAD``
    later, at which they may differ: an action enters the window, falls due, closes (overdue) or
    expires. Until then the same groups are true, so a page drawn from them can be kept.

    The split compares the stored UTC text (the ``Views`` format, fixed width, so text
    order is time order) with ``now`` in the same format: no row is parsed to do it. The
    rows are read ``LOOKAHEAD`` beyond the window so the next one to enter it is known.
    """
    until = now + timedelta(days=check_days(days))
    stamp = text_instant(now)
    last = text_instant(until)
    # The first instant each kind of change happens; the stored text, parsed once at the end.
    enters: str | None = None  # the due of the first row beyond the window
    falls_due: str | None = None  # the earliest due among those not yet due
    closes: str | None = None  # the earliest latest among those not yet overdue
    expires: str | None = None  # the earliest expiry among those shown
    rows: dict[str, list[DueActionRow]] = {name: [] for name in URGENCIES}
    for row in views.due_actions(until + LOOKAHEAD, now):
        due = row.due
        if due > last:  # beyond the window: rows come by due, so this is the first
            enters = due
            break
        latest = row.latest
        group = urgency(row.kind, due, latest, stamp, now)
        rows[group].append(row)
        still_open = group in ("due", "upcoming") and latest is not None
        if still_open and (closes is None or str(latest) < closes):
            closes = latest
        if group == "upcoming" and falls_due is None:  # by due: the first is the earliest
            falls_due = due
        end = row.expires
        if end is not None and (expires is None or end < expires):
            expires = end
    changes = [now.astimezone(UTC) + LOOKAHEAD]
    if enters is not None:
        # The window is ``days`` on the wall clock: when a clock change falls between, the
        # row enters an hour off its due less ``days`` of elapsed time; the earlier of the two.
        entering = _instant(enters)
        changes.append(entering - timedelta(days=days))
        changes.append((entering.astimezone(now.tzinfo) - timedelta(days=days)).astimezone(UTC))
    if falls_due is not None:
        changes.append(_instant(falls_due))  # due <= now from then on
    if closes is not None:
        changes.append(_instant(closes) + timedelta(microseconds=1))  # latest < now from then
    if expires is not None:
        changes.append(_instant(expires))  # live while expires > now
    times = _Times(zone)
    out: dict[str, tuple[int, list[Json]]] = {}
    for name, found in rows.items():
        out[name] = (len(found), [_today_action(row, times) for row in found[:shown]])
    return out, min(c.astimezone(UTC) for c in changes)


def text_instant(moment: datetime) -> str:
    """An instant in the ``Views`` text format (UTC, microseconds, ``Z``), in which
    ``urgency`` compares."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _instant(text: str) -> datetime:
    """A stored instant ('Z' comes back as UTC), at the accepted range's edge if outside."""
    return clamp_instant(datetime.fromisoformat(text))
