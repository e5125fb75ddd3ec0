//! HTTP: server-rendered French pages, feeds and the JSON API under `/api/v1`.
//!
//! Every route is declared in a [`Route`] with the [`Access`] it requires; the router is built
//! only from that table, so no route escapes the gate, and the access-matrix test reads the
//! same table to try every route with every role.

mod accounts;
mod admin;
pub mod api_doc;
mod api_keys;
mod apply;
mod assets;
pub mod auth;
mod calendar;
mod candidate;
pub mod client_ip;
pub mod csrf;
mod door;
mod download;
mod enrolments;
pub mod error;
pub mod establishment_api;
mod establishments;
mod extract;
mod fiches;
mod fresh;
mod funding;
mod gatherings;
mod glossary;
mod health;
mod home;
pub mod icons;
mod interviews;
pub mod limits;
mod map;
mod metrics;
mod network;
mod notifications;
pub mod observatory;
mod offers;
mod open_data;
pub mod page_cache;
pub mod pages;
mod pipeline;
mod places;
mod projects;
pub mod rate_limit;
mod resources;
mod route;
mod saved_searches;
mod search_engines;
mod statistics;
mod stored_documents;
mod styleguide;
mod talent_pool;
mod team_requests;
mod views;
mod webhooks;
mod workspace;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{from_fn, from_fn_with_state};

use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::ServeConfig;
use crate::db::Db;
use crate::domain::calendar::Clock;
use crate::mail::Mailer;
pub use auth::Access;
pub use error::{ApiError, Error};
pub use route::Route;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Public base URL, without a trailing slash, for absolute links in feeds, markup and mail.
    pub base_url: Arc<str>,
    /// Served over HTTPS: secure cookies and HSTS.
    pub https: bool,
    pub mailer: Mailer,
    /// Monthly gross value of the civil service's index point, in euros, to show pay.
    pub index_point_euros: f64,
    pub metrics: Arc<metrics::Metrics>,
    /// Seals and opens candidates' documents.
    pub documents: crate::documents::DocumentCipher,
    /// How long candidates' data are kept.
    pub retention: crate::domain::application::RetentionPolicy,
    /// The open offers, indexed in memory for the board's searches.
    pub board: Arc<crate::board::Board>,
    /// Applications read and seal their files (up to 20 MB each) a few at a time: the others
    /// wait with their bytes still in the kernel's socket buffers, so memory stays bounded
    /// under a burst. A slot is taken only once the form's token has been checked, and one
    /// address holds at most two, so a few slow clients cannot hold them all.
    pub uploads: Arc<limits::UploadSlots>,
    /// The reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Arc<[client_ip::IpRange]>,
    /// "Now" and "today in Paris" for the programme's rules (deadlines, interviews, reminders),
    /// also given to the background jobs; tests move it. Security timers (sessions, login
    /// throttling, one-time codes) measure real elapsed time and keep the system's clock.
    pub clock: Clock,
    /// The demonstration made this database: every page says so. Read once at start-up.
    pub demo: bool,
    /// Public pages rendered once per board version for visitors not signed in, and the
    /// figures several requests share (`--page-cache-mb`).
    pub memory: Arc<page_cache::Memory>,
    /// Calls per minute per API key and per client address on the public API, and who made
    /// how many (`--api-public-per-minute`).
    pub api_limits: Arc<rate_limit::ApiLimits>,
    /// Staff sign-in through an OpenID provider (`MSP_OIDC_*`); `None`: no button, its routes 404.
    pub oidc: Option<Arc<crate::oidc::Provider>>,
    /// Webhooks may be sent over plain HTTP to addresses inside a network: tests only
    /// (`MSP_WEBHOOKS_ALLOW_PRIVATE`).
    pub webhooks_allow_private: bool,
    /// The OpenAPI document, built on its first request: it changes only with a new version
    /// of the application.
    pub api_document: Arc<std::sync::OnceLock<api_doc::Built>>,
}

impl AppState {
    pub fn new(db: Db, base_url: &str, mailer: Mailer) -> AppState {
        AppState {
            db,
            base_url: base_url.into(),
            https: base_url.starts_with("https://"),
            mailer,
            // Since 1 July 2023: 58.2004 € a year per point, 4.85 € a month.
            index_point_euros: crate::domain::fiche::pay::INDEX_POINT_MONTHLY_EUROS,
            metrics: metrics::Metrics::new(),
            // A key of the moment: `serve` sets the configured one; tests set their own.
            documents: crate::documents::DocumentCipher::random(),
            retention: Default::default(),
            board: Default::default(),
            uploads: limits::UploadSlots::new(8, 2),
            trusted_proxies: Arc::new([]),
            clock: Clock::System,
            demo: false,
            memory: Default::default(),
            api_limits: Default::default(),
            oidc: None,
            webhooks_allow_private: false,
            api_document: Default::default(),
        }
    }

    /// What recording an event (`crate::notify::record`) needs, on the application's clock.
    pub fn notifier(&self) -> sqlx::Result<crate::notify::Notifier<'_>> {
        Ok(crate::notify::Notifier {
            cipher: self.db.documents()?,
            base_url: &self.base_url,
            now: self.clock.now(),
        })
    }

    /// Reads once what the database says of itself, which every page shows (the demo's banner).
    pub async fn read_settings(&mut self) -> sqlx::Result<()> {
        self.demo = crate::db::settings::is_demo(&mut *self.db.pool.acquire().await?).await?;
        Ok(())
    }
}

/// Every route of the application.
fn routes() -> Vec<Route> {
    [
        home::routes(),
        offers::routes(),
        places::routes(),
        api_doc::routes(),
        map::routes(),
        saved_searches::routes(),
        accounts::routes(),
        admin::routes(),
        projects::routes(),
        resources::routes(),
        fiches::routes(),
        apply::routes(),
        candidate::routes(),
        stored_documents::routes(),
        pipeline::routes(),
        interviews::routes(),
        funding::routes(),
        statistics::routes(),
        calendar::routes(),
        enrolments::routes(),
        pages::routes(),
        glossary::routes(),
        styleguide::routes(),
        health::routes(),
        metrics::routes(),
        assets::routes(),
        workspace::routes(),
        notifications::routes(),
        door::routes(),
        team_requests::routes(),
        establishments::routes(),
        talent_pool::routes(),
        api_keys::routes(),
        establishment_api::routes(),
        search_engines::routes(),
        webhooks::routes(),
        observatory::routes(),
        gatherings::routes(),
        network::routes(),
        open_data::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// (method, path, access) of every route, for the access-matrix test.
pub fn route_table() -> Vec<(Method, &'static str, Access)> {
    routes().into_iter().map(|r| (r.method, r.path, r.access)).collect()
}

/// (method, path, CSRF rule) of every route, for the test that forges every form.
pub fn csrf_table() -> Vec<(Method, &'static str, csrf::Csrf)> {
    routes().into_iter().map(|r| (r.method, r.path, r.csrf)).collect()
}

/// No third-party resource, no inline script, no framing: the pages need nothing else.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
    script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// The policy, with the OpenID provider's origin among the forms' destinations when one is
/// configured: signing out (a form to /deconnexion) then redirects there, which browsers check
/// against `form-action`.
fn content_security_policy(oidc: Option<&crate::oidc::Provider>) -> String {
    let origin = oidc
        .and_then(|p| url::Url::parse(&p.settings.issuer).ok())
        .map(|url| url.origin().ascii_serialization());
    match origin {
        Some(origin) => CONTENT_SECURITY_POLICY.replace("form-action 'self'", &format!("form-action 'self' {origin}")),
        None => CONTENT_SECURITY_POLICY.to_string(),
    }
}

/// The whole application, routes and middleware.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new();
    for route in routes() {
        let access = route.access;
        let mut handler = route.handler;
        if route.csrf == csrf::Csrf::Checked {
            handler = handler.layer(from_fn_with_state(state.clone(), csrf::guard));
        }
        if route.personal {
            handler = handler.layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ));
        }
        let gated = handler.layer(from_fn(move |request, next| auth::gate(access, request, next)));
        router = router.route(route.path, gated);
    }
    let csp = content_security_policy(state.oidc.as_deref());
    let mut security_headers = vec![
        (header::CONTENT_SECURITY_POLICY, csp.as_str()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "geolocation=(), camera=(), microphone=()",
        ),
    ];
    if state.https {
        security_headers.push((header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains"));
    }
    router = router
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), fresh::sync_board))
        // Inside `identify`, which tells who is signed in.
        .layer(from_fn(search_engines::tag_private_answers))
        .layer(from_fn_with_state(state.clone(), auth::identify))
        .layer(from_fn(limits::body_pace))
        .layer(from_fn_with_state(state.clone(), metrics::record));
    for (name, value) in security_headers {
        let value = HeaderValue::from_str(value).expect("the security headers are ASCII");
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
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

/// Serves on a bound listener (with the peer's address for the audit log) until `shutdown`.
pub async fn serve_on(
    listener: tokio::net::TcpListener, state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Starts the background jobs (mail delivery, retention), then serves until Ctrl-C or SIGTERM,
/// letting requests in flight finish.
pub async fn serve(
    db: Db, config: ServeConfig, mailer: Mailer, documents: crate::documents::DocumentCipher,
) -> std::io::Result<()> {
    let mut state = AppState::new(db.clone(), &config.base_url(), mailer.clone());
    state.documents = documents;
    state.retention = config.retention.policy();
    state.index_point_euros = config.index_point_euros;
    state.trusted_proxies = config.trusted_proxies.clone().into();
    state.memory = Arc::new(page_cache::Memory::new(config.page_cache_mb * 1024 * 1024));
    state.api_limits = Arc::new(rate_limit::ApiLimits::new(
        rate_limit::KEY_PER_MINUTE,
        config.api_public_per_minute,
    ));
    let oidc = config.oidc.settings().map_err(std::io::Error::other)?;
    state.oidc = oidc.map(|settings| Arc::new(crate::oidc::Provider::new(settings)));
    state.webhooks_allow_private = config.webhooks_allow_private;
    if config.webhooks_allow_private {
        tracing::warn!("webhooks may reach private addresses over plain HTTP: for tests only");
    }
    state.read_settings().await.map_err(std::io::Error::other)?;
    views::set_conformity(config.accessibility.label());
    views::set_contact_email(&config.contact_email);
    tokio::spawn(crate::mail::run_worker(db.clone(), mailer));
    crate::jobs::spawn_all(&state, config.audit_retention_days);
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    tracing::info!(address = %config.listen, "MSP à l'écoute sur http://{}", config.listen);
    serve_on(listener, state, shutdown_signal()).await
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
