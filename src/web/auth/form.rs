//! What handlers read from a form: its fields once the token is checked, and a safe `suivant`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::web::Error;

/// A form, read once its token has been checked where its route is declared
/// ([`crate::web::csrf::guard`]): handlers only parse.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        serde_html_form::from_bytes(&bytes).map(CsrfForm).map_err(|_| {
            Error::bad_request(
                "formulaire",
                "Le formulaire envoyé est illisible. Rechargez la page et recommencez.",
            )
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
