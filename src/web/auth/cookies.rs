//! The two cookies: the session token and the CSRF token.

use axum::http::{HeaderValue, header};

use crate::web::AppState;

/// The cookie names: `__Host-` needs HTTPS.
pub fn cookie_names(https: bool) -> (&'static str, &'static str) {
    if https {
        ("__Host-msp_session", "__Host-msp_csrf")
    } else {
        ("msp_session", "msp_csrf")
    }
}

pub(super) fn cookie(name: &str, value: &str, https: bool, clear: bool) -> HeaderValue {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if https {
        text.push_str("; Secure");
    }
    if clear {
        text.push_str("; Max-Age=0");
    }
    HeaderValue::from_str(&text).expect("cookie values are hex")
}

pub(super) fn read_cookie<'a>(parts: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
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
