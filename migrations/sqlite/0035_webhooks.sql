-- Establishments' webhooks (issue 25): the addresses their systems receive events at, and the
-- deliveries of those events. A delivery row is written in the transaction that records the
-- event (`crate::notify::record`), so it exists if and only if the change happened; a worker
-- sends it, retrying with backoff, and each attempt is logged. Attempts are kept 90 days.
CREATE TABLE webhook_endpoints (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment_id INTEGER NOT NULL REFERENCES establishments (id) ON DELETE CASCADE,
    url              TEXT NOT NULL,
    kinds            TEXT NOT NULL,                 -- event kinds' codes, comma-separated
    key_id           TEXT NOT NULL,                 -- the documents' key that sealed the secret
    sealed_secret    BLOB NOT NULL,               -- the signing secret, never in clear
    created_at       TEXT NOT NULL,
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    disabled_at      TEXT                           -- set while the endpoint is turned off
);
CREATE INDEX webhook_endpoints_establishment ON webhook_endpoints (establishment_id);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,                  -- the stable id receivers drop repeats by
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,                  -- ids and links only, never a person's data
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL,                  -- a_envoyer | livre | abandonne
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until   TEXT                            -- the attempt in flight, claimed by one worker
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id);

CREATE TABLE webhook_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id     INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at    TEXT NOT NULL,
    status_code     INTEGER,                          -- the receiver's answer, if it answered
    error           TEXT NOT NULL DEFAULT '',       -- why it failed otherwise (no secret in it)
    next_attempt_at TEXT                            -- the retry planned, if any
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at);
