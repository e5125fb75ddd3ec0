//! What the CCOMS records on a project it accompanies: its meetings with the team, its review of
//! the team's preparation, and a correction of the stage the events give, with its reason.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{Typed, show_page};
use crate::db::accompaniment::{self, Author};
use crate::domain::event::{Event, EventKind};
use crate::domain::form_errors::FormErrors;
use crate::domain::project::stage::{Correction, check_correction, from_events};
use crate::domain::project::{Project, ProjectState};
use crate::notify;
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::extract::InScope;
use crate::web::views::render_as;
use crate::web::{AppState, Error};

/// The project's page again, with the refused form's message and what was typed.
async fn refuse(
    state: &AppState, visitor: &Visitor, user: &crate::domain::account::User, project: Project, errors: FormErrors,
    typed: Typed,
) -> Result<Response, Error> {
    let mut page = show_page(state, visitor, user, project, errors).await?;
    page.typed = typed;
    render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

pub(super) async fn record_meeting(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(project): InScope<Project>, CsrfForm(form): CsrfForm<Typed>,
) -> Result<Response, Error> {
    let meeting = match form.meeting.read(state.clock.today()) {
        Ok(meeting) => meeting,
        Err(errors) => return refuse(&state, &visitor, user, project, errors, form).await,
    };
    let author = Author {
        user_id: Some(user.id),
        name: &user.display_name,
    };
    let mut tx = state.db.begin().await?;
    let id = accompaniment::record_meeting(&mut tx, project.id, &meeting, &author).await?;
    visitor
        .audit(
            &mut tx,
            "reunion_accompagnement",
            "projet",
            project.id,
            format!("réunion {id} : {}, le {}", meeting.kind.label(), meeting.held_on),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{}#accompagnement", project.id)).into_response())
}

/// How long the CCOMS's comment on the preparation may be.
const MAX_COMMENT: usize = 1000;

pub(super) async fn review_preparation(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(project): InScope<Project>, CsrfForm(form): CsrfForm<Typed>,
) -> Result<Response, Error> {
    let comment = form.commentaire.trim();
    if comment.chars().count() > MAX_COMMENT {
        let errors = FormErrors::one(
            "commentaire",
            format!("Le commentaire compte plus de {MAX_COMMENT} caractères : raccourcissez-le."),
        );
        return refuse(&state, &visitor, user, project, errors, form).await;
    }
    let author = Author {
        user_id: Some(user.id),
        name: &user.display_name,
    };
    let mut tx = state.db.begin().await?;
    accompaniment::review_readiness(&mut tx, project.id, comment, &author).await?;
    visitor
        .audit(&mut tx, "preparation_relue", "projet", project.id, comment.to_string())
        .await?;
    let reviewed = Event::of_project(EventKind::PreparationReviewed, &project);
    notify::record(&mut tx, &state.notifier()?, reviewed, Some(user.id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{}#preparation", project.id)).into_response())
}

pub(super) async fn correct_stage(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(project): InScope<Project>, CsrfForm(form): CsrfForm<Typed>,
) -> Result<Response, Error> {
    let checked = match ProjectState::parse(&form.etape) {
        None => Err(("etape", "Choisissez une étape dans la liste.".to_string())),
        Some(to) => check_correction(project.state, to, &form.raison).map(|()| to),
    };
    let to = match checked {
        Ok(to) => to,
        Err((field, message)) => {
            let errors = FormErrors::one(field, message);
            return refuse(&state, &visitor, user, project, errors, form).await;
        }
    };
    // The correction remembers what the events gave, so that it gives way when they move on.
    let correction = Correction {
        derived: from_events(&project.facts, state.clock.today()),
        stage: to,
    };
    let reason = form.raison.trim();
    let author = Author {
        user_id: Some(user.id),
        name: &user.display_name,
    };
    let mut tx = state.db.begin().await?;
    accompaniment::correct_stage(&mut tx, project.id, &correction, reason, &author).await?;
    visitor
        .audit(
            &mut tx,
            "projet_etape_corrigee",
            "projet",
            project.id,
            format!("{} → {} : {reason}", project.state.label(), to.label()),
        )
        .await?;
    let corrected = Event::of_project(EventKind::ProjectCorrected, &project).detail(format!(
        "« {} » au lieu de « {} »",
        to.label(),
        project.state.label()
    ));
    notify::record(&mut tx, &state.notifier()?, corrected, Some(user.id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{}", project.id)).into_response())
}
