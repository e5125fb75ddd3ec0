-- Indexes for the public board at 100,000 offers (issue 11, bench/RESULTS.md).
--
-- A fiche's row is several kilobytes, so SQLite keeps every column after the long texts
-- (deadline, departement_code, region_code, published_at...) in overflow pages: reading them
-- from the row costs several page reads per candidate. These indexes hold the filter and order
-- columns, so that a search reads only index pages until it has its page of 20 offers.

-- A full-text search starts from the matches of fiche_search and checks each one's filters
-- here, by id, without touching the row.
CREATE INDEX fiches_board_filters
    ON fiches (id, status, deadline, departement_code, region_code, quotite, track, published_at);

-- A search by place without words: the open offers of a département or a region, newest first.
DROP INDEX fiches_departement;
CREATE INDEX fiches_departement ON fiches (departement_code, status, deadline, published_at);
DROP INDEX fiches_region;
CREATE INDEX fiches_region ON fiches (region_code, status, deadline, published_at);
