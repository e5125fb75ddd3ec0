-- One search engine (issue 18): the saved searches' alerts now match through the board's
-- in-memory index (src/board, src/search), as the pages do. The database's full-text index
-- and the indexes that served its searches go; the stems stay in fiches.search_title and
-- fiches.search_body, which the in-memory index loads.

DROP TRIGGER fiches_search_insert;
DROP TRIGGER fiches_search_delete;
DROP TRIGGER fiches_search_update;
DROP TABLE fiche_search;

-- Served the full-text matches' filters (0003, 0006) and the searches around a place (0006),
-- which no query makes any more.
DROP INDEX fiches_board_filters;
DROP INDEX fiches_near;
