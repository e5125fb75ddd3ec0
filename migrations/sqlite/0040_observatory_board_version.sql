-- The open-data page and files (`/donnees-ouvertes`) are rendered once per board version and
-- publish the observatory's figures: importing the historical record moves the version (a
-- page-only kind, `observatoire`; the subject is the post's id) so they are made again.
CREATE TRIGGER board_version_historical_post_insert AFTER INSERT ON historical_posts
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'observatoire', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_historical_post_update AFTER UPDATE ON historical_posts
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'observatoire', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_historical_post_delete AFTER DELETE ON historical_posts
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'observatoire', OLD.id FROM board_version;
END;
