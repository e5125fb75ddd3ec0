-- Indexes for the public board at 100,000 offers (issue 11); same version as SQLite's 0003.
--
-- PostgreSQL keeps long texts out of line (TOAST), so the filter columns stay in the main
-- tuple and it needs no covering index by id for full-text search (SQLite's
-- fiches_board_filters). The place indexes are widened the same way, for a search by place
-- without words.
DROP INDEX fiches_departement;
CREATE INDEX fiches_departement ON fiches (departement_code, status, deadline, published_at);
DROP INDEX fiches_region;
CREATE INDEX fiches_region ON fiches (region_code, status, deadline, published_at);
