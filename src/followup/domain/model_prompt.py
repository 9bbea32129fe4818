"""What a language model is told when it drafts a letter: the facts, and nothing else.

The prompt is the same fact set a template renders (``drafting.gather``), named in words a
model follows, with the kind's purpose from the playbook (DESIGN section 3), the channel's
limits, the tone the profile asks for, and the template's own letters as examples of style.
The user's private notes never reach it: no field of the record is sent that a template
could not print (``model_guard.FACT_KEYS`` less the debrief items as typed).

Pure: the service hands the prompt to whichever model the user chose (``LetterModel``), and
``model_guard`` holds the answer to the same facts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from followup.domain import review_rules

# What each kind of letter is for (the playbook's rules, DESIGN section 3).
PURPOSES: dict[str, str] = {
    "thank-you": "thank the recipient for the interview within a day or two, recall what "
    "you discussed with them, make the case for your fit with your strength, and say you "
    "are interested",
    "status-inquiry": "ask politely, about a week after the thank-you (or after the date "
    "they gave has passed), whether there is news on the role and its timing; restate "
    "your interest",
    "follow-up": "follow up once more on an unanswered application, briefly and without "
    "pressure, restating your interest",
    "phone-follow-up": "a script for a short phone call asking about next steps and "
    "timing, with a voicemail of about 75 words",
    "phone-script": "a script for a short phone call asking about next steps and timing, "
    "with a voicemail of about 75 words",
    "additional-info": "send the additional information below, promptly and briefly",
    "reply-to-update": "answer their news (an invitation, a request or a date) promptly "
    "and positively",
    "linkedin-note": "a LinkedIn connection request that keeps in touch after the interview",
    "reply-to-rejection": "thank them graciously for letting you know and for their time, "
    "and keep the door open",
    "feedback-request": "ask politely for brief feedback on your interview",
    "offer-acknowledgement": "thank them for the offer and say when you will answer",
    "acceptance": "accept the offer in writing, restating the terms below",
    "negotiation": "thank them for the offer and ask, politely, for the change below",
    "decline": "decline the offer graciously, thanking them",
    "closing-note": "close the application politely after no answer, keeping the door open",
}

# How each fact is named to the model, in the order it reads them.
_LABELS: tuple[tuple[str, str], ...] = (
    ("recipient_name", "Recipient"),
    ("greeting", "Greeting to use"),
    ("company", "Company"),
    ("role", "Role applied for"),
    ("agency", "Recruitment agency"),
    ("interview_day", "Day of the interview"),
    ("when_met", "When you met, as said on the day the letter is sent"),
    ("round_word", "Interview round"),
    ("topic", "What you discussed with the recipient"),
    ("strength", "Your strength that fits the role"),
    ("strength_clause", "The same strength, as a sentence"),
    ("point", "A point the interview left open"),
    ("timeline", "The decision date they gave"),
    ("deadline", "The offer's deadline"),
    ("detail", "The additional information to send"),
    ("terms", "The offer's terms"),
    ("ask", "What you ask for"),
    ("ask_verb", "What you ask to be possible"),
    ("reason", "Why you decline"),
    ("sender_name", "Your name"),
    ("sender_email", "Your email"),
    ("sender_phone", "Your phone"),
    ("callee_phone", "The recipient's phone"),
    ("signature", "Your signature"),
)


_SITUATIONS = {
    "met": "they interviewed you",
    "ai": "they arranged your automated (recorded) interview; you did not talk with them",
    "arranged": "they arranged your interview but were not in it",
}
_NEWS = {
    "next_round": "an invitation to a next round",
    "info_request": "a request for information",
    "timeline": "a date for their decision",
    "reply": "a reply",
}
_PHONE_KINDS = frozenset({"phone-script", "phone-follow-up"})


@dataclass(frozen=True)
class Prompt:
    """The system prompt (the rules) and the user prompt (this letter's facts)."""

    system: str
    text: str


@dataclass(frozen=True)
class Answer:
    """What a model wrote, how long it took and what it cost (tokens, where it says)."""

    text: str
    seconds: float
    input_tokens: int | None = None
    output_tokens: int | None = None


def build(
    kind: str,
    facts: Mapping[str, object],
    examples: Sequence[str] = (),
    *,
    feedback: str | None = None,
) -> Prompt:
    """The prompt for one letter of ``kind`` (a ``MessageKind`` value) from ``facts``;
    ``examples`` are template letters for style; ``feedback`` the guard's objections to a
    first try."""
    formal = bool(facts.get("formal"))
    tone = "formal and courteous" if formal else "warm, plain and professional"
    rules = [
        "You write one short letter for a job seeker, in their voice (first person), in English.",
        "Use ONLY the facts given. Never add a name, company, place, product, technology, "
        "number, date or claim that is not in the facts. If a fact is not given, leave it "
        "out; never write a placeholder such as [Name] or XX.",
        f"Tone: {tone}. No flattery, no pressure, no exclamation marks.",
        _format(kind, facts),
    ]
    lines = [f"Kind of letter: {kind}", f"Purpose: {PURPOSES.get(kind, kind)}.", "", "Facts:"]
    situation = _SITUATIONS.get(str(facts.get("situation")))
    if situation and facts.get("recipient_name"):
        lines.append(f"- How you know the recipient: {situation}")
    news = _NEWS.get(str(facts.get("update")))
    if news and kind == "reply-to-update":
        lines.append(f"- Their news: {news}")
    for key, label in _LABELS:
        value = facts.get(key)
        if key == "callee_phone" and kind not in _PHONE_KINDS:
            continue  # their number is for a call script only: no model needs it otherwise
        if value:
            lines.append(f"- {label}: {value}")
    for example in examples[:2]:
        lines += ["", "An example of the style (other wording is welcome):", example.strip()]
    if feedback:
        lines += ["", feedback]
    lines += ["", "Write the letter now."]
    return Prompt(system="\n".join(rules), text="\n".join(lines))


def _format(kind: str, facts: Mapping[str, object]) -> str:
    """The channel's shape and limits."""
    if kind == "linkedin-note":
        return (
            "Format: one paragraph of at most "
            f"{review_rules.LINKEDIN_WARNING} characters (never more than "
            f"{review_rules.LINKEDIN_ERROR}), starting 'Hi <first name>,' and ending with "
            "your name. No subject line."
        )
    if kind in _PHONE_KINDS:
        return "Format: points to speak from, then a voicemail of about 75 words."
    limit = review_rules.word_limit(kind)
    greeting = facts.get("greeting") or "Hello,"
    return (
        "Format: the first line is 'Subject: ...', then a blank line, then the letter: "
        f"'{greeting}' on its own line, short paragraphs, at most {limit} words, then a "
        "closing such as 'Best regards,' with your name and your email or phone on the "
        "lines below it."
    )
