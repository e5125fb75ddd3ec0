-- The MSPs' network (issue 26): MSPs in post and graduates who opt in are listed, under the
-- name they choose, to the other members and the CCOMS only, and write to each other through
-- the platform. Being listed discloses a history of psychiatric care: leaving deletes the
-- member row at once (not a flag) and closes their conversations; deleting the account
-- deletes everything it wrote or received here. No field holds anything about health.
CREATE TABLE network_members (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    -- The name shown: a first name or a pseudonym, never taken from the account.
    shown_name        TEXT NOT NULL,
    -- A region's code ('84'), or empty: not said.
    region            TEXT NOT NULL,
    -- Year of hire or of graduation, or NULL: not said.
    year              INTEGER,
    -- bobigny, bordeaux, or empty: none or not said.
    track             TEXT NOT NULL,
    -- What they are happy to talk about: short free text.
    topics            TEXT NOT NULL,
    accepts_messages  INTEGER NOT NULL CHECK (accepts_messages IN (0, 1)),
    joined_at         TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

-- A conversation between two accounts. Either may close it; it is deleted with its messages
-- 12 months after its last message (retention).
CREATE TABLE network_conversations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    starter_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recipient_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at       TEXT NOT NULL,
    last_message_at  TEXT NOT NULL,
    closed_at        TEXT,
    closed_by        INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX network_conversations_starter ON network_conversations (starter_id);
CREATE INDEX network_conversations_recipient ON network_conversations (recipient_id);
CREATE INDEX network_conversations_last ON network_conversations (last_message_at);

CREATE TABLE network_messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  INTEGER NOT NULL REFERENCES network_conversations (id) ON DELETE CASCADE,
    author_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body             TEXT NOT NULL,
    sent_at          TEXT NOT NULL
);
CREATE INDEX network_messages_conversation ON network_messages (conversation_id);

-- A member who blocked another: neither writes to the other nor sees them in the directory.
-- The blocked one is not told.
CREATE TABLE network_blocks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    blocker_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    UNIQUE (blocker_id, blocked_id)
);

-- A member's report of a message or of a member, for the CCOMS; kept 12 months.
CREATE TABLE network_reports (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    reporter_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reported_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_id        INTEGER REFERENCES network_messages (id) ON DELETE SET NULL,
    reason            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    -- When the CCOMS dealt with it (removed the member or let it be), or NULL.
    handled_at        TEXT
);
CREATE INDEX network_reports_created ON network_reports (created_at);
