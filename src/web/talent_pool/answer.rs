//! A member answers an invitation: to the offer to apply, or not interested. Either is their
//! own action, from which the pool's retention counts again.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::{pool_invitations, talent_pool};
use crate::domain::talent_pool::InvitationAnswer;
use crate::web::auth::{CsrfForm, CurrentUser};
use crate::web::{AppState, Error};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AnswerForm {
    invitation: String,
    reponse: String,
}

pub(super) async fn answer_invitation(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, CsrfForm(form): CsrfForm<AnswerForm>,
) -> Result<Response, Error> {
    let id: i64 = form
        .invitation
        .parse()
        .map_err(|_| Error::bad_request("invitation", "Cette invitation n'existe pas."))?;
    let answer = InvitationAnswer::parse(&form.reponse)
        .ok_or_else(|| Error::bad_request("reponse", "Choisissez une réponse à l'invitation."))?;
    let mut tx = state.db.begin().await?;
    let Some(member) = talent_pool::find_by_user(&mut tx, user.id).await? else {
        return Ok(Redirect::to("/compte/vivier").into_response());
    };
    let now = state.clock.now();
    let slug = pool_invitations::answer(&mut tx, id, member.id, answer, now)
        .await?
        .ok_or(Error::NotFound)?;
    talent_pool::touch(&mut tx, member.id, now).await?;
    tx.commit().await?;
    Ok(match answer {
        InvitationAnswer::Interested => Redirect::to(&format!("/offres/{slug}")),
        InvitationAnswer::Declined => Redirect::to("/compte/vivier?fait=reponse"),
    }
    .into_response())
}
