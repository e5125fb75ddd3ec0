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

/// The board's index is loaded, and the database answers, carries every migration of this
/// binary, and takes a write: an instance whose database only reads would fail every
/// application, and one without its index would make its first searches wait for it.
async fn get_readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if !state.board.is_loaded() {
        return (StatusCode::SERVICE_UNAVAILABLE, "index des offres en chargement");
    }
    match state.db.migrations_current().await {
        Ok(true) => {}
        Ok(false) => return (StatusCode::SERVICE_UNAVAILABLE, "migrations en attente"),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "base de données injoignable");
        }
    }
    match state.db.check_writable().await {
        Ok(()) => (StatusCode::OK, "prêt"),
        Err(error) => {
            tracing::warn!(%error, "readiness check: the database refuses writes");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "base de données en lecture seule ou pleine",
            )
        }
    }
}
