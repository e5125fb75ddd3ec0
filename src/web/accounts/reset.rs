//! Password reset.

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ForgotForm {
    email: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/forgot.html")]
pub(super) struct ForgotPage {
    layout: Layout,
    errors: FormErrors,
    email: String,
}

pub(super) async fn show_forgot(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&ForgotPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        email: String::new(),
    })
}

/// Sends a reset link if the address has an account; says the same either way.
pub(super) async fn request_reset(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    let Some(email) = errors.check(Email::parse("email", &form.email)) else {
        return invalid(ForgotPage {
            layout: Layout::of(&visitor),
            errors,
            email: form.email,
        });
    };
    let mut tx = state.db.begin().await?;
    if let Some(credentials) = users::find_by_email(&mut tx, &email).await? {
        let id = credentials.user.id;
        tokens::void_for_user(&mut tx, id, Purpose::ResetPassword).await?;
        let token = tokens::create(&mut tx, NewToken::for_user(Purpose::ResetPassword, id, email.as_str())).await?;
        let link = format!("{}/mot-de-passe/nouveau?jeton={token}", state.base_url);
        mail::queue(
            &mut tx,
            state.db.documents()?,
            email.as_str(),
            Concerns::user(id),
            &mail::PasswordReset { link: &link },
        )
        .await?;
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    message(MessagePage::new(Layout::of(&visitor), "Vérifiez votre boîte mail", &[&format!("Si un compte existe pour {email}, un lien pour choisir un nouveau mot de passe vient d'y être envoyé. Il est valable 1 heure.")]).success())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ResetForm {
    jeton: String,
    password: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/reset.html")]
pub(super) struct ResetPage {
    layout: Layout,
    errors: FormErrors,
    token: String,
}

/// Where to go when a reset link cannot be used.
const ASK_AGAIN: (&str, &str) = ("Demander un nouveau lien", "/mot-de-passe-oublie");

pub(super) async fn show_reset(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    if let Err(why) = tokens::peek(&mut conn, &query.jeton, Purpose::ResetPassword).await? {
        return unusable_link(&visitor, why, ASK_AGAIN);
    }
    Ok(render(&ResetPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        token: query.jeton,
    })?
    .into_response())
}

/// Sets the new password and ends every session of the account.
pub(super) async fn reset_password(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let token = match tokens::peek(&mut tx, &form.jeton, Purpose::ResetPassword).await? {
        Ok(token) => token,
        Err(why) => return unusable_link(&visitor, why, ASK_AGAIN),
    };
    let email = Email::parse("email", &token.email).ok();
    let mut errors = FormErrors::default();
    errors.check(check_new_password("password", &form.password, email.as_ref()));
    if !errors.is_empty() {
        return invalid(ResetPage {
            layout: Layout::of(&visitor),
            errors,
            token: form.jeton,
        });
    }
    if let Err(why) = tokens::consume(&mut tx, &form.jeton, Purpose::ResetPassword).await? {
        return unusable_link(&visitor, why, ASK_AGAIN);
    }
    let user_id = token.user_id.ok_or(Error::Internal("reset token without user"))?;
    users::set_password(&mut tx, user_id, &secrets::hash_password(&form.password)).await?;
    // The link proves the address works.
    users::mark_email_verified(&mut tx, user_id).await?;
    sessions::delete_others(&mut tx, user_id, None).await?;
    visitor
        .audit(&mut tx, "mot_de_passe_reinitialise", "utilisateur", user_id, "")
        .await?;
    tx.commit().await?;
    message(
        MessagePage::new(
            Layout::of(&visitor),
            "Mot de passe changé",
            &["Votre nouveau mot de passe est enregistré, et toutes les sessions ouvertes avec l'ancien sont fermées."],
        )
        .link("Se connecter", "/connexion")
        .success(),
    )
}
