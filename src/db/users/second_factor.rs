//! The second factor's secret at rest: sealed with the documents' key (as mail waiting in the
//! outbox is), so that a copy of the database gives nobody a staff member's codes.

use sqlx::AnyConnection;

use crate::documents::{DocumentCipher, OpenError, Sealed};

/// The associated data of every sealed second-factor secret: no other sealed value passes for one.
const TOTP_CONTEXT: &str = "double-authentification";

/// A second factor's secret as the database keeps it: sealed with the documents' key, or in clear
/// when it was enrolled before migration 0018 and the application has not sealed it yet (it does
/// at start-up and on the secret's next use, see [`seal_totp_secrets`]). No `Debug`: a clear
/// secret must never reach a log.
#[derive(Clone)]
pub enum StoredTotp {
    Sealed(Sealed),
    Clear(String),
}

impl StoredTotp {
    /// What a `users` row's three columns hold; sealed bytes win over a clear secret.
    pub(super) fn from_columns(
        clear: Option<String>, key_id: Option<String>, sealed: Option<Vec<u8>>,
    ) -> Option<StoredTotp> {
        match (sealed, clear) {
            (Some(bytes), _) => Some(StoredTotp::Sealed(Sealed {
                key_id: key_id.unwrap_or_default(),
                bytes,
            })),
            (None, Some(clear)) => Some(StoredTotp::Clear(clear)),
            (None, None) => None,
        }
    }

    /// The base32 secret. Fails only when its key is no longer configured or the row was altered:
    /// an operator's problem (docs/document-keys.md), never the user's.
    pub fn open(&self, cipher: &DocumentCipher) -> Result<String, OpenError> {
        match self {
            StoredTotp::Clear(secret) => Ok(secret.clone()),
            StoredTotp::Sealed(sealed) => {
                let plain = cipher.open(&sealed.key_id, &sealed.bytes, TOTP_CONTEXT)?;
                String::from_utf8(plain).map_err(|_| OpenError::Tampered)
            }
        }
    }
}

/// Enrols a second factor: its secret sealed with the documents' key, never stored in clear, and
/// `step` as the last code used.
pub async fn set_totp_secret(
    conn: &mut AnyConnection, cipher: &DocumentCipher, id: i64, secret: &str, step: u64,
) -> sqlx::Result<()> {
    let sealed = cipher.seal(secret.as_bytes(), TOTP_CONTEXT);
    sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_key_id = $1, totp_sealed = $2, totp_last_step = $3 WHERE id = $4",
    )
    .bind(sealed.key_id)
    .bind(sealed.bytes)
    .bind(i64::try_from(step).unwrap_or(i64::MAX))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What [`seal_totp_secrets`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TotpResealed {
    /// Secrets sealed with the current key: clear ones, and ones sealed with an older key.
    pub sealed: u64,
    /// Accounts whose secret no configured key opens: left as they are, for the operator.
    pub unreadable: Vec<i64>,
}

#[derive(sqlx::FromRow)]
struct TotpRow {
    id: i64,
    totp_secret: Option<String>,
    totp_key_id: Option<String>,
    totp_sealed: Option<Vec<u8>>,
}

/// Seals with the current key every second-factor secret that is not: the clear secrets enrolled
/// before migration 0018 (at each start-up of `msp serve`) and those sealed with an older key (by
/// `msp documents reseal`, after a rotation). Safe to run twice, or on several instances at once:
/// a row changed in between is left to the other.
pub async fn seal_totp_secrets(conn: &mut AnyConnection, cipher: &DocumentCipher) -> sqlx::Result<TotpResealed> {
    let stale: Vec<TotpRow> = sqlx::query_as(
        "SELECT id, totp_secret, totp_key_id, totp_sealed FROM users \
         WHERE totp_secret IS NOT NULL OR (totp_sealed IS NOT NULL AND totp_key_id <> $1) ORDER BY id",
    )
    .bind(cipher.current_key_id())
    .fetch_all(&mut *conn)
    .await?;
    let mut done = TotpResealed::default();
    for row in stale {
        let id = row.id;
        let Some(stored) = StoredTotp::from_columns(row.totp_secret, row.totp_key_id, row.totp_sealed) else {
            continue;
        };
        let Ok(secret) = stored.open(cipher) else {
            done.unreadable.push(id);
            continue;
        };
        done.sealed += reseal_totp(conn, cipher, id, &stored, &secret).await?;
    }
    Ok(done)
}

/// Replaces one stored secret by the same secret sealed with the current key, unless the row
/// changed since it was read (re-enrolled, turned off, or sealed by another instance).
pub async fn reseal_totp(
    conn: &mut AnyConnection, cipher: &DocumentCipher, id: i64, stored: &StoredTotp, secret: &str,
) -> sqlx::Result<u64> {
    let sealed = cipher.seal(secret.as_bytes(), TOTP_CONTEXT);
    let query = match stored {
        StoredTotp::Clear(clear) => sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_key_id = $1, totp_sealed = $2 \
             WHERE id = $3 AND totp_secret = $4 AND totp_sealed IS NULL",
        )
        .bind(sealed.key_id)
        .bind(sealed.bytes)
        .bind(id)
        .bind(clear.clone()),
        StoredTotp::Sealed(old) => sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_key_id = $1, totp_sealed = $2 WHERE id = $3 AND totp_key_id = $4",
        )
        .bind(sealed.key_id)
        .bind(sealed.bytes)
        .bind(id)
        .bind(old.key_id.clone()),
    };
    Ok(query.execute(conn).await?.rows_affected())
}
