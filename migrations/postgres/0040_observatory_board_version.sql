-- The open-data page and files (`/donnees-ouvertes`) are rendered once per board version and
-- publish the observatory's figures: importing the historical record moves the version (a
-- page-only kind, `observatoire`; the subject is the post's id) so they are made again.
CREATE TRIGGER board_version_historical_post_insert AFTER INSERT ON historical_posts
    FOR EACH ROW EXECUTE FUNCTION board_change('observatoire');
CREATE TRIGGER board_version_historical_post_update AFTER UPDATE ON historical_posts
    FOR EACH ROW EXECUTE FUNCTION board_change('observatoire');
CREATE TRIGGER board_version_historical_post_delete AFTER DELETE ON historical_posts
    FOR EACH ROW EXECUTE FUNCTION board_change('observatoire');
