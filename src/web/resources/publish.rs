//! `/ressources/nouvelle`: the CCOMS publishes a document (a file checked by its bytes, sealed)
//! or a link. A refused form comes back with what was typed and a message next to each field.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::files::SEAL_CONTEXT;
use crate::db::resources;
use crate::documents::{self, DocumentType};
use crate::domain::resource::{AUDIENCES, ResourceFields, ResourceInput, THEMES, check_resource};
use crate::domain::text::slugify;
use crate::web::auth::{CurrentUser, Visitor};
use crate::web::views::{FormErrors, Layout, render, render_as};
use crate::web::{AppState, Error};

/// The CCOMS's form of a resource: to publish one, or to correct one (`editing`).
#[derive(askama::Template)]
#[template(path = "resources/form.html")]
pub(super) struct FormPage {
    pub layout: Layout,
    pub input: ResourceInput,
    pub errors: FormErrors,
    /// The resource corrected, its slug and title and whether it is a link; `None` for a new one.
    pub editing: Option<super::edit::Editing>,
    pub audiences: &'static [(&'static str, &'static str)],
    pub themes: &'static [(&'static str, &'static str)],
}

impl FormPage {
    pub fn new(
        layout: Layout, input: ResourceInput, errors: FormErrors, editing: Option<super::edit::Editing>,
    ) -> Self {
        FormPage {
            layout,
            input,
            errors,
            editing,
            audiences: AUDIENCES,
            themes: THEMES,
        }
    }

    fn audience_checked(&self, code: &str) -> bool {
        self.input.audiences.iter().any(|a| a == code)
    }

    fn theme_checked(&self, code: &str) -> bool {
        self.input.themes.iter().any(|t| t == code)
    }
}

pub(super) async fn show_new_resource(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let input = ResourceInput {
        dated: state.clock.today().to_string(),
        visibility: "public".into(),
        ..ResourceInput::default()
    };
    render(&FormPage::new(Layout::of(&visitor), input, FormErrors::default(), None))
}

/// A form with a file, as sent.
#[derive(Default)]
pub(super) struct Sent {
    pub input: ResourceInput,
    pub file: Option<Vec<u8>>,
}

pub(super) async fn read_sent(mut multipart: Multipart) -> Result<Sent, Error> {
    let broken = || {
        Error::bad_request(
            "fichier",
            "L'envoi a été interrompu ou dépasse 10 Mo. Rien n'a été enregistré : recommencez.",
        )
    };
    let mut sent = Sent::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "fichier" {
            let bytes = field.bytes().await.map_err(|_| broken())?;
            if !bytes.is_empty() {
                sent.file = Some(bytes.to_vec());
            }
            continue;
        }
        let text = field.text().await.map_err(|_| broken())?;
        let input = &mut sent.input;
        match name.as_str() {
            "titre" => input.title = text,
            "resume" => input.summary = text,
            "publics" => input.audiences.push(text),
            "themes" => input.themes.push(text),
            "date" => input.dated = text,
            "visibilite" => input.visibility = text,
            "lien" => input.link = text,
            _ => {}
        }
    }
    Ok(sent)
}

/// The file's type, or its message under the field.
pub(super) fn check_file(file: Option<&[u8]>, errors: &mut FormErrors) -> Option<DocumentType> {
    match file.map(documents::check) {
        Some(Ok(document_type)) => Some(document_type),
        Some(Err(error)) => {
            errors.add("fichier", error.message());
            None
        }
        None => None,
    }
}

/// A free address for a title: its slug, or the slug followed by -2, -3…
async fn free_slug(conn: &mut sqlx::AnyConnection, title: &str) -> Result<String, Error> {
    let base = match slugify(title, 80) {
        slug if slug.is_empty() => "document".to_string(),
        slug => slug,
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while resources::slug_taken(conn, &candidate).await? || candidate == "nouvelle" {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

pub(super) async fn create_resource(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, multipart: Multipart,
) -> Result<Response, Error> {
    let _upload = state.uploads.take(&visitor.ip).await?;
    let sent = read_sent(multipart).await?;
    let mut errors = FormErrors::default();
    let document_type = check_file(sent.file.as_deref(), &mut errors);
    // A file or a link: without a file, the address is required.
    let link_expected = sent.file.is_none();
    let fields = match check_resource(&sent.input, link_expected) {
        Ok(fields) if errors.is_empty() => fields,
        Ok(_) => return refused(&visitor, sent.input, errors),
        Err(more) => {
            errors.list.extend(more.list);
            return refused(&visitor, sent.input, errors);
        }
    };
    let slug = publish(&state, &user, &fields, sent.file.as_deref().zip(document_type)).await?;
    Ok(Redirect::to(&format!("/ressources/{slug}")).into_response())
}

async fn publish(
    state: &AppState, user: &crate::domain::account::User, fields: &ResourceFields, file: Option<(&[u8], DocumentType)>,
) -> Result<String, Error> {
    let mut tx = state.db.begin().await?;
    let slug = free_slug(&mut tx, &fields.title).await?;
    let id = resources::insert(&mut tx, &slug, fields, Some(user.id)).await?;
    if let Some((bytes, document_type)) = file {
        let sealed = state.documents.seal(bytes, SEAL_CONTEXT);
        let size = bytes.len() as i64;
        resources::add_version(&mut tx, id, document_type.as_str(), size, &sealed.key_id, sealed.bytes).await?;
    }
    tx.commit().await?;
    Ok(slug)
}

fn refused(visitor: &Visitor, input: ResourceInput, errors: FormErrors) -> Result<Response, Error> {
    let page = FormPage::new(Layout::of(visitor), input, errors, None);
    render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
