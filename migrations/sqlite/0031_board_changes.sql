-- Each instance keeps the board's index in memory and follows the board's version (0009). So
-- that it can update its index in place instead of reloading every offer, the triggers that
-- raise the version now also say what changed, in the same transaction, one row per version:
-- `fiche` (a published fiche written, or leaving publication: its id), `etablissement` (its
-- id: its offers show its name and place), `glossaire`, and what only the public pages show
-- besides the index, which must move the version too for the pages kept in memory:
-- `cohortes` (an offer's cohort line) and `statistiques` (subsidies, and closed offers
-- deleted: /statistiques counts them). Rows older than what any instance still needs are
-- forgotten (`msp purge`); an index older than the oldest row reloads whole.
CREATE TABLE board_changes (
    version INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    subject INTEGER
);

DROP TRIGGER board_version_fiche_insert;
DROP TRIGGER board_version_fiche_update;
DROP TRIGGER board_version_fiche_delete;
DROP TRIGGER board_version_establishment_update;
DROP TRIGGER board_version_glossary_insert;
DROP TRIGGER board_version_glossary_update;
DROP TRIGGER board_version_glossary_delete;

CREATE TRIGGER board_version_fiche_insert AFTER INSERT ON fiches
    WHEN NEW.status = 'publiee'
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'fiche', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_fiche_update AFTER UPDATE ON fiches
    WHEN OLD.status = 'publiee' OR NEW.status = 'publiee'
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'fiche', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_fiche_delete AFTER DELETE ON fiches
    WHEN OLD.status = 'publiee'
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'fiche', OLD.id FROM board_version;
END;

CREATE TRIGGER board_version_establishment_update AFTER UPDATE ON establishments
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'etablissement', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_glossary_insert AFTER INSERT ON glossary_terms
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind) SELECT version, 'glossaire' FROM board_version;
END;

CREATE TRIGGER board_version_glossary_update AFTER UPDATE ON glossary_terms
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind) SELECT version, 'glossaire' FROM board_version;
END;

CREATE TRIGGER board_version_glossary_delete AFTER DELETE ON glossary_terms
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind) SELECT version, 'glossaire' FROM board_version;
END;

CREATE TRIGGER board_version_cohort_insert AFTER INSERT ON cohorts
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'cohortes', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_cohort_update AFTER UPDATE ON cohorts
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'cohortes', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_cohort_delete AFTER DELETE ON cohorts
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'cohortes', OLD.id FROM board_version;
END;

CREATE TRIGGER board_version_subsidy_insert AFTER INSERT ON subsidies
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'statistiques', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_subsidy_update AFTER UPDATE ON subsidies
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'statistiques', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_subsidy_delete AFTER DELETE ON subsidies
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'statistiques', OLD.id FROM board_version;
END;

-- A closed offer still counts among the published ones until it is deleted.
CREATE TRIGGER board_version_closed_fiche_delete AFTER DELETE ON fiches
    WHEN OLD.status = 'close'
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'statistiques', OLD.id FROM board_version;
END;
