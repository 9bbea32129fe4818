"""Each record's public JSON, built here once for the CLI's ``--json`` and the ``/api``.

The keys are the interface scripts rely on (docs/cli.md, docs/web.md): both entrances call
these functions, so they cannot drift apart again, and a test holds their answers equal.
One rule for values: kinds use the dash spelling a person types (``thank-you``), missing
values are ``null``, days are ISO 8601 dates, and every instant is ISO 8601 with the offset
of the user's zone (``services.profile.display_zone``: the profile's zone, UTC before there
is a profile). ``plan`` and ``today`` come from the read model in ``services.read_models``.
"""

from __future__ import annotations

from datetime import date, datetime

# typing costs ~4 ms to import: the CLI's hot path keeps it to annotations.
TYPE_CHECKING = False

if TYPE_CHECKING:  # annotations only: keep the hot path's imports to what it runs
    from collections.abc import Sequence
    from zoneinfo import ZoneInfo

    from followup.domain.digest import Digest, DigestAction
    from followup.domain.documents import Attachment, Document, SentAttachment
    from followup.domain.inbox import InboxItem
    from followup.domain.mail import Endpoint, MailAccount
    from followup.domain.messages import Message
    from followup.domain.model import (
        Application,
        Contact,
        Debrief,
        Event,
        Interview,
        Profile,
    )
    from followup.domain.review import Finding
    from followup.services.applications import ApplicationDetail, ApplicationSummary
    from followup.services.debriefs import DebriefSubject
    from followup.services.digest import State as DigestState
    from followup.services.inbox import Alert, FolderReport

Json = dict[str, object]


def instant(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """An instant on the user's clock, with its offset; ``None`` stays ``None``."""
    return None if moment is None else moment.astimezone(zone).isoformat()


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def event(e: Event, zone: ZoneInfo) -> Json:
    return {
        "id": e.id,
        "kind": e.kind.label,
        "at": instant(e.at, zone),
        "contact_id": e.contact_id,
        "on": day(e.on),
        "note": e.note,
    }


def recorded_event(e: Event, zone: ZoneInfo) -> Json:
    """An event just logged: also which application and which action it settles (and, for
    a snooze, until when)."""
    out = {**event(e, zone), "application_id": e.application_id, "action_id": e.action_id}
    if e.until is not None:
        out["until"] = instant(e.until, zone)
    return out


def application(a: Application, zone: ZoneInfo) -> Json:
    return {
        "id": a.id,
        "company": a.company,
        "role": a.role,
        "agency": a.agency,
        "url": a.url,
        "source": a.source,
        "notes": a.notes,
        "created_at": instant(a.created_at, zone),
    }


def contact(c: Contact) -> Json:
    return {
        "id": c.id,
        "application_id": c.application_id,
        "name": c.name,
        "email": c.email,
        "phone": c.phone,
        "linkedin": c.linkedin,
        "role": c.role.label,
        "timezone": c.timezone,
        "cadence_days": c.cadence_days,
        "prefers": c.prefers.label if c.prefers else None,
        "rapport": c.rapport.label if c.rapport else None,
        "title": c.title,
        "greet": c.greet,
    }


def interview(i: Interview, zone: ZoneInfo) -> Json:
    return {
        "id": i.id,
        "application_id": i.application_id,
        "start": instant(i.start, zone),
        "end": instant(i.end, zone),
        "minutes": i.minutes,
        "format": i.format.label,
        "interviewer_ids": list(i.interviewer_ids),
        "cancelled": i.cancelled,
    }


def document(d: Document, zone: ZoneInfo) -> Json:
    """A document kept for an application (issue 18); ``sha256`` names its content, so
    two documents with the same one are the same bytes."""
    return {
        "id": d.id,
        "application_id": d.application_id,
        "name": d.name,
        "kind": d.kind.label,
        "media_type": d.media_type,
        "size": d.size,
        "sha256": d.sha256,
        "note": d.note,
        "added_at": instant(d.added_at, zone),
    }


def attachment(a: Attachment) -> Json:
    """A document as a letter carries it: what it was when attached; ``document_id`` is
    null once the document itself was removed."""
    return {
        "document_id": a.document_id,
        "name": a.name,
        "media_type": a.media_type,
        "size": a.size,
        "sha256": a.sha256,
    }


def sent_attachment(s: SentAttachment, zone: ZoneInfo) -> Json:
    return {
        "message_id": s.message_id,
        "sent_at": instant(s.sent_at, zone),
        "to": s.to,
        **attachment(s.attachment),
    }


def profile(p: Profile) -> Json:
    return {
        "name": p.name,
        "email": p.email,
        "phone": p.phone,
        "timezone": p.timezone,
        "country": p.country,
        "signature": p.signature,
        "hours": p.hours.label(),
        "formal": p.formal,
    }


def summary(r: ApplicationSummary, zone: ZoneInfo) -> Json:
    """An application in a list: the record, its status and when its next action is due."""
    return {
        **application(r.application, zone),
        "status": r.status.label,
        "next_due": instant(r.next_due, zone),
    }


def summaries(rows: list[ApplicationSummary], zone: ZoneInfo) -> Json:
    return {"applications": [summary(r, zone) for r in rows]}


def detail(d: ApplicationDetail, zone: ZoneInfo) -> Json:
    return {
        "application": {**application(d.application, zone), "status": d.status.label},
        "contacts": [contact(c) for c in d.contacts],
        "interviews": [interview(i, zone) for i in d.interviews],
        "events": [event(e, zone) for e in d.events],
        "documents": [document(doc, zone) for doc in d.documents],
        "sent_documents": [sent_attachment(s, zone) for s in d.sent_documents],
    }


def message(m: Message, zone: ZoneInfo, note: str | None = None) -> Json:
    """A letter in the outbox or just sent. ``attempts`` (the CLI had it) and ``note`` (the
    API had it: a warning worth a line, such as no Sent copy) are both kept."""
    return {
        "id": m.id,
        "application_id": m.application_id,
        "kind": m.kind.value,
        "to": m.to,
        "subject": m.subject,
        "status": m.status.value,
        "message_id": m.message_id,
        "send_at": instant(m.send_at, zone),
        "sent_at": instant(m.sent_at, zone),
        "attempts": m.attempts,
        "last_error": m.last_error,
        "note": note,
    }


def writer(m: Message) -> Json:
    """Who wrote the letter (``template``, or ``model:NAME`` when the user's language model
    did and the guard passed it), why a model's letter was refused (``refused``), and, when
    a model was asked, what that took (``model``: seconds, tokens in and out, tries)."""
    facts = m.facts_dict()
    out: Json = {"writer": str(facts.get("writer") or "template")}
    refused = facts.get("refused")
    if isinstance(refused, list) and refused:
        out["refused"] = [str(r) for r in refused]
    if "model_seconds" in facts:
        tokens = facts.get("model_tokens")
        given, taken = tokens if isinstance(tokens, list) and len(tokens) == 2 else (None, None)
        out["model"] = {
            "seconds": facts.get("model_seconds"),
            "input_tokens": given,
            "output_tokens": taken,
            "tries": facts.get("model_tries"),
        }
    return out


def written_by(m: Message) -> str | None:
    """Which writer's letter this is, what the model took, and why its letter was refused,
    as a sentence (the CLI prints it under the letter, the Draft page above it); nothing
    for a draft no model was asked for."""
    said = writer(m)
    used = said.get("model")
    if not isinstance(used, dict):
        return None
    tokens = ""
    if used.get("input_tokens") is not None or used.get("output_tokens") is not None:
        tokens = f", {used.get('input_tokens')} tokens in, {used.get('output_tokens')} out"
    tries = used.get("tries")
    cost = f"{used.get('seconds')} s{tokens}, {tries} {'try' if tries == 1 else 'tries'}"
    if said["writer"] != "template":
        return f"Written by {said['writer']} ({cost}); checked against your record."
    refused = said.get("refused")
    reasons = "; ".join(str(r) for r in refused) if isinstance(refused, list) else "no letter"
    return f"Written by the template ({cost}): the model's letter was not used: {reasons}."


def draft(
    m: Message,
    review: tuple[str, Sequence[Finding]] | None = None,
    subject: str | None = None,
    body: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> Json:
    """A draft, and with ``review`` its review: ``text`` is the letter as reviewed (subject
    line and body, ``drafting.letter_text``), the text the ``findings``' offsets count in.
    ``subject`` and ``body`` stand for an edit reviewed without being saved."""
    out: Json = {
        "id": m.id,
        "application_id": m.application_id,
        "kind": m.kind.value,
        "contact_id": m.contact_id,
        "to": m.to,
        "subject": m.subject if subject is None else subject,
        "body": m.body if body is None else body,
        "status": m.status.value,
        "action_id": m.action_id,
        "attachments": [attachment(a) for a in attachments],
        **writer(m),
    }
    if review is not None:
        text, findings = review
        out["text"] = text
        out["findings"] = [f.as_dict() for f in findings]
    return out


def inbox_item(item: InboxItem, zone: ZoneInfo) -> Json:
    return {
        "id": item.id,
        "application_id": item.application_id,
        "contact_id": item.contact_id,
        "strength": item.strength.value,
        "match": item.match_reason,
        "from": item.from_address,
        "from_name": item.from_name,
        "subject": item.subject,
        "received": instant(item.date, zone),
        "kind": item.kind.replace("_", "-"),
        "date": day(item.on),
        "confidence": round(item.confidence, 2),
        "reasons": list(item.reasons),
        "status": item.status.value,
        "event_id": item.event_id,
        "bounced": item.bounced,
    }


def alert(a: Alert) -> Json:
    return {"item_id": a.item.id, "text": a.text}


def folder(f: FolderReport) -> Json:
    return {
        "name": f.name,
        "skipped": f.skipped,
        "reset": f.reset,
        "fetched": f.fetched,
        "matched": f.matched,
    }


def mail_account(a: MailAccount) -> Json:
    """The account as ``followup mail show --json`` prints it: never a password."""
    return {
        "address": a.address,
        "username": a.username,
        "smtp": endpoint(a.smtp),
        "imap": endpoint(a.imap),
        "ca_file": a.ca_file,
        "sent_folder": a.sent_folder,
        "junk_folder": a.junk_folder,
        "provider_files_sent": a.provider_files_sent,
        "bcc_self": a.bcc_self,
        "receipts": a.receipts,
        "receipt_seen": a.receipt_seen,
        "receipt_grace_seconds": a.receipt_grace_seconds,
    }


def endpoint(e: Endpoint) -> Json:
    return {"host": e.host, "port": e.port, "security": e.security.value}


def drafts(
    found: Sequence[Message],
    reviewed: Sequence[tuple[str, Sequence[Finding]]] | None,
    attached: Sequence[Sequence[Attachment]] | None = None,
) -> Json:
    """Drafts as ``{"messages": [...]}``; ``reviewed``: each draft's review (its text and
    findings), carried as ``"findings"``; ``attached``: each draft's attachments."""
    return {
        "messages": [
            draft(
                m,
                None if reviewed is None else reviewed[i],
                attachments=() if attached is None else attached[i],
            )
            for i, m in enumerate(found)
        ]
    }


def debrief(subject: DebriefSubject, d: Debrief) -> Json:
    """People by id and by name (the debrief stores ids, so a renamed contact reads right);
    every key is there for every debrief, empty parts included."""
    interview = subject.interview
    return {
        "interview_id": interview.id,
        "application_id": interview.application_id,
        "questions": [
            {"question": q.question, "answer": q.answer, "confidence": q.confidence}
            for q in d.questions
        ],
        "strengths": list(d.strengths),
        "stumbles": list(d.stumbles),
        "demeanour": d.demeanour,
        "topics": [
            {"contact_id": cid, "name": subject.name(cid), "topics": list(topics)}
            for cid, topics in d.topics
        ],
        "unaddressed": list(d.unaddressed),
        "cues": list(d.cues),
        "rapport": [
            {"contact_id": cid, "name": subject.name(cid), "rapport": rapport.label}
            for cid, rapport in d.rapport
        ],
        "next_steps": d.next_steps,
        "decision_date": day(d.decision_date),
    }


def digest_state(found: DigestState) -> Json:
    """``digest show --json``: how the digest is set, and what became of today's."""
    day = found.day
    return {
        "at": None if found.setting.at is None else f"{found.setting.at:%H:%M}",
        "port": found.setting.port,
        "links": f"{found.setting.base_url}/",
        "due": found.due,
        "next_at": _iso(found.next_at),
        "today_status": None if day is None else day.status.value,
        "today_sent_at": None if day is None else _iso(day.sent_at),
    }


def digest_preview(note: Digest, found: DigestState) -> Json:
    """``digest preview --json``: what today's note would say, and the state beside it."""
    from followup.domain import digest as rules

    return {
        "day": note.day.isoformat(),
        "empty": note.empty,
        "subject": None if note.empty else rules.subject(note),
        "body": None if note.empty else rules.body(note),
        "overdue": [digest_action(a, note.zone) for a in note.overdue],
        "today": [digest_action(a, note.zone) for a in note.today],
        "drafts": [
            {
                "id": d.message_id,
                "kind": d.kind.value,
                "application_id": d.application_id,
                "company": d.company,
                "to": d.to,
                "subject": d.subject,
            }
            for d in note.drafts
        ],
        **digest_state(found),
    }


def digest_action(item: DigestAction, zone: ZoneInfo) -> Json:
    return {
        "id": item.action_id,
        "kind": item.kind.label,
        "channel": item.channel.label,
        "application_id": item.application_id,
        "company": item.company,
        "role": item.role,
        "contact": item.contact_name,
        "due": item.due.astimezone(zone).isoformat(),
        "latest": item.latest.astimezone(zone).isoformat(),
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
