//! The policy's table, role by role.

use super::*;
use crate::domain::account::Scope;

fn user(role: Role, scopes: &[(ScopeKind, &str)]) -> User {
    User {
        id: 1,
        email: "a@b.fr".into(),
        display_name: "Test".into(),
        role,
        email_verified: true,
        totp_enabled: true,
        scopes: scopes
            .iter()
            .map(|(kind, value)| Scope {
                kind: *kind,
                value: value.to_string(),
            })
            .collect(),
    }
}

#[test]
fn administration_is_for_admins_and_coordinators_only() {
    for role in Role::ALL {
        let expected = matches!(role, Role::Admin | Role::Coordinator);
        assert_eq!(permits(role, Action::ManageAccounts), expected, "{role:?}");
        assert_eq!(permits(role, Action::ReadAuditLog), expected, "{role:?}");
    }
}

#[test]
fn only_the_ccoms_lets_new_teams_in_and_manages_establishments() {
    for role in Role::ALL {
        assert_eq!(
            permits(role, Action::ManageEstablishments),
            role == Role::Coordinator,
            "{role:?}"
        );
    }
}

#[test]
fn only_an_establishments_recruiters_manage_its_api_keys() {
    for role in Role::ALL {
        assert_eq!(
            permits(role, Action::ManageApiKeys),
            role == Role::Recruiter,
            "{role:?}"
        );
    }
}

#[test]
fn only_candidates_may_turn_off_the_second_factor() {
    for role in Role::ALL {
        assert_eq!(permits(role, Action::TurnOffSecondFactor), role == Role::Candidate);
    }
}

#[test]
fn coordinators_invite_staff_but_not_admins_and_nobody_invites_candidates() {
    assert!(may_invite(Role::Coordinator, Role::Recruiter));
    assert!(!may_invite(Role::Coordinator, Role::Admin));
    assert!(may_invite(Role::Admin, Role::Admin));
    assert!(!may_invite(Role::Admin, Role::Candidate));
    assert!(!may_invite(Role::Recruiter, Role::Msp));
}

#[test]
fn posts_are_followed_in_scope_written_by_recruiters_and_reviewed_by_the_ccoms() {
    let recruiter = user(Role::Recruiter, &[(ScopeKind::Establishment, "3")]);
    assert_eq!(establishment_scope(&recruiter), EstablishmentScope::Only(vec![3]));
    assert!(!establishment_scope(&recruiter).includes(4));
    assert!(establishment_scope(&user(Role::Coordinator, &[])).includes(4));
    assert!(!establishment_scope(&user(Role::Admin, &[])).includes(4));
    assert!(!establishment_scope(&user(Role::ArsOfficer, &[(ScopeKind::Region, "84")])).includes(4));
    assert!(permits(Role::Recruiter, Action::WriteFiches) && !permits(Role::Coordinator, Action::WriteFiches));
    assert!(permits(Role::Coordinator, Action::ReviewFiches) && !permits(Role::Recruiter, Action::ReviewFiches));
}

#[test]
fn only_an_establishments_recruiters_manage_its_webhooks() {
    for role in Role::ALL {
        assert_eq!(
            permits(role, Action::ManageWebhooks),
            role == Role::Recruiter,
            "{role:?}"
        );
    }
}

#[test]
fn applications_are_read_by_recruiters_and_the_ccoms_decided_by_recruiters_only() {
    for role in Role::ALL {
        assert_eq!(
            permits(role, Action::ReadApplications),
            matches!(role, Role::Recruiter | Role::Coordinator),
            "{role:?}"
        );
        assert_eq!(permits(role, Action::DecideApplications), role == Role::Recruiter);
        assert_eq!(permits(role, Action::GrantHireExceptions), role == Role::Coordinator);
        assert_eq!(permits(role, Action::AccompanyProjects), role == Role::Coordinator);
        assert_eq!(permits(role, Action::FollowOwnApplications), role == Role::Candidate);
    }
}

#[test]
fn candidates_join_the_pool_and_recruiters_and_the_ccoms_search_it() {
    for role in Role::ALL {
        assert_eq!(
            permits(role, Action::JoinTalentPool),
            role == Role::Candidate,
            "{role:?}"
        );
        assert_eq!(
            permits(role, Action::SearchTalentPool),
            matches!(role, Role::Recruiter | Role::Coordinator),
            "{role:?}"
        );
    }
}

#[test]
fn funding_is_run_by_the_ars_of_the_region_and_requested_by_establishments() {
    for role in Role::ALL {
        assert_eq!(permits(role, Action::RunCalls), role == Role::ArsOfficer, "{role:?}");
        assert_eq!(
            permits(role, Action::RequestFunding),
            role == Role::Recruiter,
            "{role:?}"
        );
    }
    assert!(!permits(Role::Candidate, Action::FollowFunding));
    let ars = user(Role::ArsOfficer, &[(ScopeKind::Region, "11")]);
    assert_eq!(funding_scope(&ars), FundingScope::Region("11".into()));
    let recruiter = user(Role::Recruiter, &[(ScopeKind::Establishment, "3")]);
    assert_eq!(funding_scope(&recruiter), FundingScope::Establishments(vec![3]));
    assert_eq!(funding_scope(&user(Role::Coordinator, &[])), FundingScope::All);
    assert_eq!(
        funding_scope(&user(Role::ArsOfficer, &[])),
        FundingScope::Establishments(vec![])
    );
}

#[test]
fn universities_move_enrolments_but_never_read_the_journal() {
    assert!(permits(Role::University, Action::FollowEnrolments));
    assert!(permits(Role::University, Action::ChangeEnrolments));
    assert!(!permits(Role::University, Action::WriteJournal));
    assert!(!permits(Role::Recruiter, Action::ChangeEnrolments));
    assert!(permits(Role::Msp, Action::WriteJournal) && permits(Role::Msp, Action::FollowOwnPath));
    assert!(!permits(Role::ArsOfficer, Action::FollowEnrolments));
    assert!(!permits(Role::Candidate, Action::FollowEnrolments));
    assert!(permits(Role::Coordinator, Action::EnrolMsps) && !permits(Role::University, Action::EnrolMsps));
}

#[test]
fn a_recruiter_reads_only_their_establishments_and_the_ars_nothing() {
    let recruiter = user(
        Role::Recruiter,
        &[(ScopeKind::Establishment, "3"), (ScopeKind::Establishment, "7")],
    );
    assert_eq!(
        candidate_data_scope(&recruiter),
        CandidateDataScope::Establishments(vec![3, 7])
    );
    let ars = user(Role::ArsOfficer, &[(ScopeKind::Region, "84")]);
    assert_eq!(candidate_data_scope(&ars), CandidateDataScope::Nothing);
    assert_eq!(ars_region(&ars), Some("84"));
    assert_eq!(ars_region(&recruiter), None);
    let university = user(Role::University, &[(ScopeKind::Track, "bobigny")]);
    assert_eq!(
        candidate_data_scope(&university),
        CandidateDataScope::HiredInTrack("bobigny".into())
    );
    assert_eq!(
        candidate_data_scope(&user(Role::University, &[])),
        CandidateDataScope::Nothing
    );
}

#[test]
fn only_the_ccoms_imports_the_historical_record_of_posts() {
    for role in Role::ALL {
        assert_eq!(
            permits(role, Action::ImportObservatory),
            role == Role::Coordinator,
            "{role:?}"
        );
    }
}

#[test]
fn only_the_ccoms_organises_gatherings_and_reads_who_registered() {
    for role in Role::ALL {
        assert_eq!(
            permits(role, Action::ManageGatherings),
            role == Role::Coordinator,
            "{role:?}"
        );
    }
}

#[test]
fn only_the_ccoms_publishes_resources_and_candidates_read_the_public_ones_only() {
    use crate::domain::resource::Readers;
    for role in Role::ALL {
        assert_eq!(
            permits(role, Action::PublishResources),
            role == Role::Coordinator,
            "{role:?}"
        );
    }
    assert_eq!(resource_readers(None), Readers::Public);
    assert_eq!(resource_readers(Some(Role::Candidate)), Readers::Public);
    assert_eq!(resource_readers(Some(Role::Msp)), Readers::Staff);
    assert_eq!(resource_readers(Some(Role::ArsOfficer)), Readers::Staff);
    assert_eq!(resource_readers(Some(Role::Coordinator)), Readers::Publisher);
}

#[test]
fn the_msps_network_is_joined_by_msps_and_seen_by_its_members_and_the_ccoms_only() {
    for role in Role::ALL {
        assert_eq!(permits(role, Action::JoinNetwork), role == Role::Msp, "{role:?}");
        assert_eq!(
            permits(role, Action::SeeNetwork),
            matches!(role, Role::Msp | Role::Coordinator),
            "{role:?}"
        );
        assert_eq!(
            permits(role, Action::ModerateNetwork),
            role == Role::Coordinator,
            "{role:?}"
        );
    }
}
