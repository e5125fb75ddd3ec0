-- Applications to offers, their documents (encrypted), history, notes, interviews and
-- evaluations; decision e-mail templates; the hired MSPs' records; what retention erased.

CREATE TABLE applications (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    fiche_id            INTEGER NOT NULL REFERENCES fiches (id),
    -- Copied from the fiche so that the recruiter's scope filters without a join.
    establishment_id    INTEGER NOT NULL REFERENCES establishments (id),
    candidate_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status              TEXT NOT NULL,
    -- Personal data: emptied by retention or erasure (purged_at is then set).
    full_name           TEXT NOT NULL,
    email               TEXT NOT NULL,           -- trimmed and lower-cased
    phone               TEXT NOT NULL,
    town                TEXT NOT NULL,
    message             TEXT NOT NULL,
    followed_by_service TEXT NOT NULL,
    talent_pool         INTEGER NOT NULL CHECK (talent_pool IN (0, 1)),
    consent_at          TEXT NOT NULL,
    consent_version     TEXT NOT NULL,
    consent_withdrawn_at TEXT,
    follow_token_hash   TEXT NOT NULL UNIQUE,
    -- The random key of the form that sent it: submitting twice makes one application.
    submission_key      TEXT NOT NULL UNIQUE,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    last_contact_at     TEXT NOT NULL,
    ended_at            TEXT,
    purged_at           TEXT
);
CREATE INDEX applications_fiche ON applications (fiche_id, status);
CREATE INDEX applications_establishment_email ON applications (establishment_id, email);
CREATE INDEX applications_candidate ON applications (candidate_id);
CREATE INDEX applications_email ON applications (email);

-- CV and cover letter, sealed with the document key (nonce and ciphertext in `sealed`).
CREATE TABLE application_documents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,                -- cv | lettre
    filename       TEXT NOT NULL,
    media_type     TEXT NOT NULL,                -- pdf | docx | odt
    size           INTEGER NOT NULL,
    key_id         TEXT NOT NULL,
    sealed         BLOB NOT NULL,
    UNIQUE (application_id, kind)
);

-- A file received with a form that was refused for another field: kept (sealed) so that the
-- applicant does not upload it again, and deleted after a day.
CREATE TABLE upload_drafts (
    token_hash  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    filename    TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    key_id      TEXT NOT NULL,
    sealed      BLOB NOT NULL,
    created_at  TEXT NOT NULL
);

-- What happened to an application, dated and attributed; `mail_*` keep each message sent.
CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at             TEXT NOT NULL,
    actor_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_name     TEXT NOT NULL,
    from_status    TEXT,
    to_status      TEXT,
    reason         TEXT NOT NULL,               -- for the recruiters only
    mail_subject   TEXT NOT NULL,
    mail_body      TEXT NOT NULL
);
CREATE INDEX application_events_application ON application_events (application_id, id);

-- Private notes of the recruiters and the CCOMS: never shown to the candidate.
CREATE TABLE application_notes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name    TEXT NOT NULL,
    body           TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX application_notes_application ON application_notes (application_id, id);

CREATE TABLE interviews (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id   INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    uid              TEXT NOT NULL UNIQUE,       -- the iCalendar UID, stable across updates
    sequence         INTEGER NOT NULL DEFAULT 0, -- the iCalendar SEQUENCE, raised by each update
    starts_at        TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    place            TEXT NOT NULL,
    video_url        TEXT NOT NULL,
    ccoms_attendee_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    cancelled_at     TEXT,
    created_at       TEXT NOT NULL
);
CREATE INDEX interviews_application ON interviews (application_id);

CREATE TABLE interview_panel (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (interview_id, user_id)
);

-- One grid per panel member and interview; the others' are shown only after one's own.
CREATE TABLE evaluations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    interview_id   INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    evaluator_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    evaluator_name TEXT NOT NULL,
    ratings        TEXT NOT NULL,               -- JSON: {"techniques": "oui", ...}
    comment        TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    submitted_at   TEXT NOT NULL,
    UNIQUE (interview_id, evaluator_id)
);

CREATE TABLE mail_templates (
    establishment_id INTEGER NOT NULL REFERENCES establishments (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    updated_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (establishment_id, kind)
);

-- What the programme keeps of a hired candidate, for enrolment and the first year.
CREATE TABLE msp_records (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id   INTEGER NOT NULL UNIQUE REFERENCES applications (id),
    user_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    establishment_id INTEGER NOT NULL REFERENCES establishments (id),
    fiche_id         INTEGER NOT NULL REFERENCES fiches (id),
    full_name        TEXT NOT NULL,
    email            TEXT NOT NULL,
    phone            TEXT NOT NULL,
    hired_at         TEXT NOT NULL
);

-- Only counts remain of what retention erased.
CREATE TABLE retention_counters (
    kind  TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);

-- Accounts warned before deletion for inactivity (once per period of inactivity).
ALTER TABLE users ADD COLUMN inactivity_warned_at TEXT;

-- An attachment per message: the iCalendar invitation of an interview.
ALTER TABLE mail_outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN attachment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN attachment_body TEXT NOT NULL DEFAULT '';
