//! The CCOMS's register of establishments: every one with its legal identity, created and
//! edited from its pages (issue 22).

use sqlx::AnyConnection;

use super::{NewEstablishment, insert};
use crate::domain::establishment::{Establishment, EstablishmentDraft, LegalIdentity};

const COLUMNS: &str = "id, name, legal_name, is_public, street, postal_code, commune, departement_code, siret, finess";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    legal_name: String,
    is_public: i64,
    street: String,
    postal_code: String,
    commune: String,
    departement_code: String,
    siret: Option<String>,
    finess: Option<String>,
}

impl From<Row> for Establishment {
    fn from(row: Row) -> Self {
        Establishment {
            id: row.id,
            name: row.name,
            legal_name: row.legal_name,
            is_public: row.is_public != 0,
            street: row.street,
            postal_code: row.postal_code,
            commune: row.commune,
            departement_code: row.departement_code,
            identity: LegalIdentity {
                siret: row.siret,
                finess: row.finess,
            },
        }
    }
}

/// Every establishment, by name.
pub async fn register(conn: &mut AnyConnection) -> sqlx::Result<Vec<Establishment>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM establishments ORDER BY name, id"
    )))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Establishment::from).collect())
}

/// One establishment with its legal identity.
pub async fn registered(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Establishment>> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM establishments WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Establishment::from))
}

/// The establishment (other than `except`) that already has this SIRET or FINESS: (id, name).
pub async fn holder_of(
    conn: &mut AnyConnection, identity: &LegalIdentity, except: Option<i64>,
) -> sqlx::Result<Option<(i64, String)>> {
    if identity.siret.is_none() && identity.finess.is_none() {
        return Ok(None);
    }
    sqlx::query_as(
        "SELECT id, name FROM establishments WHERE id <> $1 AND (siret = $2 OR finess = $3) ORDER BY id LIMIT 1",
    )
    .bind(except.unwrap_or(0))
    .bind(identity.siret.as_deref())
    .bind(identity.finess.as_deref())
    .fetch_optional(conn)
    .await
}

/// Registers a new establishment: its id.
pub async fn create(tx: &mut sqlx::Transaction<'_, sqlx::Any>, draft: &EstablishmentDraft) -> sqlx::Result<i64> {
    let new = NewEstablishment {
        name: draft.name.clone(),
        legal_name: draft.legal_name.clone(),
        is_public: draft.is_public,
        street: draft.street.clone(),
        postal_code: draft.commune.postal_code().to_string(),
        commune: draft.commune.name.to_string(),
        departement_code: draft.commune.departement.to_string(),
    };
    let id = insert(tx, &new).await?;
    set_identity(tx, id, &draft.identity).await?;
    Ok(id)
}

/// Records an establishment's SIRET and FINESS (`None` forgets a number).
pub async fn set_identity(conn: &mut AnyConnection, id: i64, identity: &LegalIdentity) -> sqlx::Result<()> {
    sqlx::query("UPDATE establishments SET siret = $1, finess = $2 WHERE id = $3")
        .bind(identity.siret.as_deref())
        .bind(identity.finess.as_deref())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Changes what the CCOMS edits of an establishment; `false` when it no longer exists.
pub async fn update(conn: &mut AnyConnection, id: i64, draft: &EstablishmentDraft) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE establishments SET name = $1, legal_name = $2, is_public = $3, street = $4, postal_code = $5, \
         commune = $6, departement_code = $7, siret = $8, finess = $9 WHERE id = $10",
    )
    .bind(&draft.name)
    .bind(&draft.legal_name)
    .bind(i64::from(draft.is_public))
    .bind(&draft.street)
    .bind(draft.commune.postal_code())
    .bind(draft.commune.name)
    .bind(draft.commune.departement)
    .bind(draft.identity.siret.as_deref())
    .bind(draft.identity.finess.as_deref())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
