//! A draft started from another fiche: any offer the programme published, or a fiche of one's
//! own establishment; never another establishment's draft. The source's dates, contacts and
//! application address stay behind.

use super::*;

on_both_backends!(a_draft_starts_from_a_published_offer_without_its_dates_and_contacts);
async fn a_draft_starts_from_a_published_offer_without_its_dates_and_contacts(app: TestApp) {
    let team = team(&app).await;
    let elsewhere = app.establishment("CH Les Érables", "Chambéry", "73").await;
    let source = app
        .publish(&elsewhere, "Médiateur de santé-pair en psychiatrie adulte", 3)
        .await;
    let hidden = app
        .fiche(&elsewhere, content("Brouillon d'ailleurs"), FicheStatus::Brouillon, 1)
        .await;
    let (recruiter, fiche) = writing(&app, &team).await;

    // The library: the published offer, found by a word of its establishment without accents;
    // never another establishment's draft.
    let (_, editor) = recruiter.page(&format!("{fiche}/modifier")).await;
    assert!(
        editor.contains(&format!("href=\"{fiche}/reprendre\"")),
        "linked from the editor"
    );
    let (status, library) = recruiter.page(&format!("{fiche}/reprendre?q=erables")).await;
    assert_eq!(status, 200);
    assert!(
        library.contains("Médiateur de santé-pair en psychiatrie adulte"),
        "{library}"
    );
    assert!(!library.contains("Brouillon d&#39;ailleurs") && !library.contains("Brouillon d'ailleurs"));
    let (_, none) = recruiter.page(&format!("{fiche}/reprendre?q=introuvable")).await;
    assert!(none.contains("Aucune fiche ne correspond"));

    // Another establishment's draft cannot be taken, even by its number.
    let version = hidden_value(&library, "version");
    let fields = [("source", hidden.id.to_string()), ("version", version.clone())];
    let response = recruiter
        .post(&format!("{fiche}/reprendre"), &common::pairs(&fields))
        .await;
    assert_eq!(response.status(), 422);
    says(response, &["Choisissez une fiche de la liste."]).await;

    let fields = [("source", source.id.to_string()), ("version", version.clone())];
    let response = recruiter
        .post(&format!("{fiche}/reprendre"), &common::pairs(&fields))
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{fiche}/modifier?etape=1&repris=1"));
    let (_, editor) = recruiter.page(&location(&response)).await;
    assert!(editor.contains("Texte repris d'une autre fiche"), "{editor}");
    assert!(
        editor.contains("Médiateur de santé-pair en psychiatrie adulte"),
        "the source's title"
    );
    the_sources_recruitment_stays_behind_and_the_copy_is_to_verify(&app, &fiche).await;
    let audited = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'fiche_reprise'")
        .await;
    assert_eq!(audited, 1);

    // A second reuse from the page read before the first is refused: the draft changed.
    let response = recruiter
        .post(&format!("{fiche}/reprendre"), &common::pairs(&fields))
        .await;
    assert_eq!(response.status(), 409);
}

/// The draft holds none of the source's own recruitment, and every field it copied is to verify.
async fn the_sources_recruitment_stays_behind_and_the_copy_is_to_verify(app: &TestApp, fiche: &str) {
    let id: i64 = fiche.trim_start_matches("/fiches/").parse().unwrap();
    let (apply_email, deadline, to_verify): (String, Option<String>, String) =
        sqlx::query_as("SELECT apply_email, deadline, to_verify FROM fiches WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((apply_email.as_str(), deadline), ("", None));
    assert!(
        to_verify.contains("\"title\"") && to_verify.contains("\"missions\"") && !to_verify.contains("\"deadline\""),
        "what was copied is to verify: {to_verify}"
    );
}
