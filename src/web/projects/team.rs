//! What the team does on its project: answer the preparation questions, give the project up.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Typed, show_page};
use crate::db::{accompaniment, projects};
use crate::domain::event::{Event, EventKind};
use crate::domain::form_errors::FormErrors;
use crate::domain::project::{Project, ProjectState, Readiness};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::extract::InScope;
use crate::web::views::{Layout, render, render_as};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "projects/preparation.html")]
struct PreparationPage {
    layout: Layout,
    project: Project,
    errors: FormErrors,
    answers: Readiness,
    version: i64,
    questions: [(&'static str, &'static str); 6],
    preparation: [(&'static str, &'static str); 8],
}

fn preparation_page(visitor: &Visitor, project: Project, answers: Readiness, errors: FormErrors) -> PreparationPage {
    PreparationPage {
        layout: Layout::of(visitor),
        version: project.version,
        project,
        errors,
        answers,
        questions: Readiness::QUESTIONS,
        preparation: Readiness::PREPARATION,
    }
}

pub(super) async fn show_preparation(
    visitor: Visitor, InScope(project): InScope<Project>,
) -> Result<Html<String>, Error> {
    let answers = project.readiness.clone();
    render(&preparation_page(&visitor, project, answers, FormErrors::default()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PreparationForm {
    version: i64,
    #[serde(flatten)]
    answers: Readiness,
}

pub(super) async fn save_preparation(
    State(state): State<AppState>, visitor: Visitor, InScope(project): InScope<Project>,
    CsrfForm(form): CsrfForm<PreparationForm>,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    let answers = Readiness::read(&form.answers, &mut errors);
    if !errors.is_empty() {
        let page = preparation_page(&visitor, project, form.answers, errors);
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut tx = state.db.begin().await?;
    if !accompaniment::save_readiness(&mut tx, project.id, form.version, &answers).await? {
        drop(tx);
        let errors = FormErrors::one(
            "why_now",
            "Le projet a été modifié entre-temps : vos réponses sont gardées ci-dessous, vérifiez-les puis enregistrez à nouveau.",
        );
        let mut page = preparation_page(&visitor, project, form.answers, errors);
        page.version = page.project.version;
        return render_as(StatusCode::CONFLICT, &page);
    }
    let answered = format!("{} réponses sur 8 à la préparation", answers.prepared());
    visitor
        .audit(&mut tx, "preparation_equipe", "projet", project.id, answered)
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{}#preparation", project.id)).into_response())
}

/// How long the reason of an abandonment may be.
const MAX_REASON: usize = 500;

/// The team gives the project up, saying why: that is an event, and the stage follows it.
pub(super) async fn abandon(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(project): InScope<Project>, CsrfForm(form): CsrfForm<Typed>,
) -> Result<Response, Error> {
    let reason = form.motif.trim();
    let problem = if project.state == ProjectState::Abandonne {
        Some("Ce projet est déjà abandonné.".to_string())
    } else if reason.is_empty() {
        Some("Indiquez pourquoi l'équipe abandonne le projet.".to_string())
    } else if reason.chars().count() > MAX_REASON {
        Some(format!(
            "La raison compte plus de {MAX_REASON} caractères : raccourcissez-la."
        ))
    } else {
        None
    };
    let refuse = |problem: String, project: Project| async {
        let mut page = show_page(&state, &visitor, user, project, FormErrors::one("motif", problem)).await?;
        page.typed = form.clone();
        render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
    };
    if let Some(problem) = problem {
        return refuse(problem, project).await;
    }
    let mut tx = state.db.begin().await?;
    if !projects::abandon(&mut tx, project.id, form.version, reason).await? {
        drop(tx);
        return refuse(
            "Le projet a été modifié entre-temps : relisez-le, puis confirmez si besoin.".into(),
            project,
        )
        .await;
    }
    visitor
        .audit(&mut tx, "projet_abandonne", "projet", project.id, reason.to_string())
        .await?;
    let given_up = Event::of_project(EventKind::ProjectAbandoned, &project).detail(reason);
    crate::notify::record(&mut tx, &state.notifier()?, given_up, Some(user.id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{}", project.id)).into_response())
}
