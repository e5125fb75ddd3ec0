-- A coordinator accepts a requirement warning of a fiche (src/domain/fiche/requirements), with a
-- reason. The acceptance holds for the warned text only: its fingerprint (field and text hashed)
-- no longer matches once the text changes, and the fiche warns again.
CREATE TABLE fiche_warning_acceptances (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    fiche_id    INTEGER NOT NULL REFERENCES fiches (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    reason      TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_name   TEXT NOT NULL,
    at          TEXT NOT NULL,
    UNIQUE (fiche_id, fingerprint)
);
