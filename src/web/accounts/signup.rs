//! Sign-up.

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SignupForm {
    name: String,
    email: String,
    password: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/signup.html")]
pub(super) struct SignupPage {
    layout: Layout,
    errors: FormErrors,
    name: String,
    email: String,
}

pub(super) async fn show_signup(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&SignupPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        name: String::new(),
        email: String::new(),
    })
}

/// Creates a candidate account and sends the verification link. When the address already has
/// an account, the page says the same and the message tells its owner, so that the form never
/// reveals who has an account.
pub(super) async fn create_account(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<SignupForm>,
) -> Result<Response, Error> {
    let Signup { name, email } = match Signup::read(&form.name, &form.email, &form.password) {
        Ok(signup) => signup,
        Err(errors) => {
            let name = form.name.trim().to_string();
            return invalid(SignupPage {
                layout: Layout::of(&visitor),
                errors,
                name,
                email: form.email,
            });
        }
    };
    let mut tx = state.db.begin().await?;
    match users::find_by_email(&mut tx, &email).await? {
        Some(existing) => {
            let link = format!("{}/mot-de-passe-oublie", state.base_url);
            mail::queue(
                &mut tx,
                state.db.documents()?,
                email.as_str(),
                Concerns::user(existing.user.id),
                &mail::SignupTaken { link: &link },
            )
            .await?;
        }
        None => {
            let hash = secrets::hash_password(&form.password);
            let id = users::insert(
                &mut tx,
                users::NewUser {
                    email: &email,
                    display_name: &name,
                    role: Role::Candidate,
                    password_hash: Some(hash),
                    email_verified: false,
                    scopes: &[],
                },
            )
            .await?;
            send_verification(&mut tx, &state, id, &email).await?;
            visitor
                .audit(&mut tx, "compte_cree", "utilisateur", id, "inscription d'un candidat")
                .await?;
        }
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    message(
        MessagePage::new(
            Layout::of(&visitor),
            "Vérifiez votre boîte mail",
            &[
                &format!("Nous avons envoyé un lien à {email} pour confirmer votre adresse. Il est valable 2 jours."),
                "Si vous ne le trouvez pas, regardez dans les courriers indésirables.",
            ],
        )
        .success(),
    )
}

pub(super) async fn send_verification(
    conn: &mut sqlx::AnyConnection, state: &AppState, user_id: i64, email: &Email,
) -> sqlx::Result<()> {
    let token = tokens::create(conn, NewToken::for_user(Purpose::VerifyEmail, user_id, email.as_str())).await?;
    let link = format!("{}/verification-email?jeton={token}", state.base_url);
    mail::queue(
        conn,
        state.db.documents()?,
        email.as_str(),
        Concerns::user(user_id),
        &mail::AddressCheck { link: &link },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TokenQuery {
    pub(super) jeton: String,
}

pub(super) async fn verify_email(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let token = match tokens::consume(&mut tx, &query.jeton, Purpose::VerifyEmail).await? {
        Ok(token) => token,
        Err(why) => {
            return unusable_link(
                &visitor,
                why,
                ("Se connecter pour recevoir un nouveau lien", "/connexion"),
            );
        }
    };
    let user_id = token
        .user_id
        .ok_or(Error::Internal("verification token without user"))?;
    users::mark_email_verified(&mut tx, user_id).await?;
    visitor
        .audit(&mut tx, "email_verifie", "utilisateur", user_id, "")
        .await?;
    let joined = join_alerts(&mut tx, user_id).await?;
    tx.commit().await?;
    let mut said = vec!["Votre adresse e-mail est confirmée. Vous pouvez maintenant vous connecter."];
    if joined > 0 {
        said.push("Les alertes d'offres que vous aviez confirmées avec cette adresse sont maintenant dans votre compte, à la page « Mes alertes ».");
    }
    message(
        MessagePage::new(Layout::of(&visitor), "Adresse confirmée", &said)
            .link("Se connecter", "/connexion")
            .success(),
    )
}

/// The alerts a visitor confirmed with the address of a candidate's account join it once the
/// account's address is confirmed too: then both links reached the same mailbox.
async fn join_alerts(conn: &mut sqlx::AnyConnection, user_id: i64) -> sqlx::Result<u64> {
    match users::find(conn, user_id).await? {
        Some(account) if account.user.role == Role::Candidate => {
            crate::db::saved_searches::join_account(conn, user_id, &account.user.email).await
        }
        _ => Ok(0),
    }
}
