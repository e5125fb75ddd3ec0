//! Who uses the platform (DESIGN §2): roles, their scopes, and which roles may ever read a
//! candidate's personal data.

use serde::{Deserialize, Serialize};

/// A user's role. A user has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Candidate,
    Recruiter,
    Coordinator,
    ArsOfficer,
    University,
    Msp,
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Candidate,
        Role::Recruiter,
        Role::Coordinator,
        Role::ArsOfficer,
        Role::University,
        Role::Msp,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::Recruiter => "recruiter",
            Role::Coordinator => "coordinator",
            Role::ArsOfficer => "ars_officer",
            Role::University => "university",
            Role::Msp => "msp",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// How the role is named to users.
    pub fn label(self) -> &'static str {
        match self {
            Role::Candidate => "Candidat ou candidate",
            Role::Recruiter => "Recruteur (établissement)",
            Role::Coordinator => "Coordination CCOMS",
            Role::ArsOfficer => "Agence régionale de santé (ARS)",
            Role::University => "Université",
            Role::Msp => "Médiateur ou médiatrice de santé-pair",
            Role::Admin => "Administration technique",
        }
    }

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

    /// Who may invite a user of this role: admins anyone, CCOMS coordinators everyone but admins.
    pub fn may_be_invited_by(self, inviter: Role) -> bool {
        match inviter {
            Role::Admin => self.is_staff(),
            Role::Coordinator => self.is_staff() && self != Role::Admin,
            _ => false,
        }
    }
}

/// What a scope value designates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// An establishment id: a recruiter may have several.
    Establishment,
    /// A region code: an ARS officer has one.
    Region,
    /// A university track (`bobigny`, `bordeaux`).
    Track,
}

impl ScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Establishment => "establishment",
            ScopeKind::Region => "region",
            ScopeKind::Track => "track",
        }
    }

    pub fn parse(value: &str) -> Option<ScopeKind> {
        [ScopeKind::Establishment, ScopeKind::Region, ScopeKind::Track]
            .into_iter()
            .find(|k| k.as_str() == value)
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

    #[test]
    fn coordinators_invite_staff_but_not_admins_and_nobody_invites_candidates() {
        assert!(Role::Recruiter.may_be_invited_by(Role::Coordinator));
        assert!(!Role::Admin.may_be_invited_by(Role::Coordinator));
        assert!(Role::Admin.may_be_invited_by(Role::Admin));
        assert!(!Role::Candidate.may_be_invited_by(Role::Admin));
        assert!(!Role::Msp.may_be_invited_by(Role::Recruiter));
    }
}
