//! The establishment's API keys page (issue 25): its recruiters create a key for their own
//! systems, see it once, list the keys with their use, and revoke them.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::extract::PathId;
use super::views::{FormErrors, Layout, render, render_as};
use super::{AppState, Error, Route};
use crate::db::{api_keys, establishments};
use crate::domain::account::User;
use crate::domain::api_key::{KeyForm, KeyScope, NewKey};
use crate::domain::calendar::french_instant;
use crate::domain::policy::{Action, EstablishmentScope, establishment_scope};
use crate::secrets::{random_token, token_hash};

pub const PAGE: &str = "/etablissement/cles-api";

pub fn routes() -> Vec<Route> {
    let manage = Access::Can(Action::ManageApiKeys);
    vec![
        Route::get(PAGE, manage, show_keys),
        Route::post(PAGE, manage, create_key),
        Route::post("/etablissement/cles-api/{id}/revoquer", manage, revoke_key),
    ]
}

#[derive(askama::Template)]
#[template(path = "api_keys/list.html")]
struct KeysPage {
    layout: Layout,
    keys: Vec<api_keys::KeyListing>,
    /// (id, name) of the recruiter's establishments: a choice only when there are several.
    establishments: Vec<(i64, String)>,
    scopes: [KeyScope; 2],
    form: KeyForm,
    errors: FormErrors,
    /// The key just created, shown this once.
    created: Option<String>,
    revoked: bool,
}

impl KeysPage {
    fn when(&self, at: &time::OffsetDateTime) -> String {
        french_instant(*at)
    }

    fn ticked(&self, scope: &KeyScope) -> bool {
        self.form.portees.iter().any(|p| p == scope.as_str())
    }

    fn chosen(&self, id: &i64) -> bool {
        self.form.etablissement == id.to_string()
    }
}

/// The establishments whose keys the recruiter manages.
fn own_establishments(user: &User) -> Vec<i64> {
    match establishment_scope(user) {
        EstablishmentScope::Only(ids) => ids,
        EstablishmentScope::All => Vec::new(),
    }
}

async fn page(
    state: &AppState, visitor: &Visitor, user: &User, form: KeyForm, errors: FormErrors, created: Option<String>,
) -> Result<KeysPage, Error> {
    let ids = own_establishments(user);
    let mut conn = state.db.pool.acquire().await?;
    let mut names = Vec::new();
    for id in &ids {
        if let Some(employer) = establishments::find(&mut conn, *id).await? {
            names.push((employer.id, employer.name));
        }
    }
    Ok(KeysPage {
        layout: Layout::of(visitor),
        keys: api_keys::list(&mut conn, &ids).await?,
        establishments: names,
        scopes: KeyScope::ALL,
        form,
        errors,
        created,
        revoked: false,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Notice {
    revoquee: Option<String>,
}

async fn show_keys(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Query(notice): Query<Notice>,
) -> Result<Html<String>, Error> {
    let form = KeyForm {
        portees: vec![KeyScope::Fiches.as_str().into()],
        ..KeyForm::default()
    };
    let mut page = page(&state, &visitor, &user, form, FormErrors::default(), None).await?;
    page.revoked = notice.revoquee.is_some();
    render(&page)
}

/// Creates a key and shows it on the answer, once: only its hash is stored, so it cannot be
/// shown again (a lost key is revoked and replaced).
async fn create_key(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, CsrfForm(form): CsrfForm<KeyForm>,
) -> Result<Response, Error> {
    let request = match form.read(&own_establishments(&user)) {
        Ok(request) => request,
        Err(errors) => {
            let page = page(&state, &visitor, &user, form, errors, None).await?;
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let key = NewKey::generate(random_token);
    let mut tx = state.db.begin().await?;
    let id = api_keys::insert(
        &mut tx,
        &request,
        &key.public_id,
        &token_hash(&key.secret),
        user.id,
        state.clock.now(),
    )
    .await?;
    let detail = format!(
        "clé {} « {} » de l'établissement {}, portées : {}",
        key.public_id,
        request.label,
        request.establishment_id,
        request.scopes.names()
    );
    visitor.audit(&mut tx, "cle_api_creee", "cle_api", id, detail).await?;
    tx.commit().await?;
    let page = page(
        &state,
        &visitor,
        &user,
        KeyForm::default(),
        FormErrors::default(),
        Some(key.secret),
    )
    .await?;
    Ok((StatusCode::CREATED, render(&page)?).into_response())
}

async fn revoke_key(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    if !api_keys::revoke(&mut tx, id, &own_establishments(&user), user.id, state.clock.now()).await? {
        // Unknown, another establishment's, or already revoked: nothing to say about which.
        return Ok(Redirect::to(PAGE).into_response());
    }
    visitor.audit(&mut tx, "cle_api_revoquee", "cle_api", id, "").await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("{PAGE}?revoquee=1")).into_response())
}
