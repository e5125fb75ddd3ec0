//! Applying to an offer, with or without an account: the form (CV and cover letter checked from
//! their content, sealed before they touch the disk), the explicit consent, and the
//! confirmation, shown only once the application is committed.

mod form;
mod pieces;
mod submission;
pub(crate) use submission::clean_filename;
mod submit;

use submission::DocumentChoice;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::{Access, Visitor};
use super::views::{FormErrors, Layout, MessagePage, render};
use super::{AppState, Error, Route};
use crate::db::candidate_documents::{self, CandidateDocument};
use crate::db::fiches;
use crate::documents::MAX_DOCUMENT_BYTES;
use crate::domain::application::ApplicantInput;
use crate::domain::calendar::french_date;
use crate::domain::fiche::Offer;
use crate::domain::role::Role;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/offres/{slug}/candidater", Access::Public, form::show_form),
        Route::post("/offres/{slug}/candidater", Access::Public, submit::apply)
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
    /// A signed-in candidate's stored documents, newest first: offered instead of an upload.
    stored: Vec<CandidateDocument>,
    choices: [DocumentChoice; 2],
}

impl ApplyPage {
    fn kept_name(&self, kind: &str) -> Option<&str> {
        self.kept.iter().find(|k| k.kind == kind).map(|k| k.filename.as_str())
    }

    fn stored_of(&self, kind: &str) -> Vec<&CandidateDocument> {
        self.stored.iter().filter(|d| d.kind == kind).collect()
    }

    fn choice(&self, kind: &str) -> &DocumentChoice {
        let index = DOCUMENT_KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(0);
        &self.choices[index]
    }

    /// Whether a stored document is the one chosen: the newest when nothing was chosen yet.
    fn is_chosen(&self, kind: &str, document: &CandidateDocument) -> bool {
        let chosen = &self.choice(kind).stored;
        if chosen.is_empty() {
            self.stored_of(kind).first().is_some_and(|d| d.id == document.id)
        } else {
            *chosen == document.id.to_string()
        }
    }

    fn new_file_chosen(&self, kind: &str) -> bool {
        self.choice(kind).stored == submission::NEW_FILE
    }

    fn added_on(&self, document: &CandidateDocument) -> String {
        crate::web::views::stored_instant(&document.created_at)
    }
}

/// What the form shows besides the offer and the visitor: what was typed, its errors, and the
/// keys and files of an earlier try.
struct FormState {
    input: ApplicantInput,
    errors: FormErrors,
    submission_key: String,
    pieces: String,
    kept: Vec<KeptFile>,
    stored: Vec<CandidateDocument>,
    choices: [DocumentChoice; 2],
}

impl ApplyPage {
    fn new(visitor: &Visitor, offer: Offer, form: FormState) -> ApplyPage {
        ApplyPage {
            layout: Layout::of(visitor),
            deadline: offer.content.deadline.map(french_date).unwrap_or_default(),
            offer,
            input: form.input,
            errors: form.errors,
            submission_key: form.submission_key,
            pieces: form.pieces,
            kept: form.kept,
            signed_in_email: candidate_email(visitor),
            stored: form.stored,
            choices: form.choices,
        }
    }
}

async fn open_offer(state: &AppState, slug: &str) -> Result<Offer, Error> {
    fiches::find_public_by_slug(&state.db, slug)
        .await?
        .ok_or(Error::NotFound)
}

/// An offer whose establishment takes applications elsewhere (by e-mail, on its own site) has
/// no form here: the page says where to go.
fn elsewhere_page(visitor: &Visitor, offer: &Offer) -> Response {
    let page = MessagePage::new(
        Layout::of(visitor),
        "Cette offre se postule ailleurs",
        &["L'établissement ne reçoit pas les candidatures à cette offre sur la plateforme : la page de l'offre dit comment postuler."],
    )
    .link("Comment postuler", &format!("/offres/{}#postuler", offer.slug));
    match render(&page) {
        Ok(html) => (StatusCode::NOT_FOUND, html).into_response(),
        Err(error) => error.into_response(),
    }
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

/// The signed-in candidate's account, whose stored documents the form offers.
fn candidate_id(visitor: &Visitor) -> Option<i64> {
    visitor.user().filter(|u| u.role == Role::Candidate).map(|u| u.id)
}

/// The signed-in candidate's stored documents; none for anyone else.
async fn stored_documents(state: &AppState, visitor: &Visitor) -> Result<Vec<CandidateDocument>, Error> {
    match candidate_id(visitor) {
        Some(user) => {
            let mut conn = state.db.pool.acquire().await?;
            Ok(candidate_documents::list(&mut conn, user).await?)
        }
        None => Ok(Vec::new()),
    }
}

/// The address of a signed-in candidate: their application is linked to their account.
fn candidate_email(visitor: &Visitor) -> Option<String> {
    visitor
        .user()
        .filter(|u| u.role == Role::Candidate)
        .map(|u| u.email.clone())
}
