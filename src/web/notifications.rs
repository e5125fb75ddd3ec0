//! What each person receives by e-mail of the event log (`crate::notify`): their choices per
//! kind (`/compte/notifications`), and the digests' one-click unsubscribe, which needs no login.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::saved_searches::ConfirmPage;
use super::views::{FormErrors, Layout, MessagePage, render, render_as};
use super::{AppState, Error, Route};
use crate::db::events;
use crate::db::tokens::{self, Purpose, Unusable};
use crate::domain::account::User;
use crate::domain::event::{Choice, EventKind};
use crate::domain::policy::Action;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get(
            "/compte/notifications",
            Access::Can(Action::ChooseNotifications),
            show_settings,
        ),
        Route::post(
            "/compte/notifications",
            Access::Can(Action::ChooseNotifications),
            save_settings,
        ),
        Route::get("/notifications/desabonnement", Access::Public, show_unsubscribe),
        Route::post("/notifications/desabonnement", Access::Public, unsubscribe).csrf_exempt(
            "RFC 8058: a mail program's one-click unsubscribe posts the link's address without a page; \
             the single-use secret token in it is the only credential",
        ),
    ]
}

#[derive(askama::Template)]
#[template(path = "notifications/settings.html")]
struct SettingsPage {
    layout: Layout,
    email: String,
    /// Each kind the person hears of, with the code of its choice (as stored, or as typed).
    rows: Vec<(EventKind, String)>,
    choices: [Choice; 3],
    errors: FormErrors,
    saved: bool,
}

impl SettingsPage {
    fn new(visitor: &Visitor, user: &User, rows: Vec<(EventKind, String)>, errors: FormErrors) -> SettingsPage {
        SettingsPage {
            layout: Layout::of(visitor),
            email: user.email.clone(),
            rows,
            choices: Choice::ALL,
            errors,
            saved: false,
        }
    }

    /// The first choice carries the field's id, which the error summary links to.
    fn choice_id(&self, kind: &EventKind, first: &bool, choice: &Choice) -> String {
        if *first {
            format!("champ-{}", kind.as_str())
        } else {
            format!("{}-{}", kind.as_str(), choice.as_str())
        }
    }
}

/// A person's choice for every kind they hear of: theirs, or their role's default.
async fn current(state: &AppState, user: &User) -> Result<Vec<(EventKind, String)>, Error> {
    let chosen = events::choices(&mut *state.db.pool.acquire().await?, user.id, user.role).await?;
    Ok(chosen
        .into_iter()
        .map(|(kind, choice)| (kind, choice.as_str().to_string()))
        .collect())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SavedQuery {
    enregistre: Option<String>,
}

async fn show_settings(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Query(query): Query<SavedQuery>,
) -> Result<Response, Error> {
    let mut page = SettingsPage::new(&visitor, &user, current(&state, &user).await?, FormErrors::default());
    page.saved = query.enregistre.is_some();
    render(&page).map(IntoResponse::into_response)
}

async fn save_settings(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    let mut chosen = Vec::new();
    let mut typed = Vec::new();
    for kind in EventKind::heard_by(user.role) {
        let value = form.get(kind.as_str()).map(String::as_str).unwrap_or_default();
        match Choice::parse(value) {
            Some(choice) => chosen.push((kind, choice)),
            None => errors.add(
                kind.as_str(),
                format!("Choisissez quand être prévenu : {}.", kind.label().to_lowercase()),
            ),
        }
        typed.push((kind, value.to_string()));
    }
    if !errors.is_empty() {
        let page = SettingsPage::new(&visitor, &user, typed, errors);
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut tx = state.db.begin().await?;
    events::set_choices(&mut tx, user.id, &chosen).await?;
    tx.commit().await?;
    Ok(axum::response::Redirect::to("/compte/notifications?enregistre=1").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenQuery {
    jeton: String,
}

fn unusable(visitor: &Visitor, why: Unusable) -> Result<Response, Error> {
    let text = match why {
        Unusable::Unknown => "Ce lien n'est pas valide. Il a peut-être été mal copié : vérifiez qu'il est complet.",
        Unusable::Expired => "Ce lien a expiré. Réglez vos notifications depuis votre compte.",
        Unusable::AlreadyUsed => "Ce lien a déjà servi : vous ne recevez plus le résumé quotidien.",
    };
    let page = MessagePage::new(Layout::of(visitor), "Désabonnement impossible", &[text])
        .link("Mes notifications", "/compte/notifications");
    render_as(StatusCode::GONE, &page)
}

/// A link opens a page with a button: mail scanners that follow links change nothing.
async fn show_unsubscribe(
    State(state): State<AppState>, visitor: Visitor, Query(link): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    if let Err(why) = tokens::peek(&mut conn, &link.jeton, Purpose::UnsubscribeDigest).await? {
        return unusable(&visitor, why);
    }
    let text = "Ne plus recevoir le résumé quotidien : ce qu'il contenait ne vous sera plus envoyé. \
                Les messages que vous recevez tout de suite restent."
        .to_string();
    let button = ("/notifications/desabonnement", "Ne plus recevoir le résumé");
    render(&ConfirmPage::new(
        &visitor,
        "Se désabonner du résumé",
        text,
        button,
        link.jeton,
    ))
    .map(IntoResponse::into_response)
}

/// Turns every kind the person receives in the digest to "never". The token is the only
/// credential (see `saved_searches::links::unsubscribe`, which works the same way).
async fn unsubscribe(
    State(state): State<AppState>, visitor: Visitor, Query(link): Query<TokenQuery>, body: axum::body::Bytes,
) -> Result<Response, Error> {
    let form: TokenQuery = serde_html_form::from_bytes(&body).unwrap_or_default();
    let jeton = if form.jeton.is_empty() { link.jeton } else { form.jeton };
    let mut tx = state.db.begin().await?;
    let token = match tokens::consume(&mut tx, &jeton, Purpose::UnsubscribeDigest).await? {
        Ok(token) => token,
        Err(why) => return unusable(&visitor, why),
    };
    if let Some(user_id) = token.user_id {
        events::stop_digest(&mut tx, user_id).await?;
    }
    tx.commit().await?;
    let page = MessagePage::new(
        Layout::of(&visitor),
        "Vous êtes désabonné",
        &["Vous ne recevrez plus le résumé quotidien. Vous pouvez tout régler à nouveau dans votre compte."],
    )
    .success()
    .link("Mes notifications", "/compte/notifications");
    Ok(render(&page)?.into_response())
}
