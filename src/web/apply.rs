//! Applying to an offer, with or without an account: the form (CV and cover letter checked from
//! their content, sealed before they touch the disk), the explicit consent, and the
//! confirmation, shown only once the application is committed.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::{Access, Visitor};
use super::pages::PRIVACY_NOTICE_VERSION;
use super::views::{FormErrors, Layout, MessagePage, render};
use super::{AppState, Error, Route};
use crate::db::applications::{self, Inserted, NewApplication, NewEvent, StoredDocument};
use crate::db::fiches;
use crate::db::outbox::Concerns;
use crate::documents::{self, MAX_DOCUMENT_BYTES};
use crate::domain::application::{ApplicantInput, ApplicationStatus, FollowedByService};
use crate::domain::calendar::french_date;
use crate::domain::fiche::Offer;
use crate::domain::role::Role;
use crate::mail::{ApplicationReceived, queue};
use crate::secrets::{random_token, token_hash};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/offres/{slug}/candidater", Access::Public, show_form),
        Route::post("/offres/{slug}/candidater", Access::Public, apply)
            // Two documents of 10 MB and the form's text fields.
            .with_body_limit(2 * MAX_DOCUMENT_BYTES + 256 * 1024),
    ]
}

/// The two documents an application carries, as the form names them.
pub const DOCUMENT_KINDS: [(&str, &str); 2] = [("cv", "CV"), ("lettre", "Lettre de motivation")];

/// A document received with a refused form, kept for the next try.
struct KeptFile {
    kind: &'static str,
    filename: String,
}

#[derive(askama::Template)]
#[template(path = "applications/apply.html")]
struct ApplyPage {
    layout: Layout,
    offer: Offer,
    deadline: String,
    input: ApplicantInput,
    errors: FormErrors,
    submission_key: String,
    /// The token under which files of an earlier try are kept, and their names.
    pieces: String,
    kept: Vec<KeptFile>,
    signed_in_email: Option<String>,
    followed_options: [FollowedByService; 3],
}

impl ApplyPage {
    fn kept_name(&self, kind: &str) -> Option<&str> {
        self.kept.iter().find(|k| k.kind == kind).map(|k| k.filename.as_str())
    }
}

async fn open_offer(state: &AppState, slug: &str) -> Result<Offer, Error> {
    fiches::find_public_by_slug(&state.db, slug)
        .await?
        .ok_or(Error::NotFound)
}

fn closed_page(visitor: &Visitor) -> Response {
    let page = MessagePage::new(
        Layout::of(visitor),
        "Les candidatures sont closes",
        &["La date limite de cette offre est passée, ou le poste est pourvu : il n'est plus possible d'y postuler."],
    )
    .link("Voir les offres ouvertes", "/offres");
    match render(&page) {
        Ok(html) => (StatusCode::GONE, html).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn show_form(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>,
) -> Result<Response, Error> {
    let offer = open_offer(&state, &slug).await?;
    if !offer.is_open(state.clock.today()) {
        return Ok(closed_page(&visitor));
    }
    let signed_in_email = candidate_email(&visitor);
    let input = ApplicantInput {
        email: signed_in_email.clone().unwrap_or_default(),
        nom: visitor
            .user()
            .filter(|u| u.role == Role::Candidate)
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
        ..ApplicantInput::default()
    };
    Ok(render(&form_page(
        &visitor,
        offer,
        input,
        FormErrors::default(),
        random_token(),
        String::new(),
        Vec::new(),
        signed_in_email,
    ))?
    .into_response())
}

/// The address of a signed-in candidate: their application is linked to their account.
fn candidate_email(visitor: &Visitor) -> Option<String> {
    visitor
        .user()
        .filter(|u| u.role == Role::Candidate)
        .map(|u| u.email.clone())
}

#[expect(
    clippy::too_many_arguments,
    reason = "the page's parts, each needed to show the form again"
)]
fn form_page(
    visitor: &Visitor, offer: Offer, input: ApplicantInput, errors: FormErrors, submission_key: String, pieces: String,
    kept: Vec<KeptFile>, signed_in_email: Option<String>,
) -> ApplyPage {
    ApplyPage {
        layout: Layout::of(visitor),
        deadline: offer.content.deadline.map(french_date).unwrap_or_default(),
        offer,
        input,
        errors,
        submission_key,
        pieces,
        kept,
        signed_in_email,
        followed_options: FollowedByService::ALL,
    }
}

/// Everything the multipart form sent.
#[derive(Default)]
struct Submission {
    submission_key: String,
    pieces: String,
    input: ApplicantInput,
    files: Vec<(&'static str, String, Vec<u8>)>,
}

/// Reads the whole form before anything is stored: an upload cut off half-way is an error and
/// leaves nothing behind.
async fn read_submission(mut multipart: Multipart) -> Result<Submission, Error> {
    let broken = || {
        Error::BadRequest(crate::domain::FieldError::new(
            "formulaire",
            "L'envoi du formulaire a été interrompu ou dépasse la taille permise (deux fichiers de 10 Mo au plus). \
             Rien n'a été enregistré : recommencez.",
        ))
    };
    let mut submission = Submission::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(&(kind, _)) = DOCUMENT_KINDS.iter().find(|(k, _)| *k == name) {
            let filename = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|_| broken())?;
            if !filename.is_empty() || !bytes.is_empty() {
                submission
                    .files
                    .push((kind, clean_filename(&filename, kind), bytes.to_vec()));
            }
            continue;
        }
        let value = field.text().await.map_err(|_| broken())?;
        let input = &mut submission.input;
        match name.as_str() {
            "cle" => submission.submission_key = value,
            "pieces" => submission.pieces = value,
            "nom" => input.nom = value,
            "email" => input.email = value,
            "telephone" => input.telephone = value,
            "commune" => input.commune = value,
            "message" => input.message = value,
            "suivi" => input.suivi = value,
            "consentement" => input.consentement = value,
            "vivier" => input.vivier = value,
            _ => {}
        }
    }
    Ok(submission)
}

/// A file name as the recruiter will see it: the last path component, printable, short.
fn clean_filename(name: &str, kind: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        kind.to_string()
    } else {
        cleaned
    }
}

async fn apply(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>, multipart: Multipart,
) -> Result<Response, Error> {
    // The form's token has been checked before any file was received (see `web::csrf`).
    let _upload = state.uploads.take(&visitor.ip).await?;
    let submission = read_submission(multipart).await?;
    let offer = open_offer(&state, &slug).await?;
    let signed_in_email = candidate_email(&visitor);
    let mut input = submission.input;
    if let Some(email) = &signed_in_email {
        input.email = email.clone();
    }
    // A key the form did not carry (a hand-made request) still makes exactly one application.
    let submission_key = if submission.submission_key.len() == 64 {
        submission.submission_key
    } else {
        random_token()
    };

    // A second click on "Envoyer" after the first succeeded: the same confirmation.
    {
        let mut conn = state.db.pool.acquire().await?;
        let existing = applications::find_by_submission_key(&mut conn, &submission_key).await?;
        if existing.is_some() {
            return confirmation(&visitor, &offer, signed_in_email.is_some());
        }
    }
    if !offer.is_open(state.clock.today()) {
        return Ok(closed_page(&visitor));
    }

    let mut errors = FormErrors::default();
    let applicant = match input.parse() {
        Ok(applicant) => Some(applicant),
        Err(list) => {
            errors.list.extend(list);
            None
        }
    };

    // Each document: a new file checked from its bytes and sealed, or the one kept from an
    // earlier try of this form.
    let pieces = if submission.pieces.len() == 64 {
        submission.pieces
    } else {
        random_token()
    };
    let pieces_hash = token_hash(&pieces);
    let mut documents: Vec<(StoredDocument, bool)> = Vec::new();
    {
        let mut conn = state.db.pool.acquire().await?;
        for (kind, label) in DOCUMENT_KINDS {
            match submission.files.iter().find(|(k, _, _)| *k == kind) {
                Some((_, filename, bytes)) => match documents::check(bytes) {
                    Ok(document_type) => {
                        let sealed = state.documents.seal(bytes, kind);
                        documents.push((
                            StoredDocument {
                                kind: kind.into(),
                                filename: filename.clone(),
                                media_type: document_type.as_str().into(),
                                size: bytes.len() as i64,
                                key_id: sealed.key_id,
                                sealed: sealed.bytes,
                            },
                            true,
                        ));
                    }
                    Err(error) => errors.add(kind, format!("{label} : {}", error.message())),
                },
                None => match applications::find_draft(&mut conn, &pieces_hash, kind).await? {
                    Some(draft) => documents.push((draft, false)),
                    None => errors.add(kind, format!("{label} : joignez un fichier PDF, DOCX ou ODT.")),
                },
            }
        }
    }

    let Some(applicant) = applicant.filter(|_| errors.is_empty()) else {
        // Keep the good files, so that nobody uploads them twice.
        let mut conn = state.db.pool.acquire().await?;
        let mut kept = Vec::new();
        for (document, new) in &documents {
            if *new {
                applications::save_draft(&mut conn, &pieces_hash, document).await?;
            }
            let kind = DOCUMENT_KINDS
                .iter()
                .find(|(k, _)| *k == document.kind)
                .map_or("cv", |(k, _)| k);
            kept.push(KeptFile {
                kind,
                filename: document.filename.clone(),
            });
        }
        drop(conn);
        let page = form_page(
            &visitor,
            offer,
            input,
            errors,
            submission_key,
            pieces,
            kept,
            signed_in_email,
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };

    let follow_token = random_token();
    let mut tx = state.db.begin().await?;
    let inserted = applications::insert(
        &mut tx,
        NewApplication {
            fiche_id: offer.id,
            establishment_id: offer.employer.id,
            candidate_id: visitor.user().filter(|u| u.role == Role::Candidate).map(|u| u.id),
            applicant: &applicant,
            consent_version: PRIVACY_NOTICE_VERSION,
            follow_token_hash: &token_hash(&follow_token),
            submission_key: &submission_key,
            // Signed in with this very address, which signing in required to be verified.
            email_verified: visitor
                .user()
                .is_some_and(|u| u.email_verified && u.email == applicant.email.as_str()),
        },
    )
    .await?;
    if let Inserted::New(id) = inserted {
        for (document, _) in &documents {
            applications::insert_document(&mut tx, id, document).await?;
        }
        applications::delete_draft(&mut tx, &pieces_hash).await?;
        applications::add_event(
            &mut tx,
            id,
            NewEvent {
                actor_id: None,
                actor_name: "Candidat·e",
                from: None,
                to: Some(ApplicationStatus::Recue),
                reason: "",
                mail: None,
            },
        )
        .await?;
        let follow_url = format!("{}/suivi/{follow_token}", state.base_url);
        let received = ApplicationReceived {
            title: &offer.content.title,
            employer: &offer.employer.name,
            link: &follow_url,
        };
        queue(
            &mut tx,
            state.db.documents()?,
            applicant.email.as_str(),
            Concerns::application(id),
            &received,
        )
        .await?;
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    confirmation(&visitor, &offer, signed_in_email.is_some())
}

fn confirmation(visitor: &Visitor, offer: &Offer, signed_in: bool) -> Result<Response, Error> {
    let sent = format!(
        "Votre candidature au poste « {} » à {} est enregistrée. Un e-mail de confirmation vous a été envoyé, avec un lien pour la suivre.",
        offer.content.title, offer.employer.name
    );
    let page = MessagePage::new(Layout::of(visitor), "Candidature envoyée", &[&sent]).success();
    let page = if signed_in {
        page.link("Suivre mes candidatures", "/mes-candidatures")
    } else {
        page.link("Voir d'autres offres", "/offres")
    };
    Ok(render(&page)?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_their_last_printable_part() {
        assert_eq!(clean_filename("C:\\Users\\moi\\cv.pdf", "cv"), "cv.pdf");
        assert_eq!(clean_filename("../../etc/passwd", "cv"), "passwd");
        assert_eq!(clean_filename("", "lettre"), "lettre");
        assert_eq!(clean_filename("a\"<b>.pdf", "cv"), "ab.pdf");
    }
}
