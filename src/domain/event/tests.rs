use super::*;

#[test]
fn every_kind_has_a_code_that_reads_back_and_a_wording_without_placeholders() {
    for kind in EventKind::ALL {
        assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        let event = Event::new(kind, 42, "Médiateur de santé-pair", "/x")
            .at(1, "CH du Rouvray")
            .detail("accordée");
        let words = wording(&event);
        for text in [&words.subject, &words.sentence] {
            assert!(text.contains("42") || text.contains("Médiateur"), "{kind:?}: {text}");
            assert!(!text.contains('{') && !text.contains("  "), "{kind:?}: {text}");
        }
    }
}

#[test]
fn a_new_application_names_its_number_and_offer_never_a_person() {
    let event = Event::new(
        EventKind::ApplicationReceived,
        42,
        "MSP en psychiatrie adulte",
        "/candidatures/42",
    )
    .at(3, "CH du Rouvray");
    let words = wording(&event);
    assert_eq!(words.subject, "Nouvelle candidature n° 42 – MSP en psychiatrie adulte");
    assert_eq!(
        words.sentence,
        "Une nouvelle candidature (n° 42) est arrivée pour l'offre « MSP en psychiatrie adulte » (CH du Rouvray)."
    );
}

#[test]
fn each_role_hears_only_of_what_reaches_it() {
    assert!(EventKind::heard_by(Role::Candidate).is_empty());
    assert!(EventKind::heard_by(Role::Admin).is_empty());
    assert_eq!(
        EventKind::heard_by(Role::ArsOfficer),
        [EventKind::FundingFiled, EventKind::FundingCompleted]
    );
    assert!(EventKind::heard_by(Role::Coordinator).contains(&EventKind::FicheSubmitted));
    assert!(EventKind::heard_by(Role::Recruiter).contains(&EventKind::ApplicationReceived));
    assert!(!EventKind::heard_by(Role::Recruiter).contains(&EventKind::FicheSubmitted));
    // Every kind with an audience reaches some role that can choose how to hear of it.
    let roles = [Role::Recruiter, Role::Coordinator, Role::ArsOfficer, Role::Msp];
    for kind in EventKind::ALL.into_iter().filter(|k| !k.audiences().is_empty()) {
        assert!(roles.iter().any(|r| kind.reaches(*r)), "{kind:?}");
    }
}

#[test]
fn what_asks_to_act_comes_at_once_what_informs_waits_for_the_digest() {
    assert_eq!(
        EventKind::ApplicationReceived.default_choice(Role::Recruiter),
        Choice::AtOnce
    );
    assert_eq!(
        EventKind::FicheSubmitted.default_choice(Role::Coordinator),
        Choice::AtOnce
    );
    assert_eq!(EventKind::FicheClosed.default_choice(Role::Recruiter), Choice::Digest);
    assert_eq!(EventKind::Hired.default_choice(Role::Coordinator), Choice::Digest);
}

#[test]
fn a_teams_request_reaches_the_ccoms_at_once_and_no_one_else() {
    let kind = EventKind::TeamRequestConfirmed;
    assert_eq!(kind.audiences(), [Audience::Coordinators]);
    assert!(EventKind::heard_by(Role::Coordinator).contains(&kind));
    assert!(!EventKind::heard_by(Role::Recruiter).contains(&kind));
    assert_eq!(kind.default_choice(Role::Coordinator), Choice::AtOnce);
    let mut event = Event::new(kind, 7, "EPSM de la Sarthe – Équipe mobile", "/demandes-de-poste/7");
    event.place = "Allonnes".into();
    assert_eq!(
        wording(&event).sentence,
        "Une équipe demande à créer un poste de médiateur de santé-pair : demande n° 7, EPSM de la Sarthe – Équipe mobile (Allonnes). Elle attend votre réponse."
    );
}
