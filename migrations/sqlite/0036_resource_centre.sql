-- The resource centre (issue 26): documents and links the CCOMS publishes for teams, managers,
-- MSPs, candidates and ARS. Not personal data; the files are sealed with the document key all
-- the same, because the rule is "documents encrypted at rest". A link has no version; a file
-- has one row per upload, the highest number being the current one.
CREATE TABLE resources (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    audiences     TEXT NOT NULL,                 -- space-separated codes (domain::resource::Audience)
    themes        TEXT NOT NULL,                 -- space-separated codes (domain::resource::Theme)
    dated         TEXT NOT NULL,                 -- YYYY-MM-DD, the document's own date
    visibility    TEXT NOT NULL,                 -- public | equipes
    link          TEXT NOT NULL DEFAULT '',      -- https address, or '' for a file
    withdrawn_at  TEXT,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE resource_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id  INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    media_type   TEXT NOT NULL,                  -- pdf | docx | odt
    size         INTEGER NOT NULL,
    key_id       TEXT NOT NULL,
    sealed       BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (resource_id, number)
);

-- The sitemap lists the public resources: it is written once per board version, so a change
-- of a resource moves the version (the index itself has nothing to reload for this kind).
CREATE TRIGGER board_version_resource_insert AFTER INSERT ON resources
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'ressources', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_resource_update AFTER UPDATE ON resources
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'ressources', NEW.id FROM board_version;
END;
