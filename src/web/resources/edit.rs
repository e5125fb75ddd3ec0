//! `/ressources/{slug}/modifier` and its actions: the CCOMS corrects what is said of a
//! resource, adds a new version of its file (the older ones stay downloadable), withdraws it
//! (others then find nothing at its address) or puts it back.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::files::SEAL_CONTEXT;
use super::find;
use super::publish::{FormPage, check_file, read_sent};
use crate::db::resources::{self, Resource};
use crate::domain::resource::{ResourceInput, check_resource};
use crate::web::auth::{CsrfForm, Visitor};
use crate::web::views::{FormErrors, Layout, render, render_as};
use crate::web::{AppState, Error};

/// The resource a form corrects, as its page needs it.
pub(super) struct Editing {
    pub slug: String,
    pub title: String,
    pub is_link: bool,
    pub withdrawn: bool,
}

impl Editing {
    fn of(resource: &Resource) -> Editing {
        Editing {
            slug: resource.slug.clone(),
            title: resource.title.clone(),
            is_link: !resource.link.is_empty(),
            withdrawn: resource.withdrawn_at.is_some(),
        }
    }
}

fn input_of(resource: &Resource) -> ResourceInput {
    let codes = |text: &str| text.split_whitespace().map(str::to_string).collect();
    ResourceInput {
        title: resource.title.clone(),
        summary: resource.summary.clone(),
        audiences: codes(&resource.audiences),
        themes: codes(&resource.themes),
        dated: resource.dated.clone(),
        visibility: resource.visibility.clone(),
        link: resource.link.clone(),
    }
}

pub(super) async fn show_resource_editor(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>,
) -> Result<Html<String>, Error> {
    let resource = find(&state, &visitor, &slug).await?;
    let page = FormPage::new(
        Layout::of(&visitor),
        input_of(&resource),
        FormErrors::default(),
        Some(Editing::of(&resource)),
    );
    render(&page)
}

/// The edit form as sent: the same fields as the new one, without the file.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct EditForm {
    titre: String,
    resume: String,
    publics: Vec<String>,
    themes: Vec<String>,
    date: String,
    visibilite: String,
    lien: String,
}

pub(super) async fn update_resource(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>, CsrfForm(form): CsrfForm<EditForm>,
) -> Result<Response, Error> {
    let resource = find(&state, &visitor, &slug).await?;
    let input = ResourceInput {
        title: form.titre,
        summary: form.resume,
        audiences: form.publics,
        themes: form.themes,
        dated: form.date,
        visibility: form.visibilite,
        link: form.lien,
    };
    let fields = match check_resource(&input, !resource.link.is_empty()) {
        Ok(fields) => fields,
        Err(errors) => {
            let page = FormPage::new(Layout::of(&visitor), input, errors, Some(Editing::of(&resource)));
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    resources::update(&mut tx, resource.id, &fields).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/ressources/{slug}")).into_response())
}

/// A new file for a file resource: checked like the first, sealed, and made the current one.
pub(super) async fn add_resource_version(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>, multipart: Multipart,
) -> Result<Response, Error> {
    let _upload = state.uploads.take(&visitor.ip).await?;
    let resource = find(&state, &visitor, &slug).await?;
    let sent = read_sent(multipart).await?;
    let mut errors = FormErrors::default();
    if !resource.link.is_empty() {
        errors.add(
            "fichier",
            "Ce document est un lien : il n'a pas de fichier à remplacer.",
        );
    } else if sent.file.is_none() {
        errors.add("fichier", "Joignez la nouvelle version : un fichier PDF, DOCX ou ODT.");
    }
    let document_type = check_file(sent.file.as_deref(), &mut errors);
    let (Some(bytes), Some(document_type), true) = (sent.file, document_type, errors.is_empty()) else {
        let page = FormPage::new(
            Layout::of(&visitor),
            input_of(&resource),
            errors,
            Some(Editing::of(&resource)),
        );
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let sealed = state.documents.seal(&bytes, SEAL_CONTEXT);
    let mut tx = state.db.begin().await?;
    let size = bytes.len() as i64;
    resources::add_version(
        &mut tx,
        resource.id,
        document_type.as_str(),
        size,
        &sealed.key_id,
        sealed.bytes,
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/ressources/{slug}")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct WithdrawForm {
    /// `retiree` to withdraw, `en_ligne` to put back.
    etat: String,
}

pub(super) async fn withdraw_resource(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>, CsrfForm(form): CsrfForm<WithdrawForm>,
) -> Result<Response, Error> {
    let withdrawn = match form.etat.as_str() {
        "retiree" => true,
        "en_ligne" => false,
        _ => {
            return Err(Error::bad_request(
                "etat",
                "Choisissez de retirer le document ou de le remettre en ligne.",
            ));
        }
    };
    let resource = find(&state, &visitor, &slug).await?;
    let mut tx = state.db.begin().await?;
    // Twice the same click changes nothing the second time.
    resources::set_withdrawn(&mut tx, resource.id, withdrawn).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/ressources/{slug}")).into_response())
}
