//! Post projects: a recruiter opens one for their establishment and answers the readiness
//! questions; the CCOMS follows every project, a recruiter only their establishments'.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::extract::{InScope, Scoped};
use super::views::{FormErrors, Layout, render, render_as};
use super::{AppState, Error, Route};
use crate::db::{establishments, fiches, projects};
use crate::domain::account::User;
use crate::domain::fiche::verify::ToVerify;
use crate::domain::fiche::{FicheStatus, Quotite, Track};
use crate::domain::fiche_workflow::template;
use crate::domain::policy::{Action, establishment_scope};
use crate::domain::project::form::ProjectForm;
use crate::domain::project::{Project, ProjectState, Readiness};
use sqlx::AnyConnection;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/projets", Access::Can(Action::FollowPosts), list_projects),
        Route::get("/projets/nouveau", Access::Can(Action::WriteFiches), show_new_project),
        Route::post("/projets/nouveau", Access::Can(Action::WriteFiches), create_project),
        Route::get("/projets/{id}", Access::Can(Action::FollowPosts), show_project),
        Route::post("/projets/{id}/etape", Access::Can(Action::FollowPosts), move_project),
        Route::post("/projets/{id}/fiche", Access::Can(Action::WriteFiches), start_fiche),
    ]
}

#[derive(askama::Template)]
#[template(path = "projects/list.html")]
struct ListPage {
    layout: Layout,
    projects: Vec<Project>,
    to_review: Vec<fiches::WorkFiche>,
    /// Every fiche in the scope, with a project or not (the most recently changed 200).
    fiches: Vec<fiches::WorkFiche>,
    may_open: bool,
}

async fn list_projects(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
) -> Result<Html<String>, Error> {
    let scope = establishment_scope(user);
    let mut conn = state.db.pool.acquire().await?;
    let projects = projects::list(&mut conn, &scope).await?;
    let all = fiches::list_for_work(&mut conn, &scope, None).await?;
    let to_review = all
        .iter()
        .filter(|f| f.offer.status == FicheStatus::Soumise)
        .cloned()
        .collect();
    render(&ListPage {
        layout: Layout::of(&visitor),
        may_open: crate::domain::policy::permits(user.role, Action::WriteFiches),
        projects,
        to_review,
        fiches: all,
    })
}

#[derive(askama::Template)]
#[template(path = "projects/new.html")]
struct NewPage {
    layout: Layout,
    errors: FormErrors,
    establishments: Vec<(i64, String)>,
    form: ProjectForm,
    quotites: [Quotite; 4],
    tracks: [Track; 2],
    questions: [(&'static str, &'static str); 6],
}

impl NewPage {
    fn new(visitor: &Visitor, establishments: Vec<(i64, String)>, form: ProjectForm, errors: FormErrors) -> NewPage {
        NewPage {
            layout: Layout::of(visitor),
            errors,
            establishments,
            form,
            quotites: Quotite::ALL,
            tracks: Track::ALL,
            questions: Readiness::QUESTIONS,
        }
    }

    /// A radio button's id: the group's first is `champ-{field}`, where the error summary's
    /// link lands, so that the focus goes into the group.
    fn choice_id(&self, field: &str, first: &bool, value: &str) -> String {
        if *first {
            format!("champ-{field}")
        } else {
            format!("champ-{field}-{value}")
        }
    }
}

/// The establishments a recruiter may open a project for.
async fn own_establishments(state: &AppState, user: &User) -> Result<Vec<(i64, String)>, Error> {
    let scope = establishment_scope(user);
    let mut conn = state.db.pool.acquire().await?;
    let all = establishments::list_names(&mut conn).await?;
    Ok(all.into_iter().filter(|(id, _)| scope.includes(*id)).collect())
}

async fn show_new_project(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
) -> Result<Html<String>, Error> {
    let establishments = own_establishments(&state, user).await?;
    let form = ProjectForm {
        etablissement: establishments.first().map(|(id, _)| id.to_string()).unwrap_or_default(),
        ..ProjectForm::default()
    };
    render(&NewPage::new(&visitor, establishments, form, FormErrors::default()))
}

async fn create_project(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    CsrfForm(form): CsrfForm<ProjectForm>,
) -> Result<Response, Error> {
    let establishments = own_establishments(&state, user).await?;
    let new = match form.read(&establishments) {
        Ok(new) => new,
        Err(errors) => {
            let page = NewPage::new(&visitor, establishments, form, errors);
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    let id = projects::insert(&mut tx, &new, user.id).await?;
    visitor
        .audit(
            &mut tx,
            "projet_ouvert",
            "projet",
            id,
            format!("établissement {}", new.establishment_id),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{id}")).into_response())
}

#[derive(askama::Template)]
#[template(path = "projects/show.html")]
struct ShowPage {
    layout: Layout,
    project: Project,
    moves: Vec<ProjectState>,
    may_write: bool,
    error: Option<String>,
    questions: [(&'static str, &'static str); 6],
}

/// A project of the user's establishments; another establishment's does not exist for them.
impl Scoped for Project {
    async fn find(conn: &mut AnyConnection, user: &User, id: i64) -> Result<Option<Project>, Error> {
        Ok(projects::find(conn, id, &establishment_scope(user)).await?)
    }
}

fn show_page(visitor: &Visitor, user: &User, project: Project, error: Option<String>) -> ShowPage {
    ShowPage {
        layout: Layout::of(visitor),
        moves: project.state.allowed_moves(),
        may_write: crate::domain::policy::permits(user.role, Action::WriteFiches),
        project,
        error,
        questions: Readiness::QUESTIONS,
    }
}

async fn show_project(
    visitor: Visitor, CurrentUser(ref user): CurrentUser, InScope(project): InScope<Project>,
) -> Result<Html<String>, Error> {
    render(&show_page(&visitor, user, project, None))
}

#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    etat: String,
    #[serde(default)]
    version: i64,
}

async fn move_project(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(project): InScope<Project>, CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<Response, Error> {
    let refuse = |project: Project, message: String| -> Result<Response, Error> {
        let page = show_page(&visitor, user, project, Some(message));
        render_as(StatusCode::CONFLICT, &page)
    };
    let Some(to) = ProjectState::parse(&form.etat) else {
        return refuse(project, "Choisissez une étape dans la liste.".into());
    };
    if let Err(message) = project.state.move_to(to) {
        return refuse(project, message);
    }
    let mut tx = state.db.begin().await?;
    if !projects::set_state(&mut tx, project.id, form.version, to).await? {
        drop(tx);
        return refuse(
            project,
            "Le projet a été modifié entre-temps par quelqu'un d'autre : voici son état actuel.".into(),
        );
    }
    visitor
        .audit(
            &mut tx,
            "projet_etape",
            "projet",
            project.id,
            format!("{} → {}", project.state.label(), to.label()),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{}", project.id)).into_response())
}

/// Starts the project's fiche from the template, once.
async fn start_fiche(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(project): InScope<Project>, CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, Error> {
    if let Some(fiche_id) = project.fiche_id {
        return Ok(Redirect::to(&format!("/fiches/{fiche_id}/modifier")).into_response());
    }
    let writing = match project.state {
        ProjectState::Accompagnement => project.state.move_to(ProjectState::FicheEnRedaction),
        ProjectState::FicheEnRedaction => Ok(project.state),
        _ => Err(format!(
            "La fiche de poste s'écrit à l'étape « {} », après l'accompagnement par le CCOMS.",
            ProjectState::FicheEnRedaction.label()
        )),
    };
    if let Err(message) = writing {
        let page = show_page(&visitor, user, project, Some(message));
        return render_as(StatusCode::CONFLICT, &page);
    }
    let mut tx = state.db.begin().await?;
    let employer = establishments::find(&mut tx, project.establishment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let content = template(&project.unit, &project.public_served, project.quotite, project.track);
    let fiche_id = fiches::insert_draft(&mut tx, &employer, &content, project.id).await?;
    // The template's text is a suggestion: nothing is published that nobody confirmed.
    fiches::mark_to_verify(&mut tx, fiche_id, &ToVerify::template()).await?;
    if project.state == ProjectState::Accompagnement {
        projects::set_state(&mut tx, project.id, project.version, ProjectState::FicheEnRedaction).await?;
    }
    visitor
        .audit(
            &mut tx,
            "fiche_commencee",
            "fiche",
            fiche_id,
            format!("projet {}", project.id),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{fiche_id}/modifier")).into_response())
}
