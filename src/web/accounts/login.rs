//! Login.

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LoginForm {
    email: String,
    password: String,
    suivant: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NextQuery {
    suivant: String,
    /// Set when the gate sent the visitor here because their session expired.
    expiree: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/login.html")]
pub(super) struct LoginPage {
    layout: Layout,
    errors: FormErrors,
    email: String,
    next: String,
    notice: Option<&'static str>,
    /// The OpenID provider's name, when one is configured: its button.
    oidc_name: Option<String>,
}

impl LoginPage {
    /// The provider's button comes back to the page asked for, as the password does.
    fn oidc_query(&self) -> String {
        if self.next.is_empty() {
            String::new()
        } else {
            format!(
                "?suivant={}",
                url::form_urlencoded::byte_serialize(self.next.as_bytes()).collect::<String>()
            )
        }
    }
}

pub(super) async fn show_login(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<NextQuery>,
) -> Result<Response, Error> {
    if visitor.user().is_some() {
        return Ok(Redirect::to("/espace").into_response());
    }
    let notice = (visitor.session_expired || !query.expiree.is_empty())
        .then_some("Votre session a expiré. Connectez-vous à nouveau.");
    Ok(render(&LoginPage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
        email: String::new(),
        next: safe_next(&query.suivant).unwrap_or_default().to_string(),
        notice,
        oidc_name: button_name(&state),
    })?
    .into_response())
}

/// The seconds still to wait before trying again with these keys, to tell a refused visitor
/// (at least one: the refusal was decided a moment ago).
pub(super) async fn wait_seconds(conn: &mut sqlx::AnyConnection, keys: &[(&str, bool)]) -> sqlx::Result<i64> {
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

/// The two limits a login attempt counts against: the account's, and the client address's.
struct LoginLimits {
    account: String,
    /// An unknown address ("-") is nobody's: only the account's limit applies then.
    address: Option<String>,
}

impl LoginLimits {
    fn of(email: &Email, ip: &str) -> LoginLimits {
        LoginLimits {
            account: format!("compte:{email}"),
            address: (ip != "-").then(|| format!("adresse:{ip}")),
        }
    }

    /// Counts this attempt against each limit before the password is checked; when a limit
    /// refuses it, the seconds to wait (and the attempt counts against neither).
    async fn attempt(&self, conn: &mut sqlx::AnyConnection) -> sqlx::Result<Option<i64>> {
        let mut allowed = true;
        if let Some(address) = &self.address {
            allowed = throttle::attempt(conn, address, |n| login_delay_seconds(n, true)).await?;
        }
        if allowed && !throttle::attempt(conn, &self.account, |n| login_delay_seconds(n, false)).await? {
            allowed = false;
            if let Some(address) = &self.address {
                throttle::give_back(conn, address).await?;
            }
        }
        if allowed {
            return Ok(None);
        }
        let mut keys = vec![(self.account.as_str(), false)];
        keys.extend(self.address.as_deref().map(|key| (key, true)));
        Ok(Some(wait_seconds(conn, &keys).await?))
    }

    /// The right password: the account's failures are forgotten, the address's attempt given
    /// back.
    async fn passed(&self, conn: &mut sqlx::AnyConnection) -> sqlx::Result<()> {
        throttle::clear(conn, &self.account).await?;
        if let Some(address) = &self.address {
            throttle::give_back(conn, address).await?;
        }
        Ok(())
    }
}

pub(super) fn try_again_in(seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    format!(
        "Trop d'essais infructueux. Pour protéger les comptes, attendez {minutes} minute{} avant de réessayer.",
        if minutes > 1 { "s" } else { "" }
    )
}

pub(super) async fn login(
    State(state): State<AppState>, visitor: Visitor, headers: HeaderMap, CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, Error> {
    let next = safe_next(&form.suivant).unwrap_or_default().to_string();
    let page = |errors: FormErrors| LoginPage {
        layout: Layout::of(&visitor),
        errors,
        email: form.email.clone(),
        next: next.clone(),
        notice: None,
        oidc_name: button_name(&state),
    };
    let mut errors = FormErrors::default();
    let Some(email) = errors.check(Email::parse("email", &form.email)) else {
        return invalid(page(errors));
    };
    let limits = LoginLimits::of(&email, &visitor.ip);
    let mut conn = state.db.pool.acquire().await?;
    if let Some(wait) = limits.attempt(&mut conn).await? {
        errors.add("email", try_again_in(wait));
        return render_as(StatusCode::TOO_MANY_REQUESTS, &page(errors));
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
    limits.passed(&mut conn).await?;
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
        "/espace".to_string()
    } else {
        next
    };
    Ok((response, Redirect::to(&target)).into_response())
}

/// Opens a new session (a new token at every login and change of privilege), ending the one the
/// request came with, and returns the cookie to set.
pub(super) async fn open_session(
    state: &AppState, visitor: &Visitor, _headers: &HeaderMap, user: &User, complete: bool,
) -> Result<[(header::HeaderName, header::HeaderValue); 1], Error> {
    let action = if complete { "connexion" } else { "mot_de_passe_verifie" };
    Ok(open_session_as(state, visitor, user, complete, action, "")
        .await?
        .cookie)
}

/// A session just opened: the cookie to set, and the hash it is stored under.
pub(super) struct Opened {
    pub(super) cookie: [(header::HeaderName, header::HeaderValue); 1],
    pub(super) hash: String,
}

/// Opens a session, recorded in the audit log as `action`. A session that follows another of
/// the same sign-in (after the second factor) keeps the provider's ID token, for its sign-out.
pub(super) async fn open_session_as(
    state: &AppState, visitor: &Visitor, user: &User, complete: bool, action: &str, detail: &str,
) -> Result<Opened, Error> {
    let mut tx = state.db.begin().await?;
    let token = sessions::create(&mut tx, user.id, complete).await?;
    let hash = secrets::token_hash(&token);
    if let Some(old) = &visitor.signed_in {
        if old.user.id == user.id {
            crate::db::identities::carry_id_token(&mut tx, &old.session_hash, &hash).await?;
        }
        sessions::delete(&mut tx, &old.session_hash).await?;
    }
    users::touch(&mut tx, user.id).await?;
    let actor = audit::Actor {
        id: Some(user.id),
        email: user.email.clone(),
        ip: visitor.ip.clone(),
    };
    audit::record(
        &mut tx,
        &actor,
        Entry {
            action,
            target_kind: "session",
            target_id: user.id.to_string(),
            detail: detail.to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Opened {
        cookie: [session_cookie(state, &token)],
        hash,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CodeForm {
    code: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/code.html")]
pub(super) struct CodePage {
    layout: Layout,
    errors: FormErrors,
}

pub(super) async fn show_code(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&CodePage {
        layout: Layout::of(&visitor),
        errors: FormErrors::default(),
    })
}

/// The second factor: a code of the authenticator app (each works once) or a recovery code.
pub(super) async fn check_code(
    State(state): State<AppState>, visitor: Visitor, headers: HeaderMap, CsrfForm(form): CsrfForm<CodeForm>,
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
    let accepted = match &credentials.totp {
        Some(_) if code.contains('-') => {
            users::use_recovery_code(&mut conn, user.id, &secrets::token_hash(&code.to_lowercase())).await?
        }
        Some(stored) => check_totp(&state, &mut conn, user.id, stored, code).await?,
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
    Ok((cookie, Redirect::to("/espace")).into_response())
}

/// Whether an authenticator's code is right and unused. A secret still in clear (enrolled before
/// it was sealed at rest, and not yet sealed at start-up) works, and is sealed once it has.
async fn check_totp(
    state: &AppState, conn: &mut sqlx::AnyConnection, user_id: i64, stored: &users::StoredTotp, code: &str,
) -> Result<bool, Error> {
    let cipher = state.db.documents()?;
    let secret = stored
        .open(cipher)
        .map_err(|_| Error::Internal("secret de double authentification illisible avec les clés configurées"))?;
    let Some(step) = secrets::totp_step(&secret, code, now_unix()) else {
        return Ok(false);
    };
    if !users::use_totp_step(conn, user_id, step).await? {
        return Ok(false);
    }
    if matches!(stored, users::StoredTotp::Clear(_)) {
        users::reseal_totp(conn, cipher, user_id, stored, &secret).await?;
    }
    Ok(true)
}

pub(super) fn now_unix() -> u64 {
    u64::try_from(OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0)
}

#[derive(Deserialize, Default)]
pub(super) struct Empty {}

pub(super) async fn logout(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, Error> {
    let provider_sign_out = provider_sign_out(&state, &visitor).await?;
    if let Some(session) = &visitor.signed_in {
        let mut tx = state.db.begin().await?;
        sessions::delete(&mut tx, &session.session_hash).await?;
        visitor
            .audit(&mut tx, "deconnexion", "session", session.user.id, "")
            .await?;
        tx.commit().await?;
    }
    if let Some(url) = provider_sign_out {
        return Ok(([clear_session_cookie(&state)], Redirect::to(&url)).into_response());
    }
    Ok(([clear_session_cookie(&state)], render(&signed_out_page(&visitor))?).into_response())
}
