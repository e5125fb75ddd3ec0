//! Saved searches: saving a search of the board (to a candidate's account, or to an e-mail
//! address confirmed by a link), confirming, unsubscribing in one click without login, each
//! search's Atom feed, and the list in the candidate's account.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{CsrfForm, Visitor};
use super::mails::{self, Mail};
use super::views::{Layout, MessagePage, render};
use super::{Access, AppState, Error, Route};
use crate::db::instant_text;
use crate::db::outbox::Concerns;
use crate::db::saved_searches::{self, NewSavedSearch, SavedSearch};
use crate::db::tokens::{self, NewToken, Purpose, Unusable};
use crate::domain::FieldError;
use crate::domain::account::Email;
use crate::domain::calendar::paris_today;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery};
use crate::domain::role::Role;
use crate::domain::saved_search::Frequency;

pub fn routes() -> Vec<Route> {
    vec![
        Route::post("/alertes", Access::Public, create_saved_search),
        Route::get("/alertes/confirmation", Access::Public, show_confirmation),
        Route::post("/alertes/confirmation", Access::Public, confirm_saved_search),
        Route::get("/alertes/desabonnement", Access::Public, show_unsubscribe),
        Route::post("/alertes/desabonnement", Access::Public, unsubscribe).csrf_exempt(
            "RFC 8058: a mail program's one-click unsubscribe posts the link's address without a page; \
             the single-use secret token in it is the only credential",
        ),
        Route::get("/alertes/flux/{key}", Access::Public, feed_saved_search),
        Route::get("/compte/alertes", Access::SignedIn, list_saved_searches),
        Route::post("/compte/alertes/{id}/supprimer", Access::SignedIn, delete_saved_search),
    ]
}

#[derive(Deserialize, Default)]
struct SaveForm {
    /// The search's query string, as the board's page wrote it.
    #[serde(default)]
    recherche: String,
    #[serde(default)]
    frequence: String,
    #[serde(default)]
    email: String,
}

fn bad_request(visitor: &Visitor, error: FieldError) -> Result<Response, Error> {
    let page = MessagePage::new(Layout::of(visitor), "L'alerte n'a pas pu être créée", &[&error.message])
        .link("Revenir aux offres", "/offres");
    Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response())
}

/// Saves the search: at once for a signed-in candidate; for anyone else, once the address
/// confirms it, so that nobody receives alerts they did not ask for.
async fn create_saved_search(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<SaveForm>,
) -> Result<Response, Error> {
    let raw: RawOfferQuery = serde_urlencoded::from_str(&form.recherche).unwrap_or_default();
    let query = match OfferQuery::try_from(raw.clone()) {
        Ok(query) if query.place_choices.is_none() => query,
        Ok(_) => {
            return bad_request(
                &visitor,
                FieldError::new("lieu", "Précisez d'abord le lieu de la recherche, puis créez l'alerte."),
            );
        }
        Err(error) => return bad_request(&visitor, error),
    };
    let frequency = match Frequency::parse(&form.frequence) {
        Ok(f) => f,
        Err(error) => return bad_request(&visitor, error),
    };
    let (canonical, label) = (raw.canonical(), query.describe());
    let candidate = visitor.user().filter(|u| u.role == Role::Candidate);
    let mut tx = state.db.begin().await?;
    if let Some(user) = candidate {
        saved_searches::insert(
            &mut tx,
            NewSavedSearch {
                user_id: Some(user.id),
                email: &user.email,
                query: &canonical,
                label: &label,
                frequency,
                confirmed: true,
            },
        )
        .await?;
        tx.commit().await?;
        let page = MessagePage::new(
            Layout::of(&visitor),
            "Alerte créée",
            &[&format!(
                "Vous recevrez un e-mail {} pour la recherche : {label}.",
                frequency.label()
            )],
        )
        .link("Voir mes alertes", "/compte/alertes")
        .success();
        return Ok(render(&page)?.into_response());
    }
    let email = match Email::parse("email", &form.email) {
        Ok(email) => email,
        Err(error) => return bad_request(&visitor, error),
    };
    let id = saved_searches::insert(
        &mut tx,
        NewSavedSearch {
            user_id: None,
            email: email.as_str(),
            query: &canonical,
            label: &label,
            frequency,
            confirmed: false,
        },
    )
    .await?;
    let token = tokens::create(
        &mut tx,
        NewToken {
            purpose: Purpose::ConfirmSavedSearch,
            user_id: None,
            email: email.as_str(),
            payload: id.to_string(),
            created_by: None,
        },
    )
    .await?;
    mails::queue(
        &mut tx,
        state.db.documents()?,
        Mail {
            // A visitor's address, no account: nothing else to erase it with.
            kind: "confirmation_alerte",
            concerns: Concerns::NOBODY,
            to: email.as_str(),
            subject: "Confirmez votre alerte d'offres d'emploi",
            paragraphs: &[
                &format!("Vous avez demandé à être prévenu des nouvelles offres pour la recherche : {label}."),
                "Confirmez en suivant ce lien (valable 7 jours). Sans confirmation, vous ne recevrez rien d'autre que ce message.",
            ],
            link: Some((
                "Confirmer l'alerte",
                &format!("{}/alertes/confirmation?jeton={token}", state.base_url),
            )),
        },
    )
    .await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    let page = MessagePage::new(
        Layout::of(&visitor),
        "Confirmez votre alerte",
        &[
            &format!(
                "Nous avons envoyé un lien à {} pour confirmer l'alerte. Il est valable 7 jours.",
                email.as_str()
            ),
            "Tant que vous ne l'avez pas suivi, vous ne recevrez aucune alerte.",
        ],
    )
    .success();
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
struct TokenQuery {
    #[serde(default)]
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
    Ok((StatusCode::GONE, render(&page)?).into_response())
}

#[derive(askama::Template)]
#[template(path = "saved_searches/confirm.html")]
struct ConfirmPage {
    layout: Layout,
    heading: &'static str,
    text: String,
    action: &'static str,
    button: &'static str,
    token: String,
}

/// A link opens a page with a button: mail scanners that follow links change nothing.
async fn show_confirmation(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(link): Query<TokenQuery>,
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
    render(&ConfirmPage {
        layout: Layout::of(&visitor),
        heading: "Confirmer l'alerte",
        text: format!("Recevoir les nouvelles offres pour la recherche : {}.", search.label),
        action: "/alertes/confirmation",
        button: "Confirmer l'alerte",
        token: link.jeton,
    })
    .map(IntoResponse::into_response)
}

async fn find_payload(conn: &mut sqlx::AnyConnection, payload: &str) -> Result<Option<SavedSearch>, Error> {
    match payload.parse::<i64>() {
        Ok(id) => Ok(saved_searches::find(conn, id).await?),
        Err(_) => Ok(None),
    }
}

#[derive(Deserialize, Default)]
struct TokenForm {
    #[serde(default)]
    jeton: String,
}

async fn confirm_saved_search(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<TokenForm>,
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

async fn show_unsubscribe(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(link): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let token = match tokens::peek(&mut conn, &link.jeton, Purpose::UnsubscribeAlert).await? {
        Ok(token) => token,
        Err(why) => return unusable(&visitor, why, "Désabonnement impossible"),
    };
    let Some(search) = find_payload(&mut conn, &token.payload).await? else {
        return already_gone(&visitor);
    };
    render(&ConfirmPage {
        layout: Layout::of(&visitor),
        heading: "Se désabonner",
        text: format!("Ne plus recevoir d'alertes pour la recherche : {}.", search.label),
        action: "/alertes/desabonnement",
        button: "Me désabonner",
        token: link.jeton,
    })
    .map(IntoResponse::into_response)
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
async fn unsubscribe(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(link): Query<TokenQuery>,
    body: axum::body::Bytes,
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

#[derive(askama::Template)]
#[template(path = "saved_searches/feed.xml")]
struct Feed {
    self_url: String,
    search_url: String,
    title: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

struct FeedEntry {
    url: String,
    title: String,
    published: String,
    summary: String,
    author: String,
}

/// The open offers of a saved search, newest first (nearest first around a place), as Atom.
/// The address is the credential: it is random and shown only to the search's owner.
async fn feed_saved_search(State(state): State<AppState>, Path(key): Path<String>) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let search = saved_searches::find_by_feed_key(&mut conn, &key)
        .await?
        .ok_or(Error::NotFound)?;
    drop(conn);
    let raw: RawOfferQuery = serde_urlencoded::from_str(&search.query).unwrap_or_default();
    let query = OfferQuery::try_from(raw).map_err(|_| Error::NotFound)?;
    let index = state.board.index(&state.db, paris_today()).await?;
    let (found, _) = index.search(&query);
    let entries: Vec<FeedEntry> = found
        .iter()
        .map(|found| {
            let offer = found.listing;
            let mut place = offer.employer.locality();
            if let Some(km) = found.km {
                place.push_str(&format!(", {}", crate::domain::geo::distance_text(km)));
            }
            FeedEntry {
                url: format!("{}/offres/{}", state.base_url, offer.slug),
                title: offer.title.to_string(),
                published: offer.published_at.map(instant_text).unwrap_or_default(),
                summary: format!("{}, {place}.", offer.employer.name),
                author: offer.employer.name.clone(),
            }
        })
        .collect();
    let updated = found
        .iter()
        .filter_map(|f| f.listing.published_at)
        .max()
        .map(instant_text)
        .unwrap_or_else(|| instant_text(time::OffsetDateTime::UNIX_EPOCH));
    let feed = Feed {
        self_url: format!("{}/alertes/flux/{}", state.base_url, search.feed_key),
        search_url: format!("{}/offres?{}", state.base_url, search.query),
        title: search.label.clone(),
        updated,
        entries,
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            // The address is private: no shared cache keeps a copy.
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        askama::Template::render(&feed)?,
    )
        .into_response())
}

#[derive(askama::Template)]
#[template(path = "saved_searches/list.html")]
struct ListPage {
    layout: Layout,
    searches: Vec<SearchLine>,
}

struct SearchLine {
    id: i64,
    label: String,
    frequency: &'static str,
    search_url: String,
    feed_url: String,
}

async fn list_saved_searches(State(state): State<AppState>, visitor: Visitor) -> Result<Response, Error> {
    let user = visitor.user().ok_or(Error::Forbidden)?;
    let mut conn = state.db.pool.acquire().await?;
    let searches = saved_searches::list_for_user(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|s| SearchLine {
            id: s.id,
            frequency: s.frequency().label(),
            search_url: format!("/offres?{}", s.query),
            feed_url: format!("/alertes/flux/{}", s.feed_key),
            label: s.label,
        })
        .collect();
    render(&ListPage {
        layout: Layout::of(&visitor),
        searches,
    })
    .map(IntoResponse::into_response)
}

#[derive(Deserialize)]
struct Nothing {}

/// Deletes one of the signed-in person's searches. Someone else's, or one already deleted (a
/// second click), is left alone, and the answer is the same: the list.
async fn delete_saved_search(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let user = visitor.user().ok_or(Error::Forbidden)?;
    let mut conn = state.db.pool.acquire().await?;
    saved_searches::delete_for_user(&mut conn, id, user.id).await?;
    Ok(Redirect::to("/compte/alertes").into_response())
}
