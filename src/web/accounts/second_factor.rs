//! Second factor.

use super::*;

#[derive(askama::Template)]
#[template(path = "accounts/totp.html")]
pub(super) struct TotpPage {
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

pub(super) fn qr_svg(text: &str) -> String {
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

pub(super) fn totp_page(visitor: &Visitor, user: &User, secret: String, errors: FormErrors) -> TotpPage {
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

pub(super) async fn show_totp(visitor: Visitor, EnrollingUser(user): EnrollingUser) -> Result<Html<String>, Error> {
    render(&totp_page(
        &visitor,
        &user,
        secrets::new_totp_secret(),
        FormErrors::default(),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TotpForm {
    secret: String,
    code: String,
}

#[derive(askama::Template)]
#[template(path = "accounts/recovery.html")]
pub(super) struct RecoveryPage {
    layout: Layout,
    codes: Vec<String>,
}

/// Turns the second factor on once the app shows a matching code, and gives recovery codes.
pub(super) async fn enable_totp(
    State(state): State<AppState>, visitor: Visitor, EnrollingUser(user): EnrollingUser, headers: HeaderMap,
    CsrfForm(form): CsrfForm<TotpForm>,
) -> Result<Response, Error> {
    if user.totp_enabled {
        return Ok(Redirect::to("/compte/double-authentification").into_response());
    }
    let secret = form.secret.trim().to_uppercase();
    let Some(step) = secrets::totp_step(&secret, &form.code, now_unix()) else {
        let errors = FormErrors::one(
            "code",
            "Ce code ne correspond pas. Vérifiez que l'heure de votre téléphone est juste, puis saisissez le code à 6 chiffres affiché maintenant.",
        );
        return invalid(totp_page(&visitor, &user, secret, errors));
    };
    let codes = secrets::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| secrets::token_hash(c)).collect();
    let mut tx = state.db.begin().await?;
    users::set_totp_secret(&mut tx, state.db.documents()?, user.id, &secret, step).await?;
    users::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
    visitor
        .audit(&mut tx, "double_authentification_activee", "utilisateur", user.id, "")
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
        places: crate::domain::workspace::places(user.role),
        ..Layout::of(&visitor)
    };
    Ok((cookie, render(&RecoveryPage { layout, codes })?).into_response())
}

/// Candidates chose the second factor, so they may turn it off (with their password).
pub(super) async fn disable_totp(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let credentials = users::find(&mut tx, user.id).await?.ok_or(Error::Forbidden)?;
    if !secrets::verify_password(&form.current, credentials.password_hash.as_deref()) {
        let errors = FormErrors::one(
            "current",
            "Le mot de passe n'est pas le bon : la double authentification reste active.",
        );
        return invalid(totp_page(&visitor, &user, String::new(), errors));
    }
    users::clear_totp(&mut tx, user.id).await?;
    users::replace_recovery_codes(&mut tx, user.id, &[]).await?;
    visitor
        .audit(
            &mut tx,
            "double_authentification_desactivee",
            "utilisateur",
            user.id,
            "",
        )
        .await?;
    tx.commit().await?;
    message(MessagePage::new(Layout::of(&visitor), "Double authentification désactivée", &["Votre compte ne demande plus de code à la connexion. Vous pouvez la réactiver à tout moment depuis votre compte."]).link("Mon compte", "/compte").success())
}

/// Extends the session: answering at all is enough, since [`super::auth::identify`] touched it.
pub(super) async fn extend_session(
    State(state): State<AppState>, visitor: Visitor, headers: HeaderMap, CsrfForm(_): CsrfForm<Empty>,
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
