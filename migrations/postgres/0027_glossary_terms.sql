-- The glossary of the field's words (issue 23): the code keeps the list, the CCOMS corrects a
-- term's meaning or adds one here; a row replaces the code's term of the same spelling.
CREATE TABLE glossary_terms (
    id          BIGSERIAL PRIMARY KEY,
    term        TEXT NOT NULL UNIQUE,
    meaning     TEXT NOT NULL,
    updated_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at  TEXT NOT NULL
);
