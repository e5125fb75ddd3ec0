//! The establishment's webhooks (`/etablissement/webhooks`, issue 25): its recruiters add the
//! addresses their systems receive events at, choose the events, see each signing secret once,
//! turn an address off or delete it, renew its secret, send a test event and read the last
//! attempts. Forms name the endpoint in their body; one outside the recruiter's establishments
//! is treated as missing: the page comes back and nothing changes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::views::{FormErrors, Layout, render_as, stored_instant};
use super::{AppState, Error, Route};
use crate::db::webhooks::{self as store, Attempt, Endpoint};
use crate::domain::account::User;
use crate::domain::event::EventKind;
use crate::domain::policy::{Action, EstablishmentScope, establishment_scope};
use crate::domain::webhook::{self, Host, KINDS};

const PAGE: &str = "/etablissement/webhooks";

pub fn routes() -> Vec<Route> {
    let can = Access::Can(Action::ManageWebhooks);
    vec![
        Route::get(PAGE, can, show),
        Route::post(PAGE, can, create),
        Route::post("/etablissement/webhooks/activation", can, toggle),
        Route::post("/etablissement/webhooks/suppression", can, delete),
        Route::post("/etablissement/webhooks/secret", can, rotate),
        Route::post("/etablissement/webhooks/test", can, send_test),
    ]
}

/// One establishment of the recruiter, with its endpoints and their last attempts.
struct Section {
    id: i64,
    name: String,
    endpoints: Vec<Endpoint>,
    log: Vec<Attempt>,
}

#[derive(askama::Template)]
#[template(path = "webhooks/page.html")]
struct Page {
    layout: Layout,
    sections: Vec<Section>,
    kinds: [EventKind; 5],
    /// What the form holds: typed, or empty.
    url: String,
    chosen: Vec<String>,
    establishment: i64,
    errors: FormErrors,
    /// A secret just made, shown this once: (endpoint id, secret).
    secret: Option<(i64, String)>,
    notice: Option<&'static str>,
}

impl Page {
    fn kind_label(&self, code: &str) -> String {
        EventKind::parse(code).map_or_else(|| "Événement de test".to_string(), |k| k.label().to_string())
    }

    fn when(&self, text: &str) -> String {
        stored_instant(text)
    }

    /// What became of an attempt, in words.
    fn result(&self, attempt: &Attempt) -> String {
        match attempt.status_code {
            Some(code) if (200..300).contains(&code) => format!("Reçu (code {code})"),
            Some(code) => format!("Refusé (code {code})"),
            None => format!("Échec : {}", attempt.error),
        }
    }

    fn next(&self, attempt: &Attempt) -> String {
        match (&attempt.next_attempt_at, attempt.status_code) {
            (Some(at), _) => stored_instant(at),
            (None, Some(code)) if (200..300).contains(&code) => "—".into(),
            _ => "Abandonné : plus de nouvel essai".into(),
        }
    }

    fn is_chosen(&self, kind: &EventKind) -> bool {
        self.chosen.iter().any(|c| c == kind.as_str())
    }
}

async fn sections(state: &AppState, user: &User) -> Result<Vec<Section>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let EstablishmentScope::Only(ids) = establishment_scope(user) else {
        return Ok(Vec::new());
    };
    let mut sections = Vec::new();
    for id in ids {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM establishments WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(name) = name {
            sections.push(Section {
                id,
                name,
                endpoints: store::of_establishment(&mut conn, id).await?,
                log: store::log(&mut conn, id).await?,
            });
        }
    }
    Ok(sections)
}

async fn page(state: &AppState, visitor: &Visitor, user: &User) -> Result<Page, Error> {
    let sections = sections(state, user).await?;
    Ok(Page {
        layout: Layout::of(visitor),
        establishment: sections.first().map_or(0, |s| s.id),
        sections,
        kinds: KINDS,
        url: String::new(),
        chosen: KINDS.iter().map(|k| k.as_str().to_string()).collect(),
        errors: FormErrors::default(),
        secret: None,
        notice: None,
    })
}

async fn show(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
) -> Result<Response, Error> {
    render_as(StatusCode::OK, &page(&state, &visitor, &user).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewEndpoint {
    url: String,
    etablissement: String,
    evenements: Vec<String>,
}

/// Checks the address, resolving its name unless addresses inside a network are allowed.
async fn checked_address(text: &str, allow_private: bool) -> Result<String, String> {
    let (url, host) = webhook::check_address(text, allow_private).map_err(|e| e.message)?;
    if let (Host::Name(name), false) = (&host, allow_private) {
        let resolved: Vec<_> = tokio::net::lookup_host((name.as_str(), 443))
            .await
            .map_err(|_| webhook::UNKNOWN_NAME.to_string())?
            .collect();
        if resolved.is_empty() {
            return Err(webhook::UNKNOWN_NAME.into());
        }
        if resolved.iter().any(|a| webhook::forbidden_ip(a.ip())) {
            return Err(webhook::RESOLVES_INSIDE.into());
        }
    }
    Ok(url)
}

async fn create(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<NewEndpoint>,
) -> Result<Response, Error> {
    let mut page = page(&state, &visitor, &user).await?;
    let scope = establishment_scope(&user);
    let establishment = form
        .etablissement
        .parse::<i64>()
        .ok()
        .or(page.sections.first().map(|s| s.id))
        .filter(|id| scope.includes(*id) && page.sections.iter().any(|s| s.id == *id));
    let kinds: Vec<EventKind> = KINDS
        .into_iter()
        .filter(|k| form.evenements.iter().any(|c| c == k.as_str()))
        .collect();
    let mut errors = FormErrors::default();
    let url = match checked_address(&form.url, state.webhooks_allow_private).await {
        Ok(url) => Some(url),
        Err(message) => {
            errors.add("url", message);
            None
        }
    };
    if kinds.is_empty() {
        errors.add("evenements", "Choisissez au moins un événement à recevoir.");
    }
    if establishment.is_none() {
        errors.add(
            "etablissement",
            "Choisissez l'établissement dont les événements partiront.",
        );
    }
    let (Some(url), Some(establishment), true) = (url, establishment, errors.is_empty()) else {
        page.url = form.url;
        page.chosen = form.evenements;
        page.establishment = establishment.unwrap_or(page.establishment);
        page.errors = errors;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = state.db.begin().await?;
    let (id, secret) = store::create(
        &mut tx,
        state.db.documents()?,
        establishment,
        &url,
        &kinds,
        user.id,
        state.clock.now(),
    )
    .await?;
    let detail = format!("établissement {establishment}");
    visitor.audit(&mut tx, "webhook_cree", "webhook", id, detail).await?;
    tx.commit().await?;
    shown_once(&state, &visitor, &user, id, &secret, "L'adresse est enregistrée.").await
}

/// The page with a secret just made, which will never be shown again.
async fn shown_once(
    state: &AppState, visitor: &Visitor, user: &User, id: i64, secret: &[u8], notice: &'static str,
) -> Result<Response, Error> {
    let mut page = page(state, visitor, user).await?;
    page.secret = Some((id, webhook::secret_text(secret)));
    page.notice = Some(notice);
    // Not a redirect: the secret lives in this answer only (and `no-store` keeps it there).
    render_as(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Which {
    id: String,
}

/// The endpoint a form names, if it is one of the recruiter's establishments'.
async fn owned(state: &AppState, user: &User, form: &Which) -> Result<Option<Endpoint>, Error> {
    let Ok(id) = form.id.parse::<i64>() else {
        return Ok(None);
    };
    let endpoint = store::find(&mut *state.db.pool.acquire().await?, id).await?;
    Ok(endpoint.filter(|e| establishment_scope(user).includes(e.establishment_id)))
}

async fn toggle(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, CsrfForm(form): CsrfForm<Which>,
) -> Result<Response, Error> {
    if let Some(endpoint) = owned(&state, &user, &form).await? {
        let now = state.clock.now();
        let (at, action) = match endpoint.disabled_at {
            None => (Some(now), "webhook_desactive"),
            Some(_) => (None, "webhook_reactive"),
        };
        let mut tx = state.db.begin().await?;
        store::set_disabled(&mut tx, endpoint.id, at).await?;
        visitor.audit(&mut tx, action, "webhook", endpoint.id, "").await?;
        tx.commit().await?;
    }
    Ok(Redirect::to(PAGE).into_response())
}

async fn delete(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, CsrfForm(form): CsrfForm<Which>,
) -> Result<Response, Error> {
    if let Some(endpoint) = owned(&state, &user, &form).await? {
        let mut tx = state.db.begin().await?;
        store::delete(&mut tx, endpoint.id).await?;
        visitor
            .audit(&mut tx, "webhook_supprime", "webhook", endpoint.id, "")
            .await?;
        tx.commit().await?;
    }
    Ok(Redirect::to(PAGE).into_response())
}

async fn rotate(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, CsrfForm(form): CsrfForm<Which>,
) -> Result<Response, Error> {
    let Some(endpoint) = owned(&state, &user, &form).await? else {
        return Ok(Redirect::to(PAGE).into_response());
    };
    let mut tx = state.db.begin().await?;
    let secret = store::rotate(&mut tx, state.db.documents()?, endpoint.id).await?;
    visitor
        .audit(&mut tx, "webhook_secret_renouvele", "webhook", endpoint.id, "")
        .await?;
    tx.commit().await?;
    let notice = "Le secret est renouvelé : l'ancien ne signe plus rien.";
    shown_once(&state, &visitor, &user, endpoint.id, &secret, notice).await
}

async fn send_test(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, CsrfForm(form): CsrfForm<Which>,
) -> Result<Response, Error> {
    let Some(endpoint) = owned(&state, &user, &form).await? else {
        return Ok(Redirect::to(PAGE).into_response());
    };
    let mut tx = state.db.begin().await?;
    store::queue_test(&mut tx, &endpoint, state.clock.now(), &state.base_url).await?;
    tx.commit().await?;
    let mut page = page(&state, &visitor, &user).await?;
    page.notice = Some("L'événement de test part dans la minute : son essai s'inscrira dans le journal ci-dessous.");
    render_as(StatusCode::OK, &page)
}
