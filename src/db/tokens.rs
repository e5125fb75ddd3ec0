//! Single-use links sent by e-mail: verify an address, reset a password, accept an invitation,
//! confirm a saved search, unsubscribe from its alerts.

use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use super::{instant_text, parse_instant};
use crate::secrets::{random_token, token_hash};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    Invitation,
    /// A visitor's saved search, confirmed by the link sent to the address (payload: its id).
    ConfirmSavedSearch,
    /// Every alert e-mail carries its own; any of them deletes the search (payload: its id).
    UnsubscribeAlert,
    /// Every daily digest carries its own; any of them stops the person's digests.
    UnsubscribeDigest,
    /// A team's request to create a post, confirmed by its contact (payload: its id).
    ConfirmTeamRequest,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::Invitation => "invitation",
            Purpose::ConfirmSavedSearch => "confirm_saved_search",
            Purpose::UnsubscribeAlert => "unsubscribe_alert",
            Purpose::UnsubscribeDigest => "unsubscribe_digest",
            Purpose::ConfirmTeamRequest => "confirm_team_request",
        }
    }

    /// How long a link stays valid.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail => Duration::days(2),
            Purpose::ResetPassword => Duration::hours(1),
            Purpose::Invitation => Duration::days(7),
            Purpose::ConfirmSavedSearch => Duration::days(7),
            // As long as an unconfirmed request is kept.
            Purpose::ConfirmTeamRequest => Duration::days(crate::domain::team_request::UNCONFIRMED_KEPT_DAYS),
            // As long as anyone keeps an old alert: unsubscribing must always work.
            Purpose::UnsubscribeAlert | Purpose::UnsubscribeDigest => Duration::days(3650),
        }
    }
}

/// Why a link cannot be used: each case gets its own French explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    Unknown,
    Expired,
    AlreadyUsed,
}

pub struct OneTimeToken {
    pub user_id: Option<i64>,
    pub email: String,
    pub payload: String,
    pub created_by: Option<i64>,
}

pub struct NewToken<'a> {
    pub purpose: Purpose,
    pub user_id: Option<i64>,
    pub email: &'a str,
    pub payload: String,
    pub created_by: Option<i64>,
}

impl<'a> NewToken<'a> {
    /// A link sent to an account's owner at its address, carrying nothing else.
    pub fn for_user(purpose: Purpose, user_id: i64, email: &'a str) -> NewToken<'a> {
        NewToken {
            purpose,
            user_id: Some(user_id),
            email,
            payload: "{}".into(),
            created_by: None,
        }
    }
}

/// Stores a link and returns the token to put in it.
pub async fn create(conn: &mut AnyConnection, new: NewToken<'_>) -> sqlx::Result<String> {
    let token = random_token();
    let now = OffsetDateTime::now_utc();
    sqlx::query(
        "INSERT INTO one_time_tokens (token_hash, purpose, user_id, email, payload, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token_hash(&token))
    .bind(new.purpose.as_str())
    .bind(new.user_id)
    .bind(new.email)
    .bind(new.payload)
    .bind(new.created_by)
    .bind(instant_text(now))
    .bind(instant_text(now + new.purpose.lifetime()))
    .execute(conn)
    .await?;
    Ok(token)
}

type Row = (Option<i64>, String, String, Option<i64>, String, Option<String>);

async fn lookup(conn: &mut AnyConnection, token: &str, purpose: Purpose) -> sqlx::Result<Option<Row>> {
    sqlx::query_as(
        "SELECT user_id, email, payload, created_by, expires_at, used_at FROM one_time_tokens \
         WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(token_hash(token))
    .bind(purpose.as_str())
    .fetch_optional(conn)
    .await
}

fn check(row: Option<Row>) -> sqlx::Result<Result<OneTimeToken, Unusable>> {
    let Some((user_id, email, payload, created_by, expires_at, used_at)) = row else {
        return Ok(Err(Unusable::Unknown));
    };
    if used_at.is_some() {
        return Ok(Err(Unusable::AlreadyUsed));
    }
    if parse_instant(&expires_at)? <= OffsetDateTime::now_utc() {
        return Ok(Err(Unusable::Expired));
    }
    Ok(Ok(OneTimeToken {
        user_id,
        email,
        payload,
        created_by,
    }))
}

/// Reads a link without spending it (to show the form it leads to).
pub async fn peek(
    conn: &mut AnyConnection, token: &str, purpose: Purpose,
) -> sqlx::Result<Result<OneTimeToken, Unusable>> {
    check(lookup(conn, token, purpose).await?)
}

/// Spends a link: only one request can, even on two instances at once.
pub async fn consume(
    conn: &mut AnyConnection, token: &str, purpose: Purpose,
) -> sqlx::Result<Result<OneTimeToken, Unusable>> {
    let found = check(lookup(conn, token, purpose).await?)?;
    if found.is_err() {
        return Ok(found);
    }
    let spent = sqlx::query("UPDATE one_time_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(token_hash(token))
        .execute(conn)
        .await?;
    Ok(if spent.rows_affected() == 1 {
        found
    } else {
        Err(Unusable::AlreadyUsed)
    })
}

/// Spends every unused link of a purpose for a user (a new reset link voids the older ones).
pub async fn void_for_user(conn: &mut AnyConnection, user_id: i64, purpose: Purpose) -> sqlx::Result<()> {
    sqlx::query("UPDATE one_time_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(user_id)
        .bind(purpose.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// An invitation sent and not yet accepted, still valid: to whom, what it grants (the JSON
/// payload), until when.
pub async fn pending_invitations(
    conn: &mut AnyConnection, now: OffsetDateTime,
) -> sqlx::Result<Vec<(String, String, OffsetDateTime)>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT email, payload, expires_at FROM one_time_tokens WHERE purpose = $1 AND used_at IS NULL \
         AND expires_at > $2 ORDER BY expires_at, email",
    )
    .bind(Purpose::Invitation.as_str())
    .bind(instant_text(now))
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(email, payload, expires)| Ok((email, payload, parse_instant(&expires)?)))
        .collect()
}

/// Deletes the links of a purpose created before an instant (RFC 3339 text): for links that
/// hold the address of someone the platform forgets.
pub async fn forget_before(conn: &mut AnyConnection, purpose: Purpose, before: &str) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM one_time_tokens WHERE purpose = $1 AND created_at <= $2")
        .bind(purpose.as_str())
        .bind(before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
