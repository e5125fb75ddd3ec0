//! Issue 25's « done when » in one story: an establishment's own system, with a key its recruiter
//! made, writes a draft; a candidate applies to the establishment's offer; its webhook hears of
//! it once, signed; the same system then reads that application through the API, as its scope
//! allows.

use super::*;
use crate::establishment_api::{call, create_key};
use reqwest::Method;
use serde_json::json;

on_both_backends!(an_establishments_system_writes_a_draft_and_hears_of_a_new_application_once);
async fn an_establishments_system_writes_a_draft_and_hears_of_a_new_application_once(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    let key = create_key(&rh, "Logiciel RH", &["fiches", "candidatures"]).await;
    let draft = json!({
        "titre": "Médiateur de santé-pair, équipe mobile",
        "quotite": "temps_plein",
        "unite": "Équipe mobile",
    });
    let (status, _, fiche) = call(&app, Method::POST, "/api/v1/etablissement/fiches", &key, Some(draft)).await;
    assert_eq!(status, 201, "{fiche}");
    assert_eq!(fiche["etat"], "brouillon");

    let receiver = Receiver::start().await;
    add_endpoint(&app, &rh, &receiver).await;
    assert_eq!(apply(&app.browser(), &offer).await.0, 200);
    assert_eq!(deliver(&app).await, 1);
    assert_eq!(deliver(&app).await, 0, "once");
    let got = receiver.received();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].signed, "signed with the secret shown once");
    let event = got[0].json();
    assert_eq!(event["type"], "candidature.recue");
    assert!(!got[0].body.contains(CANDIDATE), "no one's address in the event");

    let application = event["data"]["candidature_id"].as_i64().expect("an application id");
    let path = format!("/api/v1/etablissement/candidatures/{application}");
    let (status, _, read) = call(&app, Method::GET, &path, &key, None).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["id"], application);
}
