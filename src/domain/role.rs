//! Who uses the platform (DESIGN §2): roles, their scopes, and which roles may ever read a
//! candidate's personal data.

use serde::{Deserialize, Serialize};

use super::coded::coded_enum;

coded_enum! {
    /// A user's role. A user has exactly one; the label is how the role is named to users.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Role {
        Candidate = ("candidate", "Candidat ou candidate"),
        Recruiter = ("recruiter", "Recruteur (établissement)"),
        Coordinator = ("coordinator", "Coordination CCOMS"),
        ArsOfficer = ("ars_officer", "Agence régionale de santé (ARS)"),
        University = ("university", "Université"),
        Msp = ("msp", "Médiateur ou médiatrice de santé-pair"),
        Admin = ("admin", "Administration technique"),
    }
}

impl Role {
    /// Staff are invited; only candidates sign up by themselves.
    pub fn is_staff(self) -> bool {
        self != Role::Candidate
    }

    /// Roles that can, in their scope, read a candidate's personal data. They get short sessions.
    pub fn reads_candidate_data(self) -> bool {
        matches!(
            self,
            Role::Recruiter | Role::Coordinator | Role::University | Role::Admin
        )
    }

    /// A second factor is mandatory for every staff role, and for any role that reads candidate
    /// data; candidates may turn it on.
    pub fn requires_second_factor(self) -> bool {
        self.is_staff() || self.reads_candidate_data()
    }

    /// The kind of scope the role needs, if any.
    pub fn scope_kind(self) -> Option<ScopeKind> {
        match self {
            Role::Recruiter => Some(ScopeKind::Establishment),
            Role::ArsOfficer => Some(ScopeKind::Region),
            Role::University => Some(ScopeKind::Track),
            _ => None,
        }
    }
}

coded_enum! {
    /// What a scope value designates, labelled as users read it before the value
    /// ("établissement 3", "région 44").
    pub enum ScopeKind {
        /// An establishment id: a recruiter may have several.
        Establishment = ("establishment", "établissement"),
        /// A region code: an ARS officer has one.
        Region = ("region", "région"),
        /// A university track (`bobigny`, `bordeaux`).
        Track = ("track", "université"),
    }
}

/// How long a session lasts without activity, and at most, in minutes. Roles that read
/// candidates' data get the short limits the issue sets (30 minutes idle, 12 hours in all).
pub fn session_limits(role: Role) -> (i64, i64) {
    if role.reads_candidate_data() {
        (30, 12 * 60)
    } else {
        (7 * 24 * 60, 30 * 24 * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn every_staff_role_needs_a_second_factor_and_candidates_may_choose() {
        for role in Role::ALL {
            assert_eq!(role.requires_second_factor(), role != Role::Candidate, "{role:?}");
        }
    }

    #[test]
    fn the_ars_never_reads_candidate_data() {
        assert!(!Role::ArsOfficer.reads_candidate_data());
        assert!(Role::Recruiter.reads_candidate_data());
    }
}
