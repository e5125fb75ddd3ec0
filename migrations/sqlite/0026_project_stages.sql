-- A project's stage is derived from what happened (issue 22): the stored state, set by clicks,
-- goes. What it held that was an event stays: a project given up keeps its date and reason.
ALTER TABLE post_projects ADD COLUMN abandoned_at TEXT;
ALTER TABLE post_projects ADD COLUMN abandon_reason TEXT NOT NULL DEFAULT '';
UPDATE post_projects SET abandoned_at = updated_at WHERE state = 'abandonne';
ALTER TABLE post_projects DROP COLUMN state;

-- The CCOMS's corrections of the derived stage, with their reason; the latest one applies.
CREATE TABLE project_stage_corrections (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id    INTEGER NOT NULL REFERENCES post_projects (id) ON DELETE CASCADE,
    derived_stage TEXT NOT NULL,
    stage         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_name     TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX project_stage_corrections_project ON project_stage_corrections (project_id);

-- The CCOMS's meetings with the team; the notes are about the team and the post, never a patient.
CREATE TABLE accompaniment_meetings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER NOT NULL REFERENCES post_projects (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    note        TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX accompaniment_meetings_project ON accompaniment_meetings (project_id, held_on);

-- The team's readiness answers (post_projects.readiness) as reviewed by the CCOMS.
ALTER TABLE post_projects ADD COLUMN readiness_changed_at TEXT;
ALTER TABLE post_projects ADD COLUMN readiness_reviewed_at TEXT;
ALTER TABLE post_projects ADD COLUMN readiness_reviewer TEXT NOT NULL DEFAULT '';
ALTER TABLE post_projects ADD COLUMN readiness_review TEXT NOT NULL DEFAULT '';
