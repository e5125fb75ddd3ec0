//! A staff member links or unlinks their provider identity from their account page, and the
//! sign-out of a session opened through the provider goes through the provider's too.

use super::oidc::{Refused, provider, refusal};
use super::*;
use crate::db::identities;
use crate::oidc::{Provider, SignedIn};

/// The return of a linking asked from the account page: the identity joins the account that
/// asked, if that account is still the one signed in.
pub(super) async fn link_account(
    state: &AppState, visitor: &Visitor, provider: &Provider, user_id: i64, signed: &SignedIn,
) -> Result<Response, Error> {
    if visitor.user().map(|u| u.id) != Some(user_id) {
        return refusal(visitor, provider, Refused::NotSameUser);
    }
    let mut tx = state.db.begin().await?;
    let linked = identities::link(
        &mut tx,
        user_id,
        &signed.issuer,
        &signed.pivot.sub,
        signed.pivot.siret(),
    )
    .await?;
    if !linked {
        let mine = identities::find(&mut tx, &signed.issuer, &signed.pivot.sub)
            .await?
            .is_some_and(|identity| identity.user_id == user_id);
        if !mine {
            return refusal(visitor, provider, Refused::TakenIdentity);
        }
    } else {
        let detail = format!("{} (depuis « Mon compte »)", provider.settings.name);
        visitor
            .audit(&mut tx, "identite_liee", "utilisateur", user_id, detail)
            .await?;
    }
    tx.commit().await?;
    let name = &provider.settings.name;
    let text = format!(
        "Votre compte est lié à votre identité {name} : vous pourrez désormais vous connecter avec le bouton « S'identifier avec {name} »."
    );
    message(
        MessagePage::new(Layout::of(visitor), "Identité liée", &[&text])
            .link("Revenir à mon compte", "/compte")
            .success(),
    )
}

/// Unlinks the account's identity at the configured provider.
pub(super) async fn unlink_oidc(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, Error> {
    let provider = provider(&state)?;
    let mut tx = state.db.begin().await?;
    let removed = identities::unlink(&mut tx, user.id, &provider.settings.issuer).await?;
    if removed > 0 {
        visitor
            .audit(
                &mut tx,
                "identite_deliee",
                "utilisateur",
                user.id,
                provider.settings.name.clone(),
            )
            .await?;
    }
    tx.commit().await?;
    let name = &provider.settings.name;
    let text = format!(
        "Votre compte n'est plus lié à {name}. Connectez-vous désormais avec votre adresse e-mail et votre mot de passe (si vous n'en avez pas, « Mot de passe oublié ? » vous en fait choisir un)."
    );
    message(
        MessagePage::new(Layout::of(&visitor), "Identité déliée", &[&text])
            .link("Revenir à mon compte", "/compte")
            .success(),
    )
}

/// Where the provider sends the browser back after its sign-out, when this session came from
/// it; `None` otherwise. Read before the session is deleted.
pub(super) async fn provider_sign_out(state: &AppState, visitor: &Visitor) -> Result<Option<String>, Error> {
    let (Some(provider), Some(session)) = (&state.oidc, &visitor.signed_in) else {
        return Ok(None);
    };
    let mut conn = state.db.pool.acquire().await?;
    let Some(id_token) = identities::id_token(&mut conn, state.db.documents()?, &session.session_hash).await? else {
        return Ok(None);
    };
    let back = format!("{}/deconnexion/oidc", state.base_url);
    // Nothing to check on the way back (the session is already gone): the state only answers
    // the provider's requirement.
    Ok(provider
        .end_session_url(&id_token, &back, &secrets::random_token())
        .await)
}

/// The page the provider sends the browser back to after its sign-out.
pub(super) async fn after_provider_sign_out(
    State(state): State<AppState>, visitor: Visitor,
) -> Result<Response, Error> {
    provider(&state)?;
    message(signed_out_page(&visitor))
}

pub(super) fn signed_out_page(visitor: &Visitor) -> MessagePage {
    MessagePage::new(
        Layout {
            csrf: visitor.csrf.clone(),
            demo: visitor.demo,
            ..Layout::anonymous()
        },
        "Vous êtes déconnecté·e",
        &["À bientôt."],
    )
    .link("Revenir à l'accueil", "/")
}
