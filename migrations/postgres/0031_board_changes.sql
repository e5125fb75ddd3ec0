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
    version BIGINT PRIMARY KEY,
    kind    TEXT NOT NULL,
    subject BIGINT
);

-- The kind is the trigger's argument; the subject the row's id (none for a statement).
CREATE FUNCTION board_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    raised BIGINT;
    subject BIGINT;
BEGIN
    UPDATE board_version SET version = version + 1 RETURNING version INTO raised;
    IF TG_LEVEL = 'ROW' THEN
        IF TG_OP = 'DELETE' THEN subject := OLD.id; ELSE subject := NEW.id; END IF;
    END IF;
    INSERT INTO board_changes (version, kind, subject) VALUES (raised, TG_ARGV[0], subject);
    RETURN NULL;
END;
$$;

DROP TRIGGER board_version_fiche_insert ON fiches;
DROP TRIGGER board_version_fiche_update ON fiches;
DROP TRIGGER board_version_fiche_delete ON fiches;
DROP TRIGGER board_version_establishment_update ON establishments;
DROP TRIGGER board_version_glossary_change ON glossary_terms;
DROP FUNCTION board_version_raise();

CREATE TRIGGER board_version_fiche_insert AFTER INSERT ON fiches
    FOR EACH ROW WHEN (NEW.status = 'publiee') EXECUTE FUNCTION board_change('fiche');
CREATE TRIGGER board_version_fiche_update AFTER UPDATE ON fiches
    FOR EACH ROW WHEN (OLD.status = 'publiee' OR NEW.status = 'publiee') EXECUTE FUNCTION board_change('fiche');
CREATE TRIGGER board_version_fiche_delete AFTER DELETE ON fiches
    FOR EACH ROW WHEN (OLD.status = 'publiee') EXECUTE FUNCTION board_change('fiche');
CREATE TRIGGER board_version_establishment_update AFTER UPDATE ON establishments
    FOR EACH ROW EXECUTE FUNCTION board_change('etablissement');
CREATE TRIGGER board_version_glossary_change AFTER INSERT OR UPDATE OR DELETE ON glossary_terms
    FOR EACH STATEMENT EXECUTE FUNCTION board_change('glossaire');
CREATE TRIGGER board_version_cohort_change AFTER INSERT OR UPDATE OR DELETE ON cohorts
    FOR EACH ROW EXECUTE FUNCTION board_change('cohortes');
CREATE TRIGGER board_version_subsidy_change AFTER INSERT OR UPDATE OR DELETE ON subsidies
    FOR EACH ROW EXECUTE FUNCTION board_change('statistiques');
-- A closed offer still counts among the published ones until it is deleted.
CREATE TRIGGER board_version_closed_fiche_delete AFTER DELETE ON fiches
    FOR EACH ROW WHEN (OLD.status = 'close') EXECUTE FUNCTION board_change('statistiques');
