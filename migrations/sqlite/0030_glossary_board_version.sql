-- Offer pages explain the field's words from the glossary, which the board's index carries
-- (src/board): a correction by the CCOMS raises the board's version like a publication, so
-- that every instance reloads it.
CREATE TRIGGER board_version_glossary_insert AFTER INSERT ON glossary_terms
BEGIN
    UPDATE board_version SET version = version + 1;
END;

CREATE TRIGGER board_version_glossary_update AFTER UPDATE ON glossary_terms
BEGIN
    UPDATE board_version SET version = version + 1;
END;

CREATE TRIGGER board_version_glossary_delete AFTER DELETE ON glossary_terms
BEGIN
    UPDATE board_version SET version = version + 1;
END;
