//! Post projects: a recruiter opens one for their establishment and answers the readiness
//! questions; the CCOMS follows every project, a recruiter only their establishments'.

mod ccoms;
mod team;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::extract::{InScope, Scoped};
use super::views::{FormErrors, Layout, render, render_as};
use super::{AppState, Error, Route};
use crate::db::accompaniment::{self, CorrectionLine};
use crate::db::{establishments, fiches, projects};
use crate::domain::account::User;
use crate::domain::fiche::verify::ToVerify;
use crate::domain::fiche::{FicheStatus, Quotite, Track};
use crate::domain::fiche_workflow::template;
use crate::domain::policy::{Action, establishment_scope, permits};
use crate::domain::project::accompaniment::{Meeting, MeetingForm, MeetingKind, Step, steps};
use crate::domain::project::form::ProjectForm;
use crate::domain::project::stage;
use crate::domain::project::{Project, ProjectState, Readiness};
use sqlx::AnyConnection;
use time::Date;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/projets", Access::Can(Action::FollowPosts), list_projects),
        Route::get("/projets/nouveau", Access::Can(Action::WriteFiches), show_new_project),
        Route::post("/projets/nouveau", Access::Can(Action::WriteFiches), create_project),
        Route::get("/projets/{id}", Access::Can(Action::FollowPosts), show_project),
        Route::post("/projets/{id}/fiche", Access::Can(Action::WriteFiches), start_fiche),
        Route::post("/projets/{id}/abandon", Access::Can(Action::WriteFiches), team::abandon),
        Route::get(
            "/projets/{id}/preparation",
            Access::Can(Action::WriteFiches),
            team::show_preparation,
        ),
        Route::post(
            "/projets/{id}/preparation",
            Access::Can(Action::WriteFiches),
            team::save_preparation,
        ),
        Route::post(
            "/projets/{id}/reunions",
            Access::Can(Action::AccompanyProjects),
            ccoms::record_meeting,
        ),
        Route::post(
            "/projets/{id}/preparation/relecture",
            Access::Can(Action::AccompanyProjects),
            ccoms::review_preparation,
        ),
        Route::post(
            "/projets/{id}/correction",
            Access::Can(Action::AccompanyProjects),
            ccoms::correct_stage,
        ),
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
    let projects = projects::list(&mut conn, &scope, state.clock.today()).await?;
    let all = fiches::list_for_work(&mut conn, &scope, None).await?;
    let to_review = all
        .iter()
        .filter(|f| f.offer.status == FicheStatus::Soumise)
        .cloned()
        .collect();
    render(&ListPage {
        layout: Layout::of(&visitor),
        may_open: permits(user.role, Action::WriteFiches),
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
    let id = projects::insert(&mut tx, &new, Some(user.id)).await?;
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
pub(super) struct ShowPage {
    layout: Layout,
    project: Project,
    errors: FormErrors,
    /// The team's recruiters: they write the fiche and the preparation, and may give up.
    may_write: bool,
    /// The CCOMS: it records meetings, reviews the preparation, corrects the stage.
    may_accompany: bool,
    next: Option<&'static str>,
    steps: Vec<Step>,
    meetings: Vec<Meeting>,
    corrections: Vec<CorrectionLine>,
    questions: [(&'static str, &'static str); 6],
    preparation: [(&'static str, &'static str); 8],
    kinds: [MeetingKind; 4],
    stages: [ProjectState; 9],
    /// What was typed in the form that was refused, kept.
    pub(super) typed: Typed,
    today: String,
}

/// The fields of the project page's forms, as typed.
#[derive(Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct Typed {
    #[serde(flatten)]
    pub meeting: MeetingForm,
    pub etape: String,
    pub raison: String,
    pub motif: String,
    pub commentaire: String,
    pub version: i64,
}

/// A project of the user's establishments; another establishment's does not exist for them.
impl Scoped for Project {
    async fn find(conn: &mut AnyConnection, user: &User, id: i64, today: Date) -> Result<Option<Project>, Error> {
        Ok(projects::find(conn, id, &establishment_scope(user), today).await?)
    }
}

/// The project's page, with what the accompaniment recorded; `errors` belong to the form that
/// was refused.
pub(super) async fn show_page(
    state: &AppState, visitor: &Visitor, user: &User, project: Project, errors: FormErrors,
) -> Result<ShowPage, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let meetings = accompaniment::meetings(&mut conn, project.id).await?;
    let at_interview = accompaniment::ccoms_at_interview(&mut conn, project.id, state.clock.now()).await?;
    let corrections = accompaniment::corrections(&mut conn, project.id).await?;
    Ok(ShowPage {
        layout: Layout::of(visitor),
        errors,
        may_write: permits(user.role, Action::WriteFiches),
        may_accompany: permits(user.role, Action::AccompanyProjects),
        next: stage::what_moves_it(project.state),
        steps: steps(&meetings, project.review.as_ref(), at_interview),
        meetings,
        corrections,
        questions: Readiness::QUESTIONS,
        preparation: Readiness::PREPARATION,
        kinds: MeetingKind::ALL,
        stages: ProjectState::ALL,
        typed: Typed::default(),
        today: state.clock.today().to_string(),
        project,
    })
}

async fn show_project(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(project): InScope<Project>,
) -> Result<Html<String>, Error> {
    render(&show_page(&state, &visitor, user, project, FormErrors::default()).await?)
}

/// Starts the project's fiche from the template, once.
async fn start_fiche(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(project): InScope<Project>, CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, Error> {
    if let Some(fiche_id) = project.fiche_id {
        return Ok(Redirect::to(&format!("/fiches/{fiche_id}/modifier")).into_response());
    }
    if project.state == ProjectState::Abandonne {
        let errors = FormErrors::one(
            "fiche",
            "Ce projet est abandonné : sa fiche ne peut plus être commencée.",
        );
        let page = show_page(&state, &visitor, user, project, errors).await?;
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
