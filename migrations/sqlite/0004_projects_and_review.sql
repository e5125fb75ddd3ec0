-- Post projects, and the review of fiches: every submitted version kept, comments by section.

CREATE TABLE post_projects (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment_id   INTEGER NOT NULL REFERENCES establishments (id),
    state              TEXT NOT NULL,
    unit               TEXT NOT NULL,
    public_served      TEXT NOT NULL,
    quotite            TEXT NOT NULL,
    track              TEXT NOT NULL,
    readiness          TEXT NOT NULL, -- JSON: the answers to the FAQ's readiness questions
    version            INTEGER NOT NULL DEFAULT 1,
    created_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX post_projects_establishment ON post_projects (establishment_id);

ALTER TABLE fiches ADD COLUMN project_id INTEGER REFERENCES post_projects (id);
CREATE INDEX fiches_project ON fiches (project_id);
-- Pay as an index (indice majoré), and what Place de l'emploi public asks of public employers.
ALTER TABLE fiches ADD COLUMN pay_index INTEGER;
ALTER TABLE fiches ADD COLUMN public_post TEXT NOT NULL DEFAULT '{}';

CREATE TABLE fiche_versions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    fiche_id   INTEGER NOT NULL REFERENCES fiches (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    content    TEXT NOT NULL, -- JSON: every section as submitted
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    at         TEXT NOT NULL,
    UNIQUE (fiche_id, number)
);

CREATE TABLE fiche_comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    fiche_id    INTEGER NOT NULL REFERENCES fiches (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    section     TEXT NOT NULL,
    body        TEXT NOT NULL,
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX fiche_comments_fiche ON fiche_comments (fiche_id, id);
