-- The talent pool (issue 23): candidates who agreed, with a consent of its own, to be found by
-- the programme's recruiters and the CCOMS, with the profile they chose to show. Leaving deletes
-- the row and its invitations at once; retention forgets a member `talent_pool_days` after
-- their own last action (joining, updating, answering), never after an invitation.
CREATE TABLE talent_pool_members (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    consent_version   TEXT NOT NULL,
    consent_at        TEXT NOT NULL,
    -- A first name or a pseudonym, as the candidate wants to be called; empty: a number.
    shown_name        TEXT NOT NULL,
    -- Where they would work: region codes as "r84", département codes as "d69", space separated.
    areas             TEXT NOT NULL,
    -- From when (a date), or NULL: now.
    available_from    TEXT,
    working_time      TEXT NOT NULL,
    -- Training already done: codes (bobigny, bordeaux, du, autre), space separated.
    training          TEXT NOT NULL,
    training_other    TEXT NOT NULL,
    presentation      TEXT NOT NULL,
    -- What the candidate chose to show; a hidden part is neither shown nor searched.
    show_areas        INTEGER NOT NULL CHECK (show_areas IN (0, 1)),
    show_availability INTEGER NOT NULL CHECK (show_availability IN (0, 1)),
    show_training     INTEGER NOT NULL CHECK (show_training IN (0, 1)),
    show_presentation INTEGER NOT NULL CHECK (show_presentation IN (0, 1)),
    joined_at         TEXT NOT NULL,
    last_action_at    TEXT NOT NULL
);
CREATE INDEX talent_pool_members_last_action ON talent_pool_members (last_action_at);

-- An invitation to apply to an open offer, sent from a member's profile. Nothing of the
-- candidate reaches the inviter until they apply. One per member and offer.
CREATE TABLE talent_pool_invitations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id        INTEGER NOT NULL REFERENCES talent_pool_members (id) ON DELETE CASCADE,
    fiche_id         INTEGER NOT NULL REFERENCES fiches (id) ON DELETE CASCADE,
    inviter_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    establishment_id INTEGER NOT NULL REFERENCES establishments (id),
    created_at       TEXT NOT NULL,
    -- postuler (went to the offer) or pas_interesse; NULL while unanswered.
    answer           TEXT,
    answered_at      TEXT,
    UNIQUE (member_id, fiche_id)
);
CREATE INDEX talent_pool_invitations_fiche ON talent_pool_invitations (fiche_id);
