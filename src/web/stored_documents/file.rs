//! One stored document: download, rename, erase. Someone else's is not found.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{UploadInput, documents_page};
use crate::db::candidate_documents;
use crate::domain::application::stored_document::document_name;
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::download::attachment;
use crate::web::extract::PathId;
use crate::web::views::{FormErrors, render_as};
use crate::web::{AppState, Error};

/// The candidate's own document, opened; another's or an erased one is not found.
pub(super) async fn download_document(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, PathId(id): PathId,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let (_, document) = candidate_documents::find(&mut conn, user.id, id)
        .await?
        .ok_or(Error::NotFound)?;
    let bytes = state
        .documents
        .open(&document.key_id, &document.sealed, &document.kind)
        .map_err(|_| Error::Internal("document illisible avec les clés configurées"))?;
    let document_type = document
        .document_type()
        .ok_or(Error::Internal("type de document inconnu"))?;
    // The uploaded name is not used as a file name (see `DocumentType::extension`).
    let name = format!("{}-{id}.{}", document.kind, document_type.extension());
    Ok(attachment(document_type.mime(), &name, true, bytes))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RenameForm {
    nom: String,
}

pub(super) async fn rename_document(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<RenameForm>,
) -> Result<Response, Error> {
    match document_name("renommer", &form.nom, "") {
        Ok(name) => {
            let mut conn = state.db.pool.acquire().await?;
            if !candidate_documents::rename(&mut conn, user.id, id, &name).await? {
                return Err(Error::NotFound);
            }
            Ok(Redirect::to("/compte/documents").into_response())
        }
        Err(error) => {
            let errors = FormErrors { list: vec![error] };
            let renaming = Some((id, form.nom));
            let page = documents_page(&state, &visitor, &user, errors, UploadInput::default(), renaming).await?;
            render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Deserialize)]
pub(super) struct Nothing {}

/// Erases the document; the copies sent with applications are theirs and stay. A second click
/// finds nothing and answers the same list.
pub(super) async fn erase_document(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, PathId(id): PathId, CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    candidate_documents::delete(&mut conn, user.id, id).await?;
    Ok(Redirect::to("/compte/documents").into_response())
}
