use super::*;
use crate::domain::french::Article;
use time::Duration;
use time::macros::datetime;

#[test]
fn status_codes_round_trip() {
    for status in ApplicationStatus::ALL {
        assert_eq!(ApplicationStatus::parse(status.as_str()), Some(status));
    }
    assert_eq!(ApplicationStatus::parse("acceptee"), None);
}

#[test]
fn recruiters_move_forward_or_refuse_and_final_states_stay() {
    use ApplicationStatus::*;
    assert_eq!(Recue.move_to(Preselectionnee), Ok(Preselectionnee));
    assert_eq!(Entretien.move_to(NonRetenue), Ok(NonRetenue));
    assert_eq!(Retenue.move_to(Embauchee), Ok(Embauchee));
    assert!(Recue.move_to(Embauchee).is_err());
    assert!(Entretien.move_to(Recue).is_err());
    assert!(Recue.move_to(Retiree).is_err(), "only the candidate withdraws");
    for closed in [Embauchee, NonRetenue, Retiree] {
        assert!(closed.move_to(Recue).unwrap_err().contains("close"));
        assert!(closed.withdraw().is_err());
    }
    assert_eq!(Entretien.withdraw(), Ok(Retiree));
}

#[test]
fn every_recruiter_move_sends_a_message() {
    for from in ApplicationStatus::ALL {
        for to in from.recruiter_moves() {
            assert!(to.template().is_some(), "{from:?} → {to:?}");
        }
    }
}

fn input() -> ApplicantInput {
    ApplicantInput {
        nom: "Camille Martin".into(),
        email: "Camille@Exemple.fr".into(),
        telephone: "06 12 34 56 78".into(),
        commune: "Chambéry".into(),
        message: String::new(),
        consentement: "oui".into(),
    }
}

#[test]
fn a_complete_form_gives_an_applicant() {
    let applicant = input().parse().unwrap();
    assert_eq!(applicant.email.as_str(), "camille@exemple.fr");
    assert_eq!(applicant.full_name, "Camille Martin");
}

#[test]
fn an_empty_form_gets_a_message_per_field_and_consent_is_never_assumed() {
    let errors = ApplicantInput::default().parse().unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    for field in ["nom", "email", "telephone", "commune", "consentement"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    // The care question and the old talent pool tick are no longer part of the form.
    for field in ["suivi", "vivier"] {
        assert!(!fields.contains(&field), "{field} in {fields:?}");
    }
    let mut no_consent = input();
    no_consent.consentement = String::new();
    assert_eq!(no_consent.parse().unwrap_err()[0].field, "consentement");
}

#[test]
fn phones_are_french_numbers() {
    for ok in [
        "06 12 34 56 78",
        "0612345678",
        "06.12.34.56.78",
        "+33 6 12 34 56 78",
        "+262 692 12 34 56",
    ] {
        assert!(parse_phone(ok).is_ok(), "{ok}");
    }
    for bad in ["", "12345", "06 12 34 56", "+33", "06 12 34 56 7a"] {
        assert!(parse_phone(bad).is_err(), "{bad}");
    }
}

#[test]
fn templates_fill_their_placeholders() {
    let filled = TemplateKind::NonRetenue.default_template().fill(&TemplateValues {
        nom: "Camille Martin",
        offre: "Médiateur de santé-pair",
        etablissement: "CH Test",
        article: None,
    });
    assert!(filled.body.starts_with("Bonjour Camille Martin,"));
    assert!(filled.subject.contains("« Médiateur de santé-pair »"));
    assert!(!filled.body.contains('{'));
}

#[test]
fn refused_applications_go_after_90_days_unless_in_the_talent_pool() {
    let policy = RetentionPolicy::default();
    let ended = datetime!(2026-01-01 00:00 UTC);
    let mut facts = RetentionFacts {
        status: ApplicationStatus::NonRetenue,
        ended_at: Some(ended),
        talent_pool: false,
        last_contact_at: ended,
    };
    assert_eq!(policy.decide(&facts, ended + Duration::days(89)), Retention::Keep);
    assert_eq!(policy.decide(&facts, ended + Duration::days(90)), Retention::Erase);
    facts.talent_pool = true;
    assert_eq!(policy.decide(&facts, ended + Duration::days(400)), Retention::Keep);
    assert_eq!(policy.decide(&facts, ended + Duration::days(730)), Retention::Erase);
    facts.status = ApplicationStatus::Entretien;
    facts.ended_at = None;
    assert_eq!(policy.decide(&facts, ended + Duration::days(3000)), Retention::Keep);
}

#[test]
fn a_hired_persons_application_goes_90_days_after_the_hire_talent_pool_or_not() {
    let policy = RetentionPolicy::default();
    let hired = datetime!(2026-01-01 00:00 UTC);
    let mut facts = RetentionFacts {
        status: ApplicationStatus::Embauchee,
        ended_at: Some(hired),
        talent_pool: true,
        last_contact_at: hired + Duration::days(60),
    };
    assert_eq!(policy.decide(&facts, hired + Duration::days(89)), Retention::Keep);
    assert_eq!(policy.decide(&facts, hired + Duration::days(90)), Retention::Erase);
    facts.talent_pool = false;
    assert_eq!(policy.decide(&facts, hired + Duration::days(90)), Retention::Erase);
    let longer = RetentionPolicy {
        hired_days: 180,
        ..RetentionPolicy::default()
    };
    assert_eq!(longer.decide(&facts, hired + Duration::days(179)), Retention::Keep);
}

#[test]
fn inactive_accounts_are_warned_30_days_before_deletion_at_two_years() {
    let policy = RetentionPolicy::default();
    let last = datetime!(2025-03-01 00:00 UTC);
    let (warn, delete) = policy.account_deadlines(last);
    assert_eq!(delete - last, Duration::days(730));
    assert_eq!(delete - warn, Duration::days(30));
}

#[test]
fn templates_name_the_establishment_with_its_article() {
    let values = |etablissement| TemplateValues {
        nom: "Camille Martin",
        offre: "Médiateur de santé-pair",
        etablissement,
        article: None,
    };
    for kind in TemplateKind::ALL {
        let filled = kind
            .default_template()
            .fill(&values("Centre hospitalier des Contreforts"));
        let text = format!("{}\n{}", filled.subject, filled.body);
        assert!(!text.contains("à Centre") && !text.contains("de Centre"), "{text}");
    }
    let welcome = TemplateKind::Embauche
        .default_template()
        .fill(&values("EPSM de la Sarthe"));
    assert_eq!(welcome.subject, "Bienvenue à l'EPSM de la Sarthe");
    let refusal = TemplateKind::NonRetenue
        .default_template()
        .fill(&values("CHS de la Savoie"));
    assert!(
        refusal
            .body
            .contains("« Médiateur de santé-pair » au CHS de la Savoie.")
    );
    let own = MailTemplate::parse("À {etablissement}", "Signé : {etablissement}").unwrap();
    let filled = own.fill(&TemplateValues {
        article: Some(Article::Les),
        ..values("Hôpitaux de Saint-Maurice")
    });
    assert_eq!(filled.subject, "Aux Hôpitaux de Saint-Maurice");
    assert_eq!(filled.body, "Signé : Hôpitaux de Saint-Maurice");
}
