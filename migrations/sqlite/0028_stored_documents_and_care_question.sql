-- A candidate's own CVs and letters (issue 23): up to five of each, named by them, sealed with
-- the document key like application_documents. An application never points here: it gets
-- its own sealed copy, so that erasing one never touches the other. Forgotten with the account.
CREATE TABLE candidate_documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                   -- cv | lettre
    name        TEXT NOT NULL,                   -- chosen by the candidate
    filename    TEXT NOT NULL,
    media_type  TEXT NOT NULL,                   -- pdf | docx | odt
    size        INTEGER NOT NULL,
    key_id      TEXT NOT NULL,
    sealed      BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX candidate_documents_user ON candidate_documents (user_id, kind);

-- "Avez-vous été suivi·e par ce service ?" is no longer asked (the privacy notice says
-- why): the answers already given are erased with the column.
ALTER TABLE applications DROP COLUMN followed_by_service;
