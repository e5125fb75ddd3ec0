//! « Mes documents »: a candidate's CVs and letters, kept sealed to be chosen in one click when
//! they apply. Up to five of each, named by the candidate, downloadable and erasable by them
//! only: every query takes the signed-in account, so another's document is never found.

mod file;
mod upload;

use axum::extract::State;
use axum::response::Html;

use super::apply::DOCUMENT_KINDS;
use super::auth::{Access, CurrentUser, Visitor};
use super::views::{FormErrors, Layout, render, stored_instant};
use super::{AppState, Error, Route};
use crate::db::candidate_documents::{self, CandidateDocument};
use crate::documents::MAX_DOCUMENT_BYTES;
use crate::domain::account::User;
use crate::domain::application::stored_document::MAX_STORED_PER_KIND;
use crate::domain::policy::Action;

pub fn routes() -> Vec<Route> {
    let own = Access::Can(Action::FollowOwnApplications);
    vec![
        Route::get("/compte/documents", own, show_documents),
        Route::post("/compte/documents", own, upload::add_document)
            // One document of 10 MB and the form's few text fields.
            .with_body_limit(MAX_DOCUMENT_BYTES + 64 * 1024),
        Route::get("/compte/documents/{id}", own, file::download_document),
        Route::post("/compte/documents/{id}/nom", own, file::rename_document),
        Route::post("/compte/documents/{id}/effacement", own, file::erase_document),
    ]
}

/// The label of a document kind as the form names it ("CV", "Lettre de motivation").
pub fn kind_label(kind: &str) -> &'static str {
    DOCUMENT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("Document", |(_, label)| label)
}

/// The documents of one kind, as the page lists them.
struct Group {
    kind: &'static str,
    label: &'static str,
    documents: Vec<CandidateDocument>,
}

impl Group {
    fn is_full(&self) -> bool {
        self.documents.len() >= MAX_STORED_PER_KIND
    }
}

/// What the upload form held when it was refused.
#[derive(Default)]
struct UploadInput {
    kind: String,
    name: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/documents.html")]
struct DocumentsPage {
    layout: Layout,
    groups: Vec<Group>,
    errors: FormErrors,
    input: UploadInput,
    /// The document whose new name was refused, and the name typed.
    renaming: Option<(i64, String)>,
}

impl DocumentsPage {
    fn added_on(&self, document: &CandidateDocument) -> String {
        stored_instant(&document.created_at)
    }

    fn kilobytes(&self, size: &i64) -> i64 {
        (size + 1023) / 1024
    }

    fn rename_value(&self, document: &CandidateDocument) -> String {
        match &self.renaming {
            Some((id, typed)) if *id == document.id => typed.clone(),
            _ => document.name.clone(),
        }
    }

    fn rename_refused(&self, document: &CandidateDocument) -> Option<&str> {
        match &self.renaming {
            Some((id, _)) if *id == document.id => self.errors.get("renommer"),
            _ => None,
        }
    }
}

async fn documents_page(
    state: &AppState, visitor: &Visitor, user: &User, errors: FormErrors, input: UploadInput,
    renaming: Option<(i64, String)>,
) -> Result<DocumentsPage, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let mut all = candidate_documents::list(&mut conn, user.id).await?;
    let groups = DOCUMENT_KINDS
        .iter()
        .map(|&(kind, label)| {
            let (documents, rest) = all.drain(..).partition(|d| d.kind == kind);
            all = rest;
            Group { kind, label, documents }
        })
        .collect();
    Ok(DocumentsPage {
        layout: Layout::of(visitor),
        groups,
        errors,
        input,
        renaming,
    })
}

async fn show_documents(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
) -> Result<Html<String>, Error> {
    let page = documents_page(
        &state,
        &visitor,
        &user,
        FormErrors::default(),
        UploadInput::default(),
        None,
    )
    .await?;
    render(&page)
}
