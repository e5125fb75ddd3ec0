//! The talent pool (issue 23): candidates who agreed, with a consent of its own, to be found by
//! the programme's recruiters and the CCOMS. What a member fills and chooses to show
//! ([`Profile`]), how a search matches it ([`search`]), how long a member is kept. No health
//! data is asked: where they would work, from when, the training already done, a few words.

mod area;
mod form;
pub mod search;

use time::{Date, Duration, OffsetDateTime};

use super::coded::coded_enum;
pub use area::Area;
pub use form::ProfileForm;

/// The version of the pool's consent wording (`templates/talent_pool/mine.html`), stored with
/// each member: a new wording is a new version, and the date says which one they agreed to.
pub const CONSENT_VERSION: &str = "vivier-2026-12";
/// A first name or a pseudonym.
pub const NAME_MAX_CHARS: usize = 40;
pub const PRESENTATION_MAX_CHARS: usize = 1000;
pub const TRAINING_OTHER_MAX_CHARS: usize = 200;
/// Areas one member may list: enough for a few regions and their neighbours.
pub const AREAS_MAX: usize = 20;

coded_enum! {
    /// The working time a member looks for.
    pub enum PoolWorkingTime {
        TempsPlein = ("temps_plein", "Temps plein"),
        TempsPartiel = ("temps_partiel", "Temps partiel"),
        LesDeux = ("les_deux", "Temps plein ou temps partiel"),
    }
}

impl PoolWorkingTime {
    /// Whether someone looking for this working time would take a post of `wanted`.
    pub fn suits(self, wanted: PoolWorkingTime) -> bool {
        self == PoolWorkingTime::LesDeux || wanted == PoolWorkingTime::LesDeux || self == wanted
    }
}

coded_enum! {
    /// Training already done: the programme's two licences, a university diploma, another.
    pub enum Training {
        Bobigny = ("bobigny", "Licence de Bobigny (Université Sorbonne Paris Nord)"),
        Bordeaux = ("bordeaux", "Licence professionnelle de Bordeaux"),
        Du = ("du", "Un diplôme universitaire (DU)"),
        Autre = ("autre", "Une autre formation"),
    }
}

/// The parts of a profile a member may show or keep to themselves. A hidden part is neither
/// shown nor searched: a filter on it does not find them, so that a search cannot reveal it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub areas: bool,
    pub availability: bool,
    pub training: bool,
    pub presentation: bool,
}

impl Shown {
    pub const ALL: Shown = Shown {
        areas: true,
        availability: true,
        training: true,
        presentation: true,
    };
}

/// What a member filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// A first name or a pseudonym; empty: the list names them by a number only.
    pub shown_name: String,
    pub areas: Vec<Area>,
    /// From when; `None`: now.
    pub available_from: Option<Date>,
    pub working_time: PoolWorkingTime,
    pub training: Vec<Training>,
    pub training_other: String,
    pub presentation: String,
    pub shown: Shown,
}

impl Profile {
    /// How lists and pages name the member: what they chose, or their number.
    pub fn name(&self, member_id: i64) -> String {
        if self.shown_name.is_empty() {
            format!("Profil n° {member_id}")
        } else {
            self.shown_name.clone()
        }
    }

    /// "Dès maintenant" or "À partir du 1 mars 2027".
    pub fn availability(&self, today: Date) -> String {
        match self.available_from {
            Some(from) if from > today => format!("À partir du {}", super::calendar::french_date(from)),
            _ => "Dès maintenant".into(),
        }
    }
}

/// A member is forgotten this long after their own last action (joining, updating their
/// profile, answering an invitation): `talent_pool_days` of the retention policy. Invitations
/// they receive do not count: being sought does not keep anyone in the pool.
pub fn forgotten(last_action_at: OffsetDateTime, now: OffsetDateTime, kept_days: i64) -> bool {
    now - last_action_at >= Duration::days(kept_days)
}

coded_enum! {
    /// A member's answer to an invitation; none while they have not answered (or ignore it).
    pub enum InvitationAnswer {
        Interested = ("postuler", "Vous avez ouvert l'offre pour postuler"),
        Declined = ("pas_interesse", "Vous n'êtes pas intéressé·e"),
    }
}

/// What the inviter sees of an invitation: sent, declined, or applied. That the member opened
/// the offer without applying is theirs: it reads "sent".
pub fn invitation_status(answer: Option<InvitationAnswer>, applied: bool) -> &'static str {
    match (answer, applied) {
        (_, true) => "A postulé",
        (Some(InvitationAnswer::Declined), false) => "Déclinée",
        _ => "Envoyée",
    }
}

#[cfg(test)]
mod tests;
