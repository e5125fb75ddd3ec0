//! The API itself: drafts with the editor's validation, scopes, other establishments, the
//! applications and their audit, the limits per key and per address.

use super::*;
use msp::domain::fiche::FicheStatus;
use reqwest::Method;
use serde_json::json;
use std::sync::atomic::Ordering;

on_both_backends!(
    a_draft_created_through_the_api_appears_in_the_editor,
    the_api_refuses_what_the_editor_refuses_with_the_same_messages,
    scopes_are_enforced_and_another_establishments_fiche_does_not_exist,
    applications_are_read_with_their_scope_and_every_read_is_audited,
    too_many_calls_answer_429_until_the_minute_ends,
    an_address_guessing_keys_is_stopped_before_any_lookup,
);

const FICHES: &str = "/api/v1/etablissement/fiches";

fn draft() -> serde_json::Value {
    json!({
        "titre": "Médiateur de santé-pair en psychiatrie adulte",
        "quotite": "temps_plein",
        "unite": "Équipe mobile",
        "missions": [{ "titre": "Accompagner", "missions": ["Écouter", "Orienter"] }],
        "contacts": [{ "nom": "Dominique Cadre", "fonction": "Cadre de santé", "telephone": "", "email": "cadre@ch-alpes.test" }]
    })
}

async fn a_draft_created_through_the_api_appears_in_the_editor(app: TestApp) {
    let desk = desk(app).await;
    let key = create_key(&desk.browser, "Logiciel RH", &["fiches"]).await;
    let (status, headers, body) = call(&desk.app, Method::POST, FICHES, &key, Some(draft())).await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_i64().unwrap();
    assert_eq!(headers["location"], format!("{FICHES}/{id}").as_str());
    assert_eq!(body["etat"], "brouillon");
    assert!(body["adresse_publique"].is_null(), "a draft has no public address");

    let (status, headers, read) = call(&desk.app, Method::GET, &format!("{FICHES}/{id}"), &key, None).await;
    assert_eq!((status, &read), (200, &body));
    assert_eq!(headers["cache-control"], "no-store", "the establishment's own data");
    let (_, _, list) = call(&desk.app, Method::GET, &format!("{FICHES}?page=1"), &key, None).await;
    assert_eq!(
        (list["total"].as_i64(), list["fiches"][0]["id"].as_i64()),
        (Some(1), Some(id))
    );

    let (status, editor) = desk.browser.page(&format!("/fiches/{id}/modifier?etape=3")).await;
    assert_eq!(status, 200);
    assert!(editor.contains("Médiateur de santé-pair en psychiatrie adulte") && editor.contains("Orienter"));
    assert_eq!(audited(&desk.app, "fiche_creee_api").await, 1);
    let actor: String = sqlx::query_scalar("SELECT actor_email FROM audit_log WHERE action = 'fiche_creee_api'")
        .fetch_one(&desk.app.db.pool)
        .await
        .unwrap();
    assert_eq!(actor, desk.recruiter.email, "the key's creator answers for it");

    let mut changed = draft();
    changed["titre"] = json!("Médiateur de santé-pair, équipe mobile");
    let (status, _, body) = call(&desk.app, Method::PUT, &format!("{FICHES}/{id}"), &key, Some(changed)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["titre"], "Médiateur de santé-pair, équipe mobile");
    assert!(body["version"].as_i64() > read["version"].as_i64());
}

async fn the_api_refuses_what_the_editor_refuses_with_the_same_messages(app: TestApp) {
    let desk = desk(app).await;
    let key = create_key(&desk.browser, "Logiciel RH", &["fiches"]).await;
    let wrong = json!({ "titre": "Médiateur", "quotite": "temps_plein", "contrat": "stage", "postes": "300" });
    let (status, _, body) = call(&desk.app, Method::POST, FICHES, &key, Some(wrong)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["erreur"]["code"], "champs_invalides");
    let champs = body["erreur"]["champs"].as_array().unwrap();
    let message = |field: &str| {
        champs
            .iter()
            .find(|c| c["champ"] == field)
            .and_then(|c| c["message"].as_str())
            .unwrap_or_else(|| panic!("{field} in {champs:?}"))
            .to_string()
    };
    let contract = message("contrat");
    assert_eq!(
        message("postes"),
        "Indiquez le nombre de postes, un nombre entre 1 et 50."
    );
    assert_eq!(desk.app.scalar("SELECT COUNT(*) FROM fiches").await, 0);

    // The editor says the same of the same value.
    let (_, _, created) = call(&desk.app, Method::POST, FICHES, &key, Some(draft())).await;
    let id = created["id"].as_i64().unwrap();
    let version = created["version"].as_i64().unwrap().to_string();
    let response = desk
        .browser
        .post(
            &format!("/fiches/{id}/modifier"),
            &[
                ("etape", "1"),
                ("version", &version),
                ("quotite", "temps_plein"),
                ("contract", "stage"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = common::unescape(&response.text().await.unwrap());
    assert!(page.contains(&contract), "{contract}");

    let (status, _, body) = call(&desk.app, Method::POST, FICHES, &key, Some(json!({ "title": "x" }))).await;
    assert_eq!(
        (status, body["erreur"]["parametre"].as_str()),
        (400, Some("corps")),
        "an unknown field"
    );
}

async fn scopes_are_enforced_and_another_establishments_fiche_does_not_exist(app: TestApp) {
    let desk = desk(app).await;
    let app = &desk.app;
    let key = create_key(&desk.browser, "Logiciel RH", &["fiches"]).await;
    let own = app.publish(&desk.employer, "Offre publiée", 1).await;
    let elsewhere = app.establishment("CH Ailleurs", "Lille", "59").await;
    let theirs = app
        .fiche(&elsewhere, common::content("Leur brouillon"), FicheStatus::Brouillon, 1)
        .await;

    let (status, _, body) = call(
        app,
        Method::GET,
        &format!("{FICHES}/{}/candidatures", own.id),
        &key,
        None,
    )
    .await;
    assert_eq!(
        (status, body["erreur"]["code"].as_str()),
        (403, Some("portee_manquante"))
    );
    for method in [Method::GET, Method::PUT] {
        let (status, _, body) = call(app, method, &format!("{FICHES}/{}", theirs.id), &key, Some(draft())).await;
        assert_eq!((status, body["erreur"]["code"].as_str()), (404, Some("introuvable")));
    }
    let (status, _, body) = call(app, Method::PUT, &format!("{FICHES}/{}", own.id), &key, Some(draft())).await;
    assert_eq!(
        (status, body["erreur"]["code"].as_str()),
        (409, Some("conflit")),
        "a published offer"
    );
    let (_, _, list) = call(app, Method::GET, FICHES, &key, None).await;
    assert_eq!(list["total"], 1, "only the establishment's own");
    assert!(
        list["fiches"][0]["adresse_publique"]
            .as_str()
            .unwrap()
            .ends_with(&own.slug)
    );

    // A session is no credential here, and neither is a malformed key.
    let (status, _) = desk.browser.page(FICHES).await;
    assert_eq!(status, 401);
    let (status, _, _) = call(app, Method::GET, FICHES, "msp_00000000_nope", None).await;
    assert_eq!(status, 401);
}

async fn applications_are_read_with_their_scope_and_every_read_is_audited(app: TestApp) {
    let scene = crate::applications::scene(app).await;
    let (app, offer) = (&scene.app, &scene.offer);
    crate::applications::apply(&app.browser(), offer).await;
    let application = app.scalar("SELECT id FROM applications").await;
    let browser = app.signed_in(&scene.recruiter).await;
    let key = create_key(&browser, "Logiciel RH", &["fiches", "candidatures"]).await;

    let path = format!("{FICHES}/{}/candidatures", offer.id);
    let (status, _, list) = call(app, Method::GET, &path, &key, None).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["candidatures"][0]["id"], application);
    assert_eq!(list["candidatures"][0]["etat"], "recue");
    assert!(!list.to_string().contains("Camille"), "no names in the list");

    let path = format!("/api/v1/etablissement/candidatures/{application}");
    let (status, _, one) = call(app, Method::GET, &path, &key, None).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["nom"], "Camille Martin");
    let documents = one["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2);
    assert!(documents[0]["lien"].as_str().unwrap().contains("/documents/"));
    let (actor, detail): (String, String) =
        sqlx::query_as("SELECT actor_email, detail FROM audit_log WHERE action = 'lecture_candidature_api'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(actor, scene.recruiter.email);
    let public_id: String = sqlx::query_scalar("SELECT public_id FROM api_keys")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(detail.contains(&public_id), "{detail}");
    assert_eq!(audited(app, "lecture_candidatures_api").await, 1);

    // Erased data are gone from the API as from the pages.
    app.exec(sqlx::query(
        "UPDATE applications SET purged_at = '2026-01-01T00:00:00Z'",
    ))
    .await;
    let (status, _, body) = call(app, Method::GET, &path, &key, None).await;
    assert_eq!((status, body["erreur"]["code"].as_str()), (410, Some("efface")));
}

async fn too_many_calls_answer_429_until_the_minute_ends(app: TestApp) {
    let desk = desk(app).await;
    let app = &desk.app;
    let key = create_key(&desk.browser, "Logiciel RH", &["fiches"]).await;
    app.api_limits.per_key.store(2, Ordering::Relaxed);
    for _ in 0..2 {
        assert_eq!(call(app, Method::GET, FICHES, &key, None).await.0, 200);
    }
    let (status, headers, body) = call(app, Method::GET, FICHES, &key, None).await;
    assert_eq!(
        (status, body["erreur"]["code"].as_str()),
        (429, Some("trop_de_demandes"))
    );
    let wait: i64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");

    app.api_limits.public.store(1, Ordering::Relaxed);
    assert_eq!(app.get("/api/v1/communes?q=cham").await.status(), 200);
    let refused = app.get("/api/v1/offres").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));

    app.set_now(app.clock.now() + time::Duration::seconds(61));
    assert_eq!(call(app, Method::GET, FICHES, &key, None).await.0, 200, "a new minute");
    assert_eq!(app.get("/api/v1/offres").await.status(), 200);
}

async fn an_address_guessing_keys_is_stopped_before_any_lookup(app: TestApp) {
    let desk = desk(app).await;
    let app = &desk.app;
    let key = create_key(&desk.browser, "Logiciel RH", &["fiches"]).await;
    app.api_limits.wrong_keys.store(2, Ordering::Relaxed);
    let wrong = format!("{}0", &key[..key.len() - 1]);
    let wrong = if wrong == key {
        format!("{}1", &key[..key.len() - 1])
    } else {
        wrong
    };
    assert_eq!(call(app, Method::GET, FICHES, &wrong, None).await.0, 401);
    assert_eq!(
        call(app, Method::GET, FICHES, "pas-une-cle", None).await.0,
        401,
        "malformed counts too"
    );
    let (status, headers, body) = call(app, Method::GET, FICHES, &wrong, None).await;
    assert_eq!(
        (status, body["erreur"]["code"].as_str()),
        (429, Some("trop_de_demandes"))
    );
    assert!(headers.contains_key("retry-after"));
    assert_eq!(
        call(app, Method::GET, FICHES, &key, None).await.0,
        429,
        "the address waits out its minute, whatever key it presents"
    );
    app.set_now(app.clock.now() + time::Duration::seconds(61));
    assert_eq!(call(app, Method::GET, FICHES, &key, None).await.0, 200, "a new minute");
}
