"""The project's own proofreading rules: what no spelling, grammar or style library checks.

Pure (no I/O): a letter in, ``Finding`` values out, each over a precise span of the text and,
where one exists, with the fix as ``suggestion``. The rules (docs/review.md lists them):

- placeholder: a blank left in (``[Company Name]``, ``{first_name}``, ``<Hiring Manager>``,
  ``XX``, ``TBD``, Lorem ipsum) — error;
- tone: pushy or demanding (``ASAP``, "I need an answer", deadlines imposed on the employer),
  desperate ("I would do anything"), too casual (chat-speak, "hey", a lower-case greeting),
  shouting (capitals that are not acronyms or known words, "!!", many exclamation marks);
- length: words per kind, LinkedIn's characters, very long sentences;
- structure: a greeting by name, thanks in a thank-you, interest restated, a sign-off with
  the sender's name and an email or phone, a subject line for an email.

Names of people, companies and products never make a clean letter fail: a word in capitals
that is a known word (``known_words``) or a common acronym is not shouting, and no rule here
judges the spelling of a word.

``kind`` is the planner's action kind (``thank_you``, ``linkedin_connect`` ...; dashes and the
message template names such as ``linkedin-note`` are accepted too) or None: without a kind
only the rules that fit every letter run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from followup.domain.review import Category, Finding, Severity

PLACEHOLDER = Category.PLACEHOLDER
TONE = Category.TONE
LENGTH = Category.LENGTH
STRUCTURE = Category.STRUCTURE
ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO

# Common acronyms in job-search letters: in capitals they are not shouting.
_ACRONYM_TEXT = """
    OKR OKRS KPI KPIS SQL NOSQL AWS GCP API APIS CEO CTO CFO COO CIO CPO CMO VP SVP EVP HR IT
    UX UI QA ML AI NLP LLM BI ETL ELT SRE SAAS PAAS IAAS B2B B2C CRM ERP SEO SEM PPC ROI P&L
    MBA PHD MSC BSC BA MA CPA CFA PMP CSM SAFE SCRUM USA UK EU US UAE NYC EMEA APAC LATAM GDPR
    HIPAA SOC ISO PCI CI CD DEVOPS MLOPS REST HTTP HTTPS JSON XML HTML CSS PHP JVM GPU CPU IOS
    IDE SDK OSS CDN DNS TCP IP VPN SLA SLO SLI MVP POC RFP RFC FAQ PDF CV ASAP EOD EOW PST EST
    CET GMT UTC BST CEST IPO GTM ARR MRR NPS CAC LTV YOY QOQ Q1 Q2 Q3 Q4 NASA NATO NHS BBC IBM
    SAP AMD NVIDIA HSBC KPMG PWC EY LLC LTD INC PLC GMBH RSVP PS PPS
"""
ACRONYMS = frozenset(_ACRONYM_TEXT.split())

# Kinds (after normalising): the planner's action kinds and the message template names.
_ALIASES = {
    "thank_you": "thank_you",
    "status_inquiry": "status_inquiry",
    "follow_up": "follow_up",
    "phone_follow_up": "phone_follow_up",
    "phone_script": "phone_follow_up",
    "linkedin_connect": "linkedin_connect",
    "linkedin_note": "linkedin_connect",
}
_WORD_LIMITS = {"thank_you": 200, "status_inquiry": 150, "follow_up": 150}
WORD_LIMIT_OTHER = 300
LINKEDIN_ERROR = 300
LINKEDIN_WARNING = 200
LONG_SENTENCE = 35  # words
_NOT_EMAIL = frozenset({"linkedin_connect", "phone_follow_up"})
_INTEREST_KINDS = frozenset({"thank_you", "status_inquiry", "follow_up"})


def normal_kind(kind: str | None) -> str | None:
    """``thank-you`` / ``Thank_You`` / ``linkedin-note`` -> the rules' key (or the input)."""
    if kind is None:
        return None
    key = kind.strip().lower().replace("-", "_")
    return _ALIASES.get(key, key)


def check(
    text: str,
    *,
    kind: str | None,
    known_words: frozenset[str],
    sender: tuple[str, str | None, str | None] | None = None,
) -> list[Finding]:
    """Every finding of the own rules over ``text`` (unordered; see ``review.ordered``)."""
    key = normal_kind(kind)
    known = frozenset(w.upper() for w in known_words for w in _words_of(w))
    parts = _Parts.of(text)
    found: list[Finding] = []
    found += _placeholders(text)
    found += _patterns(text, _PUSHY)
    found += _patterns(text, _DESPERATE)
    found += _patterns(text, _CASUAL)
    found += _greeting_tone(text, parts)
    found += _shouting(text, known)
    found += _exclamations(text)
    found += _long_sentences(text, parts)
    if key is not None:
        found += _length(text, parts, key)
        found += _structure(text, parts, key, sender)
    return found


def _words_of(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9&]+", text)


# --- the parts of a letter --------------------------------------------------------------------
class _Parts:
    """Where the subject line, the body and the greeting line are (offsets into the text)."""

    __slots__ = ("body_start", "greeting", "subject")

    def __init__(
        self, subject: re.Match[str] | None, body_start: int, greeting: re.Match[str] | None
    ):
        self.subject = subject
        self.body_start = body_start
        self.greeting = greeting

    @classmethod
    def of(cls, text: str) -> _Parts:
        subject = re.match(r"\s*(Subject:[^\n]*)", text, re.IGNORECASE)
        body_start = subject.end() if subject else 0
        line = re.compile(r"[ \t]*(\S[^\n]*)").search(text, body_start)
        return cls(subject, body_start, line)


# --- placeholders -----------------------------------------------------------------------------
_PLACEHOLDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\[[^\]\n]{1,40}\]"), "a placeholder in brackets"),
    (re.compile(r"\{\{?\s*[A-Za-z_][\w .]{0,30}\}\}?"), "a template field left in"),
    (re.compile(r"<\s*[A-Za-z][A-Za-z _-]{1,30}>"), "a placeholder in angle brackets"),
    (re.compile(r"\b[Xx]{2,}\b"), "XX stands for something not filled in"),
    (re.compile(r"\b(?:TBD|TBC|TBA)\b"), "to be decided: fill it in"),
    (re.compile(r"\bLorem(?:\s+ipsum)?\b", re.IGNORECASE), "filler text (Lorem ipsum)"),
)


def _placeholders(text: str) -> Iterator[Finding]:
    taken: list[tuple[int, int]] = []
    for pattern, what in _PLACEHOLDERS:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            yield Finding(
                PLACEHOLDER,
                ERROR,
                f"{what}: {m.group(0)!r} must be replaced before sending",
                m.start(),
                m.end(),
                "replace it with the real text",
            )


# --- phrases: pushy, desperate, casual --------------------------------------------------------
_Rule = tuple[re.Pattern[str], Severity, str, str | None]


def _rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today)"
_PUSHY: tuple[_Rule, ...] = (
    (
        _rx(r"\bASAP\b", 0),
        ERROR,
        "ASAP is demanding: the employer sets the pace",
        "when you have a moment",
    ),
    (
        _rx(r"\bas soon as possible\b"),
        WARNING,
        "'as soon as possible' presses the employer",
        "when you have a moment",
    ),
    (
        _rx(
            r"\bI (?:need|demand|expect|require) (?:an? |your )?"
            r"(?:answer|response|reply|decision|update)\b"
        ),
        ERROR,
        "demanding an answer sounds pushy",
        "I would be grateful for an update",
    ),
    (
        _rx(
            r"\b(?:respond|reply|answer|get back to me|let me know)\b"
            r"(?: to (?:me|this))?(?:,? (?:please|at the latest))? "
            r"(?:by|before|no later than|within) "
            rf"(?:{_DAYS}|\d+ ?(?:hours|days)|\d)"
        ),
        WARNING,
        "a deadline imposed on the employer sounds demanding",
        "I would be grateful to hear when you have an update",
    ),
    (
        _rx(r"\b(?:by|before) (?:the )?(?:end of (?:the )?(?:day|week|business)|EOD|EOW|COB)\b"),
        WARNING,
        "a deadline imposed on the employer sounds demanding",
        None,
    ),
    (
        _rx(r"\bwithin (?:the next )?(?:24|48|72) hours\b"),
        WARNING,
        "a deadline imposed on the employer sounds demanding",
        None,
    ),
    (
        _rx(
            r"\bI(?: have|'ve) (?:already )?(?:emailed|e-mailed|written to|called|contacted"
            r"|messaged|reached out to) you "
            r"(?:\w+ times|several times|multiple times|repeatedly|again and again)"
        ),
        WARNING,
        "counting your messages reads as a complaint",
        "I wanted to follow up on my earlier note",
    ),
    (
        _rx(
            r"\bthis is my (?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) "
            r"(?:email|message|attempt|note)\b"
        ),
        WARNING,
        "counting your messages reads as a complaint",
        "I wanted to follow up on my earlier note",
    ),
    (
        _rx(r"\b(?:I am|I'm) still waiting\b|\bstill waiting\b"),
        WARNING,
        "'still waiting' sounds impatient",
        "I would be glad of any update",
    ),
    (
        _rx(
            r"\b(?:why (?:haven't|have not) you|you (?:haven't|have not|never) "
            r"(?:replied|responded|answered|got back))\b"
        ),
        WARNING,
        "reproaching the employer for not replying sounds pushy",
        "I understand you are busy",
    ),
)
_DESPERATE: tuple[_Rule, ...] = (
    (
        _rx(r"\bI(?: would|'d) do anything\b"),
        WARNING,
        "'I would do anything' sounds desperate",
        "I am very keen on the role",
    ),
    (_rx(r"\bplease,? please\b"), WARNING, "'please, please' sounds desperate", "please"),
    (
        _rx(r"\bI (?:really |badly |desperately )?need this (?:job|role|position)\b"),
        WARNING,
        "saying you need the job sounds desperate",
        "I am very keen on this role",
    ),
    (
        _rx(r"\b(?:I am|I'm) (?:so |really )?desperate\b|\bI(?: am|'m)? beg(?:ging)?(?: you)?\b"),
        WARNING,
        "this sounds desperate",
        "I am very keen on the role",
    ),
    (
        _rx(r"\b(?:my last|my only) (?:chance|hope)\b"),
        WARNING,
        "this sounds desperate",
        None,
    ),
)
_CHAT = {
    "thx": "thanks",
    "thnx": "thanks",
    "tnx": "thanks",
    "ty": "thank you",
    "lol": None,
    "lmao": None,
    "omg": None,
    "u": "you",
    "ur": "your",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "have to",
    "kinda": "somewhat",
    "sorta": "somewhat",
    "btw": "by the way",
    "pls": "please",
    "plz": "please",
    "tbh": None,
    "imo": "I think",
    "cya": None,
    "yeah": "yes",
    "yep": "yes",
    "nope": "no",
    "cuz": "because",
    "coz": "because",
    "dunno": "do not know",
}
_CASUAL: tuple[_Rule, ...] = tuple(
    (
        re.compile(
            rf"(?<![\w'-])(?:{re.escape(word)})(?![\w'-]|\.\w)",
            re.IGNORECASE if len(word) > 2 else 0,
        ),
        WARNING,
        f"{word!r} is too casual for a letter to an employer",
        fix,
    )
    for word, fix in _CHAT.items()
)


def _patterns(text: str, rules: tuple[_Rule, ...]) -> Iterator[Finding]:
    for pattern, severity, message, fix in rules:
        for m in pattern.finditer(text):
            yield Finding(TONE, severity, message, m.start(), m.end(), fix)


# --- greeting: casual or lower case -----------------------------------------------------------
_GREETING_WORD = re.compile(
    r"(dear|hi|hello|hey|good (?:morning|afternoon|evening))\b", re.IGNORECASE
)


def _greeting_tone(text: str, parts: _Parts) -> Iterator[Finding]:
    line = parts.greeting
    if line is None:
        return
    m = _GREETING_WORD.match(text, line.start(1))
    if m is None:
        return
    word = m.group(1)
    if word.lower() == "hey":
        yield Finding(
            TONE, WARNING, "'Hey' is too casual to open a letter", m.start(), m.end(), "Hi"
        )
    elif word[0].islower():
        yield Finding(
            TONE,
            WARNING,
            "a greeting starts with a capital letter",
            m.start(),
            m.end(),
            word[0].upper() + word[1:],
        )


# --- shouting ---------------------------------------------------------------------------------
_CAPS = re.compile(r"(?<![\w@./-])[A-Z][A-Z&']{2,}(?![\w@-])")


def _shouting(text: str, known: frozenset[str]) -> Iterator[Finding]:
    for m in _CAPS.finditer(text):
        word = m.group(0).rstrip("'")
        bare = word.removesuffix("'S").removesuffix("S") if word.endswith("S") else word
        if word in ACRONYMS or bare in ACRONYMS or word in known or bare in known:
            continue
        if re.fullmatch(r"X+|TBD|TBC|TBA", word):  # placeholders, reported as such
            continue
        yield Finding(
            TONE,
            WARNING,
            f"{word} in capitals reads as shouting",
            m.start(),
            m.start() + len(word),
            word.capitalize(),
        )


def _exclamations(text: str) -> Iterator[Finding]:
    runs = list(re.finditer(r"!{2,}", text))
    for m in runs:
        yield Finding(
            TONE,
            WARNING,
            "more than one exclamation mark reads as shouting",
            m.start(),
            m.end(),
            ".",
        )
    singles = list(re.finditer(r"(?<!!)!(?!!)", text))
    if len(singles) + len(runs) > 2 and singles:
        third = singles[min(len(singles) - 1, max(0, 2 - len(runs)))]
        yield Finding(
            TONE,
            WARNING,
            f"{len(singles) + len(runs)} exclamations in one letter is too many; keep one at most",
            third.start(),
            third.end(),
            ".",
        )


# --- length -----------------------------------------------------------------------------------
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)


def _long_sentences(text: str, parts: _Parts) -> Iterator[Finding]:
    for m in _SENTENCE.finditer(text, parts.body_start):
        count = len(re.findall(r"[\w'\u2019-]+", m.group(0)))
        if count > LONG_SENTENCE:
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            yield Finding(
                LENGTH,
                WARNING,
                f"a sentence of {count} words is hard to read; keep under {LONG_SENTENCE}",
                start,
                m.end(),
                "split it in two",
            )


def _length(text: str, parts: _Parts, key: str) -> Iterator[Finding]:
    body = text[parts.body_start :].strip()
    if key == "linkedin_connect":
        n = len(body)
        if n > LINKEDIN_ERROR:
            yield Finding(
                LENGTH,
                ERROR,
                f"{n} characters: LinkedIn takes at most {LINKEDIN_ERROR}",
                0,
                0,
                f"cut it to under {LINKEDIN_WARNING} characters",
            )
        elif n > LINKEDIN_WARNING:
            yield Finding(
                LENGTH,
                WARNING,
                f"{n} characters: a LinkedIn note reads best under {LINKEDIN_WARNING}",
                0,
                0,
                f"cut it to under {LINKEDIN_WARNING} characters",
            )
        return
    if key == "phone_follow_up":
        return
    limit = _WORD_LIMITS.get(key, WORD_LIMIT_OTHER)
    words = len(re.findall(r"[\w'\u2019-]+", body))
    if words > limit:
        yield Finding(
            LENGTH,
            WARNING,
            f"{words} words: keep a {key.replace('_', '-')} letter to about {limit}",
            0,
            0,
            f"cut it to about {limit} words",
        )


# --- structure --------------------------------------------------------------------------------
_GENERIC = re.compile(
    r"(?:to whom it may concern|dear (?:sir|madam|sirs)(?:\s*(?:or|/)\s*madam)?"
    r"|dear (?:hiring manager|recruiter|recruitment team|hiring team|team|all|friend)"
    r"|(?:hi|hello|hey|good (?:morning|afternoon|evening))"
    r"(?: there| all| team| everyone)?\s*[,!.:]?\s*$)",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\bthank|\bthanks\b|\bgrateful\b|\bappreciat", re.IGNORECASE)
_INTEREST = re.compile(
    r"\binterest|\bkeen\b|\bexcit|\benthusias|\beager|\blook(?:ing)? forward|\bappeal"
    r"|\bwould (?:love|welcome)\b",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(
    r"^\s*(?:best(?: regards| wishes)?|kind regards|warm regards|regards|sincerely|yours sincerely"
    r"|yours faithfully|yours truly|with thanks|many thanks|thanks(?: again)?|thank you|cheers"
    r"|all the best|with best wishes|respectfully)\s*[,.!]?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()./-]{6,}\d")


def _structure(
    text: str, parts: _Parts, key: str, sender: tuple[str, str | None, str | None] | None
) -> Iterator[Finding]:
    if key == "phone_follow_up":
        return
    if key not in _NOT_EMAIL and parts.subject is None:
        yield Finding(
            STRUCTURE,
            WARNING,
            "an email needs a subject line",
            0,
            0,
            "start with 'Subject: ...' naming the role",
        )
    yield from _greeting_structure(text, parts)
    if key == "thank_you" and not _THANKS.search(text, parts.body_start):
        yield Finding(
            STRUCTURE,
            WARNING,
            "a thank-you letter never says thank you",
            0,
            0,
            "Thank you for your time ...",
        )
    if key in _INTEREST_KINDS and not _INTEREST.search(text, parts.body_start):
        yield Finding(
            STRUCTURE,
            WARNING,
            "say again that you are interested in the role",
            0,
            0,
            "I remain very interested in the role.",
        )
    if key == "linkedin_connect":
        if sender and sender[0] and not _mentions(text, sender[0]):
            yield Finding(STRUCTURE, WARNING, "sign the note with your name", 0, 0, sender[0])
        return
    yield from _signoff(text, parts, sender)


def _greeting_structure(text: str, parts: _Parts) -> Iterator[Finding]:
    line = parts.greeting
    if line is None or (
        not _GREETING_WORD.match(line.group(1)) and not _GENERIC.match(line.group(1))
    ):
        yield Finding(
            STRUCTURE,
            WARNING,
            "open with a greeting by name",
            parts.body_start,
            parts.body_start,
            "Dear <first name>,",
        )
        return
    generic = _GENERIC.match(line.group(1))
    if generic:
        yield Finding(
            STRUCTURE,
            WARNING,
            "a greeting to nobody in particular; greet the person by name",
            line.start(1),
            line.start(1) + len(line.group(1).rstrip()),
            "Dear <first name>,",
        )


def _mentions(text: str, name: str) -> bool:
    words = [w for w in _words_of(name) if len(w) > 1]
    return bool(words) and any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def _signoff(
    text: str, parts: _Parts, sender: tuple[str, str | None, str | None] | None
) -> Iterator[Finding]:
    closings = list(_SIGNOFF.finditer(text, parts.body_start))
    if not closings:
        yield Finding(
            STRUCTURE,
            WARNING,
            "no sign-off: close with 'Best regards,' and your name",
            len(text.rstrip()),
            len(text.rstrip()),
            "Best regards,",
        )
        return
    tail = text[closings[-1].end() :]
    if sender and sender[0]:
        if not _mentions(tail, sender[0]):
            yield Finding(STRUCTURE, WARNING, "sign with your name", 0, 0, sender[0])
    elif not re.search(r"[A-Z][a-z]+", tail):
        yield Finding(STRUCTURE, WARNING, "sign with your name", 0, 0, None)
    if not (_EMAIL.search(tail) or _PHONE.search(tail)):
        contact = next((c for c in (sender or ("", None, None))[1:] if c), None)
        yield Finding(
            STRUCTURE,
            WARNING,
            "put an email address or phone number under your name",
            0,
            0,
            contact,
        )
