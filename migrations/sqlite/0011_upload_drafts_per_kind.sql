-- A refused application form keeps up to two files (CV and letter) under one token: the key is
-- the token and the kind, not the token alone (with the token alone, keeping the second file
-- failed and the form answered 500).
CREATE TABLE upload_drafts_per_kind (
    token_hash  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    filename    TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    key_id      TEXT NOT NULL,
    sealed      BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (token_hash, kind)
);
INSERT INTO upload_drafts_per_kind (token_hash, kind, filename, media_type, size, key_id, sealed, created_at)
    SELECT token_hash, kind, filename, media_type, size, key_id, sealed, created_at FROM upload_drafts;
DROP TABLE upload_drafts;
ALTER TABLE upload_drafts_per_kind RENAME TO upload_drafts;
