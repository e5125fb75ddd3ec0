//! Invitations.

use super::*;

#[derive(askama::Template)]
#[template(path = "accounts/invitation.html")]
pub(super) struct InvitationPage {
    layout: Layout,
    errors: FormErrors,
    token: String,
    email: String,
    role: &'static str,
    name: String,
    oidc_name: Option<String>,
}

impl InvitationPage {
    /// The provider's button makes this invitation's account on its return.
    fn oidc_query(&self) -> String {
        format!(
            "?jeton={}",
            url::form_urlencoded::byte_serialize(self.token.as_bytes()).collect::<String>()
        )
    }
}

/// Where to go when an invitation cannot be used: only the coordination invites.
const ASK_COORDINATION: (&str, &str) = ("Contacter la coordination du programme", "/");

pub(super) async fn show_invitation(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let token = match tokens::peek(&mut conn, &query.jeton, Purpose::Invitation).await? {
        Ok(token) => token,
        Err(why) => return unusable_link(&visitor, why, ASK_COORDINATION),
    };
    let grant: Grant = serde_json::from_str(&token.payload).map_err(|_| Error::Internal("invitation payload"))?;
    Ok(render(&InvitationPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        token: query.jeton,
        email: token.email,
        role: grant.role.label(),
        name: String::new(),
        oidc_name: button_name(&state),
    })?
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct InvitationForm {
    jeton: String,
    name: String,
    password: String,
}

/// Creates the invited account with the role and scopes of the invitation.
pub(super) async fn accept_invitation(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<InvitationForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let token = match tokens::peek(&mut tx, &form.jeton, Purpose::Invitation).await? {
        Ok(token) => token,
        Err(why) => return unusable_link(&visitor, why, ASK_COORDINATION),
    };
    let grant: Grant = serde_json::from_str(&token.payload).map_err(|_| Error::Internal("invitation payload"))?;
    let email = Email::parse("email", &token.email).map_err(|_| Error::Internal("invitation e-mail"))?;
    let mut errors = FormErrors::default();
    let name = form.name.trim().to_string();
    if name.is_empty() {
        errors.add("name", "Indiquez votre nom, tel que vos collègues le connaissent.");
    }
    errors.check(check_new_password("password", &form.password, Some(&email)));
    if !errors.is_empty() {
        return invalid(InvitationPage {
            layout: Layout::of(&visitor),
            errors,
            token: form.jeton,
            email: token.email,
            role: grant.role.label(),
            name,
            oidc_name: button_name(&state),
        });
    }
    if users::find_by_email(&mut tx, &email).await?.is_some() {
        return message(MessagePage::new(Layout::of(&visitor), "Ce compte existe déjà", &["Un compte existe déjà pour cette adresse. Connectez-vous, ou demandez à la coordination de modifier son rôle."]).link("Se connecter", "/connexion"));
    }
    if let Err(why) = tokens::consume(&mut tx, &form.jeton, Purpose::Invitation).await? {
        return unusable_link(&visitor, why, ASK_COORDINATION);
    }
    let id = users::insert(
        &mut tx,
        users::NewUser {
            email: &email,
            display_name: &name,
            role: grant.role,
            password_hash: Some(secrets::hash_password(&form.password)),
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
    audit::record(
        &mut tx,
        &actor,
        Entry {
            action: "compte_cree",
            target_kind: "utilisateur",
            target_id: id.to_string(),
            detail: match token.created_by {
                Some(inviter) => format!("sur invitation de l'utilisateur {inviter} ; {}", grant.describe()),
                None => format!("sur invitation en ligne de commande ; {}", grant.describe()),
            },
        },
    )
    .await?;
    tx.commit().await?;
    message(MessagePage::new(Layout::of(&visitor), "Votre compte est créé", &["Connectez-vous maintenant. Vous activerez ensuite la double authentification avec une application sur votre téléphone (par exemple FreeOTP, Aegis ou Google Authenticator) : elle est obligatoire pour votre rôle."]).link("Se connecter", "/connexion").success())
}
