//! Every kind of mail rendered from fixed inputs, subject, text and HTML, as a snapshot
//! (`snapshots/`): a change of wording shows in review. `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test --lib mail`) after a wanted change.

use super::*;

/// What a reader of the snapshot needs: what the message is, and both its bodies.
fn render(mail: &dyn Compose) -> String {
    let mut shown = format!("kind: {}\nsubject: {}\n", mail.kind(), mail.subject());
    if let Some(file) = mail.attachment() {
        shown.push_str(&format!(
            "attachment: {} ({}, {} bytes)\n",
            file.name,
            file.media_type,
            file.body.len()
        ));
    }
    if let Some(url) = mail.list_unsubscribe() {
        shown.push_str(&format!("list-unsubscribe: {url}\n"));
    }
    let (text, html) = (mail.text().unwrap(), mail.html().unwrap());
    format!("{shown}--- text ---\n{text}\n--- html ---\n{html}\n")
}

const LINK: &str = "https://msp.example/chemin?jeton=0123456789abcdef";

fn calendar(method: &str) -> Attachment<'static> {
    Attachment {
        name: "entretien.ics",
        media_type: if method == "CANCEL" {
            "text/calendar; charset=utf-8; method=CANCEL"
        } else {
            "text/calendar; charset=utf-8; method=REQUEST"
        },
        body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    }
}

#[test]
fn account_mails() {
    insta::assert_snapshot!("password_reset", render(&PasswordReset { link: LINK }));
    insta::assert_snapshot!("address_check", render(&AddressCheck { link: LINK }));
    insta::assert_snapshot!("signup_taken", render(&SignupTaken { link: LINK }));
    let invitation = Invitation {
        role: "Recruteur·se",
        link: LINK,
    };
    insta::assert_snapshot!("invitation", render(&invitation));
    insta::assert_snapshot!("inactivity_warning", render(&InactivityWarning { link: LINK }));
}

#[test]
fn application_mails() {
    let received = ApplicationReceived {
        title: "Médiateur·rice de santé-pair – équipe mobile",
        at_employer: "au Centre hospitalier Le Vinatier",
        link: LINK,
    };
    insta::assert_snapshot!("application_received", render(&received));
    let withdrawal = Withdrawal {
        title: "Médiateur·rice de santé-pair – équipe mobile",
        at_establishment: "au Centre hospitalier Le Vinatier",
    };
    insta::assert_snapshot!("withdrawal", render(&withdrawal));
    let decision = Written {
        kind: "decision",
        subject: "Votre candidature",
        body: "Bonjour Camille Martin,\n\nNous avons le plaisir…\nÀ bientôt.\n\nL'équipe <RH> & co",
        attachment: None,
        reply_to: None,
    };
    insta::assert_snapshot!("written_decision", render(&decision));
}

#[test]
fn interview_mails() {
    let when = "mardi 16 mars 2027 à 14 h 30";
    let invited = InterviewInvitation {
        name: "Camille Martin",
        title: "Médiateur·rice de santé-pair",
        at_establishment: "au Centre hospitalier Le Vinatier",
        when,
        calendar: calendar("REQUEST"),
        reply_to: None,
    };
    insta::assert_snapshot!("interview_invitation", render(&invited));
    let cancelled = InterviewCancellation {
        name: "Camille Martin",
        title: "Médiateur·rice de santé-pair",
        when,
        calendar: calendar("CANCEL"),
        reply_to: None,
    };
    insta::assert_snapshot!("interview_cancellation", render(&cancelled));
    let mut panel = PanelInterview {
        application_id: 42,
        when: Some(when),
        link: "https://msp.example/candidatures/42",
        calendar: calendar("REQUEST"),
    };
    insta::assert_snapshot!("panel_interview", render(&panel));
    panel.when = None;
    panel.calendar = calendar("CANCEL");
    insta::assert_snapshot!("panel_interview_cancelled", render(&panel));
    let released = PanelRelease {
        application_id: 42,
        calendar: calendar("CANCEL"),
    };
    insta::assert_snapshot!("panel_release", render(&released));
}

#[test]
fn reminders() {
    let subsidy = SubsidyReminder {
        establishment: "EPSM de la Sarthe",
        unit: "Équipe mobile psychiatrie précarité",
        ends_on: "30 juin 2027",
        link: "https://msp.example/subventions/7",
    };
    insta::assert_snapshot!("subsidy_reminder", render(&subsidy));
    let milestone = MilestoneReminder {
        milestone: "Bilan à 3 mois",
        due: "Rappel : « Bilan à 3 mois » est prévue le 1er mars 2027.",
        link: "https://msp.example/mon-parcours",
    };
    insta::assert_snapshot!("milestone_reminder", render(&milestone));
}

#[test]
fn team_request_confirmation() {
    let confirmation = TeamRequestConfirmation {
        establishment: "EPSM de la Sarthe, équipe mobile psychiatrie précarité",
        link: LINK,
    };
    insta::assert_snapshot!("team_request_confirmation", render(&confirmation));
}

fn offer(title: &str, deadline: Option<&str>) -> AlertOffer {
    AlertOffer {
        url: format!("https://msp.example/offres/{}", title.to_lowercase().replace(' ', "-")),
        title: title.into(),
        employer: "Centre hospitalier Le Vinatier".into(),
        place: "Bron (69), à 12 km".into(),
        deadline: deadline.map(str::to_string),
    }
}

#[test]
fn alert_mails() {
    let confirmation = AlertConfirmation {
        search: "« pair-aidance » à Lyon",
        link: LINK,
    };
    insta::assert_snapshot!("alert_confirmation", render(&confirmation));
    let one = [offer("Médiateur de santé-pair", Some("15 avril 2027"))];
    let alert = Alert {
        search: "Lyon",
        offers: &one,
        search_url: "https://msp.example/offres?lieu=Lyon",
        unsubscribe: "https://msp.example/alertes/desabonnement?jeton=0123456789abcdef",
    };
    insta::assert_snapshot!("alert_one_offer", render(&alert));
    let two = [
        offer("Médiateur de santé-pair", None),
        offer("Pair-aidant <CMP>", Some("1er mai 2027")),
    ];
    let digest = Alert { offers: &two, ..alert };
    insta::assert_snapshot!("alert_digest", render(&digest));
}

#[test]
fn what_people_typed_is_escaped_in_html_and_kept_in_text() {
    let mail = AlertConfirmation {
        search: "<script>alert(1)</script> & \"co\"",
        link: "https://msp.example/a?b=1&c=2",
    };
    let (text, html) = (mail.text().unwrap(), mail.html().unwrap());
    assert!(text.contains("<script>alert(1)</script> & \"co\""), "{text}");
    assert!(text.contains("https://msp.example/a?b=1&c=2"), "{text}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;co&#34;"),
        "{html}"
    );
    assert!(html.contains("href=\"https://msp.example/a?b=1&#38;c=2\""), "{html}");
    let written = Written {
        kind: "decision",
        subject: "",
        body: "<b>Bonjour</b>\n\nligne 1\nligne 2",
        attachment: None,
        reply_to: None,
    };
    let html = written.html().unwrap();
    assert!(
        html.contains("<p>&#60;b&#62;Bonjour&#60;/b&#62;</p><p>ligne 1<br/>ligne 2</p>"),
        "{html}"
    );
}

#[test]
fn event_mails() {
    let notification = Notification {
        subject: "Nouvelle candidature n° 42 – Médiateur de santé-pair",
        sentence: "Une nouvelle candidature (n° 42) est arrivée pour l'offre « Médiateur de santé-pair » (CH Le Vinatier).",
        action: "Voir la candidature",
        link: "https://msp.example/candidatures/42",
        why: "vous recrutez pour l'établissement concerné",
        settings: Some("https://msp.example/compte/notifications"),
    };
    insta::assert_snapshot!("notification", render(&notification));
    let to_address = Notification {
        why: "cette adresse est l'adresse de candidature indiquée dans la fiche de poste",
        settings: None,
        ..notification
    };
    insta::assert_snapshot!("notification_to_an_address", render(&to_address));
    let lines = [
        DigestLine {
            sentence: "Une nouvelle candidature (n° 42) est arrivée pour l'offre « MSP » (CH Le Vinatier).".into(),
            action: "Voir la candidature",
            link: "https://msp.example/candidatures/42".into(),
            why: "vous recrutez pour l'établissement concerné".into(),
        },
        DigestLine {
            sentence: "L'offre n° 7 « MSP » (CH Le Vinatier) est close : le poste est pourvu.".into(),
            action: "Voir la fiche",
            link: "https://msp.example/fiches/7".into(),
            why: "vous recrutez pour l'établissement concerné".into(),
        },
    ];
    let digest = Digest {
        day: "2 décembre 2026",
        items: &lines,
        settings: "https://msp.example/compte/notifications",
        unsubscribe: LINK,
    };
    insta::assert_snapshot!("digest", render(&digest));
}
