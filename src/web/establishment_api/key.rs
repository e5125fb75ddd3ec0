//! The credential of the establishments' API: `Authorization: Bearer <key>`, and nothing else.
//! A session cookie is never read here, so a signed-in browser authorises no call, and a
//! forged cross-site request cannot carry the header without the key.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::db::api_keys::{self, ActiveKey};
use crate::db::audit::{self, Actor};
use crate::domain::api_key::{KeyScope, well_formed};
use crate::domain::policy::EstablishmentScope;
use crate::secrets::token_hash;
use crate::web::auth::Visitor;
use crate::web::{ApiError, AppState, Error};

/// A call made with an active key, counted against the key's limit.
pub struct KeyCaller {
    pub key: ActiveKey,
    /// The client's address, for the audit log.
    ip: String,
}

impl FromRequestParts<AppState> for KeyCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ip = Visitor::from_request_parts(parts, state).await?.ip;
        let now = state.clock.now();
        state.api_limits.check_guesses(&ip, now)?;
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|key| well_formed(key));
        let mut conn = state.db.pool.acquire().await?;
        let key = match presented {
            Some(presented) => api_keys::find_active(&mut conn, &token_hash(presented)).await?,
            None => None,
        };
        let Some(key) = key else {
            state.api_limits.count_wrong_key(&ip, now);
            return Err(Error::InvalidKey.into());
        };
        state.api_limits.check_key(&key.public_id, now)?;
        api_keys::touch(&mut conn, &key, now).await?;
        Ok(KeyCaller { key, ip })
    }
}

impl KeyCaller {
    /// Refuses the call (403) unless the key carries `scope`.
    pub fn require(&self, scope: KeyScope) -> Result<(), Error> {
        if self.key.scopes.allows(scope) {
            Ok(())
        } else {
            Err(Error::MissingScope(scope.as_str()))
        }
    }

    /// The key's establishment, as the filter every query applies.
    pub fn scope(&self) -> EstablishmentScope {
        EstablishmentScope::Only(vec![self.key.establishment_id])
    }

    /// Writes an audit row in the key creator's name, the key named in the details: the creator
    /// answers for what their key reads.
    pub async fn audit(
        &self, conn: &mut sqlx::AnyConnection, action: &str, target_kind: &str, target_id: i64, detail: &str,
    ) -> sqlx::Result<()> {
        let actor = Actor {
            id: self.key.created_by,
            email: self.key.creator_email.clone(),
            ip: self.ip.clone(),
        };
        let detail = match detail {
            "" => format!("clé d'API {} (n° {})", self.key.public_id, self.key.id),
            _ => format!("clé d'API {} (n° {}) ; {detail}", self.key.public_id, self.key.id),
        };
        let entry = audit::Entry {
            action,
            target_kind,
            target_id: target_id.to_string(),
            detail,
        };
        audit::record(conn, &actor, entry).await
    }
}
