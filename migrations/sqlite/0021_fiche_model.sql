-- The fiche's model fits real posts (issue 21). Existing fiches keep every value: the new
-- columns start empty, and `details` ('{}') reads as "applied to on the platform", as they were.
-- A working time's percentage may now be unsaid: the code stores it as 0 in `quotite_percent`
-- (NOT NULL since 0001), and the top of a range in `quotite_percent_max`.
ALTER TABLE fiches ADD COLUMN quotite_percent_max INTEGER;
ALTER TABLE fiches ADD COLUMN quotite_note TEXT NOT NULL DEFAULT '';
-- JSON: the other places, how to apply besides the platform, pay in euros, contract, number of
-- posts, reference (db::fiches::Details). A fiche naming no licence has '' in `track`.
ALTER TABLE fiches ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
