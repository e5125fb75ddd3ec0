//! Adding a document to « Mes documents »: the same checks and seal as the application form.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{UploadInput, documents_page, kind_label};
use crate::db::applications::StoredDocument;
use crate::db::candidate_documents;
use crate::documents;
use crate::domain::application::stored_document::{document_name, room_for_one_more};
use crate::web::apply::{DOCUMENT_KINDS, clean_filename};
use crate::web::auth::{CurrentUser, Visitor};
use crate::web::views::{FormErrors, render_as};
use crate::web::{AppState, Error};

/// The upload form as sent: the kind, the name typed, and the file.
#[derive(Default)]
struct Sent {
    input: UploadInput,
    file: Option<(String, Vec<u8>)>,
}

async fn read_sent(mut multipart: Multipart) -> Result<Sent, Error> {
    let broken = || {
        Error::bad_request(
            "fichier",
            "L'envoi a été interrompu ou dépasse 10 Mo. Rien n'a été enregistré : recommencez.",
        )
    };
    let mut sent = Sent::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        match field.name().unwrap_or_default() {
            "fichier" => {
                let filename = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|_| broken())?;
                if !filename.is_empty() || !bytes.is_empty() {
                    sent.file = Some((filename, bytes.to_vec()));
                }
            }
            "type" => sent.input.kind = field.text().await.map_err(|_| broken())?,
            "nom" => sent.input.name = field.text().await.map_err(|_| broken())?,
            _ => {}
        }
    }
    Ok(sent)
}

/// Checks and seals the file, then keeps it under its name; a refused form comes back with
/// its kind and name kept and a message next to each field at fault.
pub(super) async fn add_document(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, multipart: Multipart,
) -> Result<Response, Error> {
    let _upload = state.uploads.take(&visitor.ip).await?;
    let sent = read_sent(multipart).await?;
    let mut errors = FormErrors::default();
    let kind = DOCUMENT_KINDS.iter().map(|(k, _)| *k).find(|k| *k == sent.input.kind);
    if kind.is_none() {
        errors.add("type", "Choisissez s'il s'agit d'un CV ou d'une lettre de motivation.");
    }
    let mut document = None;
    match &sent.file {
        None => errors.add("fichier", "Joignez un fichier PDF, DOCX ou ODT."),
        Some((filename, bytes)) => match documents::check(bytes) {
            Err(error) => errors.add("fichier", error.message()),
            Ok(document_type) => document = Some((clean_filename(filename, "document"), bytes, document_type)),
        },
    }
    let filename = document.as_ref().map_or("", |(name, _, _)| name.as_str());
    let name = errors.check(document_name("nom", &sent.input.name, filename));
    let mut conn = state.db.pool.acquire().await?;
    if let Some(kind) = kind {
        let kept = candidate_documents::count(&mut conn, user.id, kind).await?;
        errors.check(room_for_one_more("type", kept, kind_label(kind)));
    }
    let (Some(kind), Some((filename, bytes, document_type)), Some(name), true) =
        (kind, document, name, errors.is_empty())
    else {
        drop(conn);
        return refused(&state, &visitor, &user, errors, sent.input).await;
    };
    let sealed = state.documents.seal(bytes, kind);
    let stored = StoredDocument {
        kind: kind.into(),
        filename,
        media_type: document_type.as_str().into(),
        size: bytes.len() as i64,
        key_id: sealed.key_id,
        sealed: sealed.bytes,
    };
    if candidate_documents::insert(&mut conn, user.id, &name, &stored)
        .await?
        .is_none()
    {
        // Another upload took the last place meanwhile.
        drop(conn);
        let mut errors = FormErrors::default();
        errors.check(room_for_one_more("type", usize::MAX, kind_label(kind)));
        return refused(&state, &visitor, &user, errors, sent.input).await;
    }
    Ok(Redirect::to("/compte/documents").into_response())
}

async fn refused(
    state: &AppState, visitor: &Visitor, user: &crate::domain::account::User, errors: FormErrors, input: UploadInput,
) -> Result<Response, Error> {
    let page = documents_page(state, visitor, user, errors, input, None).await?;
    render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
