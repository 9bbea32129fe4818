"""The SQLite schema, as named, ordered, forward-only migrations.

A migration, once released, is never edited: a change to the schema is a new entry at the
end of ``MIGRATIONS``. The store records each applied name in ``schema_migrations``, so an
old database catches up on open and a new one is built by running them all in order.

The SQL stays plain (INTEGER and TEXT columns, standard constraints and indexes) so that a
PostgreSQL adapter can follow the same shape; instants are UTC text in one fixed-width
format, so comparing the strings compares the instants.
"""

from __future__ import annotations

import sqlite3

# SQLite's ``PRAGMA application_id`` of every followup database: the ASCII of "FLUP" read as
# a big-endian 32-bit number (0x464C5550; ``file(1)`` shows it as 1179407696). Set when
# a database is created (an older one is marked on open); a non-empty file without it is
# another program's, and followup refuses it rather than write its tables into it.
APPLICATION_ID = 0x464C5550


class Migration:
    """A plain class rather than a dataclass: building one at import costs the hot path."""

    __slots__ = ("name", "sql")

    def __init__(self, name: str, sql: str) -> None:
        self.name = name  # sortable: a four-digit sequence number, then what it does
        self.sql = sql  # one or more statements, each ending in ";"

    def __repr__(self) -> str:
        return f"Migration({self.name!r})"

    def statements(self) -> list[str]:
        """Split into statements so each runs inside the store's own transaction.

        ``executescript`` would commit any open transaction first, which would make a
        failed migration leave half a schema behind.
        """
        statements: list[str] = []
        pending = ""
        for line in self.sql.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                statements.append(pending.strip())
                pending = ""
        if pending.strip():
            raise ValueError(f"migration {self.name} ends in an unfinished statement")
        return statements


# Created outside the list: it has to exist before anything can be recorded in it.
SCHEMA_MIGRATIONS_DDL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name       TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
)
"""

_INITIAL = """
CREATE TABLE profile (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    country       TEXT,
    phone         TEXT,
    signature     TEXT,
    hours_start   TEXT NOT NULL,
    hours_end     TEXT NOT NULL,
    hours_days    TEXT NOT NULL
);

CREATE TABLE application (
    id                  INTEGER PRIMARY KEY,
    company             TEXT NOT NULL,
    role                TEXT NOT NULL,
    agency              TEXT,
    url                 TEXT,
    source              TEXT,
    notes               TEXT,
    documents           TEXT,
    created_at          TEXT,
    base_status         TEXT NOT NULL DEFAULT 'active',
    first_interview_end TEXT,
    next_due            TEXT
);

CREATE TABLE contact (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    email          TEXT,
    phone          TEXT,
    linkedin       TEXT,
    role           TEXT NOT NULL,
    timezone       TEXT,
    cadence_days   INTEGER,
    prefers        TEXT,
    rapport        TEXT
);
CREATE INDEX contact_application ON contact (application_id);

CREATE TABLE interview (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    start_at       TEXT NOT NULL,
    start_zone     TEXT,
    minutes        INTEGER NOT NULL,
    format         TEXT NOT NULL,
    cancelled      INTEGER NOT NULL DEFAULT 0,
    debrief        TEXT
);
CREATE INDEX interview_application ON interview (application_id, start_at);

CREATE TABLE interview_interviewer (
    interview_id INTEGER NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    contact_id   INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (interview_id, position)
);
CREATE INDEX interview_interviewer_contact ON interview_interviewer (contact_id);

CREATE TABLE event (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    at             TEXT NOT NULL,
    contact_id     INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    on_date        TEXT,
    note           TEXT,
    action_id      TEXT
);
CREATE INDEX event_application ON event (application_id, at);
CREATE INDEX event_contact ON event (contact_id);

CREATE TABLE plan_action (
    id             TEXT PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    contact_id     INTEGER REFERENCES contact (id) ON DELETE CASCADE,
    channel        TEXT NOT NULL,
    earliest       TEXT NOT NULL,
    due            TEXT NOT NULL,
    latest         TEXT NOT NULL,
    why            TEXT NOT NULL,
    expires        TEXT,
    interview_id   INTEGER REFERENCES interview (id) ON DELETE CASCADE,
    step           INTEGER
);
CREATE INDEX plan_action_due ON plan_action (due, id);
CREATE INDEX plan_action_application ON plan_action (application_id, due, id);
CREATE INDEX plan_action_contact ON plan_action (contact_id);
CREATE INDEX plan_action_interview ON plan_action (interview_id);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Drafts and, later, sent mail (issue 3). ``facts`` is the JSON the draft was written from.
_MESSAGES = """
CREATE TABLE message (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    contact_id     INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    recipient      TEXT,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft',
    action_id      TEXT,
    facts          TEXT NOT NULL DEFAULT '{}',
    created_at     TEXT NOT NULL
);
CREATE INDEX message_application ON message (application_id, id);
"""

# Formal address in letters: the user's preference and each contact's title.
_FORMAL = """
ALTER TABLE profile ADD COLUMN formal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact ADD COLUMN title TEXT;
"""

# The mail account and the outbox (issue 5). One account row, never a password (those live
# in the keyring or the environment). ``message_id`` is unique so an inbound reply names at
# most one of ours; ``thread_refs`` is the References list, space-separated (``references``
# is an SQL keyword).
_MAIL_OUTBOX = """
CREATE TABLE mail_account (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    address             TEXT NOT NULL,
    username            TEXT NOT NULL,
    smtp_host           TEXT NOT NULL,
    smtp_port           INTEGER NOT NULL,
    smtp_security       TEXT NOT NULL,
    imap_host           TEXT NOT NULL,
    imap_port           INTEGER NOT NULL,
    imap_security       TEXT NOT NULL,
    ca_file             TEXT,
    sent_folder         TEXT,
    junk_folder         TEXT,
    provider_files_sent INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE message ADD COLUMN message_id TEXT;
ALTER TABLE message ADD COLUMN in_reply_to TEXT;
ALTER TABLE message ADD COLUMN thread_refs TEXT NOT NULL DEFAULT '';
ALTER TABLE message ADD COLUMN send_at TEXT;
ALTER TABLE message ADD COLUMN sent_at TEXT;
ALTER TABLE message ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message ADD COLUMN last_error TEXT;
CREATE UNIQUE INDEX message_message_id ON message (message_id);
CREATE INDEX message_outbox ON message (status, send_at);
"""

# The inbox (issue 5): what each synced folder looked like, the messages that matched an
# application (only those: the rest of the user's mail is never stored), and addresses
# that bounced.
_INBOX = """
CREATE TABLE mail_folder (
    name          TEXT PRIMARY KEY,
    uidvalidity   INTEGER NOT NULL,
    uidnext       INTEGER NOT NULL,
    highestmodseq INTEGER,
    last_uid      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE inbox_item (
    id             INTEGER PRIMARY KEY,
    mail_id        TEXT NOT NULL UNIQUE,
    folder         TEXT NOT NULL,
    uid            INTEGER NOT NULL,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    contact_id     INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    strength       TEXT NOT NULL,
    match_reason   TEXT NOT NULL,
    from_address   TEXT,
    from_name      TEXT,
    subject        TEXT NOT NULL,
    sent_at        TEXT,
    kind           TEXT NOT NULL,
    on_date        TEXT,
    confidence     REAL NOT NULL,
    reasons        TEXT NOT NULL DEFAULT '[]',
    found_at       TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending',
    event_id       INTEGER REFERENCES event (id) ON DELETE SET NULL,
    bounced        TEXT
);
CREATE INDEX inbox_item_status ON inbox_item (status, id);
CREATE INDEX inbox_item_application ON inbox_item (application_id);
CREATE INDEX inbox_item_contact ON inbox_item (contact_id);
CREATE INDEX inbox_item_event ON inbox_item (event_id);

CREATE TABLE bounced_address (
    address TEXT PRIMARY KEY,
    at      TEXT NOT NULL,
    item_id INTEGER REFERENCES inbox_item (id) ON DELETE SET NULL
);
"""

# A snoozed action (``followup snooze``) records the moment it is put off to on its event.
_SNOOZE = """
ALTER TABLE event ADD COLUMN until TEXT;
"""

# How to address a contact (``contact add --greet``), when their name alone cannot say.
_GREET = """
ALTER TABLE contact ADD COLUMN greet TEXT;
"""

# Evidence for an interrupted send (issue 13). ``handed_over``: the closing dot may have gone
# (a letter left ``sending`` by an older followup may have, so it is marked so);
# ``receipt_asked``: the envelope named the user too. Receipts are turned on for every
# account where followup files the Sent copy: the receipt becomes that copy.
_RECEIPTS = """
ALTER TABLE message ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message ADD COLUMN receipt_asked INTEGER NOT NULL DEFAULT 0;
UPDATE message SET handed_over = 1 WHERE status IN ('sending', 'unsettled');
ALTER TABLE mail_account ADD COLUMN bcc_self INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_account ADD COLUMN receipt_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_account ADD COLUMN receipt_grace_seconds INTEGER NOT NULL DEFAULT 600;
UPDATE mail_account SET bcc_self = 1 WHERE provider_files_sent = 0;
"""

# Short write transactions (issue 13): the plan cache is written after the change that
# moved it, outside its transaction, so each application counts the changes to what its plan
# is computed from (``rev``: its history, and every application's at a profile change or a
# new plan basis) and its cached plan records the count it was computed from
# (``planned_rev``; NULL: never planned). Unequal: the plan is stale, and the partial index
# finds the few such rows at once. Plans cached before this were written in the same
# transaction as every change, so they start fresh.
_PLAN_REVISIONS = """
ALTER TABLE application ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE application ADD COLUMN planned_rev INTEGER;
UPDATE application SET planned_rev = 0;
CREATE INDEX application_stale_plan ON application (id) WHERE planned_rev IS NOT rev;
"""

# Interviews from calendar invitations (issue 15): the invitation's UID and the SEQUENCE last
# applied, so an update moves the same interview, a cancellation finds it, and a resend (the
# same file twice, the same mail in two folders) changes nothing. Gone with its interview.
# ``inbox_invitation``: what an inbox item's invitation says (JSON: its times, people,
# format; not the mail), until the user confirms the item. Gone with its item.
_INVITATIONS = """
CREATE TABLE invitation (
    uid          TEXT PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
    sequence     INTEGER NOT NULL
);
CREATE INDEX invitation_interview ON invitation (interview_id);

CREATE TABLE inbox_invitation (
    item_id    INTEGER PRIMARY KEY REFERENCES inbox_item (id) ON DELETE CASCADE,
    invitation TEXT NOT NULL
);
"""

# The morning digest (issue 15): when it goes (``at``, HH:MM on the profile's clock; NULL:
# off) and the web app's port its links use; and one row per day on the user's clock, written
# ``sending`` before the letter is handed over, so no day ever gets two.
_DIGEST = """
CREATE TABLE digest_setting (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    at   TEXT,
    port INTEGER NOT NULL DEFAULT 8765
);
CREATE TABLE digest_day (
    day        TEXT PRIMARY KEY,
    status     TEXT NOT NULL,
    marked_at  TEXT NOT NULL,
    sent_at    TEXT,
    message_id TEXT,
    items      INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
"""

# CalDAV push (issue 15): the server and calendar the plan goes to (one row; never a
# password), and one row per event pushed there: where it lives, the ETag the server
# answered, the SEQUENCE and a fingerprint of what it said, so a sync with nothing changed
# sends nothing (domain/caldav.py says why a record rather than a listing of the server).
_CALDAV = """
CREATE TABLE caldav_account (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    url          TEXT NOT NULL,
    username     TEXT NOT NULL,
    calendar     TEXT NOT NULL,
    calendar_url TEXT NOT NULL,
    password     INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE caldav_event (
    uid         TEXT PRIMARY KEY,
    href        TEXT NOT NULL,
    etag        TEXT,
    sequence    INTEGER NOT NULL,
    fingerprint TEXT NOT NULL
);
"""

# Issue 16: the stable key of an imported row (the tracker's id, else company + role + URL),
# so the same file imported again finds what it made and changes nothing.
_IMPORT = """
CREATE TABLE import_key (
    key            TEXT PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE
);
CREATE INDEX import_key_application ON import_key(application_id);
"""

# Issue 16: what the file said of each imported row (JSON, domain/importing.said), so a
# re-import changes only what the file changed and leaves the user's own edits alone.
# NULL for a row imported before it: the next import records it and changes no field.
_IMPORT_ROWS = """
ALTER TABLE import_key ADD COLUMN said TEXT;
"""

# Issue 18: documents kept for an application, each naming its file by content (SHA-256;
# the files live beside the database, ``adapters/documents.py``), so two rows may share one
# file. Gone with their application; the file stays until no row names it. A letter's
# attachments (``message_attachment``) are what the document was when attached, hash
# included, kept with the letter (and its file with them) after the document is removed.
_DOCUMENTS = """
CREATE TABLE document (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
    sha256         TEXT NOT NULL,
    name           TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    note           TEXT,
    added_at       TEXT NOT NULL
);
CREATE INDEX document_application ON document(application_id);
CREATE INDEX document_sha256 ON document(sha256);
CREATE TABLE message_attachment (
    message_id  INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    document_id INTEGER REFERENCES document(id) ON DELETE SET NULL,
    sha256      TEXT NOT NULL,
    name        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    PRIMARY KEY (message_id, position)
);
CREATE INDEX message_attachment_sha256 ON message_attachment(sha256);
CREATE INDEX message_attachment_document ON message_attachment(document_id);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _INITIAL),
    Migration("0002_messages", _MESSAGES),
    Migration("0003_formal_address", _FORMAL),
    Migration("0004_mail_outbox", _MAIL_OUTBOX),
    Migration("0005_inbox", _INBOX),
    Migration("0006_snooze", _SNOOZE),
    Migration("0007_contact_greet", _GREET),
    Migration("0008_receipts", _RECEIPTS),
    Migration("0009_plan_revisions", _PLAN_REVISIONS),
    Migration("0010_invitations", _INVITATIONS),
    Migration("0011_digest", _DIGEST),
    Migration("0012_caldav", _CALDAV),
    Migration("0013_import", _IMPORT),
    Migration("0015_import_rows", _IMPORT_ROWS),
    Migration("0016_documents", _DOCUMENTS),
)
