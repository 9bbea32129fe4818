"""The project's own proofreading rules: what no spelling, grammar or style library checks.

Pure (no I/O): a letter in, ``Finding`` values out, each over a precise span of the text and,
where one exists, with the fix as ``suggestion``. The rules (docs/review.md lists them):

- placeholder: a blank left in (``[Company Name]``, ``{first_name}``, ``<Hiring Manager>``,
  ``XX``, ``TBD``, Lorem ipsum) — error;
- tone: pushy or demanding (``ASAP``, "I need an answer", deadlines imposed on the employer),
  desperate ("I would do anything"), boastful ("the best candidate", "perfect fit"), too
  casual (chat-speak, "Hey" or "Yo", "Cheers" or "xx" to sign off, a lower-case greeting),
  shouting (emphasis in capitals, a run of capitalised words, "!!", many exclamation marks);
- grammar: a word repeated ("really really"), and a sentence broken where a phrase was pasted
  in: a verb phrase with no subject after a preposition, "how", "think", "that" or a colon
  ("about how ran a diary study"), a full stop inside a sentence ("from scratch. would");
- facts (with ``LetterDates``): "today", "yesterday", "last week" about a meeting that was
  not on that day;
- facts (with the number of attachments): "I have attached", "please find attached",
  "attached is" ... in a letter that carries nothing (issue 18);
- length: words per kind, LinkedIn's characters, very long sentences;
- structure: a greeting by name, thanks in a thank-you, interest restated, a sign-off with
  the sender's name and an email or phone, a subject line for an email; a letter that
  carries a document and never mentions it.

Names of people, companies and products never make a clean letter fail: a word of two to six
capitals is an acronym (HPRA, CAPA, QMS), never shouting; a capitalised known word
(``known_words``) neither; and no rule here judges the spelling of a word.

The grammar rules ask ``lexicon`` about word classes and verb forms only for a suspect (a past
form by shape after a trigger), so a clean letter is checked without loading its dictionary.

``kind`` is the planner's action kind (``thank_you``, ``linkedin_connect`` ...; dashes and the
message template names such as ``linkedin-note`` are accepted too) or None: without a kind
only the rules that fit every letter run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from followup.domain import lexicon
from followup.domain.review import Category, Finding, LetterDates, Severity

PLACEHOLDER = Category.PLACEHOLDER
TONE = Category.TONE
LENGTH = Category.LENGTH
STRUCTURE = Category.STRUCTURE
GRAMMAR = Category.GRAMMAR
FACTS = Category.FACTS
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
    dates: LetterDates | None = None,
    attached: int | None = None,
) -> list[Finding]:
    """Every finding of the own rules over ``text`` (unordered; see ``review.ordered``).

    ``dates``: the day the letter goes out and the day of the meeting it is about; without
    them the time words are not checked. ``attached``: how many documents the letter
    carries; None (a file to ``check``, a letter not saved yet): not checked.
    """
    key = normal_kind(kind)
    # Only a name (capitalised in the record) excuses capitals: a debrief that says "really"
    # must not let "REALLY" through.
    names = frozenset(
        w.upper() for phrase in known_words for w in _words_of(phrase) if w[:1].isupper()
    )
    parts = _Parts.of(text)
    found: list[Finding] = []
    found += _placeholders(text)
    found += _patterns(text, _PUSHY)
    found += _patterns(text, _DESPERATE)
    found += _boasts(text)
    found += _patterns(text, _CASUAL)
    found += _greeting_tone(text, parts)
    found += _casual_signoff(text)
    found += _shouting(text, names)
    found += _exclamations(text)
    found += _repeated_words(text, known_words)
    found += _pasted_verb_phrases(text, parts)
    found += _stray_capitals(text, parts, names)
    found += _stray_full_stops(text, parts)
    found += _long_sentences(text, parts)
    if dates is not None and dates.met_day is not None:
        found += _time_words(text, dates.send_day, dates.met_day)
    if attached is not None:
        found += _attachments(text, parts, attached)
    if key is not None:
        found += _length(text, parts, key)
        found += _structure(text, parts, key, sender)
    return found


def _words_of(text: str) -> list[str]:
    """Words, in any script: "Seán Ó Briain" is three words, not "Se", "n", "Briain"."""
    return re.findall(r"[^\W_]+|&", text)


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


def placeholders(text: str) -> Iterator[Finding]:
    """Every blank left in ``text`` (also what the model guard refuses a letter for)."""
    return _placeholders(text)


def word_limit(kind: str | None) -> int | None:
    """The most words a letter of ``kind`` should have; None where words are not counted
    (a LinkedIn note counts characters, a call script is spoken)."""
    key = normal_kind(kind)
    if key in _NOT_EMAIL:
        return None
    return _WORD_LIMITS.get(key or "", WORD_LIMIT_OTHER)


def _placeholders(text: str) -> Iterator[Finding]:
    taken: list[tuple[int, int]] = []
    for pattern, what in _PLACEHOLDERS:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken) or _kisses(text, m):
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


def _kisses(text: str, m: re.Match[str]) -> bool:
    """ "xx" alone on a line is a sign-off (too casual, and said so), not a blank."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return bool(re.fullmatch(r"\s*x+\s*", line))


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
# Boasts: a reader discounts them, and a letter that says "the best candidate" reads as one
# that has nothing specific to say. Not when the candidate is someone else ("I hope you find
# the best candidate", in a reply to a rejection).
_BOAST_RULES: tuple[_Rule, ...] = (
    (
        _rx(
            r"\b(?:the|an?|your) (?:very )?(?:best|ideal|perfect|strongest|top|dream"
            r"|number[- ]one|only) (?:candidate|applicant|hire|choice"
            r"|person for (?:the|this) (?:job|role|position))\b"
        ),
        WARNING,
        "calling yourself the best candidate is a boast; let your examples show the fit",
        "a strong candidate",
    ),
    (
        _rx(r"\b(?:perfect|ideal) (?:fit|match)\b"),
        WARNING,
        "'perfect fit' is a boast; say which experience fits",
        "good fit",
    ),
    (
        _rx(r"\byou (?:won't|will not|wouldn't|would not) regret\b"),
        WARNING,
        "'you won't regret it' is a salesman's line, not a candidate's",
        None,
    ),
    (_rx(r"\blook no further\b"), WARNING, "'look no further' is a boast", None),
    (
        _rx(
            r"\b(?:I am|I'm) (?:simply |truly |clearly )?(?:the best|exactly what you"
            r"(?:'re| are) looking for)\b"
        ),
        WARNING,
        "this is a boast; let your examples speak",
        None,
    ),
    (
        _rx(
            r"\bsecond to none\b|\bunmatched\b|\bunrivall?ed\b|\bunparalleled\b"
            r"|\bno one (?:else )?(?:is|could be|would be) (?:better|more qualified)\b"
        ),
        WARNING,
        "this is a boast; let your examples speak",
        None,
    ),
    (_rx(r"\bI guarantee\b"), WARNING, "'I guarantee' promises too much", "I am confident"),
    (
        _rx(r"\b(?:I am|I'm|as) an? (?:rock ?star|ninja|guru)\b"),
        WARNING,
        "a self-description like this reads as a boast",
        None,
    ),
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:you(?:'ll| will)? (?:find|found|chose|choose|hire|hired|select|selected|pick"
    r"|picked|describe|described|want|need)|finding|wish you|looking for|seeking)\b"
    r"[^.!?\n]*$",
    re.IGNORECASE,
)


def _boasts(text: str) -> Iterator[Finding]:
    """Each boast once ("I am the best candidate" is one, though two patterns match it)."""
    taken: list[tuple[int, int]] = []
    for pattern, severity, message, fix in _BOAST_RULES:
        for m in pattern.finditer(text):
            sentence_start = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
            if _SOMEONE_ELSE.search(text[sentence_start : m.start()]):
                continue
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            yield Finding(TONE, severity, message, m.start(), m.end(), fix)


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
    r"(dear|hi|hello|hey|hiya|heya|yo|howdy|good (?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)
_CASUAL_GREETINGS = frozenset({"hey", "hiya", "heya", "yo", "howdy"})


def _greeting_tone(text: str, parts: _Parts) -> Iterator[Finding]:
    line = parts.greeting
    if line is None:
        return
    m = _GREETING_WORD.match(text, line.start(1))
    if m is None:
        return
    word = m.group(1)
    if word.lower() in _CASUAL_GREETINGS:
        yield Finding(
            TONE,
            WARNING,
            f"'{word.capitalize()}' is too casual to open a letter to an employer",
            m.start(),
            m.end(),
            "Hi",
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


# A casual close: on a line of its own ("Cheers,", "xx"), or after the last sentence of a
# one-paragraph note ("... stay in touch. Cheers, Alex"), followed by nothing but a name.
_CASUAL_CLOSE = re.compile(
    r"(?:^|(?<=[.!?][ \t]))[ \t]*((?i:cheers|ta|later|laters|xoxo|x+|love|hugs|peace|ttyl"
    r"|catch you later|take it easy|toodles))[ \t]*[,.!]*[ \t]*"
    r"(?=$|[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,3}[ \t]*$)",
    re.MULTILINE,
)


def _casual_signoff(text: str) -> Iterator[Finding]:
    for m in _CASUAL_CLOSE.finditer(text):
        word = m.group(1)
        yield Finding(
            TONE,
            WARNING,
            f"'{word}' is too casual to sign off a letter to an employer",
            m.start(1),
            m.end(1),
            "Best regards",
        )


# --- shouting ---------------------------------------------------------------------------------
# Capitals a reader takes for raised voice: emphasis words, and runs of ordinary words.
_EMPHASIS_TEXT = """
    REALLY VERY PLEASE URGENT URGENTLY NEED NEEDED MUST NOW NEVER ALWAYS EXTREMELY TRULY SO
    HUGE HUGELY AMAZING AWESOME LOVE LOVED BEST IMPORTANT DEFINITELY ABSOLUTELY TOTALLY SUPER
    HIGHLY DESPERATELY STILL WANT KEEN EXCITED THANKS THANK MUCH NOT ONLY EVER HONESTLY
    SERIOUSLY IMMEDIATELY
"""
_EMPHASIS = frozenset(_EMPHASIS_TEXT.split())
ACRONYM_MAX = 6  # a word of 2-6 capitals or digits is an acronym (HPRA, CAPA, QMS, ISO9001)
_CAPS = re.compile(r"(?<![\w@./-])[A-Z][A-Z0-9&']*(?![\w@-])")
_PLACEHOLDER_CAPS = re.compile(r"X+|TBD|TBC|TBA")


def _shouting(text: str, names: frozenset[str]) -> Iterator[Finding]:
    """A run of ordinary words in capitals ("I WANT THIS JOB"), an emphasis word ("VERY"),
    or a long word in capitals that no list knows ("AMAZING"). A word of two to six
    capitals is an acronym whatever it stands for: an industry's own (HPRA, CAPA, EDI) are
    too many to list, and a reader does not hear them as shouting."""
    runs: list[list[re.Match[str]]] = []
    for m in _CAPS.finditer(text):
        if runs and text[runs[-1][-1].end() : m.start()] in (" ", "\t"):
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        words = [_bare(m.group(0)) for m in run]
        if len(run) > 1 and len([w for w in words if len(w) > 1 and _ordinary(w, names)]) > 1:
            start, end = run[0].start(), run[-1].start() + len(words[-1])
            shouted = text[start:end]
            yield Finding(
                TONE,
                WARNING,
                f"'{shouted}' in capitals reads as shouting",
                start,
                end,
                _calm(shouted, text, start, names),
            )
            continue
        for m, word in zip(run, words, strict=True):
            if word in names or _PLACEHOLDER_CAPS.fullmatch(word):  # reported as placeholders
                continue
            long_unknown = (
                len(word) > ACRONYM_MAX
                and not any(c.isdigit() for c in word)
                and word not in ACRONYMS
                and _bare_plural(word) not in ACRONYMS
            )
            if word in _EMPHASIS or long_unknown:
                yield Finding(
                    TONE,
                    WARNING,
                    f"{word} in capitals reads as shouting",
                    m.start(),
                    m.start() + len(word),
                    _calm(word, text, m.start(), names),
                )


def _bare(word: str) -> str:
    word = word.rstrip("'")
    return word[:-2] if word.endswith("'S") else word


def _bare_plural(word: str) -> str:
    return word[:-1] if word.endswith("S") else word


def _ordinary(word: str, names: frozenset[str]) -> bool:
    """An English word in capitals, not an acronym or a name: ``WANT``, ``THIS``."""
    if word in names or word in ACRONYMS or _bare_plural(word) in ACRONYMS:
        return False
    if _PLACEHOLDER_CAPS.fullmatch(word):
        return False
    if word in _EMPHASIS or word.lower() in lexicon.CLOSED:
        return True
    # Only a run of capitals gets here, which a clean letter seldom has: the dictionary
    # loads for it alone.
    return len(word) > 2 and bool(lexicon.open_classes(word))


def _calm(shouted: str, text: str, start: int, names: frozenset[str]) -> str:
    """The words in ordinary case: capitalised at a sentence's start, "I" and acronyms kept."""
    words = []
    for word in shouted.split(" "):
        keep = word == "I" or (word not in _EMPHASIS and not _ordinary(word, names))
        words.append(word if keep else word.lower())
    calm = " ".join(words)
    before = text[:start].rstrip(" \t")
    if not before or before[-1] in ".!?:\n":
        calm = calm[:1].upper() + calm[1:]
    return calm


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


# --- grammar: repeated words, phrases pasted into a frame they do not fit ---------------------
# Doubles that are English: "I had had enough", "I know that that works".
_LEGITIMATE_DOUBLES = frozenset({"had", "that"})
_REPEAT = re.compile(
    r"(?<![\w@.'\u2019-])([A-Za-z]+(?:['\u2019][a-z]+)?)(?:[ \t]+|[ \t]*\n[ \t]*)"
    r"(\1)(?![\w@'\u2019-]|\.\w)",
    re.IGNORECASE,
)


def _repeated_words(text: str, known_words: frozenset[str]) -> Iterator[Finding]:
    """ "really really", "the the", "how how": a word twice in a row. Not a legitimate double,
    not a name written twice ("Bora Bora", a capital on both), and not a word that ends one
    line and begins an email address on the next (a signature: "Nur Aisyah / aisyah@...")."""
    phrases = " | ".join(k.casefold() for k in known_words)
    for m in _REPEAT.finditer(text):
        first, second = m.group(1), m.group(2)
        word = first.lower()
        if word in _LEGITIMATE_DOUBLES or (first[0].isupper() and second[0].isupper()):
            continue
        if f"{word} {word}" in phrases:
            continue
        yield Finding(
            GRAMMAR,
            WARNING,
            f"'{first} {second}': a word repeated",
            m.start(1),
            m.end(2),
            first,
        )


# What may come before a verb phrase pasted where a noun phrase or a subject belongs.
_WH = frozenset({"how", "why"})  # not "what": "what drove the decision" has its subject
_THINK = frozenset({"think", "believe", "feel", "hope", "trust", "reckon", "guess"})
# "that" after one of these opens a clause that needs a subject ("sure that I ran ...");
# after a noun it is a relative pronoun with its own verb ("the service that ran ...").
_COMPLEMENT_TEXT = """
    think thought believe believed feel felt hope hoped know knew sure confident certain
    glad clear convinced aware say said saying mention mentioned show showed shows mean means
    meant notice noticed note noted realise realised realize realized learn learned learnt
    hear heard trust expect hoping thinking
"""
_COMPLEMENT = frozenset(_COMPLEMENT_TEXT.split())
_PREPOSITIONS = lexicon.PREPOSITIONS - {"as", "like"}  # "as discussed the ..." is idiom
_OBJECTS = lexicon.DETERMINERS | frozenset({"me", "us", "them", "him", "it"})
_TOKEN = re.compile(r"[A-Za-z0-9][\w'\u2019&%$£€.-]*[A-Za-z0-9%]|[A-Za-z0-9]|[.!?;:]|\n")
_CLAUSE_END = frozenset({".", "!", "?", ";", "\n"})


def _pasted_verb_phrases(text: str, parts: _Parts) -> Iterator[Finding]:
    """A past-tense verb phrase with no subject where the frame wants a noun phrase or a
    clause: "about how ran a diary study", "I think cut data latency ... would", "the fit: cut
    data latency ... is exactly", "our discussion of led the migration". The fix offered is
    the gerund ("running"), which fits every one of those frames. (A capitalised one in
    mid-sentence, "about how Shipped the flow", is ``_stray_capitals``'.)"""
    tokens = list(_TOKEN.finditer(text, parts.body_start))
    for i in range(len(tokens) - 1):
        trigger = _trigger(tokens, i)
        if trigger is None:
            continue
        verb = tokens[i + 1]
        word = verb.group(0)
        sentence_case = trigger == ":" and word[:1].isupper() and word[1:].islower()
        if not (word.islower() or sentence_case) or word.lower() in lexicon.CLOSED:
            continue
        if not lexicon.looks_past(word):
            continue
        if not _pasted(trigger, word.lower(), [t.group(0) for t in tokens[i + 2 :]]):
            continue
        yield Finding(
            GRAMMAR,
            WARNING,
            f"'{tokens[i].group(0)} {word}': a verb phrase pasted where a subject or a noun "
            "phrase belongs; the sentence does not read",
            verb.start(),
            verb.end(),
            lexicon.verb_form(word, lexicon.GERUND),
        )


def _trigger(tokens: list[re.Match[str]], i: int) -> str | None:
    """What kind of frame token ``i`` opens: a preposition, "how", "think", "that", ":"."""
    word = tokens[i].group(0)
    lower = word.lower()
    if word == ":":
        return ":"
    if lower in _WH:
        return "how"
    if lower in _THINK:
        return "think"
    if lower == "that" and i > 0 and tokens[i - 1].group(0).lower() in _COMPLEMENT:
        return "that"
    if lower == "to":  # also the infinitive's: "to cut the time" is no past
        return "to"
    if lower in _PREPOSITIONS:
        return "preposition"
    return None


_PARTICLES = frozenset({"up", "out", "off", "over", "down", "back", "through"})
_BARE_VERBS = frozenset({"cut", "put", "quit", "shut", "reset"})  # not "set design", "hit songs"
_BE = frozenset(
    {"is", "are", "was", "were", "be", "been", "seemed", "seems", "felt", "feels", "looked"}
)


def _pasted(trigger: str, word: str, rest: list[str]) -> bool:
    """Whether ``word`` (a past form by shape) after ``trigger`` starts a pasted verb phrase.

    - a simple past that is nothing else ("ran", "wrote"): always;
    - a past that is also the base ("cut"): with its object after it ("cut our costs"), or,
      after "think", "that" or a colon, when the sentence runs on to the verb the frame
      supplies ("I think cut data latency ... would let me");
    - a participle or -ed form ("led", "reduced"): only with its object after it, because
      without one it is as likely an adjective ("about distributed systems"); after "how",
      not when a "be" follows ("how committed the team is", "how organised it was").
    """
    if word in lexicon.PAST_ONLY:
        return True
    clause = _clause(rest)
    if word in lexicon.SAME_FORM_PAST:
        if trigger == "to":
            return False
        if _has_object(clause, proper_nouns=False):
            return True
        if trigger != "preposition":  # "I think cut data latency ... would let me"
            return _runs_on(clause)
        # "about cut data latency": a bare noun after these is rare ("a cut", "the set")
        return word in _BARE_VERBS and bool(clause) and clause[0].islower()
    # The cheap tests first, so a clean letter never loads the dictionary.
    if not _has_object(clause, proper_nouns=True):
        return False
    if trigger == "how" and any(w.lower() in _BE for w in clause):
        return False  # "how organised the process was": how + adjective + be
    if not lexicon.is_verb_form(word):  # "hundred": no verb at all
        return False
    return _has_object(clause, proper_nouns=not lexicon.can_be_adjective(word))


def _clause(rest: list[str]) -> list[str]:
    out = []
    for word in rest:
        if word in _CLAUSE_END:
            break
        out.append(word)
    return out


def _has_object(clause: list[str], *, proper_nouns: bool) -> bool:
    """The words after a verb begin its object: a determiner, a pronoun, a number ("led the",
    "mentored three"), after a particle ("set up the") or a coordinated verb ("hired and
    onboarded 6"); with ``proper_nouns``, a capitalised word too ("reduced AWS spend")."""
    words = list(clause)
    if words and words[0].lower() in _PARTICLES:
        words = words[1:]
    if len(words) > 1 and words[0].lower() in {"and", "or"} and lexicon.looks_past(words[1]):
        words = words[2:]
    if not words:
        return False
    first = words[0]
    if first.lower() in _OBJECTS or lexicon.is_number(first):
        return True
    return proper_nouns and first[:1].isupper()


def _runs_on(clause: list[str]) -> bool:
    """The clause goes on to an auxiliary or modal ("... would let me", "... is exactly")."""
    return any(word.lower() in lexicon.AUXILIARIES for word in clause)


# A capital in mid-sentence on a word that is never a name: a pasted phrase's first word
# ("about how Five years of Spark", "our discussion of What success looks like").
_NEVER_NAMES = (
    lexicon.WH_WORDS
    | lexicon.NUMBER_WORDS
    | lexicon.POSSESSIVES
    | (lexicon.SUBJECT_PRONOUNS - {"i"})
    | {"a", "an", "am", "is", "are", "was", "were", "been", "has", "have", "had", "did"}
)
_MID_CAPITAL = re.compile(
    r"(?:^|(?<=\s))([a-z][\w'\u2019-]*,?)[ \t]+([A-Z][a-z]+)\b(?:(?=[ \t]+(\w+)))?",
    re.MULTILINE,
)


def _opens_object(word: str) -> bool:
    """What follows a verb and not a name: "Shipped the", "Talked about", "Set up" (a name
    is followed by its verb: "United is")."""
    lower = word.lower()
    return lower in _OBJECTS or lower in lexicon.PREPOSITIONS or lexicon.is_number(word)


def _stray_capitals(text: str, parts: _Parts, names: frozenset[str]) -> Iterator[Finding]:
    """A capital in mid-sentence on a word that is never a name ("of What success looks
    like"), or on a past-tense verb followed by its lower-case phrase ("about how Shipped the
    new flow", "to discuss Talked about the strategy"): a phrase pasted in as typed. A name
    on the record ("Ran", "United") is left alone, and so is a word inside a name of several
    capitalised words ("at Capital One and", "at Two Sigma")."""
    for m in _MID_CAPITAL.finditer(text, parts.body_start):
        word, after = m.group(2), m.group(3)
        if word.upper() in names or (after is not None and after[:1].isupper()):
            continue
        if word.lower() in _NEVER_NAMES:
            fix = word.lower()
        elif (
            after is not None
            and lexicon.looks_past(word)
            and _opens_object(after)
            and lexicon.is_verb_form(word)
        ):
            fix = lexicon.verb_form(word.lower(), lexicon.GERUND)
        else:
            continue
        yield Finding(
            GRAMMAR,
            WARNING,
            f"'{word}' has a capital in the middle of a sentence: a phrase pasted in as typed",
            m.start(2),
            m.end(2),
            fix,
        )


# A full stop (or a question mark), then a lower-case word, a comma or another full stop:
# what a pasted sentence leaves ("from scratch. would carry over", "in triage.; it gave me",
# "six months? has stayed", "8 engineers.."). Abbreviations end in one too.
_STRAY_STOP = re.compile(
    r"(?<=[A-Za-z0-9)\"'\u2019])([.?!])"
    r"(?:[ \t]+([a-z][a-z'\u2019]*)\b(?!\.\w)|(?=[,;])|(?<=\.)\.(?!\.))"
)
_ABBREVIATIONS_TEXT = """
    etc vs approx incl esp dept est al cf viz no nos vol pp ca inc ltd co corp plc llc dr
    mr mrs ms mx prof st jr sr fig min max
"""
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())


def _stray_full_stops(text: str, parts: _Parts) -> Iterator[Finding]:
    for m in _STRAY_STOP.finditer(text, parts.body_start):
        mark, word = m.group(1), m.group(2)
        before = re.search(r"(\S+)$", text[: m.start()])
        previous = before.group(1) if before else ""
        bare = previous.strip("\"'\u2019()").lower()
        if mark == "." and ("." in bare or bare in _ABBREVIATIONS or bare.isdigit()):
            continue  # "e.g. the", "etc. and", "a.m. tomorrow", "1. first"
        if len(bare) < 2 or (mark != "." and word is None):
            continue  # "A. the" (a list), "?," (a quoted question)
        if word is not None:
            what, fix = f"'{previous}{mark} {word}': a sentence ends in the middle", f" {word}"
        elif m.group(0) == "..":
            what, fix = f"'{previous}..': a full stop twice", "."
        else:
            what, fix = f"'{previous}.{text[m.end()]}': a full stop before a comma", ""
        yield Finding(
            GRAMMAR,
            WARNING,
            f"{what}, where a phrase that ended in one was pasted in",
            m.start(),
            m.end(),
            fix,
        )


# --- facts: time words against the day the letter goes out ------------------------------------
# A sentence is about the meeting when it names it; "I am writing today" is not.
_MEETING = re.compile(
    r"\b(?:interview(?:s|ed|ing)?|conversations?|chat(?:ted|ting)?|calls?|meeting|meet|met"
    r"|spoke|speak(?:ing)?|talk(?:s|ed|ing)?|time|discussion|discussed|visit(?:ed)?|session"
    r"|panel)\b",
    re.IGNORECASE,
)
_TIME_WORD = re.compile(
    r"\b((?:earlier )?today|this (?:morning|afternoon|evening)|yesterday|last week"
    r"|(?:earlier )?this week)(['\u2019]s)?\b",
    re.IGNORECASE,
)
# The time word dates the writing or a promise, not the meeting.
_NOT_THE_MEETING = re.compile(
    r"(?:\b(?:later|by|until|before|from|of|since)|\b(?:writ(?:e|ing)|send(?:ing)?"
    r"|follow(?:ing)? up|check(?:ing)? in|reach(?:ing)? out|e-?mail(?:ing)?|attach(?:ing)?"
    r"|shar(?:e|ing)|submit(?:ting)?|repl(?:y|ying))(?:\s+\S+){0,2})\s+$",
    re.IGNORECASE,
)
_SENTENCE_SPAN = re.compile(r"[^.!?\n]+")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ON_WEEKDAY = re.compile(
    rf"\b(?:on|last) ({'|'.join(_WEEKDAYS)})\b|\b({'|'.join(_WEEKDAYS)})['\u2019]s\b"
)
_FUTURE = re.compile(
    r"(?:\b(?:will|shall|going to|would|could|next|tomorrow|look(?:ing)? forward"
    r"|(?:hope|love|glad|happy|plan) to|free|available|(?:talk|speak|meet|chat) again)\b"
    r"|['\u2019](?:ll|d)\b)",
    re.IGNORECASE,
)


def _clause_around(text: str, start: int, end: int, at: int) -> str:
    """The clause of the sentence ``text[start:end]`` around offset ``at``: between commas,
    semicolons, colons, dashes ("Thank you for your time today, and I will call on Friday")."""
    left = max(start, *(text.rfind(c, start, at) + 1 for c in ",;:\u2014"))
    rights = [i for i in (text.find(c, at, end) for c in ",;:\u2014") if i >= 0]
    return text[left : min([end, *rights])]


def _time_words(text: str, send: date, met: date) -> Iterator[Finding]:
    """ "today", "this morning", "yesterday", "last week", "this week", "on Thursday" in a
    sentence about the meeting, where the meeting was not then (seen from the send day). A
    clause about the future ("I look forward to speaking again this week") is not judged."""
    for sentence in _SENTENCE_SPAN.finditer(text):
        if not _MEETING.search(sentence.group(0)):
            continue
        for m in _TIME_WORD.finditer(text, sentence.start(), sentence.end()):
            if _NOT_THE_MEETING.search(text, sentence.start(), m.start()):
                continue
            if _FUTURE.search(_clause_around(text, sentence.start(), sentence.end(), m.start())):
                continue
            said = m.group(1).lower()
            if not _wrong_day(said, send, met):
                continue
            yield Finding(
                FACTS,
                WARNING,
                f"'{m.group(0)}' is not when you met: the letter goes out on {_day(send)} and "
                f"the interview was on {_day(met)}",
                m.start(),
                m.end(),
                _when(met, send, possessive=bool(m.group(2))),
            )
        for m in _ON_WEEKDAY.finditer(text, sentence.start(), sentence.end()):
            named = m.group(1) or m.group(2)
            if named == _WEEKDAYS[met.weekday()]:
                continue
            if _FUTURE.search(_clause_around(text, sentence.start(), sentence.end(), m.start())):
                continue
            yield Finding(
                FACTS,
                WARNING,
                f"'{m.group(0)}': the interview was on {_day(met)}, not a {named}",
                m.start(),
                m.end(),
                None
                if (send - met).days > 6
                else m.group(0).replace(named, _WEEKDAYS[met.weekday()]),
            )


def _wrong_day(said: str, send: date, met: date) -> bool:
    monday = send - timedelta(days=send.weekday())
    if said == "yesterday":
        return met != send - timedelta(days=1)
    if said == "last week":
        return not monday - timedelta(days=7) <= met < monday
    if said.endswith("this week"):
        return not monday <= met <= send
    return met != send  # today, earlier today, this morning / afternoon / evening


def _when(met: date, send: date, *, possessive: bool) -> str | None:
    """The words for the meeting's day, seen from the send day."""
    days = (send - met).days
    monday = send - timedelta(days=send.weekday())
    if days == 0:
        word = "today"
    elif days == 1:
        word = "yesterday"
    elif 1 < days <= 6:
        word = _WEEKDAYS[met.weekday()] if possessive else f"on {_WEEKDAYS[met.weekday()]}"
    elif monday - timedelta(days=7) <= met < monday:
        word = "last week"
    else:
        return None
    return f"{word}'s" if possessive else word


def _day(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {day:%B} {day.year}"


# --- technical compounds: the engines' advice on them is dropped (services.review) -----------
# Hyphenated terms of the trades a job seeker writes in. proselint reads "exactly-once" as an
# -ly adverb that needs no hyphen and a spelling checker may split "on-call"; in an engineer's
# letter they are terms, spelt as the field spells them. No library lists them, so they are
# written out; a compound from the application's own record (its debrief) counts too.
_TECHNICAL_TEXT = """
    exactly-once at-least-once at-most-once end-to-end on-call real-time near-real-time
    read-only write-only read-write write-ahead copy-on-write zero-downtime zero-copy
    multi-tenant single-tenant multi-region multi-cloud cross-region self-serve self-service
    self-hosted cross-functional cross-platform event-driven data-driven test-driven
    domain-driven open-source full-stack back-end front-end high-availability
    highly-available low-latency high-throughput fault-tolerant eventually-consistent
    strongly-consistent strongly-typed statically-typed dynamically-typed type-safe
    thread-safe lock-free fully-managed peer-to-peer point-in-time just-in-time in-memory
    on-premise on-premises on-prem off-the-shelf hands-on go-to-market day-to-day
    long-running short-lived long-lived cloud-native mobile-first api-first production-ready
    mission-critical safety-critical time-series key-value rule-based role-based
    double-blind placebo-controlled evidence-based peer-reviewed patient-facing
    customer-facing user-facing client-facing non-functional follow-up blue-green
    machine-learning deep-learning human-in-the-loop state-of-the-art best-in-class
    well-tested well-documented loosely-coupled tightly-coupled
"""
TECHNICAL_COMPOUNDS = frozenset(_TECHNICAL_TEXT.split())
_EDGE_PUNCTUATION = "\"'\u2019\u201c\u201d()[],.;:!?"


def in_technical_compound(text: str, start: int, end: int, known_words: frozenset[str]) -> bool:
    """Whether ``text[start:end]`` lies inside a hyphenated technical term ("exactly-" in
    "exactly-once"): one of ``TECHNICAL_COMPOUNDS`` or a compound the record spells."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = max(end, start)
    while right < len(text) and not text[right].isspace():
        right += 1
    token = text[left:right].strip(_EDGE_PUNCTUATION).casefold()
    if "-" not in token or not (left <= start and end <= right):
        return False
    if token in TECHNICAL_COMPOUNDS:
        return True
    return any(token in phrase.casefold().split() for phrase in known_words if "-" in phrase)


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
THANKS = re.compile(r"\bthank|\bthanks\b|\bgrateful\b|\bappreciat", re.IGNORECASE)
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
    if key == "thank_you" and not THANKS.search(text, parts.body_start):
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


# --- attachments (issue 18) --------------------------------------------------------------
# What a letter says when it claims to carry something: "I have attached", "I've enclosed",
# "I am attaching", "please find attached", "attached is", "is attached", "the attached"...
_ATTACH_WORD = r"(?:attached|enclosed)"
_CLAIMS_ATTACHMENT = _rx(
    r"\b(?:i(?:['\u2019]ve|\s+have|\s+am|['\u2019]m)?\s+(?:also\s+|now\s+)?"
    r"(?:attached|enclosed|attaching|enclosing|attach|enclose)\b(?!\s+to\b)"
    rf"|please\s+(?:find|see)\s+(?:the\s+|my\s+)?{_ATTACH_WORD}"
    rf"|\b{_ATTACH_WORD}\s+(?:is|are|you\s+will\s+find|please\s+find)\b"
    rf"|\b(?:is|are)\s+{_ATTACH_WORD}\b"
    rf"|\b(?:the|my)\s+{_ATTACH_WORD}\b"
    r"|\b(?:in|as)\s+(?:the\s+|an\s+)?(?:attachment|enclosure)s?\b)"
)
# Any word a person uses for what travels with a letter: enough to say it is mentioned.
_MENTIONS_ATTACHMENT = _rx(r"\b(?:attach\w*|enclos\w*)\b")


def _attachments(text: str, parts: _Parts, attached: int) -> Iterator[Finding]:
    """A letter that says it carries something carries something, and one that carries a
    document says so (a file with no word about it looks sent by mistake)."""
    body = text[parts.body_start :]
    if attached == 0:
        for m in _CLAIMS_ATTACHMENT.finditer(body):
            start = parts.body_start + m.start()
            yield Finding(
                FACTS, WARNING,
                "the letter says something is attached, but it carries no document; "
                "attach one (`draft ... --attach DOC_ID`) or take the words out",
                start, start + len(m.group(0)),
            )  # fmt: skip
            return
    elif attached > 0 and not _MENTIONS_ATTACHMENT.search(body):
        what = "a document" if attached == 1 else f"{attached} documents"
        yield Finding(
            STRUCTURE, WARNING,
            f"the letter carries {what} but never mentions it; say what you attached",
            0, 0, "I have attached ...",
        )  # fmt: skip
