-- Establishments' API keys (issue 25): an establishment's own systems create draft fiches and read
-- their states, and, with the explicit scope, its applications. The key is shown once; only its
-- SHA-256 is kept, with a short public id (`msp_<public_id>_…`) to name it in lists and logs.
CREATE TABLE api_keys (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment_id INTEGER NOT NULL REFERENCES establishments (id),
    public_id        TEXT NOT NULL UNIQUE,
    key_hash         TEXT NOT NULL UNIQUE,
    label            TEXT NOT NULL,
    scopes           TEXT NOT NULL,                 -- space-separated: fiches, candidatures
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    last_used_at     TEXT,
    revoked_at       TEXT,
    revoked_by       INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX api_keys_establishment ON api_keys (establishment_id);
