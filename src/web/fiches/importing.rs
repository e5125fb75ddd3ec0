//! Importing a fiche de poste into a draft (issue 21): a PDF, DOCX or ODT the establishment
//! already has, or its text pasted. The document's text is read in isolation
//! ([`crate::import`]), then dropped: only the fields found are kept, each "à vérifier", with the
//! lines no field holds shown beside the editor.

use axum::extract::{FromRequest, Multipart, Request as HttpRequest};

use super::*;
use crate::domain::fiche::import::{ImportedFiche, draft_of, parse};

/// The most text a paste may hold: a fiche de poste is a few pages.
const MAX_PASTED_CHARS: usize = 100_000;

#[derive(askama::Template)]
#[template(path = "fiches/import.html")]
pub(super) struct ImportPage {
    layout: Layout,
    fiche_id: i64,
    title: String,
    version: i64,
    /// The pasted text, kept when the import is refused.
    texte: String,
    errors: FormErrors,
}

fn import_page(visitor: &Visitor, fiche: &WorkFiche, version: i64, texte: String, errors: FormErrors) -> ImportPage {
    ImportPage {
        layout: Layout::of(visitor),
        fiche_id: fiche.offer.id,
        title: fiche.offer.content.title.clone(),
        version,
        texte,
        errors,
    }
}

pub(super) async fn show_import(visitor: Visitor, InScope(fiche): InScope<WorkFiche>) -> Result<Response, Error> {
    if fiche.offer.status.apply(FicheAction::Edit).is_err() {
        return Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response());
    }
    let page = import_page(&visitor, &fiche, fiche.version, String::new(), FormErrors::default());
    render(&page).map(IntoResponse::into_response)
}

/// The import form as sent: the version read, the document's bytes (empty when none was
/// chosen), the pasted text.
#[derive(Default)]
struct ImportForm {
    version: i64,
    bytes: Vec<u8>,
    texte: String,
}

/// Reads the form (its token was checked before the file was received); a body too large or cut
/// short is the upload field's error.
async fn read_form(mut multipart: Multipart) -> Result<ImportForm, (ImportForm, &'static str)> {
    let mut form = ImportForm::default();
    let too_large = crate::import::ExtractError::TooLarge.message();
    let broken = "Le formulaire n'a pas pu être lu en entier : réessayez.";
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(form),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err((form, too_large)),
            Err(_) => return Err((form, broken)),
        };
        let name = field.name().unwrap_or_default().to_string();
        let read = match name.as_str() {
            "version" => field.text().await.map(|v| form.version = v.trim().parse().unwrap_or(0)),
            "texte" => field.text().await.map(|t| form.texte = t),
            "fichier" => field.bytes().await.map(|b| form.bytes = b.to_vec()),
            _ => Ok(()),
        };
        match read {
            Ok(()) => {}
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err((form, too_large)),
            Err(_) => return Err((form, broken)),
        }
    }
}

/// What the document or the pasted text says, or the French error for the field at fault.
async fn imported(form: &mut ImportForm) -> Result<ImportedFiche, FormErrors> {
    if !form.bytes.is_empty() {
        let bytes = std::mem::take(&mut form.bytes);
        // Extraction is blocking and isolated on a thread of its own, with its limits.
        return match tokio::task::spawn_blocking(move || crate::import::import_fiche(bytes)).await {
            Ok(Ok(fiche)) => Ok(fiche),
            Ok(Err(error)) => Err(FormErrors::one("fichier", error.message())),
            Err(_) => Err(FormErrors::one(
                "fichier",
                crate::import::ExtractError::Unreadable.message(),
            )),
        };
    }
    if form.texte.chars().count() > MAX_PASTED_CHARS {
        return Err(FormErrors::one(
            "texte",
            "Ce texte est trop long (100 000 caractères au plus) : collez seulement la fiche de poste.",
        ));
    }
    if form.texte.trim().is_empty() {
        return Err(FormErrors::one(
            "fichier",
            "Choisissez le document de la fiche, ou collez son texte.",
        ));
    }
    let text = form.texte.clone();
    tokio::task::spawn_blocking(move || parse(&text))
        .await
        .map_err(|_| FormErrors::one("texte", "Ce texte n'a pas pu être lu : réessayez."))
}

/// Replaces the draft's text by what the document says, every field found flagged, if the draft
/// may still be written and nobody changed it since the import page was read.
pub(super) async fn import(
    State(state): State<AppState>, visitor: Visitor, InScope(fiche): InScope<WorkFiche>, body: HttpRequest,
) -> Result<Response, Error> {
    // The form's token has been checked before any file was received (see `web::csrf`).
    let _upload = state.uploads.take(&visitor.ip).await?;
    // The page again shows the fiche's current version: sent again, the import applies to it.
    let refuse = |status: StatusCode, form: ImportForm, errors: FormErrors| {
        render_as(
            status,
            &import_page(&visitor, &fiche, fiche.version, form.texte, errors),
        )
    };
    let Ok(multipart) = Multipart::from_request(body, &state).await else {
        let message = "Envoyez le document avec le formulaire de cette page.";
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            ImportForm::default(),
            FormErrors::one("fichier", message),
        );
    };
    let mut form = match read_form(multipart).await {
        Ok(form) => form,
        Err((form, message)) => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                FormErrors::one("fichier", message),
            );
        }
    };
    if let Err(message) = fiche.offer.status.apply(FicheAction::Edit) {
        return refuse(StatusCode::CONFLICT, form, FormErrors::one("fichier", message));
    }
    let source = if form.bytes.is_empty() {
        "texte collé"
    } else {
        "document"
    };
    let found = match imported(&mut form).await {
        Ok(found) => found,
        Err(errors) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, form, errors),
    };
    let draft = draft_of(found, &fiche.offer.content);
    let (id, employer) = (fiche.offer.id, &fiche.offer.employer);
    let mut tx = state.db.begin().await?;
    let saved = fiches::update_content(
        &mut tx,
        id,
        form.version,
        employer,
        &draft.content,
        &draft.to_verify,
        Some(&draft.unplaced),
    )
    .await?;
    if !saved {
        drop(tx);
        let message = "La fiche a changé entre-temps : vérifiez-la, puis recommencez l'import.";
        return refuse(StatusCode::CONFLICT, form, FormErrors::one("fichier", message));
    }
    let detail = format!("{source} ; {} champs à vérifier", draft.to_verify.len());
    visitor.audit(&mut tx, "fiche_importee", "fiche", id, detail).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{id}/modifier?etape=1&importe=1")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DismissForm {
    etape: u8,
}

/// Forgets the import's unplaced lines once the recruiter used them, back to the same step.
pub(super) async fn dismiss_unplaced(
    State(state): State<AppState>, InScope(fiche): InScope<WorkFiche>, CsrfForm(form): CsrfForm<DismissForm>,
) -> Result<Response, Error> {
    let id = fiche.offer.id;
    if fiche.offer.status.apply(FicheAction::Edit).is_ok() {
        fiches::dismiss_unplaced(&mut *state.db.pool.acquire().await?, id).await?;
    }
    let step = form.etape.clamp(1, 6);
    Ok(Redirect::to(&format!("/fiches/{id}/modifier?etape={step}")).into_response())
}
