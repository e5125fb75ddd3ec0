//! Liveness and readiness, for the load balancer and the supervisor.

use axum::extract::State;
use axum::http::StatusCode;

use super::{Access, AppState, Route};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/healthz", Access::Public, get_healthz),
        Route::get("/readyz", Access::Public, get_readyz),
    ]
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
