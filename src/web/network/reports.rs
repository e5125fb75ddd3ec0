//! The CCOMS's side: the reports, each with the reported message (its reading audited), and
//! removing a reported member from the directory or dismissing the report.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{Done, Nothing, notice};
use crate::db::network::{self, conversations as talks};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::views::{Layout, paragraphs, render_as, stored_instant};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "network/reports.html")]
struct ReportsPage {
    layout: Layout,
    reports: Vec<Line>,
    notice: Option<&'static str>,
}

struct Line {
    id: i64,
    reported: String,
    /// Still in the directory: the CCOMS may remove them.
    member: bool,
    reason: String,
    message: Vec<String>,
    made_on: String,
    handled_on: Option<String>,
}

/// Every kept report with the reported message; reading them is written to the audit log, one
/// row per reported conversation shown.
pub(super) async fn show_reports(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(_): CurrentUser, Query(done): Query<Done>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let reports = talks::reports(&mut tx).await?;
    for report in &reports {
        if let Some(conversation) = report.conversation_id {
            let detail = format!("signalement n° {}", report.id);
            visitor
                .audit(
                    &mut tx,
                    "lecture_conversation_signalee",
                    "conversation_reseau",
                    conversation,
                    detail,
                )
                .await?;
        }
    }
    tx.commit().await?;
    let reports = reports
        .into_iter()
        .map(|r| Line {
            id: r.id,
            member: r.reported_name.is_some(),
            reported: r
                .reported_name
                .unwrap_or_else(|| "Une personne qui n'est plus membre".into()),
            reason: r.reason,
            message: r
                .message
                .as_deref()
                .map(|m| paragraphs(m).into_iter().map(String::from).collect())
                .unwrap_or_default(),
            made_on: stored_instant(&r.created_at),
            handled_on: r.handled_at.as_deref().map(stored_instant),
        })
        .collect();
    let page = ReportsPage {
        layout: Layout::of(&visitor),
        reports,
        notice: notice(&done.fait),
    };
    render_as(StatusCode::OK, &page)
}

/// Removes the reported member from the directory (their row deleted, their conversations
/// closed) and marks the report dealt with. A report already gone leads back to the list.
pub(super) async fn remove_member(
    State(state): State<AppState>, visitor: Visitor, Path(id): Path<i64>, CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(reported) = talks::handle_report(&mut tx, id, now).await? else {
        return Ok(Redirect::to("/reseau/signalements").into_response());
    };
    if network::leave(&mut tx, reported, now).await? {
        visitor
            .audit(
                &mut tx,
                "membre_reseau_retire",
                "utilisateur",
                reported,
                format!("signalement n° {id}"),
            )
            .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to("/reseau/signalements?fait=retire").into_response())
}

pub(super) async fn dismiss_report(
    State(state): State<AppState>, Path(id): Path<i64>, CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let found = talks::handle_report(&mut tx, id, state.clock.now()).await?;
    tx.commit().await?;
    let to = if found.is_some() {
        "/reseau/signalements?fait=classe"
    } else {
        "/reseau/signalements"
    };
    Ok(Redirect::to(to).into_response())
}
