-- How an establishment's name takes "à" and "de" (issue 19): "au Centre hospitalier…",
-- "à la Clinique…", "à l'EPSM…", "aux Hôpitaux…". NULL means "derived from the name"
-- (domain::french::Article::of_name); a value is a choice someone made: le, la, l, les, aucun.
ALTER TABLE establishments ADD COLUMN name_article TEXT
    CHECK (name_article IS NULL OR name_article IN ('le', 'la', 'l', 'les', 'aucun'));
