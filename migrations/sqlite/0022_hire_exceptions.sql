-- A hire follows an interview that took place and the panel's evaluations (issue 22); the CCOMS
-- may record an exception for one application, with its reason, which the audit log keeps too.
CREATE TABLE hire_exceptions (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    reason         TEXT NOT NULL,
    user_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_name      TEXT NOT NULL,
    at             TEXT NOT NULL
);
