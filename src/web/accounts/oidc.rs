//! Staff sign-in through the OpenID provider (ProConnect by default): the start (a login kept
//! server-side, sealed, single use, 10 minutes: nothing secret travels in a cookie, and one
//! server keeps it for every instance), the provider's return, and which account the identity
//! opens. Candidates never use it. The start is a plain link (GET), as the provider's button
//! is; the login is bound to the browser that began it (the hash of its CSRF cookie), so that
//! nobody can make another browser finish a login they began (login CSRF).

use super::*;
use crate::db::identities;
use crate::domain::oidc::{Pivot, multi_factor};
use crate::oidc::{Provider, SignedIn};

/// What the server keeps of a login sent to the provider (sealed in `oidc_logins`).
#[derive(serde::Serialize, Deserialize)]
struct Pending {
    nonce: String,
    verifier: String,
    next: String,
    /// The staff invitation the visitor came from: its account is made on return.
    invitation: Option<String>,
    /// The signed-in account that asked to link its identity.
    link_user: Option<i64>,
    /// The hash of the CSRF cookie of the browser that began the login.
    browser: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct StartQuery {
    suivant: String,
    jeton: String,
    lier: String,
}

pub(super) fn provider(state: &AppState) -> Result<std::sync::Arc<Provider>, Error> {
    state.oidc.clone().ok_or(Error::NotFound)
}

fn redirect_uri(state: &AppState) -> String {
    format!("{}/connexion/oidc/retour", state.base_url)
}

/// The provider's name as its button says it.
pub(super) fn button_name(state: &AppState) -> Option<String> {
    state.oidc.as_ref().map(|p| p.settings.name.clone())
}

/// Sends the browser to the provider, after keeping what its return will need.
pub(super) async fn start_oidc(
    State(state): State<AppState>, visitor: Visitor, Query(form): Query<StartQuery>,
) -> Result<Response, Error> {
    let provider = provider(&state)?;
    let link_user = match form.lier.is_empty() {
        true => None,
        false => {
            let user = visitor.signed_in_user()?;
            if user.role == Role::Candidate {
                return Err(Error::Forbidden);
            }
            Some(user.id)
        }
    };
    let pending = Pending {
        nonce: secrets::random_token(),
        verifier: secrets::random_token(),
        next: safe_next(&form.suivant).unwrap_or_default().to_string(),
        invitation: (!form.jeton.is_empty()).then_some(form.jeton),
        link_user,
        browser: secrets::token_hash(&visitor.csrf),
    };
    let state_token = secrets::random_token();
    let url = match provider
        .authorization_url(&redirect_uri(&state), &state_token, &pending.nonce, &pending.verifier)
        .await
    {
        Ok(url) => url,
        Err(error) => {
            tracing::warn!(%error, "connexion par le fournisseur d'identité impossible");
            return refusal(&visitor, &provider, Refused::Unavailable);
        }
    };
    let payload = serde_json::to_vec(&pending).map_err(|_| Error::Internal("connexion en cours"))?;
    let mut conn = state.db.pool.acquire().await?;
    identities::save_login(&mut conn, state.db.documents()?, &state_token, &payload).await?;
    Ok(Redirect::to(&url).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ReturnQuery {
    code: String,
    state: String,
    error: String,
    /// RFC 9207: the provider names itself in the return, against mix-up attacks.
    iss: String,
}

/// Why a sign-in through the provider did not open a session, each with what to do.
pub(super) enum Refused {
    Unavailable,
    Expired,
    Cancelled,
    Invalid,
    NoAccount,
    Candidate,
    AccountExists,
    TakenIdentity,
    NotSameUser,
}

pub(super) fn refusal(visitor: &Visitor, provider: &Provider, why: Refused) -> Result<Response, Error> {
    let name = &provider.settings.name;
    let (status, heading, text) = match why {
        Refused::Unavailable => (StatusCode::BAD_GATEWAY, format!("{name} ne répond pas"), format!("Nous n'avons pas pu joindre {name}. Réessayez dans quelques minutes, ou connectez-vous avec votre mot de passe.")),
        Refused::Expired => (StatusCode::BAD_REQUEST, "Connexion expirée".into(), "Cette connexion a expiré ou a déjà servi. Recommencez depuis la page de connexion.".into()),
        Refused::Cancelled => (StatusCode::BAD_REQUEST, "Connexion annulée".into(), format!("La connexion avec {name} a été annulée. Vous pouvez recommencer, ou vous connecter avec votre mot de passe.")),
        Refused::Invalid => (StatusCode::FORBIDDEN, "Connexion refusée".into(), format!("La réponse de {name} n'a pas pu être vérifiée : par sécurité, la connexion est refusée. Recommencez ; si cela se reproduit, connectez-vous avec votre mot de passe et prévenez la coordination.")),
        Refused::NoAccount => (StatusCode::FORBIDDEN, "Aucun compte lié".into(), format!("Aucun compte de la plateforme n'est lié à cette identité {name}. Si vous avez reçu une invitation, ouvrez son lien et choisissez « S'identifier avec {name} ». Si vous avez déjà un compte, connectez-vous avec votre mot de passe, puis liez {name} depuis « Mon compte ». Sinon, demandez une invitation à la coordination du programme.")),
        Refused::Candidate => (StatusCode::FORBIDDEN, "Réservé aux équipes".into(), format!("La connexion avec {name} est réservée aux professionnels. Connectez-vous avec votre adresse e-mail et votre mot de passe.")),
        Refused::AccountExists => (StatusCode::CONFLICT, "Ce compte existe déjà".into(), format!("Un compte existe déjà pour l'adresse de cette invitation. Connectez-vous avec votre mot de passe, puis liez {name} depuis « Mon compte ».")),
        Refused::TakenIdentity => (StatusCode::CONFLICT, "Identité déjà liée".into(), format!("Cette identité {name} est déjà liée à un autre compte de la plateforme. Demandez à la coordination de vérifier les comptes.")),
        Refused::NotSameUser => (StatusCode::FORBIDDEN, "Connexion refusée".into(), "Vous n'êtes plus connecté·e avec le compte qui a demandé la liaison. Connectez-vous, puis recommencez depuis « Mon compte ».".into()),
    };
    let page =
        MessagePage::new(Layout::of(visitor), &heading, &[&text]).link("Aller à la page de connexion", "/connexion");
    render_as(status, &page)
}

/// The provider's return: the login it belongs to, the tokens checked, then the account.
pub(super) async fn oidc_return(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<ReturnQuery>,
) -> Result<Response, Error> {
    let provider = provider(&state)?;
    let mut conn = state.db.pool.acquire().await?;
    let taken = identities::take_login(&mut conn, state.db.documents()?, &query.state).await?;
    drop(conn);
    let pending = taken.and_then(|bytes| serde_json::from_slice::<Pending>(&bytes).ok());
    let Some(pending) = pending.filter(|p| p.browser == secrets::token_hash(&visitor.csrf)) else {
        return refusal(&visitor, &provider, Refused::Expired);
    };
    if !query.error.is_empty() || query.code.is_empty() {
        return refusal(&visitor, &provider, Refused::Cancelled);
    }
    if !query.iss.is_empty() && query.iss != provider.settings.issuer {
        tracing::warn!("retour d'un autre fournisseur d'identité que celui configuré");
        return refusal(&visitor, &provider, Refused::Invalid);
    }
    let signed = match provider
        .finish(&query.code, &pending.verifier, &redirect_uri(&state), &pending.nonce)
        .await
    {
        Ok(signed) => signed,
        Err(error) => {
            tracing::warn!(%error, "connexion par le fournisseur d'identité refusée");
            return refusal(&visitor, &provider, Refused::Invalid);
        }
    };
    if let Some(user_id) = pending.link_user {
        return super::oidc_link::link_account(&state, &visitor, &provider, user_id, &signed).await;
    }
    let user = match account_of(&state, &visitor, &provider, &signed, pending.invitation.as_deref()).await? {
        Ok(user) => user,
        Err(why) => return refusal(&visitor, &provider, why),
    };
    if user.role == Role::Candidate {
        return refusal(&visitor, &provider, Refused::Candidate);
    }
    let complete = multi_factor(signed.acr.as_deref(), &provider.settings.mfa_acr)
        || !(user.role.requires_second_factor() || user.totp_enabled);
    let cookie = open_oidc_session(&state, &visitor, &user, complete, &signed).await?;
    let target = if !complete {
        second_factor_page(&user).to_string()
    } else if pending.next.is_empty() {
        "/espace".to_string()
    } else {
        pending.next
    };
    Ok((cookie, Redirect::to(&target)).into_response())
}

/// The account this identity opens: the one linked to it; else the invitation's, made now;
/// else, when allowed, the staff account of the address the provider verified.
async fn account_of(
    state: &AppState, visitor: &Visitor, provider: &Provider, signed: &SignedIn, invitation: Option<&str>,
) -> Result<Result<User, Refused>, Error> {
    let mut tx = state.db.begin().await?;
    if let Some(identity) = identities::find(&mut tx, &signed.issuer, &signed.pivot.sub).await? {
        let found = users::find(&mut tx, identity.user_id).await?;
        return Ok(found.map(|c| c.user).ok_or(Refused::NoAccount));
    }
    let user = if let Some(token) = invitation {
        match from_invitation(&mut tx, visitor, token, &signed.pivot).await? {
            Ok(user) => user,
            Err(why) => return Ok(Err(why)),
        }
    } else {
        let email = signed
            .pivot
            .verified_email()
            .filter(|_| provider.settings.link_by_email);
        let Some(email) = email.and_then(|e| Email::parse("email", e).ok()) else {
            return Ok(Err(Refused::NoAccount));
        };
        match users::find_by_email(&mut tx, &email).await? {
            Some(found) if found.user.role != Role::Candidate => found.user,
            _ => return Ok(Err(Refused::NoAccount)),
        }
    };
    if !identities::link(
        &mut tx,
        user.id,
        &signed.issuer,
        &signed.pivot.sub,
        signed.pivot.siret(),
    )
    .await?
    {
        return Ok(Err(Refused::TakenIdentity));
    }
    let how = if invitation.is_some() {
        "à la création du compte"
    } else {
        "par l'adresse e-mail vérifiée"
    };
    let actor = audit::Actor {
        id: Some(user.id),
        email: user.email.clone(),
        ip: visitor.ip.clone(),
    };
    let detail = format!("{} ({how})", provider.settings.name);
    let entry = Entry {
        action: "identite_liee",
        target_kind: "utilisateur",
        target_id: user.id.to_string(),
        detail,
    };
    audit::record(&mut tx, &actor, entry).await?;
    tx.commit().await?;
    Ok(Ok(user))
}

/// Makes the invited account, named as the provider names the person, without a password.
async fn from_invitation(
    tx: &mut sqlx::AnyConnection, visitor: &Visitor, token: &str, pivot: &Pivot,
) -> Result<Result<User, Refused>, Error> {
    let Ok(invitation) = tokens::peek(tx, token, Purpose::Invitation).await? else {
        return Ok(Err(Refused::Expired));
    };
    let grant: Grant = serde_json::from_str(&invitation.payload).map_err(|_| Error::Internal("invitation payload"))?;
    let email = Email::parse("email", &invitation.email).map_err(|_| Error::Internal("invitation e-mail"))?;
    if users::find_by_email(tx, &email).await?.is_some() {
        return Ok(Err(Refused::AccountExists));
    }
    if tokens::consume(tx, token, Purpose::Invitation).await?.is_err() {
        return Ok(Err(Refused::Expired));
    }
    let name = Some(pivot.display_name())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.to_string());
    let id = users::insert(
        tx,
        users::NewUser {
            email: &email,
            display_name: &name,
            role: grant.role,
            password_hash: None,
            email_verified: true,
            scopes: &grant.scopes(),
        },
    )
    .await?;
    let actor = audit::Actor {
        id: Some(id),
        email: email.to_string(),
        ip: visitor.ip.clone(),
    };
    let detail = match invitation.created_by {
        Some(inviter) => format!(
            "sur invitation de l'utilisateur {inviter}, par le fournisseur d'identité ; {}",
            grant.describe()
        ),
        None => format!(
            "sur invitation en ligne de commande, par le fournisseur d'identité ; {}",
            grant.describe()
        ),
    };
    let entry = Entry {
        action: "compte_cree",
        target_kind: "utilisateur",
        target_id: id.to_string(),
        detail,
    };
    audit::record(tx, &actor, entry).await?;
    let user = users::find(tx, id)
        .await?
        .ok_or(Error::Internal("compte créé introuvable"))?;
    Ok(Ok(user.user))
}

/// Opens the session, keeping the provider's ID token with it (sealed) for the sign-out.
async fn open_oidc_session(
    state: &AppState, visitor: &Visitor, user: &User, complete: bool, signed: &SignedIn,
) -> Result<[(header::HeaderName, header::HeaderValue); 1], Error> {
    let action = if complete { "connexion_oidc" } else { "oidc_verifie" };
    let detail = match &signed.acr {
        Some(acr) => format!("acr {acr}"),
        None => String::new(),
    };
    let opened = open_session_as(state, visitor, user, complete, action, &detail).await?;
    let mut conn = state.db.pool.acquire().await?;
    identities::keep_id_token(&mut conn, state.db.documents()?, &opened.hash, &signed.id_token).await?;
    Ok(opened.cookie)
}
