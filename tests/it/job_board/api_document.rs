//! The OpenAPI document of `/api/v1`, its reference page, and the check of every API answer of
//! the suite against it (`common::api_check`).

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use serde_json::json;

use super::*;
use crate::common::api_check::{ApiCheck, check_answer};

on_both_backends!(the_document_is_served_cacheable_with_this_instance_as_server);
async fn the_document_is_served_cacheable_with_this_instance_as_server(app: TestApp) {
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=3600");
    let doc: serde_json::Value = response.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], app.url(""));
    assert!(doc["paths"]["/api/v1/offres/{slug}"]["get"].is_object());
}

on_both_backends!(the_reference_page_shows_every_route_and_schema_in_french);
async fn the_reference_page_shows_every_route_and_schema_in_french(app: TestApp) {
    let (status, html) = app.page("/developpeurs").await;
    assert_eq!(status, 200);
    for expected in [
        "<code>GET /api/v1/offres</code> : Chercher parmi les offres ouvertes",
        "<code>GET /api/v1/offres/{slug}</code>",
        "<code>GET /api/v1/communes</code>",
        "id=\"schema-Offre\"",
        "id=\"schema-Erreur\"",
        "Pagination",
        "Retry-After",
        "/api/v1/openapi.json",
    ] {
        assert!(html.contains(expected), "the page shows {expected}");
    }
    assert!(!html.contains("<script"), "the page needs no script");
    let (_, home) = app.page("/").await;
    assert!(home.contains("href=\"/developpeurs\""), "the footer links to the page");
}

/// A server that answers a body the document refuses and a status it does not list, behind
/// the same layer as every `TestApp`.
async fn lying_server(check: Arc<ApiCheck>) -> String {
    let app = Router::new()
        .route(
            "/api/v1/offres",
            get(|| async { axum::Json(json!({ "total": "beaucoup" })) }),
        )
        .route(
            "/api/v1/offres/{slug}",
            get(|| async { (axum::http::StatusCode::CONFLICT, axum::Json(json!({}))) }),
        )
        .route(
            "/api/v1/communes",
            get(|| async { axum::Json(json!({ "communes": [] })) }),
        )
        .layer(axum::middleware::from_fn_with_state(check, check_answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

#[tokio::test]
async fn an_answer_the_document_refuses_is_caught() {
    let check = ApiCheck::new();
    let base = lying_server(check.clone()).await;
    msp::outbound::install_crypto_provider();
    let client = reqwest::Client::new();
    for path in ["/api/v1/offres", "/api/v1/offres/une-offre", "/api/v1/communes"] {
        client.get(format!("{base}{path}")).send().await.unwrap();
    }
    let failures = check.failures();
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(failures[0].starts_with("GET /api/v1/offres → 200: the body does not match"));
    assert!(failures[1].contains("409: status not in the document"));
}

#[tokio::test]
#[should_panic(expected = "API answers the OpenAPI document refuses")]
async fn a_test_whose_api_answer_is_refused_fails() {
    let app = TestApp::start_sqlite().await;
    app.api_check
        .failures
        .lock()
        .unwrap()
        .push("GET /api/v1/offres → 200: faux".into());
}
