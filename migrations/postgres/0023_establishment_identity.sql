-- An establishment's legal identity (issue 22), when known: its SIRET (14 digits, Luhn key) and
-- its FINESS number (9 characters). One establishment per number: a second one is a duplicate,
-- which the CCOMS merges.
ALTER TABLE establishments ADD COLUMN siret TEXT;
ALTER TABLE establishments ADD COLUMN finess TEXT;
CREATE UNIQUE INDEX establishments_siret ON establishments (siret) WHERE siret IS NOT NULL;
CREATE UNIQUE INDEX establishments_finess ON establishments (finess) WHERE finess IS NOT NULL;
