//! The account page.

use super::*;

#[derive(askama::Template)]
#[template(path = "accounts/account.html")]
pub(super) struct AccountPage {
    layout: Layout,
    user: User,
    /// What the user's scope covers, named as people know it.
    scopes: Vec<String>,
    errors: FormErrors,
    notice: Option<&'static str>,
    /// The OpenID provider's name when one is configured, and this account's identities there
    /// (SIRET, date linked).
    oidc_name: Option<String>,
    identities: Vec<(Option<String>, String)>,
}

impl AccountPage {
    /// The event log reaches this role: link its notification settings.
    fn may_choose_notifications(&self) -> bool {
        crate::domain::policy::permits(self.user.role, crate::domain::policy::Action::ChooseNotifications)
    }
}

pub(super) async fn account_page(
    state: &AppState, visitor: &Visitor, user: User, errors: FormErrors, notice: Option<&'static str>,
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
    let mut identities = Vec::new();
    if let Some(provider) = &state.oidc {
        let mut conn = state.db.pool.acquire().await?;
        for identity in crate::db::identities::of_user(&mut conn, user.id).await? {
            if identity.issuer == provider.settings.issuer {
                let date = crate::domain::french::date_in_words(&identity.linked_at.date().to_string());
                identities.push((identity.siret, date));
            }
        }
    }
    Ok(AccountPage {
        layout: Layout::of(visitor),
        user,
        scopes,
        errors,
        notice,
        oidc_name: button_name(state),
        identities,
    })
}

pub(super) async fn show_account(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
) -> Result<Html<String>, Error> {
    render(&account_page(&state, &visitor, user, FormErrors::default(), None).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PasswordForm {
    pub(super) current: String,
    pub(super) password: String,
}

/// Changes the password, ends the account's other sessions and renews this one.
pub(super) async fn change_password(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, headers: HeaderMap,
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
    visitor
        .audit(&mut tx, "mot_de_passe_modifie", "utilisateur", user.id, "")
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
