//! When an application's personal data must go.

use time::{Duration, OffsetDateTime};

use super::ApplicationStatus;

/// How long personal data are kept (CNIL 2023 recruitment guide); both configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// After a refusal or a withdrawal, from the end of the recruitment.
    pub ended_days: i64,
    /// After a hire, from the hire: time for the establishment to put the CV and the letter in
    /// the personnel file it keeps, where they belong from then on (CNIL 2023 recruitment guide).
    pub hired_days: i64,
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
            hired_days: 90,
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
    /// last contact at most. A hired person's application goes `hired_days` after the hire,
    /// talent pool or not (they are hired): the MSP's record keeps their name and address for
    /// the enrolment and the first year. Open ones stay.
    pub fn decide(&self, facts: &RetentionFacts, now: OffsetDateTime) -> Retention {
        let Some(ended_at) = facts.ended_at else {
            return Retention::Keep;
        };
        let limit = match facts.status {
            ApplicationStatus::Embauchee => ended_at + Duration::days(self.hired_days),
            ApplicationStatus::NonRetenue | ApplicationStatus::Retiree if facts.talent_pool => {
                facts.last_contact_at.max(ended_at) + Duration::days(self.talent_pool_days)
            }
            ApplicationStatus::NonRetenue | ApplicationStatus::Retiree => ended_at + Duration::days(self.ended_days),
            _ => return Retention::Keep,
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
