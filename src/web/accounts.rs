//! Accounts: sign-up with e-mail verification, login with the growing delay and the second
//! factor, logout, password reset, the account page, TOTP enrolment and invitations.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::auth::{
    Access, CsrfForm, CurrentUser, EnrollingUser, Visitor, clear_session_cookie, safe_next, second_factor_page,
    session_cookie,
};
use super::mails::{self, Mail};
use super::views::{FormErrors, Layout, MessagePage, render};
use super::{AppState, Error, Route};
use crate::accounts::Grant;
use crate::db::audit::{self, Entry};
use crate::db::outbox::Concerns;
use crate::db::tokens::{self, NewToken, Purpose, Unusable};
use crate::db::{establishments, sessions, throttle, users};
use crate::domain::account::{Email, User, check_new_password, login_delay_seconds};
use crate::domain::fiche::Track;
use crate::domain::policy::Action;
use crate::domain::role::{Role, ScopeKind};
use crate::domain::territory;
use crate::secrets;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/inscription", Access::Public, show_signup),
        Route::post("/inscription", Access::Public, create_account),
        Route::get("/verification-email", Access::Public, verify_email),
        Route::get("/connexion", Access::Public, show_login),
        Route::post("/connexion", Access::Public, login),
        Route::get("/connexion/code", Access::SecondFactorStep, show_code),
        Route::post("/connexion/code", Access::SecondFactorStep, check_code),
        Route::post("/deconnexion", Access::Public, logout),
        Route::get("/mot-de-passe-oublie", Access::Public, show_forgot),
        Route::post("/mot-de-passe-oublie", Access::Public, request_reset),
        Route::get("/mot-de-passe/nouveau", Access::Public, show_reset).personal(),
        Route::post("/mot-de-passe/nouveau", Access::Public, reset_password),
        Route::get("/compte", Access::SignedIn, show_account),
        Route::post("/compte/mot-de-passe", Access::SignedIn, change_password),
        Route::get("/compte/double-authentification", Access::Enrolment, show_totp),
        Route::post("/compte/double-authentification", Access::Enrolment, enable_totp),
        Route::post(
            "/compte/double-authentification/desactiver",
            Access::Can(Action::TurnOffSecondFactor),
            disable_totp,
        ),
        Route::post("/session/prolonger", Access::SignedIn, extend_session),
        Route::get("/invitation", Access::Public, show_invitation).personal(),
        Route::post("/invitation", Access::Public, accept_invitation),
    ]
}

fn invalid(page: impl askama::Template) -> Result<Response, Error> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

fn message(page: MessagePage) -> Result<Response, Error> {
    Ok(render(&page)?.into_response())
}

/// The page for a link that cannot be used, saying what to do instead.
fn unusable_link(layout: Layout, why: Unusable, again_label: &str, again_url: &str) -> Result<Response, Error> {
    let text = match why {
        Unusable::Unknown => "Ce lien n'est pas valide. Il a peut-être été mal copié : vérifiez qu'il est complet.",
        Unusable::Expired => "Ce lien a expiré : pour votre sécurité, il n'est valable que peu de temps.",
        Unusable::AlreadyUsed => "Ce lien a déjà servi : chaque lien ne fonctionne qu'une fois.",
    };
    let page = MessagePage::new(
        layout,
        "Lien inutilisable",
        &[text, "Vous pouvez en demander un nouveau."],
    )
    .link(again_label, again_url);
    Ok((StatusCode::GONE, render(&page)?).into_response())
}

// --- Sign-up -------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct SignupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/signup.html")]
struct SignupPage {
    layout: Layout,
    errors: FormErrors,
    name: String,
    email: String,
}

async fn show_signup(visitor: Visitor) -> Result<Html<String>, Error> {
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
async fn create_account(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    let name = form.name.trim().to_string();
    if name.is_empty() {
        errors.add("name", "Indiquez votre prénom ou un pseudonyme.");
    } else if name.chars().count() > 80 {
        errors.add("name", "Le prénom ou pseudonyme doit compter 80 caractères au plus.");
    }
    let email = errors.check(Email::parse("email", &form.email));
    errors.check(check_new_password("password", &form.password, email.as_ref()));
    let (Some(email), true) = (email, errors.is_empty()) else {
        return invalid(SignupPage {
            layout: Layout::of(&visitor),
            errors,
            name,
            email: form.email,
        });
    };
    let mut tx = state.db.begin().await?;
    match users::find_by_email(&mut tx, &email).await? {
        Some(existing) => {
            mails::queue(&mut tx, state.db.documents()?, Mail {
                kind: "inscription_existante",
                concerns: Concerns::user(existing.user.id),
                to: email.as_str(),
                subject: "Une inscription a été tentée avec votre adresse",
                paragraphs: &["Quelqu'un (peut-être vous) a voulu créer un compte avec cette adresse, qui en a déjà un. Si c'est vous, connectez-vous, ou choisissez un nouveau mot de passe si vous l'avez oublié. Sinon, vous pouvez ignorer ce message."],
                link: Some(("Mot de passe oublié", &format!("{}/mot-de-passe-oublie", state.base_url))),
            }).await?;
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
            audit::record(
                &mut tx,
                &visitor.actor(),
                Entry {
                    action: "compte_cree",
                    target_kind: "utilisateur",
                    target_id: id.to_string(),
                    detail: "inscription d'un candidat".into(),
                },
            )
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

async fn send_verification(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    user_id: i64,
    email: &Email,
) -> sqlx::Result<()> {
    let token = tokens::create(
        conn,
        NewToken {
            purpose: Purpose::VerifyEmail,
            user_id: Some(user_id),
            email: email.as_str(),
            payload: "{}".into(),
            created_by: None,
        },
    )
    .await?;
    mails::queue(conn, state.db.documents()?, Mail {
        kind: "verification_adresse",
        concerns: Concerns::user(user_id),
        to: email.as_str(),
        subject: "Confirmez votre adresse e-mail",
        paragraphs: &["Pour terminer la création de votre compte sur la plateforme du programme Médiateur de santé-pair, confirmez votre adresse en ouvrant ce lien. Il est valable 2 jours et ne sert qu'une fois."],
        link: Some(("Confirmer mon adresse", &format!("{}/verification-email?jeton={token}", state.base_url))),
    }).await
}

#[derive(Deserialize, Default)]
struct TokenQuery {
    #[serde(default)]
    jeton: String,
}

async fn verify_email(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let token = match tokens::consume(&mut tx, &query.jeton, Purpose::VerifyEmail).await? {
        Ok(token) => token,
        Err(why) => {
            return unusable_link(
                Layout::of(&visitor),
                why,
                "Se connecter pour recevoir un nouveau lien",
                "/connexion",
            );
        }
    };
    let user_id = token
        .user_id
        .ok_or(Error::Internal("verification token without user"))?;
    users::mark_email_verified(&mut tx, user_id).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "email_verifie",
            target_kind: "utilisateur",
            target_id: user_id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    message(
        MessagePage::new(
            Layout::of(&visitor),
            "Adresse confirmée",
            &["Votre adresse e-mail est confirmée. Vous pouvez maintenant vous connecter."],
        )
        .link("Se connecter", "/connexion")
        .success(),
    )
}

// --- Login ---------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    suivant: String,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    suivant: String,
    /// Set when the gate sent the visitor here because their session expired.
    #[serde(default)]
    expiree: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    layout: Layout,
    errors: FormErrors,
    email: String,
    next: String,
    notice: Option<&'static str>,
}

async fn show_login(visitor: Visitor, Query(query): Query<NextQuery>) -> Result<Response, Error> {
    if visitor.user().is_some() {
        return Ok(Redirect::to("/compte").into_response());
    }
    let notice = (visitor.session_expired || !query.expiree.is_empty())
        .then_some("Votre session a expiré. Connectez-vous à nouveau.");
    Ok(render(&LoginPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        email: String::new(),
        next: safe_next(&query.suivant).unwrap_or_default().to_string(),
        notice,
    })?
    .into_response())
}

/// The seconds still to wait before trying again with these keys, to tell a refused visitor
/// (at least one: the refusal was decided a moment ago).
async fn wait_seconds(conn: &mut sqlx::AnyConnection, keys: &[(&str, bool)]) -> sqlx::Result<i64> {
    let mut wait = 1;
    for (key, per_address) in keys {
        let (failures, last) = throttle::failures(conn, key).await?;
        if let Some(last) = last {
            let delay = i64::try_from(login_delay_seconds(failures, *per_address)).unwrap_or(i64::MAX);
            let remaining = delay - (OffsetDateTime::now_utc() - last).whole_seconds();
            wait = wait.max(remaining);
        }
    }
    Ok(wait)
}

fn try_again_in(seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    format!(
        "Trop d'essais infructueux. Pour protéger les comptes, attendez {minutes} minute{} avant de réessayer.",
        if minutes > 1 { "s" } else { "" }
    )
}

async fn login(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, Error> {
    let next = safe_next(&form.suivant).unwrap_or_default().to_string();
    let page = |errors: FormErrors| LoginPage {
        layout: Layout::of(&visitor),
        errors,
        email: form.email.clone(),
        next: next.clone(),
        notice: None,
    };
    let mut errors = FormErrors::default();
    let Some(email) = errors.check(Email::parse("email", &form.email)) else {
        return invalid(page(errors));
    };
    let account_key = format!("compte:{email}");
    // An unknown address ("-") is nobody's: only the account's limit applies then.
    let address_key = (visitor.ip != "-").then(|| format!("adresse:{}", visitor.ip));
    let mut conn = state.db.pool.acquire().await?;
    // Each limit counts this attempt before the password is checked, or refuses it.
    let mut allowed = true;
    if let Some(address_key) = &address_key {
        allowed = throttle::attempt(&mut conn, address_key, |n| login_delay_seconds(n, true)).await?;
    }
    if allowed && !throttle::attempt(&mut conn, &account_key, |n| login_delay_seconds(n, false)).await? {
        allowed = false;
        if let Some(address_key) = &address_key {
            throttle::give_back(&mut conn, address_key).await?;
        }
    }
    if !allowed {
        let mut keys = vec![(account_key.as_str(), false)];
        keys.extend(address_key.as_deref().map(|key| (key, true)));
        let wait = wait_seconds(&mut conn, &keys).await?;
        errors.add("email", try_again_in(wait));
        return Ok((StatusCode::TOO_MANY_REQUESTS, render(&page(errors))?).into_response());
    }
    let credentials = users::find_by_email(&mut conn, &email).await?;
    // One argon2 verification either way: an unknown address takes as long as a wrong password.
    let password_ok = secrets::verify_password(
        &form.password,
        credentials.as_ref().and_then(|c| c.password_hash.as_deref()),
    );
    let Some(credentials) = credentials.filter(|_| password_ok) else {
        errors.add("email", "Adresse e-mail ou mot de passe incorrect.");
        return invalid(page(errors));
    };
    throttle::clear(&mut conn, &account_key).await?;
    if let Some(address_key) = &address_key {
        throttle::give_back(&mut conn, address_key).await?;
    }
    let user = credentials.user;
    if !user.email_verified {
        let mut tx = state.db.begin().await?;
        tokens::void_for_user(&mut tx, user.id, Purpose::VerifyEmail).await?;
        send_verification(&mut tx, &state, user.id, &email).await?;
        tx.commit().await?;
        state.mailer.wake.notify_one();
        return message(MessagePage::new(
            Layout::of(&visitor),
            "Confirmez d'abord votre adresse",
            &[&format!(
                "Votre adresse n'est pas encore confirmée. Nous venons d'envoyer un nouveau lien à {email} : ouvrez-le, puis connectez-vous."
            )],
        ));
    }
    let complete = !(user.role.requires_second_factor() || user.totp_enabled);
    let response = open_session(&state, &visitor, &headers, &user, complete).await?;
    let target = if !complete {
        second_factor_page(&user).to_string()
    } else if next.is_empty() {
        "/compte".to_string()
    } else {
        next
    };
    Ok((response, Redirect::to(&target)).into_response())
}

/// Opens a new session (a new token at every login and change of privilege), ending the one the
/// request came with, and returns the cookie to set.
async fn open_session(
    state: &AppState,
    visitor: &Visitor,
    _headers: &HeaderMap,
    user: &User,
    complete: bool,
) -> Result<[(header::HeaderName, header::HeaderValue); 1], Error> {
    let mut tx = state.db.begin().await?;
    if let Some(old) = &visitor.signed_in {
        sessions::delete(&mut tx, &old.session_hash).await?;
    }
    let token = sessions::create(&mut tx, user.id, complete).await?;
    users::touch(&mut tx, user.id).await?;
    let actor = audit::Actor {
        id: Some(user.id),
        email: user.email.clone(),
        ip: visitor.ip.clone(),
    };
    let action = if complete { "connexion" } else { "mot_de_passe_verifie" };
    audit::record(
        &mut tx,
        &actor,
        Entry {
            action,
            target_kind: "session",
            target_id: user.id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok([session_cookie(state, &token)])
}

#[derive(Deserialize, Default)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/code.html")]
struct CodePage {
    layout: Layout,
    errors: FormErrors,
}

async fn show_code(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&CodePage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
    })
}

/// The second factor: a code of the authenticator app (each works once) or a recovery code.
async fn check_code(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, Error> {
    let signed_in = visitor.signed_in.clone().ok_or(Error::Forbidden)?;
    let user = signed_in.user;
    let key = format!("code:{}", user.id);
    let mut conn = state.db.pool.acquire().await?;
    let mut errors = FormErrors::default();
    if !throttle::attempt(&mut conn, &key, |n| login_delay_seconds(n, false)).await? {
        let wait = wait_seconds(&mut conn, &[(&key, false)]).await?;
        errors.add("code", try_again_in(wait));
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            render(&CodePage {
                layout: Layout::of(&visitor),
                errors,
            })?,
        )
            .into_response());
    }
    let credentials = users::find(&mut conn, user.id).await?.ok_or(Error::Forbidden)?;
    let code = form.code.trim();
    let accepted = match &credentials.totp_secret {
        Some(_) if code.contains('-') => {
            users::use_recovery_code(&mut conn, user.id, &secrets::token_hash(&code.to_lowercase())).await?
        }
        Some(secret) => match secrets::totp_step(secret, code, now_unix()) {
            Some(step) => users::use_totp_step(&mut conn, user.id, step).await?,
            None => false,
        },
        None => false,
    };
    if !accepted {
        errors.add("code", "Ce code n'est pas valide ou a déjà servi. Saisissez le code à 6 chiffres affiché maintenant par votre application, ou un code de secours.");
        return invalid(CodePage {
            layout: Layout::of(&visitor),
            errors,
        });
    }
    throttle::clear(&mut conn, &key).await?;
    drop(conn);
    let cookie = open_session(&state, &visitor, &headers, &user, true).await?;
    Ok((cookie, Redirect::to("/compte")).into_response())
}

fn now_unix() -> u64 {
    u64::try_from(OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0)
}

#[derive(Deserialize, Default)]
struct Empty {}

async fn logout(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, Error> {
    if let Some(session) = &visitor.signed_in {
        let mut tx = state.db.begin().await?;
        sessions::delete(&mut tx, &session.session_hash).await?;
        audit::record(
            &mut tx,
            &visitor.actor(),
            Entry {
                action: "deconnexion",
                target_kind: "session",
                target_id: session.user.id.to_string(),
                detail: String::new(),
            },
        )
        .await?;
        tx.commit().await?;
    }
    let page = MessagePage::new(
        Layout {
            csrf: visitor.csrf.clone(),
            ..Layout::anonymous()
        },
        "Vous êtes déconnecté·e",
        &["À bientôt."],
    )
    .link("Revenir à l'accueil", "/");
    Ok(([clear_session_cookie(&state)], render(&page)?).into_response())
}

// --- Password reset ------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    layout: Layout,
    errors: FormErrors,
    email: String,
}

async fn show_forgot(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&ForgotPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        email: String::new(),
    })
}

/// Sends a reset link if the address has an account; says the same either way.
async fn request_reset(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<ForgotForm>,
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
        let token = tokens::create(
            &mut tx,
            NewToken {
                purpose: Purpose::ResetPassword,
                user_id: Some(id),
                email: email.as_str(),
                payload: "{}".into(),
                created_by: None,
            },
        )
        .await?;
        mails::queue(&mut tx, state.db.documents()?, Mail {
            kind: "reinitialisation",
            concerns: Concerns::user(id),
            to: email.as_str(),
            subject: "Choisir un nouveau mot de passe",
            paragraphs: &["Vous avez demandé à changer de mot de passe. Ce lien est valable 1 heure et ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas."],
            link: Some(("Choisir un nouveau mot de passe", &format!("{}/mot-de-passe/nouveau?jeton={token}", state.base_url))),
        }).await?;
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    message(MessagePage::new(Layout::of(&visitor), "Vérifiez votre boîte mail", &[&format!("Si un compte existe pour {email}, un lien pour choisir un nouveau mot de passe vient d'y être envoyé. Il est valable 1 heure.")]).success())
}

#[derive(Deserialize, Default)]
struct ResetForm {
    #[serde(default)]
    jeton: String,
    #[serde(default)]
    password: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    layout: Layout,
    errors: FormErrors,
    token: String,
}

async fn show_reset(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    if let Err(why) = tokens::peek(&mut conn, &query.jeton, Purpose::ResetPassword).await? {
        return unusable_link(
            Layout::of(&visitor),
            why,
            "Demander un nouveau lien",
            "/mot-de-passe-oublie",
        );
    }
    Ok(render(&ResetPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        token: query.jeton,
    })?
    .into_response())
}

/// Sets the new password and ends every session of the account.
async fn reset_password(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let token = match tokens::peek(&mut tx, &form.jeton, Purpose::ResetPassword).await? {
        Ok(token) => token,
        Err(why) => {
            return unusable_link(
                Layout::of(&visitor),
                why,
                "Demander un nouveau lien",
                "/mot-de-passe-oublie",
            );
        }
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
        return unusable_link(
            Layout::of(&visitor),
            why,
            "Demander un nouveau lien",
            "/mot-de-passe-oublie",
        );
    }
    let user_id = token.user_id.ok_or(Error::Internal("reset token without user"))?;
    users::set_password(&mut tx, user_id, &secrets::hash_password(&form.password)).await?;
    // The link proves the address works.
    users::mark_email_verified(&mut tx, user_id).await?;
    sessions::delete_others(&mut tx, user_id, None).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "mot_de_passe_reinitialise",
            target_kind: "utilisateur",
            target_id: user_id.to_string(),
            detail: String::new(),
        },
    )
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

// --- The account page ----------------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    layout: Layout,
    user: User,
    /// What the user's scope covers, named as people know it.
    scopes: Vec<String>,
    errors: FormErrors,
    notice: Option<&'static str>,
}

async fn account_page(
    state: &AppState,
    visitor: &Visitor,
    user: User,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<AccountPage, Error> {
    let mut scopes = Vec::new();
    if !user.scopes.is_empty() {
        let mut conn = state.db.pool.acquire().await?;
        let establishments = establishments::list_names(&mut conn).await?;
        for scope in &user.scopes {
            let label = match scope.kind {
                ScopeKind::Establishment => establishments
                    .iter()
                    .find(|(id, _)| id.to_string() == scope.value)
                    .map(|(_, name)| name.clone()),
                ScopeKind::Region => territory::region(&scope.value).map(|r| format!("Région {}", r.name)),
                ScopeKind::Track => Track::parse(&scope.value).map(|t| t.label().to_string()),
            };
            scopes.push(label.unwrap_or_else(|| scope.value.clone()));
        }
    }
    Ok(AccountPage {
        layout: Layout::of(visitor),
        user,
        scopes,
        errors,
        notice,
    })
}

async fn show_account(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
) -> Result<Html<String>, Error> {
    render(&account_page(&state, &visitor, user, FormErrors::default(), None).await?)
}

#[derive(Deserialize, Default)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

/// Changes the password, ends the account's other sessions and renews this one.
async fn change_password(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let credentials = users::find(&mut conn, user.id).await?.ok_or(Error::Forbidden)?;
    let mut errors = FormErrors::default();
    if !secrets::verify_password(&form.current, credentials.password_hash.as_deref()) {
        errors.add("current", "Le mot de passe actuel n'est pas le bon.");
    }
    let email = Email::parse("email", &user.email).ok();
    errors.check(check_new_password("password", &form.password, email.as_ref()));
    drop(conn);
    if !errors.is_empty() {
        return invalid(account_page(&state, &visitor, user, errors, None).await?);
    }
    let mut tx = state.db.begin().await?;
    users::set_password(&mut tx, user.id, &secrets::hash_password(&form.password)).await?;
    sessions::delete_others(&mut tx, user.id, None).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "mot_de_passe_modifie",
            target_kind: "utilisateur",
            target_id: user.id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    let visitor_without_session = Visitor {
        signed_in: None,
        ..visitor.clone()
    };
    let cookie = open_session(&state, &visitor_without_session, &headers, &user, true).await?;
    let notice = Some("Votre mot de passe est changé. Vos autres sessions sont fermées.");
    let page = account_page(&state, &visitor, user, errors, notice).await?;
    Ok((cookie, render(&page)?).into_response())
}

// --- Second factor -------------------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "accounts/totp.html")]
struct TotpPage {
    layout: Layout,
    errors: FormErrors,
    enabled: bool,
    is_candidate: bool,
    secret: String,
    qr_svg: String,
}

impl TotpPage {
    /// "ABCD EFGH …": easier to type than one long run.
    fn secret_grouped(&self) -> String {
        self.secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .build();
            // The XML declaration is not allowed inside HTML.
            svg.find("<svg").map(|at| svg[at..].to_string()).unwrap_or_default()
        }
        Err(_) => String::new(),
    }
}

fn totp_page(visitor: &Visitor, user: &User, secret: String, errors: FormErrors) -> TotpPage {
    let qr = if user.totp_enabled {
        String::new()
    } else {
        qr_svg(&secrets::totp_url(&secret, &user.email))
    };
    TotpPage {
        layout: Layout::of(visitor),
        errors,
        enabled: user.totp_enabled,
        is_candidate: user.role == Role::Candidate,
        secret,
        qr_svg: qr,
    }
}

async fn show_totp(visitor: Visitor, EnrollingUser(user): EnrollingUser) -> Result<Html<String>, Error> {
    render(&totp_page(
        &visitor,
        &user,
        secrets::new_totp_secret(),
        FormErrors::default(),
    ))
}

#[derive(Deserialize, Default)]
struct TotpForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/recovery.html")]
struct RecoveryPage {
    layout: Layout,
    codes: Vec<String>,
}

/// Turns the second factor on once the app shows a matching code, and gives recovery codes.
async fn enable_totp(
    State(state): State<AppState>,
    visitor: Visitor,
    EnrollingUser(user): EnrollingUser,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<TotpForm>,
) -> Result<Response, Error> {
    if user.totp_enabled {
        return Ok(Redirect::to("/compte/double-authentification").into_response());
    }
    let secret = form.secret.trim().to_uppercase();
    let Some(step) = secrets::totp_step(&secret, &form.code, now_unix()) else {
        let mut errors = FormErrors::default();
        errors.add("code", "Ce code ne correspond pas. Vérifiez que l'heure de votre téléphone est juste, puis saisissez le code à 6 chiffres affiché maintenant.");
        return invalid(totp_page(&visitor, &user, secret, errors));
    };
    let codes = secrets::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| secrets::token_hash(c)).collect();
    let mut tx = state.db.begin().await?;
    users::set_totp_secret(&mut tx, user.id, &secret, step).await?;
    users::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "double_authentification_activee",
            target_kind: "utilisateur",
            target_id: user.id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    // Completing the second factor is a change of privilege: a new session token.
    let cookie = open_session(&state, &visitor, &headers, &user, true).await?;
    let user = User {
        totp_enabled: true,
        ..user
    };
    let layout = Layout {
        user_name: Some(user.display_name.clone()),
        second_factor_pending: false,
        ..Layout::of(&visitor)
    };
    Ok((cookie, render(&RecoveryPage { layout, codes })?).into_response())
}

/// Candidates chose the second factor, so they may turn it off (with their password).
async fn disable_totp(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let credentials = users::find(&mut tx, user.id).await?.ok_or(Error::Forbidden)?;
    if !secrets::verify_password(&form.current, credentials.password_hash.as_deref()) {
        let mut errors = FormErrors::default();
        errors.add(
            "current",
            "Le mot de passe n'est pas le bon : la double authentification reste active.",
        );
        return invalid(totp_page(&visitor, &user, String::new(), errors));
    }
    users::clear_totp(&mut tx, user.id).await?;
    users::replace_recovery_codes(&mut tx, user.id, &[]).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "double_authentification_desactivee",
            target_kind: "utilisateur",
            target_id: user.id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    message(MessagePage::new(Layout::of(&visitor), "Double authentification désactivée", &["Votre compte ne demande plus de code à la connexion. Vous pouvez la réactiver à tout moment depuis votre compte."]).link("Mon compte", "/compte").success())
}

/// Extends the session: answering at all is enough, since [`super::auth::identify`] touched it.
async fn extend_session(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, Error> {
    if let Some(session) = &visitor.signed_in {
        let mut conn = state.db.pool.acquire().await?;
        sessions::touch(&mut conn, &session.session_hash).await?;
    }
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.strip_prefix(&*state.base_url))
        .and_then(safe_next)
        .unwrap_or("/compte")
        .to_string();
    Ok(Redirect::to(&back).into_response())
}

// --- Invitations ---------------------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "accounts/invitation.html")]
struct InvitationPage {
    layout: Layout,
    errors: FormErrors,
    token: String,
    email: String,
    role: &'static str,
    name: String,
}

async fn show_invitation(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let token = match tokens::peek(&mut conn, &query.jeton, Purpose::Invitation).await? {
        Ok(token) => token,
        Err(why) => return unusable_link(Layout::of(&visitor), why, "Contacter la coordination du programme", "/"),
    };
    let grant: Grant = serde_json::from_str(&token.payload).map_err(|_| Error::Internal("invitation payload"))?;
    Ok(render(&InvitationPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        token: query.jeton,
        email: token.email,
        role: grant.role.label(),
        name: String::new(),
    })?
    .into_response())
}

#[derive(Deserialize, Default)]
struct InvitationForm {
    #[serde(default)]
    jeton: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// Creates the invited account with the role and scopes of the invitation.
async fn accept_invitation(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<InvitationForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let token = match tokens::peek(&mut tx, &form.jeton, Purpose::Invitation).await? {
        Ok(token) => token,
        Err(why) => return unusable_link(Layout::of(&visitor), why, "Contacter la coordination du programme", "/"),
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
        });
    }
    if users::find_by_email(&mut tx, &email).await?.is_some() {
        return message(MessagePage::new(Layout::of(&visitor), "Ce compte existe déjà", &["Un compte existe déjà pour cette adresse. Connectez-vous, ou demandez à la coordination de modifier son rôle."]).link("Se connecter", "/connexion"));
    }
    if let Err(why) = tokens::consume(&mut tx, &form.jeton, Purpose::Invitation).await? {
        return unusable_link(Layout::of(&visitor), why, "Contacter la coordination du programme", "/");
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
