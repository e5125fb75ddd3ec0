-- The public job board: establishments and their fiches de poste.
-- Flags are 0/1 integers (sqlx's Any driver reads no SQLite BOOLEAN). Dates are ISO 8601 text ('YYYY-MM-DD'), instants RFC 3339 UTC text: they sort as they read,
-- and the same values travel unchanged between SQLite and PostgreSQL.

CREATE TABLE establishments (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT NOT NULL,
    legal_name       TEXT NOT NULL,
    is_public        INTEGER NOT NULL CHECK (is_public IN (0, 1)),
    street           TEXT NOT NULL,
    postal_code      TEXT NOT NULL,
    commune          TEXT NOT NULL,
    departement_code TEXT NOT NULL,
    created_at       TEXT NOT NULL
);

CREATE TABLE fiches (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment_id  INTEGER NOT NULL REFERENCES establishments (id),
    slug              TEXT UNIQUE,
    status            TEXT NOT NULL,
    title             TEXT NOT NULL,
    quotite           TEXT NOT NULL,
    quotite_percent   INTEGER NOT NULL,
    quotite_adaptable INTEGER NOT NULL CHECK (quotite_adaptable IN (0, 1)),
    grade             TEXT NOT NULL,
    pole              TEXT NOT NULL,
    service           TEXT NOT NULL,
    unit              TEXT NOT NULL,
    place             TEXT NOT NULL,
    context           TEXT NOT NULL,
    public_served     TEXT NOT NULL,
    missions          TEXT NOT NULL, -- JSON: [{"title", "items": [..]}]
    competences       TEXT NOT NULL, -- JSON: {"techniques": [..], ..}
    diploma           TEXT NOT NULL,
    track             TEXT NOT NULL,
    training          TEXT NOT NULL,
    how_to_apply      TEXT NOT NULL,
    apply_email       TEXT NOT NULL,
    contacts          TEXT NOT NULL, -- JSON: [{"name", "role", "phone", "email"}]
    deadline          TEXT,
    start_date        TEXT,
    start_note        TEXT NOT NULL,
    -- Copied from the establishment so that the board filters without a join.
    departement_code  TEXT NOT NULL,
    region_code       TEXT NOT NULL,
    published_at      TEXT,
    -- Stems from the domain analyzer (domain::text), the only thing full-text search compares.
    search_title      TEXT NOT NULL,
    search_body       TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

-- Newest first among published fiches, with the deadline read from the index itself.
CREATE INDEX fiches_board ON fiches (status, published_at, deadline);
CREATE INDEX fiches_region ON fiches (region_code, status);
CREATE INDEX fiches_departement ON fiches (departement_code, status);
CREATE INDEX fiches_establishment ON fiches (establishment_id);

-- Full-text index over the stems, kept in step with `fiches` by triggers.
CREATE VIRTUAL TABLE fiche_search USING fts5 (
    search_title, search_body,
    content = 'fiches', content_rowid = 'id', tokenize = 'unicode61'
);

CREATE TRIGGER fiches_search_insert AFTER INSERT ON fiches BEGIN
    INSERT INTO fiche_search (rowid, search_title, search_body)
    VALUES (new.id, new.search_title, new.search_body);
END;

CREATE TRIGGER fiches_search_delete AFTER DELETE ON fiches BEGIN
    INSERT INTO fiche_search (fiche_search, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
END;

CREATE TRIGGER fiches_search_update AFTER UPDATE OF search_title, search_body ON fiches BEGIN
    INSERT INTO fiche_search (fiche_search, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
    INSERT INTO fiche_search (rowid, search_title, search_body)
    VALUES (new.id, new.search_title, new.search_body);
END;
