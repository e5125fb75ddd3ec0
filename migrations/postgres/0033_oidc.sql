-- OpenID Connect sign-in for staff (ProConnect or any provider): which provider identity is
-- which account, the logins under way, and the ID token a session needs to sign out there.

-- One account per provider identity (issuer + subject); the SIRET the provider gave, shown to the
-- admin to match the establishment. Erased with the account.
CREATE TABLE user_identities (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issuer    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    siret     TEXT,
    linked_at TEXT NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

-- A login sent to the provider and not yet back: the hash of its `state`, and its nonce, PKCE
-- verifier and destination sealed with the documents' key. Single use, 10 minutes.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    key_id     TEXT NOT NULL,
    sealed     BYTEA NOT NULL,
    created_at TEXT NOT NULL
);

-- The provider's ID token of a session opened through it (for its sign-out), sealed.
ALTER TABLE sessions ADD COLUMN id_token_key_id TEXT;
ALTER TABLE sessions ADD COLUMN id_token_sealed BYTEA;
