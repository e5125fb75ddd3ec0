-- Fields of a fiche nobody has confirmed yet (issue 21): the template's suggestions, what an
-- import or a reuse filled in. A JSON list of editor field names (src/domain/fiche/verify.rs);
-- a fiche cannot be submitted while it is not empty. Existing fiches were written by their
-- teams: nothing to verify.
ALTER TABLE fiches ADD COLUMN to_verify TEXT NOT NULL DEFAULT '[]';
-- The lines of an imported document the import could not place, shown beside the editor until
-- the recruiter dismisses them. The document itself is never stored.
ALTER TABLE fiches ADD COLUMN import_unplaced TEXT NOT NULL DEFAULT '';
