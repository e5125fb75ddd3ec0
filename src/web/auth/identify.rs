//! The middleware that identifies the visitor of every request.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use time::{Duration, OffsetDateTime};

use super::cookies::{cookie, cookie_names, read_cookie};
use super::{SignedIn, Visitor};
use crate::db::{sessions, users};
use crate::domain::role::session_limits;
use crate::secrets::random_token;
use crate::web::page_cache::{PRIVATE, PUBLIC};
use crate::web::{AppState, Error};

/// Touching the session on every request would write on every page view; once a minute is
/// precise enough for a 30-minute idle limit.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Middleware on every request: identifies the visitor and keeps the CSRF cookie.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Result<Response, Error> {
    let (session_name, csrf_name) = cookie_names(state.https);
    let headers = request.headers();
    let existing_csrf = read_cookie(headers, csrf_name)
        .filter(|v| v.len() == 64)
        .map(str::to_string);
    let session_token = read_cookie(headers, session_name).map(str::to_string);
    let ip = client_address(&state, &request);
    let resumed = match &session_token {
        Some(token) => resume(&state, token).await?,
        None => Resumed::Nothing,
    };
    let session_expired = matches!(resumed, Resumed::Expired);
    let signed_in = match resumed {
        Resumed::Session(signed_in) => Some(signed_in),
        _ => None,
    };
    let new_csrf = existing_csrf.is_none().then(random_token);
    let cookie_csrf = existing_csrf.or_else(|| new_csrf.clone()).expect("one of the two");
    // Someone signed in (even half-way) posts with their session's token, not the cookie's.
    let csrf = match &signed_in {
        Some(session) => crate::web::csrf::session_token(&session.session_hash),
        None => cookie_csrf,
    };
    let personal = signed_in.is_some();
    let path = request.uri().path().to_string();
    request.extensions_mut().insert(Visitor {
        signed_in,
        csrf,
        ip,
        session_expired,
        demo: state.demo,
        path,
    });

    // Error pages are rendered without the visitor at hand: they learn of the demo from here.
    let mut response = crate::web::error::in_demo(state.demo, next.run(request)).await;
    if personal {
        // Every answer to someone signed in may carry personal data: no cache keeps it.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Some(token) = new_csrf {
        // A shared cache would hand this cookie to every visitor it serves the page to: only
        // the browser that asked may keep an answer that sets one.
        if response.headers().get(header::CACHE_CONTROL) == Some(&HeaderValue::from_static(PUBLIC)) {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
        }
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookie(csrf_name, &token, state.https, false));
    }
    if session_expired {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookie(session_name, "", state.https, true));
    }
    Ok(response)
}

/// The client's address as the audit log records it: the peer, or the address a trusted proxy
/// names (`--trusted-proxy`).
fn client_address(state: &AppState, request: &Request) -> String {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    crate::web::client_ip::client_ip(peer, forwarded, &state.trusted_proxies)
        .map_or_else(|| "-".into(), |ip| ip.to_string())
}

/// What a session cookie leads to.
enum Resumed {
    /// No session by that token (or its user is gone).
    Nothing,
    /// The session had ended: it is deleted, and the visitor told why they must sign in again.
    Expired,
    Session(SignedIn),
}

/// Finds the session of a cookie's token, ends it if it is past its idle or absolute limit
/// (the role's), and notes the visit otherwise.
async fn resume(state: &AppState, token: &str) -> Result<Resumed, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let Some(session) = sessions::find(&mut conn, token).await? else {
        return Ok(Resumed::Nothing);
    };
    let Some(credentials) = users::find(&mut conn, session.user_id).await? else {
        sessions::delete(&mut conn, &session.token_hash).await?;
        return Ok(Resumed::Nothing);
    };
    let (idle, absolute) = session_limits(credentials.user.role);
    let now = OffsetDateTime::now_utc();
    let idle_end = session.last_seen_at + Duration::minutes(idle);
    let absolute_end = session.created_at + Duration::minutes(absolute);
    if now >= idle_end || now >= absolute_end {
        sessions::delete(&mut conn, &session.token_hash).await?;
        return Ok(Resumed::Expired);
    }
    if now - session.last_seen_at >= TOUCH_EVERY {
        sessions::touch(&mut conn, &session.token_hash).await?;
    }
    Ok(Resumed::Session(SignedIn {
        user: credentials.user,
        session_hash: session.token_hash,
        complete: session.second_factor_done,
        idle_expires_at: (now + Duration::minutes(idle)).min(absolute_end),
    }))
}
