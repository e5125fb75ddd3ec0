//! Establishments for the CCOMS (issue 22): the register, creating and editing one (name, legal
//! identity, commune), and merging two that are one (`merge`).

mod merge;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, Visitor};
use super::extract::PathId;
use super::views::{FormErrors, Layout, render, render_as};
use super::{AppState, Error, Route};
use crate::db::establishments;
use crate::domain::establishment::{Establishment, EstablishmentDraft, EstablishmentForm};
use crate::domain::policy::Action;

pub fn routes() -> Vec<Route> {
    let manage = Access::Can(Action::ManageEstablishments);
    vec![
        Route::get("/etablissements", manage, list_establishments),
        Route::get("/etablissements/nouveau", manage, show_new_establishment),
        Route::post("/etablissements/nouveau", manage, create_establishment),
        Route::get("/etablissements/{id}/modifier", manage, show_establishment),
        Route::post("/etablissements/{id}/modifier", manage, update_establishment),
        Route::get("/etablissements/fusion", manage, merge::preview_merge),
        Route::post("/etablissements/fusion", manage, merge::merge_establishments),
    ]
}

#[derive(askama::Template)]
#[template(path = "establishments/list.html")]
struct ListPage {
    layout: Layout,
    establishments: Vec<Establishment>,
}

async fn list_establishments(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    render(&ListPage {
        layout: Layout::of(&visitor),
        establishments: establishments::register(&mut conn).await?,
    })
}

#[derive(askama::Template)]
#[template(path = "establishments/form.html")]
struct FormPage {
    layout: Layout,
    /// `None` for a new one.
    id: Option<i64>,
    form: EstablishmentForm,
    errors: FormErrors,
    saved: bool,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/etablissements/{id}/modifier"),
            None => "/etablissements/nouveau".into(),
        }
    }
}

async fn show_new_establishment(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&FormPage {
        layout: Layout::of(&visitor),
        id: None,
        form: EstablishmentForm::default(),
        errors: FormErrors::default(),
        saved: false,
    })
}

/// The form read, and its SIRET and FINESS held by no other establishment; or the page again.
async fn checked(
    conn: &mut sqlx::AnyConnection, visitor: &Visitor, id: Option<i64>, form: EstablishmentForm,
) -> Result<Result<EstablishmentDraft, Response>, Error> {
    let refuse = |status, errors, form| {
        let page = FormPage {
            layout: Layout::of(visitor),
            id,
            form,
            errors,
            saved: false,
        };
        render_as(status, &page)
    };
    let draft = match form.read() {
        Ok(draft) => draft,
        Err(errors) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, errors, form).map(Err),
    };
    if let Some((other, name)) = establishments::holder_of(conn, &draft.identity, id).await? {
        let message = format!(
            "« {name} » (n° {other}) a déjà ce SIRET ou ce FINESS : ce sont sans doute le même établissement, fusionnez-les."
        );
        let field = if draft.identity.siret.is_some() {
            "siret"
        } else {
            "finess"
        };
        return refuse(StatusCode::CONFLICT, FormErrors::one(field, message), form).map(Err);
    }
    Ok(Ok(draft))
}

async fn create_establishment(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<EstablishmentForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let draft = match checked(&mut tx, &visitor, None, form).await? {
        Ok(draft) => draft,
        Err(page) => return Ok(page),
    };
    let id = establishments::create(&mut tx, &draft).await?;
    visitor
        .audit(&mut tx, "etablissement_cree", "etablissement", id, &draft.name)
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/etablissements/{id}/modifier?fait=1")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Done {
    fait: String,
}

async fn show_establishment(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId, Query(done): Query<Done>,
) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let establishment = establishments::registered(&mut conn, id)
        .await?
        .ok_or(Error::NotFound)?;
    render(&FormPage {
        layout: Layout::of(&visitor),
        id: Some(id),
        form: EstablishmentForm::of(&establishment),
        errors: FormErrors::default(),
        saved: !done.fait.is_empty(),
    })
}

async fn update_establishment(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId, CsrfForm(form): CsrfForm<EstablishmentForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let before = establishments::registered(&mut tx, id).await?.ok_or(Error::NotFound)?;
    let draft = match checked(&mut tx, &visitor, Some(id), form).await? {
        Ok(draft) => draft,
        Err(page) => return Ok(page),
    };
    establishments::update(&mut tx, id, &draft).await?;
    let detail = format!("{} → {}", before.name, draft.name);
    visitor
        .audit(&mut tx, "etablissement_modifie", "etablissement", id, detail)
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/etablissements/{id}/modifier?fait=1")).into_response())
}
