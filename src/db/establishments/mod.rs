//! Establishments: the hospitals and services that employ MSPs.

mod merge;
mod registry;

pub use merge::{MOVED_COLUMNS, OTHER_REFERENCES, counts as merge_counts, merge};
pub use registry::{create, holder_of, register, registered, set_identity, update};

use sqlx::{Any, Transaction};

use super::{Sql, Value, instant_text};
use crate::domain::fiche::Employer;
use crate::domain::french::Article;

/// What is needed to register an establishment.
#[derive(Debug, Clone)]
pub struct NewEstablishment {
    pub name: String,
    pub legal_name: String,
    pub is_public: bool,
    pub street: String,
    pub postal_code: String,
    pub commune: String,
    pub departement_code: String,
}

impl NewEstablishment {
    /// The establishment as stored under `id`.
    pub fn into_employer(self, id: i64) -> Employer {
        Employer {
            id,
            name: self.name,
            legal_name: self.legal_name,
            is_public: self.is_public,
            street: self.street,
            postal_code: self.postal_code,
            commune: self.commune,
            departement_code: self.departement_code,
            article: None,
        }
    }
}

pub async fn insert(tx: &mut Transaction<'_, Any>, new: &NewEstablishment) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO establishments \
         (name, legal_name, is_public, street, postal_code, commune, departement_code, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&new.name)
    .bind(&new.legal_name)
    .bind(i64::from(new.is_public))
    .bind(&new.street)
    .bind(&new.postal_code)
    .bind(&new.commune)
    .bind(&new.departement_code)
    .bind(instant_text(time::OffsetDateTime::now_utc()))
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn find_by_name(tx: &mut Transaction<'_, Any>, name: &str) -> sqlx::Result<Option<Employer>> {
    let row: Option<EmployerRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {EMPLOYER_COLUMNS} FROM establishments e WHERE e.name = $1"
    )))
    .bind(name)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(Employer::from))
}

/// An establishment's columns as an [`Employer`] (table alias `e`), named so that they do not
/// clash with those of a row they are joined to; read with [`EmployerRow`].
pub(super) const EMPLOYER_COLUMNS: &str = "e.id AS employer_id, e.name AS employer_name, e.legal_name, \
    e.is_public, e.street, e.postal_code, e.commune, e.departement_code, e.name_article";

/// [`EMPLOYER_COLUMNS`] as read, alone or `#[sqlx(flatten)]` in a joined row.
#[derive(sqlx::FromRow)]
pub(super) struct EmployerRow {
    employer_id: i64,
    employer_name: String,
    legal_name: String,
    is_public: i64,
    street: String,
    postal_code: String,
    commune: String,
    departement_code: String,
    name_article: Option<String>,
}

impl EmployerRow {
    pub(super) fn id(&self) -> i64 {
        self.employer_id
    }
}

impl From<EmployerRow> for Employer {
    fn from(row: EmployerRow) -> Self {
        Employer {
            id: row.employer_id,
            name: row.employer_name,
            legal_name: row.legal_name,
            is_public: row.is_public != 0,
            street: row.street,
            postal_code: row.postal_code,
            commune: row.commune,
            departement_code: row.departement_code,
            article: row.name_article.as_deref().and_then(Article::parse),
        }
    }
}

/// (id, name) of every establishment, by name.
pub async fn list_names(conn: &mut sqlx::AnyConnection) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM establishments ORDER BY name")
        .fetch_all(conn)
        .await
}

/// (id, name) of the establishments in some départements, by id.
pub async fn list_names_in_departements(
    conn: &mut sqlx::AnyConnection, departements: &[&str],
) -> sqlx::Result<Vec<(i64, String)>> {
    let mut sql = Sql::new("SELECT id, name FROM establishments WHERE departement_code IN ");
    sql.bind_list(departements.iter().map(|code| Value::Text((*code).to_string())))
        .push(" ORDER BY id");
    sql.query_as().fetch_all(conn).await
}

/// An establishment by id.
pub async fn find(conn: &mut sqlx::AnyConnection, id: i64) -> sqlx::Result<Option<Employer>> {
    let row: Option<EmployerRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {EMPLOYER_COLUMNS} FROM establishments e WHERE e.id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Employer::from))
}

/// Records how the establishment's name takes "à" and "de"; `None` goes back to the article
/// derived from the name.
pub async fn set_article(conn: &mut sqlx::AnyConnection, id: i64, article: Option<Article>) -> sqlx::Result<()> {
    sqlx::query("UPDATE establishments SET name_article = $1 WHERE id = $2")
        .bind(article.map(Article::as_str))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
