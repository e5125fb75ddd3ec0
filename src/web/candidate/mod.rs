//! The candidate's own space: each application with its state, dated history and interviews;
//! withdrawing, the talent pool, withdrawing consent; downloading all of one's data; erasing
//! one's account. Reached with an account, or without one through the application's follow
//! link (a secret only the candidate received).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::auth::{Access, CsrfForm, Visitor, clear_session_cookie};
use super::views::{FormErrors, Layout, MessagePage, french_instant, render, stored_instant};
use super::{AppState, Error, Route};
use crate::db::applications::{self, Application, Event, NewEvent};
use crate::db::audit::{self, Entry};
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
        Route::get("/mes-candidatures/{id}", own, show_own),
        Route::post("/mes-candidatures/{id}/retrait", own, withdraw_own),
        Route::post("/mes-candidatures/{id}/vivier", own, talent_pool_own),
        Route::post("/mes-candidatures/{id}/consentement", own, withdraw_consent_own),
        Route::get("/mes-donnees.zip", own, download_account_data),
        Route::post("/compte/effacement", own, erase_account),
        Route::get("/suivi/{token}", Access::Public, show_linked).personal(),
        Route::post("/suivi/{token}/retrait", Access::Public, withdraw_linked).personal(),
        Route::post("/suivi/{token}/vivier", Access::Public, talent_pool_linked).personal(),
        Route::post("/suivi/{token}/consentement", Access::Public, withdraw_consent_linked).personal(),
        Route::get("/suivi/{token}/donnees.zip", Access::Public, download_linked_data).personal(),
    ]
}

/// How the candidate reached their application.
enum Key {
    Account(User, String),
    Link(String),
}

impl Key {
    fn own(visitor: &Visitor, id: String) -> Result<Key, Error> {
        Ok(Key::Account(visitor.user().cloned().ok_or(Error::Forbidden)?, id))
    }

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
        Key::Account(user, id) => {
            let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
            applications::find_for_candidate(&mut conn, id, user.id, &user.email).await?
        }
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
