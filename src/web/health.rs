//! Liveness and readiness, for the load balancer and the supervisor.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(get_healthz))
        .route("/readyz", get(get_readyz))
}

/// The process answers.
async fn get_healthz() -> &'static str {
    "ok"
}

/// The database answers and carries every migration of this binary.
async fn get_readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.migrations_current().await {
        Ok(true) => (StatusCode::OK, "prêt"),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, "migrations en attente"),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "base de données injoignable")
        }
    }
}
