-- Offers near me (issue 8): each offer placed at its establishment's commune, and saved
-- searches with their alerts.

-- The commune (INSEE code) and its town hall, copied on each fiche like its département so
-- that a search around a place filters without a join. Coordinates are integers, millionths
-- of a degree: they travel unchanged between SQLite and PostgreSQL, and distances are
-- computed in Rust (SQLite has no trigonometry). NULL: not placed yet; '' and NULL
-- coordinates: the establishment's commune is unknown.
ALTER TABLE fiches ADD COLUMN commune_code TEXT;
ALTER TABLE fiches ADD COLUMN lat INTEGER;
ALTER TABLE fiches ADD COLUMN lon INTEGER;

-- A search around a place reads the open offers in a band of latitude from this index alone.
CREATE INDEX fiches_near ON fiches (status, lat, lon, deadline, published_at);
-- Full-text matches check their filters, now with the coordinates, without reading the row.
DROP INDEX fiches_board_filters;
CREATE INDEX fiches_board_filters
    ON fiches (id, status, deadline, departement_code, region_code, quotite, track, published_at, lat, lon);

-- A search saved by a candidate (user_id) or by a visitor with an e-mail address alone.
CREATE TABLE saved_searches (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER REFERENCES users (id) ON DELETE CASCADE,
    email          TEXT NOT NULL,                 -- where alerts go (a candidate's: their account's)
    query          TEXT NOT NULL,                 -- the search's canonical query string
    label          TEXT NOT NULL,                 -- the search in French words, for the mails
    frequency      TEXT NOT NULL CHECK (frequency IN ('immediate', 'weekly')),
    feed_key       TEXT NOT NULL UNIQUE,          -- random: the address of the search's Atom feed
    confirmed_at   TEXT,                          -- NULL until the visitor follows the e-mailed link
    last_digest_at TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX saved_searches_user ON saved_searches (user_id);

-- Each offer alerted once per saved search: the row is inserted in the same transaction as
-- the mail, and the key refuses a second one, even from another instance.
CREATE TABLE saved_search_alerts (
    saved_search_id INTEGER NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    fiche_id        INTEGER NOT NULL REFERENCES fiches (id) ON DELETE CASCADE,
    sent_at         TEXT NOT NULL,
    PRIMARY KEY (saved_search_id, fiche_id)
);

-- Alert e-mails carry a List-Unsubscribe header (RFC 2369, one click per RFC 8058): the
-- address is stored with the message, NULL for every other mail.
ALTER TABLE mail_outbox ADD COLUMN list_unsubscribe TEXT;
