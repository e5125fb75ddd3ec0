//! Teams' requests to create a post, as the CCOMS reads and closes them (issue 22): the list of
//! confirmed requests, each request with the registered establishments it may be, and its two
//! outcomes (`decide`): accepted (the establishment matched or created, the contact invited as
//! its recruiter) or answered in writing.

mod decide;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::auth::{Access, Visitor};
use super::extract::PathId;
use super::views::{FormErrors, Layout, render, stored_instant};
use super::{AppState, Error, Route};
use crate::db::establishments;
use crate::db::team_requests::{self, TeamRequest};
use crate::domain::establishment::{Establishment, Sought, likely_matches};
use crate::domain::policy::Action;
use crate::domain::team_request::TeamRequestStatus;

pub fn routes() -> Vec<Route> {
    let manage = Access::Can(Action::ManageEstablishments);
    vec![
        Route::get("/demandes-de-poste", manage, list_team_requests),
        Route::get("/demandes-de-poste/{id}", manage, show_team_request),
        Route::post("/demandes-de-poste/{id}/accepter", manage, decide::accept_team_request),
        Route::post("/demandes-de-poste/{id}/repondre", manage, decide::answer_team_request),
    ]
}

#[derive(askama::Template)]
#[template(path = "team_requests/list.html")]
struct ListPage {
    layout: Layout,
    requests: Vec<TeamRequest>,
}

async fn list_team_requests(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let requests = team_requests::list_confirmed(&mut conn).await?;
    render(&ListPage {
        layout: Layout::of(&visitor),
        requests,
    })
}

/// What the two forms of a request's page sent, kept when one comes back with an error.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
struct DecisionForm {
    /// A registered establishment's id, or "nouveau".
    etablissement: String,
    /// For a new establishment: "public" or "prive".
    statut: String,
    reponse: String,
}

#[derive(askama::Template)]
#[template(path = "team_requests/show.html")]
struct RequestPage {
    layout: Layout,
    request: TeamRequest,
    status: TeamRequestStatus,
    /// (establishment, why it may be the one).
    matches: Vec<(Establishment, &'static str)>,
    /// The name of the establishment it was accepted for.
    accepted_for: Option<String>,
    form: DecisionForm,
    errors: FormErrors,
}

impl RequestPage {
    fn when(&self, instant: &Option<String>) -> String {
        instant.as_deref().map(stored_instant).unwrap_or_default()
    }
}

/// How many registered establishments a request's page proposes.
const PROPOSED: usize = 6;

/// A confirmed request, or 404: an unconfirmed one does not exist for the CCOMS.
async fn request_page(
    conn: &mut sqlx::AnyConnection, visitor: &Visitor, id: i64, form: DecisionForm, errors: FormErrors,
) -> Result<RequestPage, Error> {
    let request = team_requests::find_confirmed(conn, id).await?.ok_or(Error::NotFound)?;
    let registered = establishments::register(conn).await?;
    let identity = request.identity();
    let sought = Sought {
        name: &request.establishment_name,
        identity: &identity,
        commune: &request.commune,
        departement_code: &request.departement_code,
    };
    let matches = likely_matches(&sought, &registered, PROPOSED)
        .into_iter()
        .map(|(e, likeness)| (e.clone(), likeness.label()))
        .collect();
    let accepted_for = request
        .establishment_id
        .and_then(|id| registered.iter().find(|e| e.id == id))
        .map(|e| e.name.clone());
    Ok(RequestPage {
        layout: Layout::of(visitor),
        status: request.status(),
        request,
        matches,
        accepted_for,
        form,
        errors,
    })
}

async fn show_team_request(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let page = request_page(&mut conn, &visitor, id, DecisionForm::default(), FormErrors::default()).await?;
    Ok(render(&page)?.into_response())
}
