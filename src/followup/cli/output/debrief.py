"""How ``followup debrief show`` prints a debrief for a person (its JSON is
``services.records.debrief``).

People appear by name (the debrief stores contact ids, so a renamed contact reads right).
Empty parts of a debrief are left out of the text, never of the JSON, whose keys are the
same for every debrief.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from followup.cli.output import times
from followup.domain.model import Debrief
from followup.services.debriefs import DebriefSubject


def lines(subject: DebriefSubject, debrief: Debrief, now: datetime, zone: ZoneInfo) -> list[str]:
    interview, app = subject.interview, subject.application
    when = times.day_and_time(interview.start, now, zone)
    out = [f"Debrief of interview {interview.id} · {app.company} · {app.role} · {when}"]
    if debrief.questions:
        out.append("Questions:")
        for number, qa in enumerate(debrief.questions, start=1):
            confidence = f"  (confidence {qa.confidence}/5)" if qa.confidence else ""
            out.append(f"  {number}. {qa.question}{confidence}")
            if qa.answer:
                out.append(f"     Answer: {qa.answer}")
    out += _items("Strengths", debrief.strengths)
    out += _items("Stumbles", debrief.stumbles)
    if debrief.demeanour is not None:
        out.append(f"Demeanour: {debrief.demeanour}/5")
    if debrief.topics:
        out.append("Topics:")
        out += [f"  {subject.name(cid)}: {'; '.join(ts)}" for cid, ts in debrief.topics if ts]
    out += _items("Left unaddressed", debrief.unaddressed)
    out += _items("Cues", debrief.cues)
    if debrief.rapport:
        out.append("Rapport:")
        out += [f"  {subject.name(cid)}: {r.label}" for cid, r in debrief.rapport]
    if debrief.next_steps:
        out.append(f"Next steps: {debrief.next_steps}")
    if debrief.decision_date:
        out.append(f"Decision date: {times.date_label(debrief.decision_date, now, zone)}")
    if len(out) == 1:
        out.append(f"(empty: fill it in with `followup debrief {interview.id}`)")
    return out


def _items(title: str, items: tuple[str, ...]) -> list[str]:
    return [f"{title}:", *(f"  - {item}" for item in items)] if items else []
