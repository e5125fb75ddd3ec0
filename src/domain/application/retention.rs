//! When an application's personal data must go.

use time::{Duration, OffsetDateTime};

use super::ApplicationStatus;

/// How long personal data are kept (CNIL 2023 recruitment guide); both configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// After a refusal or a withdrawal, from the end of the recruitment.
    pub ended_days: i64,
    /// In the talent pool, from the last contact.
    pub talent_pool_days: i64,
    /// An inactive candidate account, from its last activity.
    pub inactive_account_days: i64,
    /// The warning before an inactive account is deleted.
    pub warning_days: i64,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            ended_days: 90,
            talent_pool_days: 730,
            inactive_account_days: 730,
            warning_days: 30,
        }
    }
}

/// What retention decides for an application's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    Keep,
    Erase,
}

/// The facts about one application retention looks at.
pub struct RetentionFacts {
    pub status: ApplicationStatus,
    /// When the recruitment ended for this application (refused, withdrawn, hired).
    pub ended_at: Option<OffsetDateTime>,
    pub talent_pool: bool,
    pub last_contact_at: OffsetDateTime,
}

impl RetentionPolicy {
    /// A refused or withdrawn application loses its personal data `ended_days` after the end,
    /// unless the candidate chose the talent pool, which keeps them `talent_pool_days` after the
    /// last contact at most. Hired candidates' data move to the MSP's record and open ones stay.
    pub fn decide(&self, facts: &RetentionFacts, now: OffsetDateTime) -> Retention {
        let ended = matches!(facts.status, ApplicationStatus::NonRetenue | ApplicationStatus::Retiree);
        let Some(ended_at) = facts.ended_at.filter(|_| ended) else {
            return Retention::Keep;
        };
        let limit = if facts.talent_pool {
            facts.last_contact_at.max(ended_at) + Duration::days(self.talent_pool_days)
        } else {
            ended_at + Duration::days(self.ended_days)
        };
        if now >= limit {
            Retention::Erase
        } else {
            Retention::Keep
        }
    }

    /// When an account last active at `last_active_at` is warned, and when it is deleted.
    pub fn account_deadlines(&self, last_active_at: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
        let delete_at = last_active_at + Duration::days(self.inactive_account_days);
        (delete_at - Duration::days(self.warning_days), delete_at)
    }
}
