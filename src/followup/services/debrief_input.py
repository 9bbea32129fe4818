"""A debrief as the user writes it (a TOML file) turned into a ``Debrief``, or refused.

Pure functions: the CLI reads the file and hands over its text, so the same rules serve a
file, stdin and, later, a web form. People are named as the user knows them (a contact's
name, any case, or its id) and stored by contact id, so a renamed contact keeps its debrief.
Every refusal is one ``BadInput`` line that names the file and the problem; nothing is
written, because nothing here can write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar

from followup.domain import limits, phrasing
from followup.domain.errors import BadInput, named, quoted
from followup.domain.model import Contact, Debrief, Interview, QuestionAnswer, Rapport
from followup.domain.names import refers_to
from followup.domain.phrasing import Role
from followup.domain.toml_depth import check_depth
from followup.services import inputs

RATING_MIN, RATING_MAX = 1, 5
# "Wednesday 30 September 2026" is 28 characters: a longer text is not a date, nor a
# rapport word, and is refused before ``inputs`` would quote all of it.
MAX_DATE_TEXT = 40

LIST_KEYS = ("strengths", "stumbles", "unaddressed", "cues")
KEYS = (
    "questions",
    *LIST_KEYS,
    "demeanour",
    "topics",
    "rapport",
    "next_steps",
    "decision_date",
)
QUESTION_KEYS = ("question", "answer", "confidence")

T = TypeVar("T")


def rating(value: object, what: str) -> int:
    """A 1-5 self-assessment; a bool is not a number here, although Python says it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{what} must be a whole number from 1 to 5, not {quoted(value)}")
    if not RATING_MIN <= value <= RATING_MAX:
        raise BadInput(f"{what} must be from 1 to 5, not {value}")
    return value


def person(key: str, people: Sequence[Contact], app_id: int) -> Contact:
    """The contact a name or an id stands for, among the application's people: the whole
    name in any case first, else the one person the words typed name (``names.refers_to``:
    "haddad", "Haddad, Leila", "dr haddad" for Dr. Leila Haddad)."""
    text = key.strip()
    by_name = [c for c in people if c.name.strip().casefold() == text.casefold()]
    if not by_name and text.isascii() and text.isdigit():
        for contact in people:
            if contact.id == int(text):
                return contact
    if not by_name:
        by_name = [c for c in people if refers_to(text, c.name)]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        who = ", ".join(f"{c.name} (#{c.id})" for c in by_name)
        raise BadInput(f"{quoted(text)} could be {who}; write the whole name or the contact id")
    raise BadInput(
        f"{quoted(text)} is not a contact of application {app_id}; "
        f"see `followup contact list {app_id}`"
    )


def parse_debrief(
    text: str, source: str, interview: Interview, people: Sequence[Contact]
) -> Debrief:
    """The debrief a TOML document describes; ``source`` names it in every error."""
    try:
        return _read(text, interview, people)
    except BadInput as exc:
        raise BadInput(f"{source}: {exc.message}") from None


def check_debrief(debrief: Debrief, interview: Interview, people: Sequence[Contact]) -> None:
    """What ``record_debrief`` insists on, whoever built the debrief (file, prompts, web):
    among it, that every strength, topic and open point can be carried by a letter's
    sentence (``phrasing``), so no draft is ever made from one that cannot."""
    names = {c.id: c.name for c in people}
    fitted = [("strengths", item, Role.STRENGTH) for item in debrief.strengths]
    fitted += [("unaddressed", item, Role.POINT) for item in debrief.unaddressed]
    fitted += [
        (f"topics of {names.get(cid, cid)}", item, Role.TOPIC)
        for cid, items in debrief.topics
        for item in items
    ]
    _check_lengths(debrief)
    if debrief.decision_date is not None:
        inputs.in_range(debrief.decision_date, "decision_date")
    for field, item, role in fitted:
        try:
            phrasing.shape(item, role)
        except phrasing.Unfit as exc:
            raise BadInput(f"{field}: {exc.message}") from None
    for qa in debrief.questions:
        inputs.text_value(qa.question, "a question")
        if qa.confidence is not None:
            rating(qa.confidence, f"confidence in the answer to {quoted(qa.question)}")
    if debrief.demeanour is not None:
        rating(debrief.demeanour, "demeanour")
    known = {c.id for c in people}
    for what, pairs in (("topics", debrief.topics), ("rapport", debrief.rapport)):
        ids = [contact_id for contact_id, _ in pairs]
        for contact_id in ids:
            if contact_id not in known:
                raise BadInput(
                    f"{what}: contact {contact_id} is not a contact of application "
                    f"{interview.application_id}"
                )
        if len(set(ids)) != len(ids):
            raise BadInput(f"{what} names someone twice")


def _check_lengths(debrief: Debrief) -> None:
    """Each item at most ``limits.DEBRIEF_ITEM_CHARS``, the next steps at most a note's
    length: far above what anyone writes, so only a stray paste is refused."""
    items = [("strengths", s) for s in debrief.strengths]
    items += [("stumbles", s) for s in debrief.stumbles]
    items += [("unaddressed", s) for s in debrief.unaddressed]
    items += [("cues", s) for s in debrief.cues]
    items += [("topics", s) for _, topics in debrief.topics for s in topics]
    items += [("a question", qa.question) for qa in debrief.questions]
    items += [("an answer", qa.answer) for qa in debrief.questions]
    for what, item in items:
        if len(item) > limits.DEBRIEF_ITEM_CHARS:
            raise BadInput(
                f"{what}: an item must be at most {limits.DEBRIEF_ITEM_CHARS} characters, "
                f"not {len(item)}"
            )
    inputs.optional_text(debrief.next_steps, "next_steps", limits.DEBRIEF_TEXT_CHARS)


def _read(text: str, interview: Interview, people: Sequence[Contact]) -> Debrief:
    import tomllib  # only when a file is read: not on any hot path

    check_depth(text)  # before tomllib, which recurses once per level (toml_depth.py)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"invalid TOML ({exc})") from None
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise BadInput("a number too long to read") from None
    except RecursionError:  # check_depth makes this unreachable; a second line of defence
        raise BadInput("nested too deeply to read") from None
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise BadInput(f"unknown key {quoted(unknown[0])}; the keys are: {', '.join(KEYS)}")
    lists = {key: _strings(data.get(key, []), key) for key in LIST_KEYS}
    demeanour = data.get("demeanour")
    debrief = Debrief(
        questions=_questions(data.get("questions", [])),
        strengths=lists["strengths"],
        stumbles=lists["stumbles"],
        demeanour=None if demeanour is None else rating(demeanour, "demeanour"),
        topics=_topics(data.get("topics", {}), interview, people),
        unaddressed=lists["unaddressed"],
        cues=lists["cues"],
        rapport=_rapport(data.get("rapport", {}), interview, people),
        next_steps=_optional_string(data.get("next_steps"), "next_steps"),
        decision_date=_date(data.get("decision_date")),
    )
    check_debrief(debrief, interview, people)
    return debrief


def _strings(value: object, what: str) -> tuple[str, ...]:
    """A list of texts, each stripped; blank items are dropped, anything else refused."""
    if not isinstance(value, list):
        raise BadInput(f'{what} must be a list of strings, e.g. {what} = ["..."]')
    items: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise BadInput(f"{what} must be a list of strings, not one holding {quoted(item)}")
        if item.strip():
            items.append(item.strip())
    return tuple(items)


def _optional_string(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"{what} must be a string, not {quoted(value)}")
    return inputs.optional_text(value)


def _questions(value: object) -> tuple[QuestionAnswer, ...]:
    if not isinstance(value, list) or not all(isinstance(q, dict) for q in value):
        raise BadInput("questions must be [[questions]] tables with question, answer, confidence")
    asked: list[QuestionAnswer] = []
    for number, table in enumerate(value, start=1):
        what = f"questions #{number}"
        unknown = [k for k in table if k not in QUESTION_KEYS]
        if unknown:
            raise BadInput(
                f"{what}: unknown key {quoted(unknown[0])}; "
                f"the keys are: {', '.join(QUESTION_KEYS)}"
            )
        question = table.get("question")
        if not isinstance(question, str) or not question.strip():
            raise BadInput(f'{what} needs question = "..." (the question you were asked)')
        confidence = table.get("confidence")
        asked.append(
            QuestionAnswer(
                question=question.strip(),
                answer=_optional_string(table.get("answer"), f"{what} answer") or "",
                confidence=None if confidence is None else rating(confidence, f"{what} confidence"),
            )
        )
    return tuple(asked)


def _topics(
    value: object, interview: Interview, people: Sequence[Contact]
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise BadInput('topics must be a table: [topics] then "Name" = ["topic", ...]')
    pairs = [
        (
            person(key, people, interview.application_id).id,
            _strings(items, f"topics of {named(key)}"),
        )
        for key, items in value.items()
    ]
    return _once(pairs, "topics", people)


def _rapport(
    value: object, interview: Interview, people: Sequence[Contact]
) -> tuple[tuple[int, Rapport], ...]:
    """One word for every interviewer of the round, or a table of name -> word."""
    if isinstance(value, str):
        if not interview.interviewer_ids:
            raise BadInput(
                f"rapport = {quoted(value)} is for the interviewers of interview {interview.id}, "
                'and it has none; use a table: [rapport] then "Name" = "good"'
            )
        word = _rapport_word(value, "rapport")
        return tuple((contact_id, word) for contact_id in interview.interviewer_ids)
    if not isinstance(value, dict):
        raise BadInput('rapport must be "good", "neutral" or "poor", or a table of name -> one')
    pairs = [
        (
            person(key, people, interview.application_id).id,
            _rapport_word(word, f"rapport {named(key)}"),
        )
        for key, word in value.items()
    ]
    return _once(pairs, "rapport", people)


def _rapport_word(value: object, what: str) -> Rapport:
    # inputs.choice quotes the text whole: a long one is refused here, quoted short.
    if not isinstance(value, str) or len(value) > MAX_DATE_TEXT:
        raise BadInput(f'{what} must be "good", "neutral" or "poor", not {quoted(value)}')
    return inputs.choice(Rapport, value, what)


def _once(
    pairs: Iterable[tuple[int, T]], what: str, people: Sequence[Contact]
) -> tuple[tuple[int, T], ...]:
    """Refuse one person named twice (by name and by id, say): which entry would count?"""
    seen: set[int] = set()
    kept: list[tuple[int, T]] = []
    for contact_id, item in pairs:
        if contact_id in seen:
            name = next(c.name for c in people if c.id == contact_id)
            raise BadInput(f"{what} names {name} twice")
        seen.add(contact_id)
        kept.append((contact_id, item))
    return tuple(kept)


def _date(value: object) -> date | None:
    """A TOML date, or a string as ``--on`` takes it; a date with a time is not a day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        raise BadInput(f"decision_date must be a date without a time, not {value.isoformat()}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if len(value) > MAX_DATE_TEXT:  # not a date, and too long to quote in the refusal
            raise BadInput(f"decision_date must be a date such as 2026-12-04, not {quoted(value)}")
        return inputs.parse_date(value, "decision_date")
    raise BadInput(f"decision_date must be a date such as 2026-12-04, not {quoted(value)}")


def from_form(form: Mapping[str, str], interview: Interview, people: Sequence[Contact]) -> Debrief:
    """The debrief a web form describes: the same fields and the same checks as the file.

    A form has no lists, so a list field holds one item per line, and a question is a line
    ``question | answer | confidence`` (the last two optional). Per person: ``topics_ID``
    (one per line) and ``rapport_ID`` (good, neutral, poor or empty) for a contact id ID.
    """
    asked: list[QuestionAnswer] = []
    for number, line in enumerate(_lines(form.get("questions", "")), start=1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > len(QUESTION_KEYS):
            raise BadInput(f"questions line {number}: write question | answer | confidence")
        confidence = parts[2] if len(parts) > 2 and parts[2] else None
        sure = f"questions line {number} confidence"
        asked.append(
            QuestionAnswer(
                question=inputs.text_value(parts[0], f"questions line {number}"),
                answer=parts[1] if len(parts) > 1 else "",
                confidence=None if confidence is None else rating(_whole(confidence, sure), sure),
            )
        )
    demeanour = (form.get("demeanour") or "").strip()
    topics: list[tuple[int, tuple[str, ...]]] = []
    rapport: list[tuple[int, Rapport]] = []
    for contact in people:
        items = tuple(_lines(form.get(f"topics_{contact.id}", "")))
        if items:
            topics.append((contact.id, items))
        word = (form.get(f"rapport_{contact.id}") or "").strip()
        if word:
            rapport.append((contact.id, _rapport_word(word, f"rapport with {contact.name}")))
    decided = (form.get("decision_date") or "").strip()
    debrief = Debrief(
        questions=tuple(asked),
        strengths=tuple(_lines(form.get("strengths", ""))),
        stumbles=tuple(_lines(form.get("stumbles", ""))),
        demeanour=rating(_whole(demeanour, "demeanour"), "demeanour") if demeanour else None,
        topics=tuple(topics),
        unaddressed=tuple(_lines(form.get("unaddressed", ""))),
        cues=tuple(_lines(form.get("cues", ""))),
        rapport=tuple(rapport),
        next_steps=inputs.optional_text(form.get("next_steps")),
        decision_date=inputs.parse_date(decided, "decision_date") if decided else None,
    )
    check_debrief(debrief, interview, people)
    return debrief


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _whole(text: str, what: str) -> int:
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 3:
        raise BadInput(f"{what} must be a whole number from 1 to 5, not {quoted(text)}")
    return int(raw)
