-- Offer pages explain the field's words from the glossary, which the board's index carries
-- (src/board): a correction by the CCOMS raises the board's version like a publication, so
-- that every instance reloads it.
CREATE TRIGGER board_version_glossary_change AFTER INSERT OR UPDATE OR DELETE ON glossary_terms
    FOR EACH STATEMENT EXECUTE FUNCTION board_version_raise();
