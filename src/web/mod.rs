//! HTTP: server-rendered French pages, feeds and the JSON API under `/api/v1`.

mod assets;
pub mod error;
mod health;
mod home;
mod offers;
mod views;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::ServeConfig;
use crate::db::Db;
pub use error::{ApiError, Error};

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Public base URL, without a trailing slash, for absolute links in feeds and markup.
    pub base_url: Arc<str>,
}

/// No third-party resource, no inline script, no framing: the pages need nothing else.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
    script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// The whole application, routes and middleware.
pub fn app(state: AppState) -> Router {
    let security_headers = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "geolocation=(), camera=(), microphone=()",
        ),
    ];
    let mut router = Router::new()
        .merge(home::router())
        .merge(offers::router())
        .merge(health::router())
        .merge(assets::router())
        .fallback(not_found);
    for (name, value) in security_headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router.layer(TraceLayer::new_for_http()).with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        ApiError(Error::NotFound).into_response()
    } else {
        Error::NotFound.into_response()
    }
}

/// Serves until Ctrl-C or SIGTERM, letting requests in flight finish.
pub async fn serve(db: Db, config: ServeConfig) -> std::io::Result<()> {
    let state = AppState {
        db,
        base_url: config.base_url().into(),
    };
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    tracing::info!(address = %config.listen, "MSP à l'écoute sur http://{}", config.listen);
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("arrêt demandé : fin des requêtes en cours");
}
