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
    let unreadable = || FormErrors::one("fichier", "Le fichier n'a pas pu être lu : réessayez.");
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(Err(FormErrors::one(
                    "fichier",
                    "Le fichier dépasse 10 Mo : réduisez-le.",
                )));
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
                        return Ok(Err(FormErrors::one(
                            "fichier",
                            "Le fichier dépasse 10 Mo : réduisez-le.",
                        )));
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

/// An upload that may be stored: which of the call's documents, its cleaned name, its type
/// recognised from its bytes, and the bytes.
pub(super) struct Upload {
    requirement: String,
    file_name: String,
    kind: rules::DocumentKind,
    bytes: Vec<u8>,
}

/// Reads the upload form and checks it against the request's state and its call's list of
/// documents.
async fn checked_upload(
    state: &AppState, request: &Request, body: HttpRequest,
) -> Result<Result<Upload, Refusal>, Error> {
    let Ok(multipart) = Multipart::from_request(body, state).await else {
        let errors = FormErrors::one("fichier", "Envoyez le fichier avec le formulaire de la page.");
        return Ok(Err(Refusal::invalid(errors)));
    };
    let (requirement, file_name, bytes) = match read_upload(multipart).await? {
        Ok(upload) => upload,
        Err(errors) => return Ok(Err(Refusal::invalid(errors))),
    };
    if !request.state.is_editable() {
        let message = format!(
            "Une demande « {} » ne se modifie plus : ses documents sont ceux que l'ARS examine.",
            request.state.label()
        );
        return Ok(Err(Refusal::conflict(FormErrors::one("etat", message))));
    }
    let call = call_of(&mut *state.db.pool.acquire().await?, request).await?;
    let mut errors = FormErrors::default();
    if !call.documents.contains(&requirement) {
        errors.add("document", "Choisissez le document demandé auquel ce fichier répond.");
    }
    let kind = errors.check(rules::check_document(&bytes));
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        return Ok(Err(Refusal::invalid(errors)));
    };
    let file_name = rules::clean_file_name(&file_name, kind);
    Ok(Ok(Upload {
        requirement,
        file_name,
        kind,
        bytes,
    }))
}

/// Adds a document to a draft (or a request sent back for more). The request is looked up in
/// the visitor's scope before the body is read, so another establishment's request is a 404
/// whatever is sent.
pub(super) async fn upload_document(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(request): InScope<Request>, body: HttpRequest,
) -> Result<Response, Error> {
    let upload = match checked_upload(&state, &request, body).await? {
        Ok(upload) => upload,
        Err(refusal) => return refuse_request(&state, &visitor, request, refusal).await,
    };
    let mut tx = state.db.begin().await?;
    let document = db::NewDocument {
        requirement: &upload.requirement,
        file_name: &upload.file_name,
        media_type: upload.kind.media_type(),
        content: &upload.bytes,
    };
    let document_id = db::insert_document(&mut tx, request.id, &document, Some(user.id)).await?;
    visitor
        .audit(
            &mut tx,
            "document_financement_ajoute",
            "demande_financement",
            request.id,
            format!(
                "document {document_id} ; {} ; {} octets",
                upload.requirement,
                upload.bytes.len()
            ),
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
    State(state): State<AppState>, visitor: Visitor, InScope(request): InScope<Request>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, Error> {
    if !request.state.is_editable() {
        let errors = FormErrors::one(
            "etat",
            format!("Une demande « {} » ne se modifie plus.", request.state.label()),
        );
        return refuse_request(&state, &visitor, request, Refusal::conflict(errors)).await;
    }
    let document_id: i64 = form.document.parse().unwrap_or(0);
    let mut tx = state.db.begin().await?;
    if !db::delete_document(&mut tx, request.id, document_id).await? {
        drop(tx);
        let errors = FormErrors::one("document", "Ce document n'est plus dans la demande.");
        return refuse_request(&state, &visitor, request, Refusal::conflict(errors)).await;
    }
    visitor
        .audit(
            &mut tx,
            "document_financement_retire",
            "demande_financement",
            request.id,
            format!("document {document_id}"),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=retire", request.id)).into_response())
}

pub(super) async fn download_document(
    State(state): State<AppState>, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let (document, content) = db::document_content(&mut conn, id, &funding_scope(user))
        .await?
        .ok_or(Error::NotFound)?;
    // The type is the one recognised at upload, never what the browser claimed.
    let media_type = rules::DocumentKind::from_media_type(&document.media_type)
        .map_or("application/octet-stream", |k| k.media_type());
    Ok(attachment(media_type, &document.file_name, false, content))
}
