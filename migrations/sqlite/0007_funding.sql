-- ARS funding (issue 7): calls for projects, funding requests with their documents and their
-- dated, attributed events, subsidies with their yearly amounts and payments. Amounts are
-- integer cents. Regions are copied onto requests and subsidies so that an ARS officer's
-- queries filter on one column.

CREATE TABLE funding_calls (
    id                         INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code                TEXT NOT NULL,
    title                      TEXT NOT NULL,
    description                TEXT NOT NULL,
    posts                      INTEGER NOT NULL CHECK (posts > 0),
    amount_per_post_year_cents INTEGER NOT NULL CHECK (amount_per_post_year_cents > 0),
    years                      INTEGER NOT NULL CHECK (years > 0),
    first_year                 INTEGER NOT NULL,
    opens_on                   TEXT NOT NULL,
    closes_on                  TEXT NOT NULL,
    documents                  TEXT NOT NULL, -- JSON: the names of the documents required
    created_by                 INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at                 TEXT NOT NULL
);
CREATE INDEX funding_calls_region ON funding_calls (region_code, closes_on);

CREATE TABLE funding_requests (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id          INTEGER NOT NULL REFERENCES funding_calls (id),
    project_id       INTEGER NOT NULL REFERENCES post_projects (id),
    establishment_id INTEGER NOT NULL REFERENCES establishments (id),
    region_code      TEXT NOT NULL,
    state            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    -- When and by whom the establishment committed to keep the post once the subsidy ends.
    committed_at     TEXT,
    committed_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (call_id, project_id)
);
CREATE INDEX funding_requests_region ON funding_requests (region_code, state);
CREATE INDEX funding_requests_establishment ON funding_requests (establishment_id);

-- Every transition, dated and attributed; append-only: a decision is corrected by a new event.
CREATE TABLE funding_request_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  INTEGER NOT NULL REFERENCES funding_requests (id),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    actor_id    INTEGER, -- no foreign key: the row outlives the account, unchanged
    actor_name  TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX funding_request_events_request ON funding_request_events (request_id, id);

CREATE TRIGGER funding_request_events_append_only BEFORE UPDATE ON funding_request_events BEGIN
    SELECT RAISE(ABORT, 'funding_request_events is append-only');
END;
CREATE TRIGGER funding_request_events_no_delete BEFORE DELETE ON funding_request_events BEGIN
    SELECT RAISE(ABORT, 'funding_request_events is append-only');
END;

CREATE TABLE funding_documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  INTEGER NOT NULL REFERENCES funding_requests (id),
    requirement TEXT NOT NULL, -- which of the call's documents this is
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    content     BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX funding_documents_request ON funding_documents (request_id);

CREATE TABLE subsidies (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id            INTEGER NOT NULL UNIQUE REFERENCES funding_requests (id),
    call_id               INTEGER NOT NULL REFERENCES funding_calls (id),
    project_id            INTEGER NOT NULL REFERENCES post_projects (id),
    establishment_id      INTEGER NOT NULL REFERENCES establishments (id),
    region_code           TEXT NOT NULL,
    first_year            INTEGER NOT NULL,
    years                 INTEGER NOT NULL CHECK (years > 0),
    total_cents           INTEGER NOT NULL CHECK (total_cents > 0),
    ends_on               TEXT NOT NULL,
    reminder_due_on       TEXT NOT NULL,
    -- Set once, by the one job run that sends the reminder.
    reminder_sent_at      TEXT,
    post_kept             INTEGER CHECK (post_kept IN (0, 1)),
    post_kept_recorded_at TEXT,
    created_at            TEXT NOT NULL
);
CREATE INDEX subsidies_region ON subsidies (region_code);
CREATE INDEX subsidies_reminder ON subsidies (reminder_sent_at, reminder_due_on);

-- A payment is recorded by raising paid_cents in a statement that checks the bound, and the
-- CHECK refuses any row that would exceed what was granted.
CREATE TABLE subsidy_years (
    subsidy_id   INTEGER NOT NULL REFERENCES subsidies (id),
    year         INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    due_on       TEXT NOT NULL,
    paid_cents   INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0 AND paid_cents <= amount_cents),
    PRIMARY KEY (subsidy_id, year)
);

CREATE TABLE subsidy_payments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    subsidy_id   INTEGER NOT NULL REFERENCES subsidies (id),
    year         INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    paid_on      TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX subsidy_payments_subsidy ON subsidy_payments (subsidy_id, id);

-- The public statistics count published offers by region and year: this index answers the
-- count alone (a covering index), without reading a single fiche.
CREATE INDEX fiches_statistics ON fiches (status, region_code, published_at);
