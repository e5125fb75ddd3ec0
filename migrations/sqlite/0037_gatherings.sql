-- The programme's agenda (issue 26): awareness meetings, intervision and supervision groups,
-- university information days, and who registered to each. A gathering is never deleted: a
-- cancelled or past one stays as the programme's record. Registrations are personal data,
-- forgotten some months after the gathering (`crate::retention`).
CREATE TABLE gatherings (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    kind              TEXT NOT NULL,                 -- sensibilisation | intervision | supervision | information
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    starts_at         TEXT NOT NULL,                 -- UTC instants, typed on a clock in Paris
    ends_at           TEXT NOT NULL,
    place             TEXT NOT NULL,                 -- an address, or empty for a video meeting
    region_code       TEXT NOT NULL,                 -- INSEE region code, or empty (national)
    video_url         TEXT NOT NULL,                 -- https, or empty
    audience          TEXT NOT NULL,                 -- equipes | msp | public | ars | universites
    capacity          INTEGER,                       -- NULL: no limit
    registration_open INTEGER NOT NULL,              -- 1 while people may register
    sequence          INTEGER NOT NULL DEFAULT 0,    -- grows with each change, for calendars
    created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    cancelled_at      TEXT
);
CREATE INDEX gatherings_starts ON gatherings (starts_at);

CREATE TABLE gathering_registrations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    gathering_id  INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state         TEXT NOT NULL,                     -- inscrit | attente (the waiting list, by id)
    registered_at TEXT NOT NULL,
    reminded_at   TEXT,                              -- the day-before reminder, sent once
    UNIQUE (gathering_id, user_id)
);
CREATE INDEX gathering_registrations_user ON gathering_registrations (user_id);
