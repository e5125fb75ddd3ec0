-- The programme's calendar: the universities' cohorts, the hired MSPs' enrolments, their first
-- year (milestones with reminders, a shared journal) and the iCalendar feeds of training weeks.

-- One cohort per track and year (the year its training starts), edited by the CCOMS.
CREATE TABLE cohorts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    track               TEXT NOT NULL,            -- bobigny | bordeaux
    year                INTEGER NOT NULL,
    recruitment_opens   TEXT NOT NULL,            -- dates are YYYY-MM-DD
    recruitment_closes  TEXT NOT NULL,
    registration_closes TEXT NOT NULL,
    job_starts          TEXT NOT NULL,
    training_weeks      TEXT NOT NULL,            -- the Monday of each week, separated by commas
    capacity            INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    updated_at          TEXT NOT NULL,
    UNIQUE (track, year)
);

-- A hired MSP in a cohort. The track is copied from the cohort so that a university's scope
-- filters without a join.
CREATE TABLE enrolments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    msp_record_id INTEGER NOT NULL UNIQUE REFERENCES msp_records (id) ON DELETE CASCADE,
    cohort_id     INTEGER NOT NULL REFERENCES cohorts (id),
    track         TEXT NOT NULL,
    state         TEXT NOT NULL,
    has_bac2      INTEGER NOT NULL CHECK (has_bac2 IN (0, 1)),
    arrival_on    TEXT NOT NULL,
    grade         TEXT NOT NULL,                  -- animateur | educateur
    grade_since   TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX enrolments_cohort ON enrolments (cohort_id);
CREATE INDEX enrolments_track ON enrolments (track, state);

-- The first year's milestones; `reminded_at` is set by the one job run that sends the reminder.
CREATE TABLE integration_milestones (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    reminded_at  TEXT,
    done_on      TEXT,
    UNIQUE (enrolment_id, kind)
);
CREATE INDEX integration_milestones_due ON integration_milestones (due_on);

-- The journal of the MSP's own path, shared by the MSP, their manager and the CCOMS. Never a
-- patient's information.
CREATE TABLE integration_journal (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL,
    body         TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX integration_journal_enrolment ON integration_journal (enrolment_id, id);

-- Subscribed calendars of training weeks, behind a random token (only its hash is kept).
CREATE TABLE calendar_feeds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,                    -- msp | etablissement | promotion
    target_id   INTEGER NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX calendar_feeds_target ON calendar_feeds (kind, target_id);

-- The cohort a post project aims at (its track is post_projects.track), chosen on its
-- rétroplanning; empty until chosen.
ALTER TABLE post_projects ADD COLUMN target_year INTEGER;
