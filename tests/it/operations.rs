//! What operators rely on: liveness, readiness and Prometheus metrics.

use crate::common;

use common::TestApp;

on_both_backends!(metrics_count_requests_by_route_template_and_status);

async fn metrics_count_requests_by_route_template_and_status(app: TestApp) {
    app.load_demo().await;
    let (_, offers) = app.json("/api/v1/offres").await;
    let slug = offers["offres"][0]["slug"].as_str().unwrap().to_string();
    assert_eq!(app.get(&format!("/offres/{slug}")).await.status(), 200);
    assert_eq!(app.get("/offres/inconnue-999").await.status(), 404);
    assert_eq!(app.get("/healthz").await.status(), 200);

    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = response.text().await.unwrap();
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.starts_with(needle) && l.contains("route=\"/offres/{slug}\"") && l.contains("status=\"200\""))
            .map(str::to_string)
    };
    let found = line("msp_http_requests_total").unwrap_or_else(|| panic!("{text}"));
    assert!(found.ends_with(" 1"), "{found}");
    assert!(
        text.contains("route=\"/offres/{slug}\"") && text.contains("status=\"404\""),
        "{text}"
    );
    assert!(!text.contains(&slug), "a route template, never the values of a path");
    assert!(text.contains("msp_http_request_duration_seconds_bucket"), "{text}");
    assert!(text.contains("msp_db_pool_connections "), "{text}");
    assert!(text.contains("msp_mail_outbox_pending 0"), "{text}");
}
