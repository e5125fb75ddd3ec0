-- One row that /readyz and start-up write to: a database that answers reads but cannot write
-- (read-only file, full disk, a replica) is not ready.
CREATE TABLE readiness (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
INSERT INTO readiness (id, checked_at) VALUES (1, '');
