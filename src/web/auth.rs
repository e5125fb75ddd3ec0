//! Who is asking: the session behind the cookie, the gate every route passes through, and the
//! CSRF check of every form that changes something.
//!
//! Only two cookies exist, both `HttpOnly` and `SameSite=Lax` (`Secure` and `__Host-` prefixed
//! over HTTPS): the session token and the CSRF token. A form carries the CSRF token in a hidden
//! field; [`CsrfForm`] refuses a request whose field does not match the cookie before the
//! handler runs, so a forged request has no effect.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use time::{Duration, OffsetDateTime};

use super::{AppState, Error};
use crate::db::{audit, sessions, users};
use crate::domain::account::User;
use crate::domain::policy::{self, Action};
use crate::domain::role::session_limits;
use crate::secrets::random_token;

/// The signed-in part of a visitor.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: User,
    pub session_hash: String,
    /// False between the password and the second factor.
    pub complete: bool,
    /// When the session ends if nothing happens.
    pub idle_expires_at: OffsetDateTime,
}

/// Whoever sends the request, signed in or not.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub signed_in: Option<SignedIn>,
    pub csrf: String,
    pub ip: String,
    /// The session cookie named a session that had expired.
    pub session_expired: bool,
}

impl Visitor {
    /// The fully signed-in user, if any.
    pub fn user(&self) -> Option<&User> {
        self.signed_in.as_ref().filter(|s| s.complete).map(|s| &s.user)
    }

    /// The fully signed-in user, for code that renders for a visitor the gate let through.
    pub fn signed_in_user(&self) -> Result<&User, Error> {
        self.user().ok_or(Error::Forbidden)
    }

    /// How the audit log names this visitor.
    pub fn actor(&self) -> audit::Actor {
        audit::Actor {
            id: self.signed_in.as_ref().map(|s| s.user.id),
            email: self
                .signed_in
                .as_ref()
                .map(|s| s.user.email.clone())
                .unwrap_or_else(|| "(visiteur)".into()),
            ip: self.ip.clone(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or(Error::Internal("visitor not identified"))
    }
}

/// The fully signed-in user, for a handler behind [`Access::SignedIn`] or [`Access::Can`]: the
/// gate has let only such a visitor through, so the refusal below is a safety net.
pub struct CurrentUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        parts
            .extensions
            .get::<Visitor>()
            .and_then(Visitor::user)
            .cloned()
            .map(CurrentUser)
            .ok_or(Error::Forbidden)
    }
}

/// The user of a session, signed in fully or only half-way, for a handler behind
/// [`Access::Enrolment`]: enrolling the second factor a role requires comes before it is used.
pub struct EnrollingUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for EnrollingUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        parts
            .extensions
            .get::<Visitor>()
            .and_then(|v| v.signed_in.as_ref())
            .map(|s| EnrollingUser(s.user.clone()))
            .ok_or(Error::Forbidden)
    }
}

/// What a route requires of its visitor. Every route of the application declares one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// Someone who gave their password and must now give their second factor.
    SecondFactorStep,
    /// Someone signed in, or half-way (to enrol the second factor the role requires).
    Enrolment,
    /// Anyone fully signed in.
    SignedIn,
    /// Fully signed in with a role the policy permits this action.
    Can(Action),
}

/// The cookie names: `__Host-` needs HTTPS.
pub fn cookie_names(https: bool) -> (&'static str, &'static str) {
    if https {
        ("__Host-msp_session", "__Host-msp_csrf")
    } else {
        ("msp_session", "msp_csrf")
    }
}

fn cookie(name: &str, value: &str, https: bool, clear: bool) -> HeaderValue {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if https {
        text.push_str("; Secure");
    }
    if clear {
        text.push_str("; Max-Age=0");
    }
    HeaderValue::from_str(&text).expect("cookie values are hex")
}

fn read_cookie<'a>(parts: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    parts
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The session cookie to set after login or a change of privilege.
pub fn session_cookie(state: &AppState, token: &str) -> (header::HeaderName, HeaderValue) {
    (
        header::SET_COOKIE,
        cookie(cookie_names(state.https).0, token, state.https, false),
    )
}

pub fn clear_session_cookie(state: &AppState) -> (header::HeaderName, HeaderValue) {
    (
        header::SET_COOKIE,
        cookie(cookie_names(state.https).0, "", state.https, true),
    )
}

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
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    let ip = super::client_ip::client_ip(peer, forwarded, &state.trusted_proxies)
        .map_or_else(|| "-".into(), |ip| ip.to_string());

    let mut session_expired = false;
    let mut signed_in = None;
    if let Some(token) = &session_token {
        let mut conn = state.db.pool.acquire().await?;
        if let Some(session) = sessions::find(&mut conn, token).await? {
            match users::find(&mut conn, session.user_id).await? {
                Some(credentials) => {
                    let (idle, absolute) = session_limits(credentials.user.role);
                    let now = OffsetDateTime::now_utc();
                    let idle_end = session.last_seen_at + Duration::minutes(idle);
                    let absolute_end = session.created_at + Duration::minutes(absolute);
                    if now >= idle_end || now >= absolute_end {
                        sessions::delete(&mut conn, &session.token_hash).await?;
                        session_expired = true;
                    } else {
                        if now - session.last_seen_at >= TOUCH_EVERY {
                            sessions::touch(&mut conn, &session.token_hash).await?;
                        }
                        signed_in = Some(SignedIn {
                            user: credentials.user,
                            session_hash: session.token_hash,
                            complete: session.second_factor_done,
                            idle_expires_at: (now + Duration::minutes(idle)).min(absolute_end),
                        });
                    }
                }
                None => sessions::delete(&mut conn, &session.token_hash).await?,
            }
        }
    }
    let new_csrf = existing_csrf.is_none().then(random_token);
    let cookie_csrf = existing_csrf.or_else(|| new_csrf.clone()).expect("one of the two");
    // Someone signed in (even half-way) posts with their session's token, not the cookie's.
    let csrf = match &signed_in {
        Some(session) => super::csrf::session_token(&session.session_hash),
        None => cookie_csrf,
    };
    let personal = signed_in.is_some();
    request.extensions_mut().insert(Visitor {
        signed_in,
        csrf,
        ip,
        session_expired,
    });

    let mut response = next.run(request).await;
    if personal {
        // Every answer to someone signed in may carry personal data: no cache keeps it.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Some(token) = new_csrf {
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

/// The page where a half-signed-in user goes next.
pub fn second_factor_page(user: &User) -> &'static str {
    if user.totp_enabled {
        "/connexion/code"
    } else {
        "/compte/double-authentification"
    }
}

/// The login page, coming back here afterwards, saying why when the session just expired.
fn to_login(request: &Request, expired: bool) -> Response {
    let back = if request.method() == Method::GET {
        request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default()
    } else {
        String::new()
    };
    let mut query = Vec::new();
    if !back.is_empty() {
        query.push(("suivant", back));
    }
    if expired {
        query.push(("expiree", "1".into()));
    }
    let target = if query.is_empty() {
        "/connexion".to_string()
    } else {
        format!("/connexion?{}", serde_urlencoded::to_string(query).unwrap_or_default())
    };
    Redirect::to(&target).into_response()
}

/// Per-route middleware: lets the request through only if the visitor meets the route's access.
pub async fn gate(access: Access, request: Request, next: Next) -> Response {
    let Some(visitor) = request.extensions().get::<Visitor>().cloned() else {
        return Error::Internal("visitor not identified").into_response();
    };
    let session = visitor.signed_in.as_ref();
    let allowed = match access {
        Access::Public => true,
        Access::SecondFactorStep => match session {
            None => return to_login(&request, visitor.session_expired),
            Some(s) if s.complete => return Redirect::to("/compte").into_response(),
            Some(_) => true,
        },
        Access::Enrolment => match session {
            None => return to_login(&request, visitor.session_expired),
            Some(_) => true,
        },
        Access::SignedIn | Access::Can(_) => match session {
            None => return to_login(&request, visitor.session_expired),
            Some(s) if !s.complete => return Redirect::to(second_factor_page(&s.user)).into_response(),
            Some(s) => match access {
                Access::Can(action) => policy::permits(s.user.role, action),
                _ => true,
            },
        },
    };
    if allowed {
        next.run(request).await
    } else {
        Error::Forbidden.into_response()
    }
}

/// A form, read once its token has been checked where its route is declared
/// ([`super::csrf::guard`]): handlers only parse.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        serde_html_form::from_bytes(&bytes).map(CsrfForm).map_err(|_| {
            Error::BadRequest(crate::domain::FieldError::new(
                "formulaire",
                "Le formulaire envoyé est illisible. Rechargez la page et recommencez.",
            ))
            .into_response()
        })
    }
}

/// A `suivant` (next) address from user input: only a path of this site, never another host.
///
/// Browsers forgive a lot in a `Location`: they drop tabs and line breaks, read `\\` as `/`,
/// and take `//host` (or `/\t/host` once the tab is dropped) as another site. So the address
/// must start with one `/` followed by something else than `/` or `\\`, and hold no control
/// character, no backslash and no scheme.
pub fn safe_next(next: &str) -> Option<&str> {
    let mut chars = next.chars();
    let ok = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !next.chars().any(|c| c.is_control() || c == '\\' || c.is_whitespace())
        && !next.contains("://")
        && next.len() <= 2000;
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_addresses_stay_on_this_site() {
        assert_eq!(safe_next("/compte"), Some("/compte"));
        assert_eq!(safe_next("/offres?q=a"), Some("/offres?q=a"));
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "compte",
            "",
            "/x\r\nSet-Cookie: a=b",
            "/redirect?to=http://evil",
            "/\t/evil.example",
            "/\u{b}/evil.example",
            "/\u{c}/evil.example",
            "/ /evil.example",
            "/\0/evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}/evil.example",
            "/%09/evil.example/\\",
            "\\\\evil.example",
            "/\\/evil.example",
            "javascript:alert(1)",
            "/x\u{7f}",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }
}
