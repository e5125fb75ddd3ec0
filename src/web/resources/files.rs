//! A resource's file, opened from its seal and sent to be saved: the current version, or an
//! older one by its number. A resource the visitor may not see has no file either.

use axum::extract::{Path, State};
use axum::response::Response;

use super::find;
use crate::db::resources;
use crate::documents::DocumentType;
use crate::web::auth::Visitor;
use crate::web::download::attachment;
use crate::web::{AppState, Error};

/// What the seal of a resource's file is bound to: a file sealed for something else does not
/// open as a resource.
pub(super) const SEAL_CONTEXT: &str = "ressource";

pub(super) async fn download_current(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>,
) -> Result<Response, Error> {
    let resource = find(&state, &visitor, &slug).await?;
    let number = resource.version.ok_or(Error::NotFound)?;
    send(&state, resource.id, &slug, number).await
}

pub(super) async fn download_version(
    State(state): State<AppState>, visitor: Visitor, Path((slug, number)): Path<(String, String)>,
) -> Result<Response, Error> {
    let number: i64 = number.parse().map_err(|_| Error::NotFound)?;
    let resource = find(&state, &visitor, &slug).await?;
    send(&state, resource.id, &slug, number).await
}

async fn send(state: &AppState, resource_id: i64, slug: &str, number: i64) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let file = resources::file(&mut conn, resource_id, number)
        .await?
        .ok_or(Error::NotFound)?;
    drop(conn);
    let bytes = state
        .documents
        .open(&file.key_id, &file.sealed, SEAL_CONTEXT)
        .map_err(|_| Error::Internal("document illisible avec les clés configurées"))?;
    let document_type = DocumentType::parse(&file.media_type).ok_or(Error::Internal("type de document inconnu"))?;
    let name = format!("{slug}-v{number}.{}", document_type.extension());
    // Not personal data: a cache may keep it like any public file.
    Ok(attachment(document_type.mime(), &name, false, bytes))
}
