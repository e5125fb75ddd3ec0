//! Who may do what (DESIGN §2), decided in one place from (actor, action, resource).
//!
//! Routes declare the [`Action`] they perform and the web gate asks [`permits`]; handlers that
//! touch a scoped resource ask [`candidate_data_scope`] for the filter their query must apply,
//! so a recruiter's queries only ever return their establishments' rows.

use super::account::User;
use super::role::{Role, ScopeKind};

/// Something a signed-in user asks to do, independent of which resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the list of accounts and invite staff.
    ManageAccounts,
    /// Read and filter the audit log.
    ReadAuditLog,
    /// Turn off the second factor: only where it is optional.
    TurnOffSecondFactor,
    /// Follow post projects and their fiches (in the establishments of one's scope).
    FollowPosts,
    /// Open a project and write its fiche: the establishment's recruiters.
    WriteFiches,
    /// Comment on a submitted fiche, send it back or publish it: the CCOMS.
    ReviewFiches,
    /// Read the applications to the posts in one's scope, take notes, sit on a panel: the
    /// establishment's recruiters and the CCOMS, which accompanies every recruitment.
    ReadApplications,
    /// Move applications, schedule interviews, edit the decision e-mails: the recruiters.
    DecideApplications,
    /// Let a hire through without an interview held and evaluated, with a reason: the CCOMS.
    GrantHireExceptions,
    /// Record the accompaniment of a project (meetings, the review of the team's readiness) and
    /// correct its derived stage with a reason: the CCOMS.
    AccompanyProjects,
    /// Follow one's own applications, download or erase one's data: candidates.
    FollowOwnApplications,
    /// Join the talent pool with its own consent, fill one's profile, answer invitations, leave.
    JoinTalentPool,
    /// Search the talent pool, read the profiles members chose to show and invite them to apply
    /// to an open offer of one's scope: the recruiters and the CCOMS.
    SearchTalentPool,
    /// Follow calls for projects, funding requests and subsidies, in one's scope: the
    /// establishment's recruiters, the region's ARS officers, the CCOMS.
    FollowFunding,
    /// File a funding request for one of the establishment's projects: its recruiters.
    RequestFunding,
    /// Open calls, instruct requests, record payments, read the regional dashboard: the ARS.
    RunCalls,
    /// Set the universities' cohorts and their dates: the CCOMS.
    ManageCohorts,
    /// See enrolments in one's scope: the CCOMS, the universities (their track), the recruiters
    /// (their establishments' MSPs) and the MSPs (their own).
    FollowEnrolments,
    /// Enrol a hired MSP in a cohort: the CCOMS.
    EnrolMsps,
    /// Move an enrolment along its states: the CCOMS and the universities.
    ChangeEnrolments,
    /// Write in the first year's journal, shared by the MSP, their manager and the CCOMS.
    WriteJournal,
    /// Create and revoke the training calendars' secret addresses.
    SubscribeCalendars,
    /// One's own training calendar and first year: MSPs.
    FollowOwnPath,
    /// Set the day an MSP arrives, from which their first year is dated: the establishment and
    /// the CCOMS.
    PlanIntegration,
    /// The programme's dashboard: the CCOMS.
    FollowProgramme,
    /// Answer teams' requests to create a post, register and edit establishments, merge
    /// duplicates: the CCOMS, which lets a new team in.
    ManageEstablishments,
    /// Choose which events one hears of, and when: whoever the event log can reach.
    ChooseNotifications,
    /// Create and revoke the establishment's API keys, with which its own systems write draft
    /// fiches and read applications: its recruiters, who answer for what the keys do.
    ManageApiKeys,
    /// Add, turn off and delete the establishment's webhooks, renew their secrets, read their
    /// delivery log: its recruiters, whose systems receive them.
    ManageWebhooks,
    /// Import the historical record of the programme's posts into the observatory: the CCOMS,
    /// which keeps that record.
    ImportObservatory,
    /// Create, edit and cancel the programme's gatherings, and read who registered: the CCOMS,
    /// which organises them.
    ManageGatherings,
    /// See the MSPs' network's directory: its members (MSPs who joined) and the CCOMS. Whether an
    /// MSP joined is checked by the handler, which sends a non-member to the join page.
    SeeNetwork,
    /// Join the MSPs' network, write to its members, block and report: MSPs, in post or graduated.
    JoinNetwork,
    /// Read the network's reports and remove a member from its directory: the CCOMS.
    ModerateNetwork,
    /// The design system's samples (`/styleguide`): every staff role, who report what looks wrong.
    SeeStyleGuide,
    /// Publish, correct, version and withdraw the resource centre's documents: the CCOMS.
    PublishResources,
}

/// Which resources of the resource centre someone finds: visitors and candidates the public
/// ones, every other signed-in role the staff-only ones too, the CCOMS also those withdrawn.
pub fn resource_readers(role: Option<Role>) -> super::resource::Readers {
    use super::resource::Readers;
    match role {
        Some(role) if permits(role, Action::PublishResources) => Readers::Publisher,
        Some(role) if role.is_staff() => Readers::Staff,
        _ => Readers::Public,
    }
}

/// Whether a role may perform an action at all; the resource's scope is checked by the query.
pub fn permits(role: Role, action: Action) -> bool {
    match action {
        Action::ManageAccounts | Action::ReadAuditLog => matches!(role, Role::Admin | Role::Coordinator),
        Action::TurnOffSecondFactor => !role.requires_second_factor(),
        Action::FollowPosts => matches!(role, Role::Recruiter | Role::Coordinator),
        Action::WriteFiches | Action::ManageWebhooks => role == Role::Recruiter,
        Action::ReviewFiches | Action::ImportObservatory => role == Role::Coordinator,
        Action::ReadApplications => matches!(role, Role::Recruiter | Role::Coordinator),
        Action::DecideApplications => role == Role::Recruiter,
        Action::GrantHireExceptions | Action::AccompanyProjects => role == Role::Coordinator,
        Action::FollowOwnApplications | Action::JoinTalentPool => role == Role::Candidate,
        Action::SearchTalentPool => matches!(role, Role::Recruiter | Role::Coordinator),
        Action::FollowFunding => matches!(role, Role::Recruiter | Role::Coordinator | Role::ArsOfficer),
        Action::RequestFunding => role == Role::Recruiter,
        Action::RunCalls => role == Role::ArsOfficer,
        Action::ManageCohorts | Action::EnrolMsps | Action::FollowProgramme | Action::ManageEstablishments => {
            role == Role::Coordinator
        }
        Action::FollowEnrolments => matches!(role, Role::Coordinator | Role::University | Role::Recruiter | Role::Msp),
        Action::ChangeEnrolments => matches!(role, Role::Coordinator | Role::University),
        Action::WriteJournal | Action::SubscribeCalendars => {
            matches!(role, Role::Coordinator | Role::Recruiter | Role::Msp)
        }
        Action::FollowOwnPath => role == Role::Msp,
        Action::PlanIntegration => matches!(role, Role::Recruiter | Role::Coordinator),
        Action::SeeStyleGuide => role.is_staff(),
        Action::ManageGatherings => role == Role::Coordinator,
        Action::PublishResources => role == Role::Coordinator,
        Action::ManageApiKeys => role == Role::Recruiter,
        Action::SeeNetwork => matches!(role, Role::Msp | Role::Coordinator),
        Action::JoinNetwork => role == Role::Msp,
        Action::ModerateNetwork => role == Role::Coordinator,
        Action::ChooseNotifications => !super::event::EventKind::heard_by(role).is_empty(),
    }
}

/// Who may invite a user of this role: admins any staff, CCOMS coordinators any staff but
/// admins; nobody invites candidates, who sign up by themselves.
pub fn may_invite(inviter: Role, invitee: Role) -> bool {
    match inviter {
        Role::Admin => invitee.is_staff(),
        Role::Coordinator => invitee.is_staff() && invitee != Role::Admin,
        _ => false,
    }
}

/// The establishments whose projects and fiches a user may see, as the filter a query applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EstablishmentScope {
    All,
    Only(Vec<i64>),
}

impl EstablishmentScope {
    pub fn includes(&self, establishment_id: i64) -> bool {
        match self {
            EstablishmentScope::All => true,
            EstablishmentScope::Only(ids) => ids.contains(&establishment_id),
        }
    }
}

/// CCOMS coordinators follow every project; a recruiter those of their establishments; others
/// none (an empty list, so that a query returns nothing).
pub fn establishment_scope(user: &User) -> EstablishmentScope {
    match user.role {
        Role::Coordinator => EstablishmentScope::All,
        Role::Recruiter => EstablishmentScope::Only(
            user.scope_values(ScopeKind::Establishment)
                .filter_map(|id| id.parse().ok())
                .collect(),
        ),
        _ => EstablishmentScope::Only(Vec::new()),
    }
}

/// The candidates' personal data a user may read, as the filter a query applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CandidateDataScope {
    /// Every candidate (CCOMS coordinators; admins, always with an audit record).
    All,
    /// Candidates to the posts of these establishments.
    Establishments(Vec<i64>),
    /// Hired MSPs enrolled, or to enrol, in this university track.
    HiredInTrack(String),
    /// Only the user's own data.
    OwnOnly,
    /// Nothing about any candidate: ARS officers see aggregated figures only.
    Nothing,
}

pub fn candidate_data_scope(user: &User) -> CandidateDataScope {
    match user.role {
        Role::Coordinator | Role::Admin => CandidateDataScope::All,
        Role::Recruiter => CandidateDataScope::Establishments(
            user.scope_values(ScopeKind::Establishment)
                .filter_map(|id| id.parse().ok())
                .collect(),
        ),
        Role::University => match user.scope_values(ScopeKind::Track).next() {
            Some(track) => CandidateDataScope::HiredInTrack(track.to_string()),
            None => CandidateDataScope::Nothing,
        },
        Role::Candidate | Role::Msp => CandidateDataScope::OwnOnly,
        Role::ArsOfficer => CandidateDataScope::Nothing,
    }
}

/// The region an ARS officer's figures are limited to.
pub fn ars_region(user: &User) -> Option<&str> {
    match user.role {
        Role::ArsOfficer => user.scope_values(ScopeKind::Region).next(),
        _ => None,
    }
}

/// Who may record whether a post was kept after its subsidy: the establishment, which knows,
/// and the ARS, which checks the commitment.
pub fn may_record_post_kept(role: Role) -> bool {
    matches!(role, Role::Recruiter | Role::ArsOfficer)
}

/// The funding requests and subsidies a user may see, as the filter a query applies. Calls are
/// filtered by region instead: a recruiter sees the calls of their establishments' regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundingScope {
    /// The CCOMS follows every region.
    All,
    /// An ARS officer: their region only.
    Region(String),
    /// A recruiter: their establishments only.
    Establishments(Vec<i64>),
}

/// An ARS officer without a region, or a role without funding access, gets an empty list of
/// establishments: every query then returns nothing.
pub fn funding_scope(user: &User) -> FundingScope {
    match user.role {
        Role::Coordinator => FundingScope::All,
        Role::ArsOfficer => match ars_region(user) {
            Some(region) => FundingScope::Region(region.to_string()),
            None => FundingScope::Establishments(Vec::new()),
        },
        Role::Recruiter => match establishment_scope(user) {
            EstablishmentScope::Only(ids) => FundingScope::Establishments(ids),
            EstablishmentScope::All => FundingScope::Establishments(Vec::new()),
        },
        _ => FundingScope::Establishments(Vec::new()),
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
