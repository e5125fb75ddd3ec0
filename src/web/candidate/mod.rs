//! The candidate's own space: each application with its state, dated history and interviews;
//! withdrawing, the talent pool, withdrawing consent; downloading all of one's data; erasing
//! one's account. Reached with an account, or without one through the application's follow
//! link (a secret only the candidate received).

use axum::extract::{FromRequestParts, RawPathParams, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor, clear_session_cookie};
use super::download::attachment;
use super::extract::PathId;
use super::views::{FormErrors, Layout, MessagePage, french_instant, render, render_as, stored_instant};
use super::{AppState, Error, Route};
use crate::db::applications::{self, Application, Event, NewEvent};
use crate::db::candidate_documents;
use crate::db::interviews::{self, Interview};
use crate::db::outbox::Concerns;
use crate::domain::account::{Email, User};
use crate::domain::application::ApplicationStatus;
use crate::domain::policy::Action;
use crate::mail::{Withdrawal, queue};
use crate::secrets::token_hash;

mod application;
mod data;
mod list;

use application::*;
use data::*;
use list::*;

pub fn routes() -> Vec<Route> {
    let own = Access::Can(Action::FollowOwnApplications);
    vec![
        Route::get("/mes-candidatures", own, list_own),
        Route::get("/mes-candidatures/{id}", own, show),
        Route::post("/mes-candidatures/{id}/retrait", own, withdraw),
        Route::post("/mes-candidatures/{id}/vivier", own, talent_pool),
        Route::post("/mes-candidatures/{id}/consentement", own, withdraw_consent),
        Route::get("/mes-donnees.zip", own, download_account_data),
        Route::post("/compte/effacement", own, erase_account),
        Route::get("/suivi/{token}", Access::Public, show).personal(),
        Route::post("/suivi/{token}/retrait", Access::Public, withdraw).personal(),
        Route::post("/suivi/{token}/vivier", Access::Public, talent_pool).personal(),
        Route::post("/suivi/{token}/consentement", Access::Public, withdraw_consent).personal(),
        Route::get("/suivi/{token}/donnees.zip", Access::Public, download_linked_data).personal(),
    ]
}

/// How the candidate reached their application: signed in, by its number in their account
/// (`/mes-candidatures/{id}`), or by its follow link (`/suivi/{token}`). The same handler
/// serves both routes of each page or action.
enum Key {
    Account(User, i64),
    Link(String),
}

impl<S: Send + Sync> FromRequestParts<S> for Key {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| Error::NotFound)?;
        match params.iter().next() {
            Some(("token", token)) => Ok(Key::Link(token.to_string())),
            Some(("id", _)) => {
                let PathId(id) = PathId::from_request_parts(parts, state).await?;
                let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
                Ok(Key::Account(user, id))
            }
            _ => Err(Error::Internal("candidate route without an id or a token")),
        }
    }
}

impl Key {
    /// Where the application's page and actions are.
    fn base(&self) -> String {
        match self {
            Key::Account(_, id) => format!("/mes-candidatures/{id}"),
            Key::Link(token) => format!("/suivi/{token}"),
        }
    }
}

/// The application the key opens; anything else does not exist.
async fn load(state: &AppState, key: &Key) -> Result<Application, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let found = match key {
        Key::Account(user, id) => applications::find_for_candidate(&mut conn, *id, user.id, &user.email).await?,
        Key::Link(token) => {
            let hash = token_hash(token);
            // The link was sent to the application's address only: whoever opens it controls
            // that address, so the application may now join the account that has it.
            applications::prove_email_by_follow_token(&mut conn, &hash).await?;
            applications::find_by_follow_token(&mut conn, &hash).await?
        }
    };
    found.ok_or(Error::NotFound)
}
