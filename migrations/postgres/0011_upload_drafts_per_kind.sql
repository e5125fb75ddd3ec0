-- A refused application form keeps up to two files (CV and letter) under one token: the key is
-- the token and the kind, not the token alone (with the token alone, keeping the second file
-- failed and the form answered 500).
ALTER TABLE upload_drafts DROP CONSTRAINT upload_drafts_pkey;
ALTER TABLE upload_drafts ADD PRIMARY KEY (token_hash, kind);
