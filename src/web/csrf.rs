//! One CSRF rule for every route that changes something, applied where routes are declared.
//!
//! A state-changing request passes two checks before its handler runs:
//! 1. it comes from this site: a browser's `Sec-Fetch-Site` is `same-origin` or `none`, and its
//!    `Origin`, when sent, names this site;
//! 2. it carries the form token (`_csrf`) of the visitor: for someone signed in, a token derived
//!    from their session, so a token read from another session is worth nothing; for an
//!    anonymous visitor, the double-submit cookie, which keeps anonymous forms working on pages
//!    that may one day be cached for everyone.
//!
//! The token is the first field of every form. For a URL-encoded form the body is read (2 MB at
//! most, axum's default for forms) and handed on to the handler; for a multipart upload only its
//! first part is read, so that a file is not received at all when the token is wrong.
//! The few routes that must take a POST without a page's token are exempted in the route table,
//! with their reason ([`Csrf::Exempt`]).

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::auth::Visitor;
use super::{AppState, Error};
use crate::secrets::same_secret;

/// How a route treats the CSRF rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csrf {
    /// Reads only (GET): nothing to check.
    NotApplicable,
    /// Changes something: the origin and the token are checked before the handler.
    Checked,
    /// Changes something without a page's token, for the reason given.
    Exempt(&'static str),
}

/// Form bodies are small; uploads go through multipart, where only the first part is read here.
const FORM_LIMIT: usize = 2 * 1024 * 1024;
/// The token's part of a multipart body is a few hundred bytes; a body whose first part does
/// not end within this many bytes does not carry the token first.
const FIRST_PART_LIMIT: usize = 4096;

/// The token a signed-in visitor's forms carry: bound to their session, so it changes at every
/// sign-in and cannot be used with another session.
pub fn session_token(session_hash: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"msp-csrf\0")
        .chain_update(session_hash.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Middleware of every [`Csrf::Checked`] route.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !from_this_site(request.headers(), &state.base_url) {
        tracing::info!("cross-site request refused");
        return Error::CsrfRejected.into_response();
    }
    let expected = request
        .extensions()
        .get::<Visitor>()
        .map(|v| v.csrf.clone())
        .unwrap_or_default();
    let (parts, body) = request.into_parts();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    // The media type is case-insensitive; the boundary is not (browsers mix cases in it).
    let media_type = content_type.to_ascii_lowercase();
    let (token, body) = if media_type.starts_with("application/x-www-form-urlencoded") {
        match axum::body::to_bytes(body, FORM_LIMIT).await {
            Ok(bytes) => (form_token(&bytes), Body::from(bytes)),
            Err(_) => return too_large_or_cut(),
        }
    } else if media_type.starts_with("multipart/form-data") {
        let Some(boundary) = boundary_of(&content_type) else {
            return Error::CsrfRejected.into_response();
        };
        match first_part(body, &boundary).await {
            Ok(found) => found,
            Err(response) => return response,
        }
    } else {
        (None, body)
    };
    match token {
        Some(token) if !expected.is_empty() && same_secret(&token, &expected) => {
            next.run(Request::from_parts(parts, body)).await
        }
        _ => Error::CsrfRejected.into_response(),
    }
}

/// True unless the browser says the request comes from another site. Clients that send neither
/// header (a script, a test) are judged by the token alone.
pub fn from_this_site(headers: &HeaderMap, base_url: &str) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) = fetch_site
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    // The configured address, or the host the browser asked for (the demo is reached as
    // 127.0.0.1 or localhost alike): a page of another site cannot set either.
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    origin == base_url.trim_end_matches('/') || (host.is_some() && origin_host == host)
}

fn form_token(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Token {
        #[serde(rename = "_csrf")]
        csrf: String,
    }
    serde_html_form::from_bytes::<Token>(body).ok().map(|t| t.csrf)
}

fn boundary_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(key, _)| key.eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim_matches('"').to_string())
        .filter(|b| !b.is_empty() && b.len() <= 200)
}

/// Reads a multipart body up to the end of its first part and returns that part's value when it
/// is the `_csrf` field, with the whole body (what was read, then the rest) for the handler.
async fn first_part(body: Body, boundary: &str) -> Result<(Option<String>, Body), Response> {
    let mut stream = body.into_data_stream();
    let mut head = Vec::new();
    let token = loop {
        if let Some(token) = parse_first_part(&head, boundary) {
            break token;
        }
        if head.len() > FIRST_PART_LIMIT {
            break None;
        }
        match stream.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(too_large_or_cut()),
            None => break None,
        }
    };
    let rest = futures_util::stream::once(async move { Ok::<Bytes, axum::Error>(Bytes::from(head)) }).chain(stream);
    Ok((token, Body::from_stream(rest)))
}

/// `Some(Some(token))` once the first part is complete and is the token, `Some(None)` once it is
/// complete and is something else, `None` while more bytes are needed.
fn parse_first_part(head: &[u8], boundary: &str) -> Option<Option<String>> {
    let opening = format!("--{boundary}\r\n");
    if head.len() < opening.len() {
        return None;
    }
    if !head.starts_with(opening.as_bytes()) {
        return Some(None);
    }
    let after = &head[opening.len()..];
    let headers_end = find(after, b"\r\n\r\n")?;
    let headers = String::from_utf8_lossy(&after[..headers_end]).to_ascii_lowercase();
    let value = &after[headers_end + 4..];
    let closing = format!("\r\n--{boundary}");
    let value_end = find(value, closing.as_bytes())?;
    let is_token = headers
        .lines()
        .any(|line| line.starts_with("content-disposition:") && line.contains("name=\"_csrf\""));
    Some(is_token.then(|| String::from_utf8_lossy(&value[..value_end]).into_owned()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn too_large_or_cut() -> Response {
    Error::bad_request(
        "formulaire",
        "L'envoi du formulaire a été interrompu ou dépasse la taille permise. Rien n'a été enregistré : recommencez.",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn requests_from_another_site_are_refused() {
        let base = "https://msp.example";
        assert!(from_this_site(&headers(&[]), base));
        assert!(from_this_site(&headers(&[("sec-fetch-site", "same-origin")]), base));
        assert!(from_this_site(&headers(&[("origin", "https://msp.example")]), base));
        assert!(from_this_site(
            &headers(&[("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")]),
            base
        ));
        assert!(!from_this_site(&headers(&[("sec-fetch-site", "cross-site")]), base));
        assert!(!from_this_site(&headers(&[("sec-fetch-site", "same-site")]), base));
        assert!(!from_this_site(&headers(&[("origin", "https://evil.example")]), base));
        assert!(!from_this_site(&headers(&[("origin", "null")]), base));
        assert!(!from_this_site(
            &headers(&[("origin", "https://evil.example"), ("host", "msp.example")]),
            base
        ));
    }

    #[test]
    fn the_token_is_read_from_the_first_part_only() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"nom\"\r\n\r\nA\r\n--XyZ--\r\n";
        assert_eq!(parse_first_part(body, "XyZ"), Some(Some("abc".into())));
        assert_eq!(parse_first_part(&body[..30], "XyZ"), None);
        let other = b"--XyZ\r\nContent-Disposition: form-data; name=\"nom\"\r\n\r\nA\r\n--XyZ--\r\n";
        assert_eq!(parse_first_part(other, "XyZ"), Some(None));
        assert_eq!(parse_first_part(b"garbage that is long enough", "XyZ"), Some(None));
    }

    #[test]
    fn the_boundary_keeps_its_case() {
        assert_eq!(
            boundary_of("multipart/form-data; boundary=----WebKitFormBoundaryAbC").as_deref(),
            Some("----WebKitFormBoundaryAbC")
        );
        assert_eq!(
            boundary_of("Multipart/Form-Data; Boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
    }

    #[test]
    fn session_tokens_differ_per_session() {
        assert_ne!(session_token("a"), session_token("b"));
        assert_eq!(session_token("a").len(), 64);
    }
}
