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
use super::views::{FormErrors, Layout, MessagePage, render, render_as};
use super::{AppState, Error, Route};
use crate::accounts::Grant;
use crate::db::audit::{self, Entry};
use crate::db::outbox::Concerns;
use crate::db::tokens::{self, NewToken, Purpose, Unusable};
use crate::db::{establishments, sessions, throttle, users};
use crate::domain::account::{Email, Signup, User, check_new_password, login_delay_seconds};
use crate::domain::fiche::Track;
use crate::domain::geo::territory;
use crate::domain::policy::Action;
use crate::domain::role::{Role, ScopeKind};
use crate::mail;
use crate::secrets;

mod account;
mod invitations;
mod login;
mod oidc;
mod oidc_link;
mod reset;
mod second_factor;
mod signup;

use account::*;
use invitations::*;
use login::*;
use oidc::*;
use oidc_link::*;
use reset::*;
use second_factor::*;
use signup::*;

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
        // A link, as the provider's button is; an invitation's token rides in it as on /invitation.
        Route::get("/connexion/oidc", Access::Public, start_oidc).personal(),
        // The provider's return carries a single-use code: never cached nor kept in logs' URLs.
        Route::get("/connexion/oidc/retour", Access::Public, oidc_return).personal(),
        Route::get("/deconnexion/oidc", Access::Public, after_provider_sign_out),
        Route::post("/compte/oidc/delier", Access::SignedIn, unlink_oidc),
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
    render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

fn message(page: MessagePage) -> Result<Response, Error> {
    Ok(render(&page)?.into_response())
}

/// The page for a link that cannot be used, saying what to do instead.
fn unusable_link(visitor: &Visitor, why: Unusable, (again_label, again_url): (&str, &str)) -> Result<Response, Error> {
    let text = match why {
        Unusable::Unknown => "Ce lien n'est pas valide. Il a peut-être été mal copié : vérifiez qu'il est complet.",
        Unusable::Expired => "Ce lien a expiré : pour votre sécurité, il n'est valable que peu de temps.",
        Unusable::AlreadyUsed => "Ce lien a déjà servi : chaque lien ne fonctionne qu'une fois.",
    };
    let page = MessagePage::new(
        Layout::of(visitor),
        "Lien inutilisable",
        &[text, "Vous pouvez en demander un nouveau."],
    )
    .link(again_label, again_url);
    render_as(StatusCode::GONE, &page)
}
