//! The links an e-mail carries: confirming a visitor's search, and unsubscribing from its
//! alerts in one click without login. Each opens a page with a button, and the button spends
//! the link's single-use token.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::db::saved_searches::{self, SavedSearch};
use crate::db::tokens::{self, Purpose, Unusable};
use crate::web::auth::{CsrfForm, Visitor};
use crate::web::views::{Layout, MessagePage, render, render_as};
use crate::web::{AppState, Error};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TokenQuery {
    jeton: String,
}

/// The page of a link that cannot be used.
fn unusable(visitor: &Visitor, why: Unusable, heading: &str) -> Result<Response, Error> {
    let text = match why {
        Unusable::Unknown => "Ce lien n'est pas valide. Il a peut-être été mal copié : vérifiez qu'il est complet.",
        Unusable::Expired => "Ce lien a expiré. Créez l'alerte à nouveau depuis la page des offres.",
        Unusable::AlreadyUsed => "Ce lien a déjà servi : chaque lien ne fonctionne qu'une fois.",
    };
    let page = MessagePage::new(Layout::of(visitor), heading, &[text]).link("Voir les offres", "/offres");
    render_as(StatusCode::GONE, &page)
}

async fn find_payload(conn: &mut sqlx::AnyConnection, payload: &str) -> Result<Option<SavedSearch>, Error> {
    match payload.parse::<i64>() {
        Ok(id) => Ok(saved_searches::find(conn, id).await?),
        Err(_) => Ok(None),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TokenForm {
    jeton: String,
}

/// The page a mailed link opens: what its button will do (shared by the digests' unsubscribe
/// link, `web::notifications`).
#[derive(askama::Template)]
#[template(path = "saved_searches/confirm.html")]
pub(crate) struct ConfirmPage {
    layout: Layout,
    heading: &'static str,
    text: String,
    action: &'static str,
    button: &'static str,
    token: String,
}

impl ConfirmPage {
    /// The page of a link: what its button will do, and the link's token to post.
    pub(crate) fn new(
        visitor: &Visitor, heading: &'static str, text: String, (action, button): (&'static str, &'static str),
        token: String,
    ) -> ConfirmPage {
        ConfirmPage {
            layout: Layout::of(visitor),
            heading,
            text,
            action,
            button,
            token,
        }
    }
}

/// A link opens a page with a button: mail scanners that follow links change nothing.
pub(super) async fn show_confirmation(
    State(state): State<AppState>, visitor: Visitor, Query(link): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let token = match tokens::peek(&mut conn, &link.jeton, Purpose::ConfirmSavedSearch).await? {
        Ok(token) => token,
        Err(why) => return unusable(&visitor, why, "Confirmation impossible"),
    };
    let search = find_payload(&mut conn, &token.payload).await?;
    let Some(search) = search else {
        return unusable(&visitor, Unusable::Unknown, "Confirmation impossible");
    };
    let text = format!("Recevoir les nouvelles offres pour la recherche : {}.", search.label);
    let button = ("/alertes/confirmation", "Confirmer l'alerte");
    render(&ConfirmPage::new(
        &visitor,
        "Confirmer l'alerte",
        text,
        button,
        link.jeton,
    ))
    .map(IntoResponse::into_response)
}

pub(super) async fn confirm_saved_search(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let token = match tokens::consume(&mut tx, &form.jeton, Purpose::ConfirmSavedSearch).await? {
        Ok(token) => token,
        Err(why) => return unusable(&visitor, why, "Confirmation impossible"),
    };
    let Some(search) = find_payload(&mut tx, &token.payload).await? else {
        return unusable(&visitor, Unusable::Unknown, "Confirmation impossible");
    };
    saved_searches::confirm(&mut tx, search.id).await?;
    join_existing_account(&mut tx, &search.email).await?;
    tx.commit().await?;
    let feed = format!("{}/alertes/flux/{}", state.base_url, search.feed_key);
    let page = MessagePage::new(
        Layout::of(&visitor),
        "Alerte confirmée",
        &[
            &format!(
                "Vous recevrez un e-mail {} pour la recherche : {}. Chaque e-mail contient un lien pour vous désabonner.",
                search.frequency().label(),
                search.label
            ),
            "Vous pouvez aussi suivre cette recherche dans un lecteur de flux, à cette adresse personnelle (ne la partagez pas) :",
            &feed,
        ],
    )
    .success();
    Ok(render(&page)?.into_response())
}

pub(super) async fn show_unsubscribe(
    State(state): State<AppState>, visitor: Visitor, Query(link): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let token = match tokens::peek(&mut conn, &link.jeton, Purpose::UnsubscribeAlert).await? {
        Ok(token) => token,
        Err(why) => return unusable(&visitor, why, "Désabonnement impossible"),
    };
    let Some(search) = find_payload(&mut conn, &token.payload).await? else {
        return already_gone(&visitor);
    };
    let text = format!("Ne plus recevoir d'alertes pour la recherche : {}.", search.label);
    let button = ("/alertes/desabonnement", "Me désabonner");
    render(&ConfirmPage::new(&visitor, "Se désabonner", text, button, link.jeton)).map(IntoResponse::into_response)
}

fn already_gone(visitor: &Visitor) -> Result<Response, Error> {
    let page = MessagePage::new(
        Layout::of(visitor),
        "Vous êtes désabonné",
        &["Cette alerte n'existe plus : vous ne recevrez plus d'e-mail pour elle."],
    )
    .success();
    Ok(render(&page)?.into_response())
}

/// Deletes the search. The token is the only credential: no login, and no CSRF field either,
/// so that a mail program's one-click unsubscribe (RFC 8058, a POST with the link's address)
/// works too. The token is single-use and unguessable, so a forged request cannot have it.
pub(super) async fn unsubscribe(
    State(state): State<AppState>, visitor: Visitor, Query(link): Query<TokenQuery>, body: axum::body::Bytes,
) -> Result<Response, Error> {
    let form: TokenForm = serde_html_form::from_bytes(&body).unwrap_or_default();
    let jeton = if form.jeton.is_empty() { link.jeton } else { form.jeton };
    let mut tx = state.db.begin().await?;
    let token = match tokens::consume(&mut tx, &jeton, Purpose::UnsubscribeAlert).await? {
        Ok(token) => token,
        Err(why) => return unusable(&visitor, why, "Désabonnement impossible"),
    };
    if let Ok(id) = token.payload.parse::<i64>() {
        saved_searches::delete(&mut tx, id).await?;
    }
    tx.commit().await?;
    already_gone(&visitor)
}

/// A search confirmed with the address of a candidate's account already confirmed joins that
/// account at once, as it would have joined it when the account was confirmed.
async fn join_existing_account(conn: &mut sqlx::AnyConnection, email: &str) -> sqlx::Result<()> {
    let Ok(email) = crate::domain::account::Email::parse("email", email) else {
        return Ok(());
    };
    if let Some(account) = crate::db::users::find_by_email(conn, &email).await?
        && account.user.role == crate::domain::role::Role::Candidate
        && account.user.email_verified
    {
        saved_searches::join_account(conn, account.user.id, email.as_str()).await?;
    }
    Ok(())
}
