//! Account workflows shared by the web pages, the jobs and the command line: invitations, and
//! what erasing an account forgets.

use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

use crate::db::audit::{self, Actor, Entry};
use crate::db::outbox::Concerns;
use crate::db::tokens::{self, NewToken, Purpose};
use crate::domain::account::{Email, Scope};
use crate::domain::role::{Role, ScopeKind};
use crate::mail;

/// What an invitation grants, stored with its link.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    /// (kind, value) pairs, e.g. ("establishment", "3").
    pub scopes: Vec<(String, String)>,
}

impl Grant {
    pub fn scopes(&self) -> Vec<Scope> {
        self.scopes
            .iter()
            .filter_map(|(kind, value)| {
                ScopeKind::parse(kind).map(|kind| Scope {
                    kind,
                    value: value.clone(),
                })
            })
            .collect()
    }

    /// What the audit log says of it, in French: "rôle recruiter ; établissement 2, établissement 5".
    pub fn describe(&self) -> String {
        let scopes: Vec<String> = self
            .scopes()
            .iter()
            .map(|s| format!("{} {}", s.kind.label(), s.value))
            .collect();
        if scopes.is_empty() {
            format!("rôle {}", self.role.as_str())
        } else {
            format!("rôle {} ; {}", self.role.as_str(), scopes.join(", "))
        }
    }
}

/// Stores an invitation, queues its e-mail and records it in the audit log; returns the link.
pub async fn invite(
    conn: &mut AnyConnection, cipher: &crate::documents::DocumentCipher, inviter: &Actor, email: &Email, grant: &Grant,
    base_url: &str,
) -> sqlx::Result<String> {
    let payload = serde_json::to_string(grant).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let token = tokens::create(
        conn,
        NewToken {
            purpose: Purpose::Invitation,
            user_id: None,
            email: email.as_str(),
            payload,
            created_by: inviter.id,
        },
    )
    .await?;
    let link = format!("{base_url}/invitation?jeton={token}");
    let invitation = mail::Invitation {
        role: grant.role.label(),
        link: &link,
    };
    // The account does not exist yet: staff, not a candidate, and the link works once.
    mail::queue(conn, cipher, email.as_str(), Concerns::NOBODY, &invitation).await?;
    audit::record(
        conn,
        inviter,
        Entry {
            action: "invitation_creee",
            target_kind: "utilisateur",
            target_id: email.to_string(),
            detail: grant.describe(),
        },
    )
    .await?;
    Ok(link)
}

/// What erasing an account removes beside its applications (which the caller erases): every
/// message to or about the person, sent or waiting, and their address and IP in the audit log,
/// replaced by a pseudonym. Call it after the last audit entry about them, before the
/// account's row is deleted.
pub async fn forget_account(
    conn: &mut AnyConnection, cipher: &crate::documents::DocumentCipher, user_id: i64, email: &Email,
) -> sqlx::Result<()> {
    crate::db::outbox::forget_user(conn, user_id).await?;
    audit::pseudonymise(conn, user_id, email.as_str(), &cipher.pseudonym(email.as_str())).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_reads_as_french_in_the_audit_log() {
        let recruiter = Grant {
            role: Role::Recruiter,
            scopes: vec![
                ("establishment".into(), "2".into()),
                ("establishment".into(), "5".into()),
            ],
        };
        assert_eq!(
            recruiter.describe(),
            "rôle recruiter ; établissement 2, établissement 5"
        );
        let admin = Grant {
            role: Role::Admin,
            scopes: vec![],
        };
        assert_eq!(admin.describe(), "rôle admin");
    }
}
