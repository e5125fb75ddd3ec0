//! Saved searches' alerts by words: they find what the board's page finds, through the same
//! index, accents and inflections included, and send each new offer once.

use crate::common;

use common::TestApp;
use msp::domain::fiche::FicheStatus;
use msp::domain::role::Role;

on_both_backends!(a_saved_search_by_words_alerts_the_new_offers_holding_them_whatever_their_accents_and_endings,);

/// An open offer with this title, whose body speaks of psychiatry or not: the fixture's pole
/// is "Pôle de psychiatrie adulte", the only word of the fiche's body with that stem.
async fn publish(app: &TestApp, employer: &msp::domain::fiche::Employer, title: &str, psychiatry: bool, days_ago: i64) {
    let mut content = common::content(title);
    if !psychiatry {
        content.pole = "Pôle d'addictologie".into();
    }
    app.fiche(employer, content, FicheStatus::Publiee, days_ago).await;
}

async fn a_saved_search_by_words_alerts_the_new_offers_holding_them_whatever_their_accents_and_endings(app: TestApp) {
    let lyon = app.establishment("CH Le Vinatier", "Lyon", "69").await;
    // Published before the search was saved: on the board, never alerted.
    publish(&app, &lyon, "Médiateur de santé-pair (poste ancien)", true, 1).await;
    let candidate = app.user(Role::Candidate, "dominique@exemple.fr", &[]).await;
    let browser = app.signed_in(&candidate).await;
    // Typed without accents, in the singular, an adjective.
    let search = "q=mediateur+psychiatrique";
    let response = browser
        .post("/alertes", &[("recherche", search), ("frequence", "immediate")])
        .await;
    assert!(response.text().await.unwrap().contains("Alerte créée"));

    // Accents, capitals, plural and the noun: both words meet their stems.
    publish(&app, &lyon, "MÉDIATEURS de santé-pair", true, 0).await;
    publish(&app, &lyon, "Médiateur en secteur psychiatrique", false, 0).await;
    // One word only: « psychotiques » (in every fixture's body) is not « psychiatrique ».
    publish(&app, &lyon, "Médiateur en addictologie", false, 0).await;
    publish(&app, &lyon, "Pair-aidant en psychiatrie", true, 0).await;
    // Not published.
    let mut draft = common::content("Médiateur (brouillon)");
    draft.pole = "Psychiatrie".into();
    app.fiche(&lyon, draft, FicheStatus::Brouillon, 0).await;

    assert_eq!(app.run_alerts().await, 2, "one message per new matching offer");
    assert_eq!(app.run_alerts().await, 0, "never twice");
    let mut subjects: Vec<String> = app
        .mail_to("dominique@exemple.fr")
        .await
        .into_iter()
        .map(|mail| mail.subject)
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            "Nouvelle offre : MÉDIATEURS de santé-pair",
            "Nouvelle offre : Médiateur en secteur psychiatrique",
        ]
    );

    // The board's page finds the same offers for the same search, and the older one.
    let (status, html) = app.page(&format!("/offres?{search}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("3 offres"), "{html}");
    assert!(html.contains("poste ancien") && !html.contains("addictologie") && !html.contains("Pair-aidant"));

    // A later offer is alerted on the next run, alone.
    publish(&app, &lyon, "Médiatrice ou médiateur, psychiatrie de l'enfant", true, 0).await;
    assert_eq!(app.run_alerts().await, 1);
    assert_eq!(app.run_alerts().await, 0);
    let mails = app.mail_to("dominique@exemple.fr").await;
    assert_eq!(mails.len(), 3);
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "Nouvelle offre : Médiatrice ou médiateur, psychiatrie de l'enfant")
    );
}
