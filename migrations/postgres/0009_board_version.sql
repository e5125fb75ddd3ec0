-- The public board's search is answered from an index held in memory by each instance
-- (src/board). This counter tells every instance when its index is out of date: triggers raise
-- it on every change the board could show, in the writing transaction itself, so no code path
-- that writes fiches can forget to. The row's lock also orders concurrent writers: a version
-- read after a commit is never below that commit's.
CREATE TABLE board_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO board_version (id, version) VALUES (1, 1);

CREATE FUNCTION board_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_version SET version = version + 1;
    RETURN NULL;
END;
$$;

-- Only published fiches are on the board: drafts being edited do not make every instance
-- reload. A fiche leaving publication (closed, withdrawn) was published before the change.
CREATE TRIGGER board_version_fiche_insert AFTER INSERT ON fiches
    FOR EACH ROW WHEN (NEW.status = 'publiee') EXECUTE FUNCTION board_version_raise();
CREATE TRIGGER board_version_fiche_update AFTER UPDATE ON fiches
    FOR EACH ROW WHEN (OLD.status = 'publiee' OR NEW.status = 'publiee') EXECUTE FUNCTION board_version_raise();
CREATE TRIGGER board_version_fiche_delete AFTER DELETE ON fiches
    FOR EACH ROW WHEN (OLD.status = 'publiee') EXECUTE FUNCTION board_version_raise();

-- Offers show their establishment's name and place.
CREATE TRIGGER board_version_establishment_update AFTER UPDATE ON establishments
    FOR EACH STATEMENT EXECUTE FUNCTION board_version_raise();
