-- Accounts, roles and scopes, server-side sessions, single-use links, mail outbox and audit log.

CREATE TABLE users (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    email             TEXT NOT NULL UNIQUE,       -- trimmed and lower-cased
    display_name      TEXT NOT NULL,
    role              TEXT NOT NULL,
    password_hash     TEXT,                       -- argon2id PHC string
    email_verified_at TEXT,
    totp_secret       TEXT,                       -- base32; set when the second factor is on
    totp_last_step    INTEGER,                    -- last accepted time step: a code works once
    created_at        TEXT NOT NULL,
    last_active_at    TEXT NOT NULL
);

-- Which establishments a recruiter, which region an ARS officer, which track a university.
CREATE TABLE user_scopes (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, value)
);

-- Only a hash of the cookie's token is stored: a copy of the table opens no session.
CREATE TABLE sessions (
    token_hash         TEXT PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    second_factor_done INTEGER NOT NULL CHECK (second_factor_done IN (0, 1)),
    created_at         TEXT NOT NULL,
    last_seen_at       TEXT NOT NULL,
    expires_at         TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Single-use links (e-mail verification, password reset, invitation), stored hashed.
CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    payload    TEXT NOT NULL,                     -- JSON: an invitation's role and scopes
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Failed logins per account key and per address, for the growing delay.
CREATE TABLE login_failures (
    throttle_key    TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL
);

-- Messages are stored in the transaction that decides them, then delivered by a worker.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sent_at         TEXT,
    last_error      TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);

-- Append-only: who did or read what, when, from where. Only the retention job deletes.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor_email TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    ip          TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
