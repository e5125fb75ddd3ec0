use time::macros::datetime;

use super::*;

fn form() -> TeamRequestForm {
    TeamRequestForm {
        etablissement: "Centre hospitalier du Rouvray".into(),
        siret: String::new(),
        finess: "760000166".into(),
        commune: "Sotteville-lès-Rouen (76300)".into(),
        equipe: "Équipe mobile de réhabilitation".into(),
        nom: "Dominique Cadre".into(),
        fonction: "Cadre de santé".into(),
        email: " Dominique.Cadre@Rouvray.example ".into(),
        telephone: String::new(),
        projet: "Nous voulons accueillir un médiateur de santé-pair dans l'équipe.".into(),
    }
}

#[test]
fn a_complete_request_is_read_with_its_commune_and_a_lower_cased_address() {
    let request = form().read().unwrap();
    assert_eq!(request.commune.name, "Sotteville-lès-Rouen");
    assert_eq!(request.contact.email.as_str(), "dominique.cadre@rouvray.example");
    assert_eq!(request.contact.phone, "");
    assert_eq!(request.identity.finess.as_deref(), Some("760000166"));
}

#[test]
fn each_missing_or_wrong_field_has_its_french_message() {
    let errors = TeamRequestForm {
        telephone: "12".into(),
        siret: "1234".into(),
        projet: "x".repeat(PROJECT_MAX_CHARS + 1),
        ..TeamRequestForm::default()
    }
    .read()
    .unwrap_err();
    let fields: Vec<&str> = errors.list.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "etablissement",
            "siret",
            "commune",
            "equipe",
            "nom",
            "fonction",
            "email",
            "telephone",
            "projet"
        ]
    );
    assert_eq!(errors.get("equipe"), Some("Indiquez l'équipe ou l'unité."));
    assert!(errors.get("projet").unwrap().contains("2000 caractères"));
}

#[test]
fn unconfirmed_requests_go_after_a_week_closed_ones_ninety_days_after_closing() {
    let sent = datetime!(2026-03-01 10:00 UTC);
    let later = |days| sent + Duration::days(days);
    use TeamRequestStatus::*;
    assert!(!forgotten(Unconfirmed, sent, None, later(6)));
    assert!(forgotten(Unconfirmed, sent, None, later(7)));
    assert!(
        !forgotten(Waiting, sent, None, later(4000)),
        "the CCOMS must answer first"
    );
    for closed in [Accepted, Answered] {
        assert!(!forgotten(closed, sent, Some(later(10)), later(99)));
        assert!(forgotten(closed, sent, Some(later(10)), later(100)));
    }
}

#[test]
fn three_requests_go_at_once_then_one_an_hour() {
    assert_eq!(request_delay_seconds(0), 0);
    assert_eq!(request_delay_seconds(2), 0);
    assert_eq!(request_delay_seconds(3), 3600);
    assert_eq!(request_delay_seconds(40), 3600);
}
