//! Inviting a member to apply to one open offer of one's scope (a recruiter's establishments,
//! any for the CCOMS). The member hears of it on their page and by a mail that names the
//! establishment and the offer only: nothing of the inviter, nothing of the member to them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::profile::profile_page;
use crate::db::outbox::Concerns;
use crate::db::{pool_invitations, talent_pool, users};
use crate::domain::form_errors::FormErrors;
use crate::domain::policy::establishment_scope;
use crate::mail::{Notification, queue};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::extract::PathId;
use crate::web::views::render_as;
use crate::web::{AppState, Error};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct InviteForm {
    offre: String,
}

pub(super) async fn invite_member(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<Response, Error> {
    let scope = establishment_scope(&user);
    let mut tx = state.db.begin().await?;
    let member = talent_pool::find(&mut tx, id).await?.ok_or(Error::NotFound)?;
    let offers = pool_invitations::open_offers(&mut tx, &scope, state.clock.today()).await?;
    // Only an open offer of the inviter's scope: another establishment's is not in the list.
    let offer = form
        .offre
        .parse::<i64>()
        .ok()
        .and_then(|chosen| offers.into_iter().find(|o| o.id == chosen));
    let refuse = |message: &str| FormErrors::one("offre", message);
    let errors = match &offer {
        None => refuse("Choisissez une offre ouverte de votre établissement."),
        Some(offer) => {
            if pool_invitations::insert(&mut tx, member.id, offer, user.id, state.clock.now()).await? {
                visitor
                    .audit(
                        &mut tx,
                        "invitation_vivier",
                        "membre_vivier",
                        member.id,
                        format!("offre n° {}", offer.id),
                    )
                    .await?;
                tell_member(&state, &mut tx, member.user_id, offer).await?;
                tx.commit().await?;
                state.mailer.wake.notify_one();
                return Ok(Redirect::to(&format!("/vivier/{id}?fait=invite")).into_response());
            }
            refuse("Cette personne est déjà invitée à postuler à cette offre.")
        }
    };
    drop(tx);
    let page = profile_page(&state, &visitor, &user, id, errors, form.offre).await?;
    render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// The member's mail: the establishment and the offer, and their page to answer. Nothing of
/// the inviter, no secret: the link asks them to sign in.
async fn tell_member(
    state: &AppState, conn: &mut sqlx::AnyConnection, user_id: i64, offer: &pool_invitations::OpenOffer,
) -> Result<(), Error> {
    let Some(account) = users::find(conn, user_id).await? else {
        return Ok(());
    };
    let subject = format!("Invitation à postuler : {}", offer.title);
    let sentence = format!(
        "L'établissement {} vous invite à postuler à son offre « {} ». Vous êtes libre de répondre ou non.",
        offer.establishment_name, offer.title
    );
    let link = format!("{}/compte/vivier", state.base_url);
    let mail = Notification {
        subject: &subject,
        sentence: &sentence,
        action: "Voir l'invitation et répondre",
        link: &link,
        why: "vous êtes inscrit·e dans le vivier du programme Médiateur de santé-pair",
        settings: None,
    };
    queue(
        conn,
        state.db.documents()?,
        &account.user.email,
        Concerns::user(user_id),
        &mail,
    )
    .await?;
    Ok(())
}
