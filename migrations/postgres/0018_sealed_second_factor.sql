-- The second factor's secret is sealed with the documents' key (src/db/users.rs), as mail waiting
-- in the outbox is: a copy of the database no longer lets anyone compute a staff member's codes.
-- The clear column stays, emptied: secrets enrolled before this migration are sealed by the
-- application at start-up (SQL cannot seal), and on their next use at sign-in.
ALTER TABLE users ADD COLUMN totp_key_id TEXT;
ALTER TABLE users ADD COLUMN totp_sealed BYTEA;
