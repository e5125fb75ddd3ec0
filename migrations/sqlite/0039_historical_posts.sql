-- The observatory (issue 26): the historical record of the programme's posts since 2012,
-- imported from the CCOMS's spreadsheet. One row per post, never a person's name; the CCOMS's
-- reference makes a second import update a row instead of adding it again.
CREATE TABLE historical_posts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    reference         TEXT NOT NULL UNIQUE,
    region            TEXT NOT NULL,
    departement       TEXT,
    establishment     TEXT NOT NULL,
    created_year      INTEGER NOT NULL,
    state             TEXT NOT NULL,
    project_start     TEXT,
    hired_on          TEXT,
    subsidy_end_year  INTEGER,
    kept              INTEGER, -- 1 oui, 0 non, NULL not known
    grade_at_hire     TEXT,
    grade_now         TEXT,
    educateur_year    INTEGER,
    track             TEXT,
    cohort            INTEGER,
    graduated         INTEGER,
    imported_at       TEXT NOT NULL
);
