-- An application joins its applicant's account, and "the same person's other applications",
-- only once the person proved they control its address: they were signed in with that
-- (verified) address when applying, or they opened the follow link sent to it. Until then,
-- anyone could have typed the address.
ALTER TABLE applications ADD COLUMN email_verified_at TEXT;

-- Applications made while signed in were made with the account's verified address. Opening a
-- follow link was never recorded: the others wait for their link to be opened (again).
UPDATE applications SET email_verified_at = created_at
WHERE candidate_id IS NOT NULL AND purged_at IS NULL
  AND email = (SELECT u.email FROM users u WHERE u.id = applications.candidate_id);
