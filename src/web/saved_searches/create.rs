//! Saving a search of the board: at once for a signed-in candidate; for anyone else, once the
//! address confirms it, so that nobody receives alerts they did not ask for.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::db::outbox::Concerns;
use crate::db::saved_searches::{self, NewSavedSearch};
use crate::domain::FieldError;
use crate::domain::account::Email;
use crate::domain::role::Role;
use crate::domain::saved_search::SearchToSave;
use crate::mail;
use crate::web::auth::{CsrfForm, Visitor};
use crate::web::views::{Layout, MessagePage, render, render_as};
use crate::web::{AppState, Error};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SaveForm {
    /// The search's query string, as the board's page wrote it.
    recherche: String,
    frequence: String,
    email: String,
}

fn bad_request(visitor: &Visitor, error: FieldError) -> Result<Response, Error> {
    let page = MessagePage::new(Layout::of(visitor), "L'alerte n'a pas pu être créée", &[&error.message])
        .link("Revenir aux offres", "/offres");
    render_as(StatusCode::BAD_REQUEST, &page)
}

pub(super) async fn create_saved_search(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<SaveForm>,
) -> Result<Response, Error> {
    let search = match SearchToSave::parse(&form.recherche, &form.frequence) {
        Ok(search) => search,
        Err(error) => return bad_request(&visitor, error),
    };
    let label = &search.label;
    let mut tx = state.db.begin().await?;
    if let Some(user) = visitor.user().filter(|u| u.role == Role::Candidate) {
        saved_searches::insert(&mut tx, NewSavedSearch::of_candidate(&search, user.id, &user.email)).await?;
        tx.commit().await?;
        let saved = format!(
            "Vous recevrez un e-mail {} pour la recherche : {label}.",
            search.frequency.label()
        );
        let page = MessagePage::new(Layout::of(&visitor), "Alerte créée", &[&saved])
            .link("Voir mes alertes", "/compte/alertes")
            .success();
        return Ok(render(&page)?.into_response());
    }
    let email = match Email::parse("email", &form.email) {
        Ok(email) => email,
        Err(error) => return bad_request(&visitor, error),
    };
    let token = saved_searches::insert_unconfirmed(&mut tx, &search, email.as_str()).await?;
    let link = format!("{}/alertes/confirmation?jeton={token}", state.base_url);
    // A visitor's address, no account: nothing else to erase it with.
    let confirm = mail::AlertConfirmation {
        search: label,
        link: &link,
    };
    mail::queue(
        &mut tx,
        state.db.documents()?,
        email.as_str(),
        Concerns::NOBODY,
        &confirm,
    )
    .await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    let sent = format!(
        "Nous avons envoyé un lien à {} pour confirmer l'alerte. Il est valable 7 jours.",
        email.as_str()
    );
    let waiting = "Tant que vous ne l'avez pas suivi, vous ne recevrez aucune alerte.";
    let page = MessagePage::new(Layout::of(&visitor), "Confirmez votre alerte", &[&sent, waiting]).success();
    Ok(render(&page)?.into_response())
}
