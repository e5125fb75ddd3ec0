//! ARS funding: the ARS opens calls for projects, establishments file funding requests with
//! their documents, the ARS instructs them; an accepted request becomes a subsidy whose
//! payments the ARS records. An ARS officer sees their region only, a recruiter their
//! establishments only; out of scope, a call, request or subsidy does not exist (404).

use axum::extract::{FromRequest, Multipart, Request as HttpRequest, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::Date;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::download::attachment;
use super::extract::{InScope, PathId, Scoped};
use super::statistics::BarChart;
use super::views::{FormErrors, Layout, Refusal, render, render_as};
use super::{AppState, Error, Route};
use crate::db::funding::{self as db, Author, Decided, Document, Event, Regions, Request, Subsidy};
use crate::db::{establishments, projects};
use crate::domain::account::User;
use crate::domain::calendar::parse_date_field;
use crate::domain::calendar::{french_date, in_paris};
use crate::domain::funding::{self as rules, Call, CallInput, Decision, Kept, RequestAction, euros};
use crate::domain::policy::{self, Action, FundingScope, funding_scope, permits};
use crate::domain::project::{Project, ProjectState};
use crate::domain::role::Role;
use crate::export::csv::{Cell, Csv};
use sqlx::AnyConnection;

mod calls;
mod dashboard;
mod documents;
mod requests;
mod subsidies;

use calls::*;
use dashboard::*;
use documents::*;
use requests::*;
use subsidies::*;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/financements", Access::Can(Action::FollowFunding), show_funding),
        Route::get("/financements.csv", Access::Can(Action::RunCalls), funding_csv),
        Route::get("/appels/nouveau", Access::Can(Action::RunCalls), show_new_call),
        Route::post("/appels/nouveau", Access::Can(Action::RunCalls), create_call),
        Route::get("/appels/{id}", Access::Can(Action::FollowFunding), show_call),
        Route::post(
            "/appels/{id}/demandes",
            Access::Can(Action::RequestFunding),
            create_request,
        ),
        Route::get("/demandes/{id}", Access::Can(Action::FollowFunding), show_request),
        Route::post(
            "/demandes/{id}/documents",
            Access::Can(Action::RequestFunding),
            upload_document,
        )
        // A document may weigh 10 Mo; the form's other fields a few bytes more.
        .with_body_limit(rules::MAX_DOCUMENT_BYTES + 64 * 1024),
        Route::post(
            "/demandes/{id}/documents/supprimer",
            Access::Can(Action::RequestFunding),
            delete_document,
        ),
        Route::post(
            "/demandes/{id}/deposer",
            Access::Can(Action::RequestFunding),
            file_request,
        ),
        Route::post(
            "/demandes/{id}/instruction",
            Access::Can(Action::RunCalls),
            instruct_request,
        ),
        Route::get(
            "/documents-financement/{id}",
            Access::Can(Action::FollowFunding),
            download_document,
        ),
        Route::get("/subventions/{id}", Access::Can(Action::FollowFunding), show_subsidy),
        Route::post(
            "/subventions/{id}/versements",
            Access::Can(Action::RunCalls),
            record_payment,
        ),
        Route::post(
            "/subventions/{id}/perennisation",
            Access::Can(Action::FollowFunding),
            record_post_kept,
        ),
    ]
}

fn author(user: &User) -> Author<'_> {
    Author {
        id: Some(user.id),
        name: &user.display_name,
    }
}

fn region_name(code: &str) -> String {
    crate::domain::geo::territory::region(code).map_or_else(|| code.to_string(), |r| r.name.to_string())
}

/// The regions whose calls a user sees: the ARS its own, a recruiter those of its
/// establishments, the CCOMS all.
async fn call_regions(conn: &mut sqlx::AnyConnection, user: &User) -> Result<Regions, Error> {
    Ok(match funding_scope(user) {
        FundingScope::All => Regions::All,
        FundingScope::Region(code) => Regions::Only(vec![code]),
        FundingScope::Establishments(ids) => {
            let mut codes = Vec::new();
            for id in ids {
                if let Some(code) = establishments::find(&mut *conn, id)
                    .await?
                    .and_then(|e| e.region().map(|r| r.code.to_string()))
                    && !codes.contains(&code)
                {
                    codes.push(code);
                }
            }
            Regions::Only(codes)
        }
    })
}

/// A call of the regions the user sees ([`call_regions`]).
impl Scoped for Call {
    async fn find(conn: &mut AnyConnection, user: &User, id: i64, _today: time::Date) -> Result<Option<Call>, Error> {
        let regions = call_regions(conn, user).await?;
        Ok(db::find_call(conn, id, &regions).await?)
    }
}

/// A request in the user's funding scope.
impl Scoped for Request {
    async fn find(
        conn: &mut AnyConnection, user: &User, id: i64, _today: time::Date,
    ) -> Result<Option<Request>, Error> {
        Ok(db::find_request(conn, id, &funding_scope(user)).await?)
    }
}

/// A subsidy in the user's funding scope.
impl Scoped for Subsidy {
    async fn find(
        conn: &mut AnyConnection, user: &User, id: i64, _today: time::Date,
    ) -> Result<Option<Subsidy>, Error> {
        Ok(db::find_subsidy(conn, id, &funding_scope(user)).await?)
    }
}

/// The call a request answers: whoever may see the request may read its call.
async fn call_of(conn: &mut AnyConnection, request: &Request) -> Result<Call, Error> {
    db::find_call(conn, request.call_id, &Regions::All)
        .await?
        .ok_or(Error::NotFound)
}

fn changed_meanwhile() -> FormErrors {
    FormErrors::one(
        "version",
        "La demande a été modifiée entre-temps par quelqu'un d'autre : voici son état actuel.",
    )
}

/// The notice a page shows after an action (`?fait=…`).
#[derive(Deserialize)]
struct NoticeQuery {
    pub(super) fait: Option<String>,
}
