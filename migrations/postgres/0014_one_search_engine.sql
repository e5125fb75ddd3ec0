-- One search engine (issue 18), same version as SQLite's 0014: the saved searches' alerts now
-- match through the board's in-memory index (src/board, src/search), as the pages do. The
-- database's full-text column and its index go; the stems stay in fiches.search_title and
-- fiches.search_body, which the in-memory index loads.

DROP INDEX fiches_search;
ALTER TABLE fiches DROP COLUMN search_vector;

-- Served the searches around a place (0006), which no query makes any more.
DROP INDEX fiches_near;
