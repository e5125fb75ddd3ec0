-- A team's request to create an MSP post (issue 22), sent from the public page without an
-- account. It waits for its contact to confirm the address (a link, `one_time_tokens`), is then
-- shown to the CCOMS, which accepts it (the establishment matched or created, the contact
-- invited as its recruiter) or answers it. Unconfirmed requests are forgotten after 7 days,
-- closed ones 90 days after their closing (`crate::retention`).
CREATE TABLE team_requests (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment_name TEXT NOT NULL,
    siret              TEXT,
    finess             TEXT,
    commune_code       TEXT NOT NULL,                 -- INSEE
    commune            TEXT NOT NULL,
    postal_code        TEXT NOT NULL,
    departement_code   TEXT NOT NULL,
    team               TEXT NOT NULL,
    contact_name       TEXT NOT NULL,
    contact_function   TEXT NOT NULL,
    contact_email      TEXT NOT NULL,
    contact_phone      TEXT NOT NULL,
    project            TEXT NOT NULL,
    status             TEXT NOT NULL,                 -- a_confirmer | a_traiter | acceptee | repondue
    created_at         TEXT NOT NULL,
    confirmed_at       TEXT,
    closed_at          TEXT,
    closed_by          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reply              TEXT NOT NULL DEFAULT '',
    establishment_id   INTEGER REFERENCES establishments (id)
);
CREATE INDEX team_requests_status ON team_requests (status, created_at);
