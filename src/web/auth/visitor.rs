//! The visitor of a request, as the [`super::identify`] middleware found them, and the
//! extractors that hand a handler the signed-in user.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::db::audit;
use crate::domain::account::User;
use crate::web::Error;

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
    /// The database is the demonstration's ([`crate::web::AppState::demo`]).
    pub demo: bool,
    /// The path asked for, without its query: the header marks the place it is.
    pub path: String,
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

    /// Records in the audit log what this visitor did, in the caller's transaction: the row
    /// stands or falls with the read or change it records.
    pub async fn audit(
        &self, conn: &mut AnyConnection, action: &str, target_kind: &str, target_id: impl ToString,
        detail: impl Into<String>,
    ) -> sqlx::Result<()> {
        let entry = audit::Entry {
            action,
            target_kind,
            target_id: target_id.to_string(),
            detail: detail.into(),
        };
        audit::record(conn, &self.actor(), entry).await
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
        identified(parts).cloned()
    }
}

/// The visitor the [`super::identify`] middleware found: every request has one.
fn identified(parts: &Parts) -> Result<&Visitor, Error> {
    parts
        .extensions
        .get::<Visitor>()
        .ok_or(Error::Internal("visitor not identified"))
}

/// The fully signed-in user, for a handler behind [`super::Access::SignedIn`] or [`super::Access::Can`]: the
/// gate has let only such a visitor through, so the refusal below is a safety net.
pub struct CurrentUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        let user = identified(parts)?.user().ok_or(Error::Forbidden)?;
        Ok(CurrentUser(user.clone()))
    }
}

/// The user of a session, signed in fully or only half-way, for a handler behind
/// [`super::Access::Enrolment`]: enrolling the second factor a role requires comes before it is used.
pub struct EnrollingUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for EnrollingUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        let session = identified(parts)?.signed_in.as_ref().ok_or(Error::Forbidden)?;
        Ok(EnrollingUser(session.user.clone()))
    }
}
