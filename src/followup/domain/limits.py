"""The one table of input limits: what followup accepts from any entrance.

Every entrance (the CLI, the web forms, the JSON API, debrief files, values read from mail)
goes through the services, and the services check against these numbers, so a field is
capped the same wherever it is typed. The JSON API's schema quotes the same constants, so
what it documents is what it enforces. docs/configuration.md ("Limits") shows this table to
people, and a test keeps the two in agreement.

Pure constants: no I/O, no clock. Why each number is what it is:

- Dates: 1970-01-01 to 2200-12-31, for dates and for times (``--now`` too). Nobody is
  interviewed before the Unix epoch or plans follow-ups two centuries ahead, and the range
  leaves the planner room to add years of days (cadences, grace periods, "whenever") without
  leaving what Python's datetime can hold (years 1 to 9999), so a plan never overflows.
- Single-line fields go into a letter's greeting, its subject or a mail header, where a line
  break would cut the letter (or start a new header), so a line break or any other control
  character is refused. Their lengths are generous for real names and titles and small
  enough that a pasted page is caught as a mistake.
- Multi-line free text (notes, debrief items, letters) is capped far above anything a person
  writes by hand, so a stray paste of a whole file is refused instead of stored.
- Whole numbers: ids fit SQLite's integer; an interview lasts at most a day; a contact's
  cadence is at most a year.
"""

from __future__ import annotations

from datetime import date

# --- dates (both dates and date-times; the wall-clock date is what is checked) -----------
EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2200, 12, 31)

# --- single-line fields (characters, after surrounding blanks are dropped) ---------------
COMPANY_CHARS = 200  # "International Business Machines Corporation (UK) Ltd" is 52
ROLE_CHARS = 200  # job titles with a team and a level rarely pass 100
AGENCY_CHARS = 200  # a recruiting agency's name: as long as a company's
SOURCE_CHARS = 200  # where the job was found: "LinkedIn", "referral from Sam"
URL_CHARS = 2048  # a job posting's link: what browsers and servers commonly accept
PERSON_NAME_CHARS = 200  # a contact's or your own name; long family names included
TITLE_CHARS = 80  # "Ms.", "Dr.", "Professor Dr": a courtesy title, not a job title
GREET_CHARS = 80  # how a greeting addresses someone: "Professor Dr Wei Ling Chua-Tan" is 30
EMAIL_CHARS = 254  # the longest address SMTP can carry (RFC 5321's path limit less <>)
PHONE_CHARS = 40  # "+44 7700 900123 ext. 4567" and room for spacing
LINKEDIN_CHARS = 2048  # a profile link, like any URL
TIMEZONE_CHARS = 64  # IANA names: "America/Argentina/ComodRivadavia" is 32
SUBJECT_CHARS = 1000  # a letter's subject; mail folds long headers, readers cut at ~80

# --- multi-line free text (characters) ---------------------------------------------------
NOTE_CHARS = 20_000  # a note on an application or an event: pages of text
DEBRIEF_ITEM_CHARS = 2_000  # one strength, stumble, topic, question or answer
DEBRIEF_TEXT_CHARS = 20_000  # a debrief's next steps: a note's length
SIGNATURE_CHARS = 2_000  # a sign-off block under every letter
LETTER_CHARS = 50_000  # a letter's body: a thank-you is 200 words; this is a short book

# --- whole numbers -----------------------------------------------------------------------
ID_MIN = 1
ID_MAX = 2**63 - 1  # SQLite's largest integer
INTERVIEW_MINUTES_MAX = 24 * 60  # an interview lasts at most a day
CADENCE_DAYS_MAX = 365  # check in at least once a year
POLICY_VALUE_MAX = 1000  # a [policy] number: 1000 days or hours; 10**12 overflows the planner

# --- sizes of what is read (bytes) and how deep it nests ---------------------------------
# Every file is named by the user (``check FILE``, ``debrief --from FILE``, ``inbox classify
# FILE.eml``, ``interview import FILE.ics``, the config file, the templates folder), so none
# is trusted to end: ``/dev/zero`` never does. A bigger one is refused, not read into memory
# (``adapters/bounded_read.py``); the web app refuses a bigger request body the same way.
MIB = 1024 * 1024
DEBRIEF_FILE_BYTES = 1 * MIB  # a debrief is a page of notes: a long one is a few KiB
LETTER_FILE_BYTES = 1 * MIB  # a letter to proofread: a few hundred words
# A saved message may carry attachments: the parser reads only its first 2 MiB
# (``adapters/mail/parse.MAX_BYTES``), but a mail with a scan attached is still a mail.
MAIL_FILE_BYTES = 64 * MIB
# A calendar invitation (``interview import FILE.ics``): a few KiB with Outlook's zones and
# an HTML description; a 1 MiB one is not an invitation.
ICS_FILE_BYTES = 1 * MIB
# A spreadsheet or a tracker's export (``import FILE``): 10,000 applications with notes are
# a few MiB; 32 MiB is a lifetime of job hunting, and a 200 MB file is a mistake.
IMPORT_FILE_BYTES = 32 * MIB
# A JSON export (``import FILE --from json``): the 10,000-application bench database with
# its letters exports to tens of MiB; (``--from auto`` reads at most IMPORT_FILE_BYTES).
EXPORT_FILE_BYTES = 512 * MIB
# A document kept for an application (``doc add``, the application page's upload): a résumé
# is a few hundred KiB, a portfolio PDF with images a few MiB; 25 MiB is what the big mail
# providers accept in one letter, so a bigger file could never be attached anyway.
DOCUMENT_FILE_BYTES = 25 * MIB
DOCUMENT_NAME_CHARS = 255  # a file name: most file systems stop at 255 bytes
CONFIG_FILE_BYTES = 1 * MIB  # a handful of [policy] numbers
TEMPLATE_FILE_BYTES = 1 * MIB  # a letter with Jinja tags
# A web request: the longest letter (50,000 characters), all non-ASCII and percent-encoded
# in a form, is about 450 KB.
REQUEST_BYTES = 1 * MIB
# Brackets, braces and dotted-key parts a TOML document may nest. A debrief needs 3, the
# config file 1; 32 stops ``a=[[[[...]]]]`` long before ``tomllib`` recurses into a
# RecursionError, and ``a.a.a...=1`` before it builds key prefixes in quadratic memory.
TOML_DEPTH = 32
