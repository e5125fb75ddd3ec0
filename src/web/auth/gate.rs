//! The gate every route passes through: the [`Access`] it declares, checked against the visitor.

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::Visitor;
use crate::domain::account::User;
use crate::domain::policy::{self, Action};
use crate::web::Error;

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
            Some(s) if s.complete => return Redirect::to("/espace").into_response(),
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
