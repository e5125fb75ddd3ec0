//! The demonstration's accounts: one per role, with a known password and, for staff, a second
//! factor already enrolled, so that every role can be explored from the instructions printed
//! at start-up while the second factor stays in force.

use sqlx::AnyConnection;

use crate::db::{establishments, users};
use crate::documents::DocumentCipher;
use crate::domain::account::{Email, Scope};
use crate::domain::fiche::Track;
use crate::domain::role::{Role, ScopeKind};
use crate::secrets;

/// The password of every demonstration account (12 characters or more, of several kinds).
pub const PASSWORD: &str = "Demo-MSP-2026";

/// The region of the demonstration's funding (Île-de-France), which its ARS officer serves.
const REGION: &str = "11";

/// An account of the demonstration, as the start-up instructions name it.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub id: i64,
    pub role: Role,
    pub name: &'static str,
    pub email: String,
    /// Base32, for staff: what an authenticator app is given.
    pub totp_secret: Option<String>,
}

/// The demonstration account of `role` (there is one of each).
pub fn of(accounts: &[DemoAccount], role: Role) -> &DemoAccount {
    accounts
        .iter()
        .find(|a| a.role == role)
        .expect("one demo account per role")
}

/// Who the demonstration's accounts are: role, address, name.
const PEOPLE: [(Role, &str, &str); 7] = [
    (Role::Admin, "admin@demo.msp.example", "Alix Admin (démo)"),
    (
        Role::Coordinator,
        "ccoms@demo.msp.example",
        "Camille Coordination (démo)",
    ),
    (
        Role::Recruiter,
        "recrutement@demo.msp.example",
        "Robin Recrutement (démo)",
    ),
    (Role::ArsOfficer, "ars@demo.msp.example", "Ariane ARS (démo)"),
    (Role::University, "universite@demo.msp.example", "Ugo Université (démo)"),
    (Role::Msp, "msp@demo.msp.example", "Morgane Médiatrice (démo)"),
    (Role::Candidate, "candidat@demo.msp.example", "Claude Candidat (démo)"),
];

/// Creates the accounts that are missing and returns all of them, with their secrets: run again,
/// it adds nothing and gives the same secrets. The secrets are stored sealed with `cipher`, the
/// documents' key; one sealed with a key no longer configured (the demo made in another folder,
/// with another key file) is replaced by a new one, which is printed.
pub async fn ensure(conn: &mut AnyConnection, cipher: &DocumentCipher) -> sqlx::Result<Vec<DemoAccount>> {
    // The recruiter works for the establishment whose project the demo's ARS funds.
    let establishment = establishments::list_names_in_departements(conn, &["92", "93", "94"])
        .await?
        .first()
        .map(|(id, _)| id.to_string());
    let mut accounts = Vec::with_capacity(PEOPLE.len());
    for (role, address, name) in PEOPLE {
        let email = Email::parse("email", address).expect("a valid demo address");
        let scope = match role.scope_kind() {
            Some(ScopeKind::Establishment) => establishment.clone(),
            Some(ScopeKind::Region) => Some(REGION.to_string()),
            Some(ScopeKind::Track) => Some(Track::Bobigny.as_str().to_string()),
            None => None,
        };
        let scopes: Vec<Scope> = role
            .scope_kind()
            .zip(scope)
            .map(|(kind, value)| Scope { kind, value })
            .into_iter()
            .collect();
        let (id, totp_secret) = match users::find_by_email(conn, &email).await? {
            Some(existing) => (existing.user.id, secret_of(conn, cipher, existing).await?),
            None => create(conn, cipher, role, &email, name, &scopes).await?,
        };
        accounts.push(DemoAccount {
            id,
            role,
            name,
            email: address.to_string(),
            totp_secret,
        });
    }
    Ok(accounts)
}

/// The secret of an existing demo account, opened; a new one when no configured key opens it.
async fn secret_of(
    conn: &mut AnyConnection, cipher: &DocumentCipher, existing: users::Credentials,
) -> sqlx::Result<Option<String>> {
    let Some(stored) = existing.totp else {
        return Ok(None);
    };
    if let Ok(secret) = stored.open(cipher) {
        return Ok(Some(secret));
    }
    let secret = secrets::new_totp_secret();
    users::set_totp_secret(conn, cipher, existing.user.id, &secret, 0).await?;
    Ok(Some(secret))
}

/// One account, its address verified and, for staff, its second factor enrolled as the
/// enrolment page stores it (the secret sealed, and no code used yet).
async fn create(
    conn: &mut AnyConnection, cipher: &DocumentCipher, role: Role, email: &Email, name: &str, scopes: &[Scope],
) -> sqlx::Result<(i64, Option<String>)> {
    let new = users::NewUser {
        email,
        display_name: name,
        role,
        password_hash: Some(secrets::hash_password(PASSWORD)),
        email_verified: true,
        scopes,
    };
    let id = users::insert(conn, new).await?;
    if !role.requires_second_factor() {
        return Ok((id, None));
    }
    let secret = secrets::new_totp_secret();
    users::set_totp_secret(conn, cipher, id, &secret, 0).await?;
    Ok((id, Some(secret)))
}

/// What the start-up prints, in French, after the address to open: how to sign in as each
/// role, with a current code for each second factor (`unix_time` is now).
pub fn instructions(accounts: &[DemoAccount], unix_time: u64) -> String {
    let mut text = format!("Comptes de démonstration, un par rôle (mot de passe de chacun : {PASSWORD}) :\n");
    for account in accounts {
        text.push_str(&format!(
            "- {} : {}, mot de passe {PASSWORD}\n",
            account.role.label(),
            account.email
        ));
        match &account.totp_secret {
            Some(secret) => text.push_str(&format!(
                "  double authentification : secret {secret}, code actuel {}\n",
                secrets::totp_code(secret, unix_time)
            )),
            None => text.push_str("  sans double authentification\n"),
        }
    }
    text.push_str(
        "Le code change toutes les 30 secondes : ajoutez le secret à une application \
         d'authentification (saisie manuelle) pour obtenir le code du moment.\n",
    );
    text
}
