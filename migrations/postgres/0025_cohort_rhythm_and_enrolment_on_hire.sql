-- One calendar truth (issue 22). The training rhythm is a setting of each cohort, which the CCOMS
-- sets (the seeds disagree); existing cohorts take DESIGN §4's default for both tracks, the same
-- text as `domain::cohort::DEFAULT_RHYTHM`.
ALTER TABLE cohorts ADD COLUMN rhythm TEXT NOT NULL DEFAULT 'Une semaine entière par mois, en présentiel';

-- An enrolment made at the hire does not know yet whether the person holds a Bac+2: 0 until the
-- CCOMS or the university says so by choosing the next step (registration, or the VAP/VAE file).
-- Enrolments made by hand said it when they were made.
ALTER TABLE enrolments ADD COLUMN has_bac2_known BIGINT NOT NULL DEFAULT 1 CHECK (has_bac2_known IN (0, 1));
