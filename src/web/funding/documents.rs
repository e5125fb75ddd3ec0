//! The documents of a funding request: uploaded by the establishment while it may change the
//! request, read by those who may see it.

use super::*;

/// Reads the upload form (its token was checked before the file was received): which of the
/// call's documents this is, and the file.
pub(super) async fn read_upload(
    mut multipart: Multipart,
) -> Result<Result<(String, String, Vec<u8>), FormErrors>, Error> {
    let mut requirement = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let unreadable = || one_error("fichier", "Le fichier n'a pas pu être lu : réessayez.");
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(Err(one_error("fichier", "Le fichier dépasse 10 Mo : réduisez-le.")));
            }
            Err(_) => return Ok(Err(unreadable())),
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "document" => requirement = field.text().await.unwrap_or_default(),
            "fichier" => {
                let file_name = field.file_name().unwrap_or_default().to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((file_name, bytes.to_vec())),
                    Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Ok(Err(one_error("fichier", "Le fichier dépasse 10 Mo : réduisez-le.")));
                    }
                    Err(_) => return Ok(Err(unreadable())),
                }
            }
            _ => {}
        }
    }
    let (file_name, bytes) = file.unwrap_or_default();
    Ok(Ok((requirement, file_name, bytes)))
}

/// Adds a document to a draft (or a request sent back for more). The request is looked up in
/// the visitor's scope before the body is read, so another establishment's request is a 404
/// whatever is sent.
pub(super) async fn upload_document(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    body: HttpRequest,
) -> Result<Response, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    let multipart = match Multipart::from_request(body, &state).await {
        Ok(multipart) => multipart,
        Err(_) => {
            let errors = one_error("fichier", "Envoyez le fichier avec le formulaire de la page.");
            return refuse_request(
                &state,
                &visitor,
                request,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                InstructForm::default(),
            )
            .await;
        }
    };
    let (requirement, file_name, bytes) = match read_upload(multipart).await? {
        Ok(upload) => upload,
        Err(errors) => {
            return refuse_request(
                &state,
                &visitor,
                request,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                InstructForm::default(),
            )
            .await;
        }
    };
    if !request.state.is_editable() {
        let errors = one_error(
            "etat",
            format!(
                "Une demande « {} » ne se modifie plus : ses documents sont ceux que l'ARS examine.",
                request.state.label()
            ),
        );
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            errors,
            InstructForm::default(),
        )
        .await;
    }
    let call = {
        let mut conn = state.db.pool.acquire().await?;
        db::find_call(&mut conn, request.call_id, &Regions::All)
            .await?
            .ok_or(Error::NotFound)?
    };
    let mut errors = FormErrors::default();
    if !call.documents.contains(&requirement) {
        errors.add("document", "Choisissez le document demandé auquel ce fichier répond.");
    }
    let kind = errors.check(rules::check_document(&bytes));
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            InstructForm::default(),
        )
        .await;
    };
    let file_name = rules::clean_file_name(&file_name, kind);
    let mut tx = state.db.begin().await?;
    let document_id = db::insert_document(
        &mut tx,
        request.id,
        &db::NewDocument {
            requirement: &requirement,
            file_name: &file_name,
            media_type: kind.media_type(),
            content: &bytes,
        },
        Some(user.id),
    )
    .await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "document_financement_ajoute",
            target_kind: "demande_financement",
            target_id: request.id.to_string(),
            detail: format!("document {document_id} ; {requirement} ; {} octets", bytes.len()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=document", request.id)).into_response())
}

#[derive(Deserialize)]
pub(super) struct DeleteForm {
    #[serde(default)]
    document: String,
}

pub(super) async fn delete_document(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    if !request.state.is_editable() {
        let errors = one_error(
            "etat",
            format!("Une demande « {} » ne se modifie plus.", request.state.label()),
        );
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            errors,
            InstructForm::default(),
        )
        .await;
    }
    let document_id: i64 = form.document.parse().unwrap_or(0);
    let mut tx = state.db.begin().await?;
    if !db::delete_document(&mut tx, request.id, document_id).await? {
        drop(tx);
        let errors = one_error("document", "Ce document n'est plus dans la demande.");
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            errors,
            InstructForm::default(),
        )
        .await;
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "document_financement_retire",
            target_kind: "demande_financement",
            target_id: request.id.to_string(),
            detail: format!("document {document_id}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=retire", request.id)).into_response())
}

pub(super) async fn download_document(
    State(state): State<AppState>, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
) -> Result<Response, Error> {
    let id = id_of(&id)?;
    let mut conn = state.db.pool.acquire().await?;
    let (document, content) = db::document_content(&mut conn, id, &funding_scope(user))
        .await?
        .ok_or(Error::NotFound)?;
    // The type is the one recognised at upload, never what the browser claimed.
    let media_type = rules::DocumentKind::from_media_type(&document.media_type)
        .map_or("application/octet-stream", |k| k.media_type());
    Ok((
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    document.file_name.replace(['"', '\\'], "")
                ),
            ),
        ],
        Body::from(content),
    )
        .into_response())
}
