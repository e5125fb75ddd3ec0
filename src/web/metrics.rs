//! Prometheus metrics at `/metrics`: requests by route and status, their latency, the database
//! pool and the mail outbox. Labels are route templates (`/offres/{slug}`), never a path with
//! its values, so nothing personal and no unbounded label set reaches the metrics.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::auth::Access;
use super::{AppState, Error, Route};

pub fn routes() -> Vec<Route> {
    vec![Route::get("/metrics", Access::Public, get_metrics)]
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    pool_connections: Gauge,
    pool_idle: Gauge,
    mail_pending: Gauge,
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        let mut registry = Registry::with_prefix("msp");
        let requests = Family::<RequestLabels, Counter>::default();
        // From 0.5 ms to about 4 s.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 14))
        });
        let pool_connections = Gauge::default();
        let pool_idle = Gauge::default();
        let mail_pending = Gauge::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open database connections",
            pool_connections.clone(),
        );
        registry.register("db_pool_idle", "Idle database connections", pool_idle.clone());
        registry.register(
            "mail_outbox_pending",
            "Messages waiting to be sent",
            mail_pending.clone(),
        );
        Arc::new(Metrics {
            registry,
            requests,
            latency,
            pool_connections,
            pool_idle,
            mail_pending,
        })
    }
}

/// Middleware: counts and times every request under its route template.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(aucune)".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    let metrics = &state.metrics;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            method: method.clone(),
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

async fn get_metrics(State(state): State<AppState>) -> Result<Response, Error> {
    let metrics = &state.metrics;
    let pending = crate::db::outbox::pending_count(&mut *state.db.pool.acquire().await?).await?;
    metrics.mail_pending.set(pending);
    metrics.pool_connections.set(i64::from(state.db.pool.size()));
    metrics
        .pool_idle
        .set(i64::try_from(state.db.pool.num_idle()).unwrap_or(i64::MAX));
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &metrics.registry)
        .map_err(|_| Error::Internal("metrics encoding"))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}
