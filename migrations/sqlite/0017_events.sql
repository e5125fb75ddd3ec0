-- The one log of what happened (issue 20): written in the transaction of the change it tells;
-- notifications and digests are made from it. No candidate's data: numbers, an offer's title,
-- an establishment's name, a date; `people` lists the accounts it names as recipients.
CREATE TABLE events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,
    occurred_at      TEXT NOT NULL,
    actor_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reference        INTEGER NOT NULL,
    title            TEXT NOT NULL,
    place            TEXT NOT NULL,
    detail           TEXT NOT NULL,
    link             TEXT NOT NULL,
    establishment_id INTEGER,
    region_code      TEXT,
    fiche_id         INTEGER,
    people           TEXT NOT NULL
);
CREATE INDEX events_occurred ON events (occurred_at);

-- How each person wants to hear of each kind (immediat, quotidien, jamais); without a row,
-- the role's default (`domain::event::EventKind::default_choice`).
CREATE TABLE notification_choices (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    choice  TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- What waits for a person's daily digest: `sent_at` is set by the one run that mails it.
CREATE TABLE notification_digest (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    why      TEXT NOT NULL,
    sent_at  TEXT,
    PRIMARY KEY (user_id, event_id)
);
CREATE INDEX notification_digest_waiting ON notification_digest (sent_at, day);

-- Set by the one job run that tells a panel member their evaluation is awaited.
ALTER TABLE interview_panel ADD COLUMN evaluation_asked_at TEXT;
