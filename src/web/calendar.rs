//! The programme's calendar: the cohorts the CCOMS edits, each post project's rétroplanning,
//! and the CCOMS dashboard.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::views::{FormErrors, Layout, render};
use super::{AppState, Error, Route};
use crate::db::cohorts::{self, Cohort};
use crate::db::feeds;
use crate::db::{audit, fiches, projects};
use crate::domain::calendar::{french_date, paris_today, parse_form_date, parse_form_year};
use crate::domain::cohort::{
    self, CohortDates, Plan, PlanFacts, Step, candidate_years, defaults, next_reachable, parse_weeks,
};
use crate::domain::fiche::Track;
use crate::domain::policy::{Action, establishment_scope};
use crate::domain::project::ProjectState;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/promotions", Access::Can(Action::ManageCohorts), list_cohorts),
        Route::post("/promotions", Access::Can(Action::ManageCohorts), create_cohort),
        Route::get("/promotions/{id}", Access::Can(Action::ManageCohorts), show_cohort),
        Route::post("/promotions/{id}", Access::Can(Action::ManageCohorts), update_cohort),
        Route::post(
            "/projets/{id}/retroplanning",
            Access::Can(Action::FollowPosts),
            choose_cohort,
        ),
        Route::get(
            "/projets/{id}/retroplanning",
            Access::Can(Action::FollowPosts),
            show_retroplanning,
        ),
        Route::get("/tableau-de-bord", Access::Can(Action::FollowProgramme), show_dashboard),
    ]
}

fn id_of(id: &str) -> Result<i64, Error> {
    id.parse().map_err(|_| Error::NotFound)
}

#[derive(askama::Template)]
#[template(path = "calendar/cohorts.html")]
struct CohortsPage {
    layout: Layout,
    cohorts: Vec<Cohort>,
    tracks: [Track; 2],
    next_year: i32,
}

impl CohortsPage {
    fn date_text(&self, date: &time::Date) -> String {
        french_date(*date)
    }
}

async fn list_cohorts(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let cohorts = cohorts::list_cohorts(&mut conn).await?;
    render(&CohortsPage {
        layout: Layout::of(&visitor),
        cohorts,
        tracks: Track::ALL,
        next_year: paris_today().year() + 1,
    })
}

#[derive(Deserialize, Default)]
struct NewCohortForm {
    #[serde(default)]
    parcours: String,
    #[serde(default)]
    annee: String,
}

/// Creates a cohort with the defaults of DESIGN §4, to edit next.
async fn create_cohort(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<NewCohortForm>,
) -> Result<Response, Error> {
    let track = Track::parse(&form.parcours);
    let year = parse_form_year(&form.annee);
    let (Some(track), Some(year)) = (track, year) else {
        return Err(Error::BadRequest(crate::domain::FieldError::new(
            "annee",
            "Choisissez une université et une année (par exemple 2027).",
        )));
    };
    let mut tx = state.db.begin().await?;
    let id = cohorts::insert_cohort(&mut tx, &defaults(track, year)).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        audit::Entry {
            action: "promotion_creee",
            target_kind: "promotion",
            target_id: id.to_string(),
            detail: format!("{} {year}", track.as_str()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/promotions/{id}")).into_response())
}

#[derive(Deserialize, Default, Clone)]
struct CohortForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    recruitment_opens: String,
    #[serde(default)]
    recruitment_closes: String,
    #[serde(default)]
    registration_closes: String,
    #[serde(default)]
    job_starts: String,
    #[serde(default)]
    training_weeks: String,
    #[serde(default)]
    capacity: String,
}

impl CohortForm {
    fn of(cohort: &Cohort) -> CohortForm {
        let d = &cohort.dates;
        CohortForm {
            version: cohort.version.to_string(),
            recruitment_opens: d.recruitment_opens.to_string(),
            recruitment_closes: d.recruitment_closes.to_string(),
            registration_closes: d.registration_closes.to_string(),
            job_starts: d.job_starts.to_string(),
            training_weeks: d
                .training_weeks
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            capacity: d.capacity.to_string(),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "calendar/cohort.html")]
struct CohortPage {
    layout: Layout,
    cohort: Cohort,
    form: CohortForm,
    errors: FormErrors,
    saved: bool,
    feeds: Vec<feeds::Feed>,
}

impl CohortPage {
    fn week_text(&self, monday: &time::Date) -> String {
        format!(
            "du {} au {}",
            french_date(*monday),
            french_date(cohort::week_end(*monday))
        )
    }

    fn instant_text(&self, at: &str) -> String {
        super::views::stored_instant(at)
    }
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    #[serde(default)]
    enregistre: Option<String>,
}

async fn show_cohort(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let cohort = cohorts::find_cohort(&mut conn, id_of(&id)?)
        .await?
        .ok_or(Error::NotFound)?;
    let feeds = feeds::live_feeds(&mut conn, feeds::FeedKind::Cohort, cohort.id).await?;
    render(&CohortPage {
        feeds,
        layout: Layout::of(&visitor),
        form: CohortForm::of(&cohort),
        cohort,
        errors: FormErrors::default(),
        saved: query.enregistre.is_some(),
    })
}

async fn update_cohort(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CohortForm>,
) -> Result<Response, Error> {
    let id = id_of(&id)?;
    let mut tx = state.db.begin().await?;
    let cohort = cohorts::find_cohort(&mut tx, id).await?.ok_or(Error::NotFound)?;
    let mut errors = FormErrors::default();
    let mut date = |field: &'static str, value: &str, what: &str| {
        let parsed = parse_form_date(value);
        if parsed.is_none() {
            errors.add(field, format!("Indiquez {what} (par exemple 2026-12-15)."));
        }
        parsed
    };
    let opens = date(
        "recruitment_opens",
        &form.recruitment_opens,
        "l'ouverture du recrutement",
    );
    let closes = date("recruitment_closes", &form.recruitment_closes, "la fin du recrutement");
    let registration = date(
        "registration_closes",
        &form.registration_closes,
        "la clôture des inscriptions",
    );
    let job = date("job_starts", &form.job_starts, "la prise de poste");
    let weeks = parse_weeks(&form.training_weeks)
        .map_err(|m| errors.add("training_weeks", m))
        .ok();
    let capacity = form
        .capacity
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|c| (1..=500).contains(c));
    if capacity.is_none() {
        errors.add(
            "capacity",
            "Indiquez le nombre de places, un nombre entier (par exemple 30).",
        );
    }
    if let (Some(o), Some(c)) = (opens, closes)
        && o > c
    {
        errors.add("recruitment_closes", "La fin du recrutement doit suivre son ouverture.");
    }
    if let (Some(j), Some(w)) = (job, weeks.as_ref().and_then(|w| w.first()))
        && j > *w
    {
        errors.add(
            "job_starts",
            "La prise de poste doit précéder la première semaine de formation.",
        );
    }
    let version: i64 = form.version.parse().unwrap_or(-1);
    let (Some(opens), Some(closes), Some(registration), Some(job), Some(weeks), Some(capacity), true) =
        (opens, closes, registration, job, weeks, capacity, errors.is_empty())
    else {
        let page = CohortPage {
            layout: Layout::of(&visitor),
            cohort,
            form,
            errors,
            saved: false,
            feeds: Vec::new(),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let dates = CohortDates {
        recruitment_opens: opens,
        recruitment_closes: closes,
        registration_closes: registration,
        job_starts: job,
        training_weeks: weeks,
        capacity,
        ..cohort.dates.clone()
    };
    if !cohorts::update_cohort(&mut tx, id, version, &dates).await? {
        let mut errors = FormErrors::default();
        errors.add(
            "recruitment_opens",
            "Quelqu'un a modifié cette promotion entre-temps : rechargez la page.",
        );
        let page = CohortPage {
            layout: Layout::of(&visitor),
            cohort,
            form,
            errors,
            saved: false,
            feeds: Vec::new(),
        };
        return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        audit::Entry {
            action: "promotion_modifiee",
            target_kind: "promotion",
            target_id: id.to_string(),
            detail: dates.name(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/promotions/{id}?enregistre=1")).into_response())
}

/// Every cohort a project may aim at: the stored ones, and the defaults for the coming years
/// the CCOMS has not set yet, each with how many are enrolled.
pub(super) async fn known_cohorts(
    conn: &mut sqlx::AnyConnection,
    today: time::Date,
) -> Result<Vec<(CohortDates, u32)>, Error> {
    let stored = cohorts::list_cohorts(conn).await?;
    let mut all: Vec<(CohortDates, u32)> = stored
        .iter()
        .map(|c| (c.dates.clone(), u32::try_from(c.enrolled).unwrap_or(u32::MAX)))
        .collect();
    for track in Track::ALL {
        for year in candidate_years(today) {
            if !all.iter().any(|(c, _)| c.track == track && c.year == year) {
                all.push((defaults(track, year), 0));
            }
        }
    }
    Ok(all)
}

#[derive(Deserialize, Default)]
struct PlanQuery {
    #[serde(default)]
    parcours: Option<String>,
    #[serde(default)]
    annee: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "calendar/retroplanning.html")]
struct PlanPage {
    layout: Layout,
    project: crate::domain::project::Project,
    plan: Plan,
    proposal: Option<CohortDates>,
    tracks: [Track; 2],
    years: Vec<i32>,
    today: time::Date,
    /// The project already aims at this cohort.
    chosen: bool,
}

impl PlanPage {
    fn date_text(&self, date: &time::Date) -> String {
        french_date(*date)
    }
}

/// What the platform knows of a project for its plan: its fiche's deadline, published, hired.
async fn plan_facts(
    conn: &mut sqlx::AnyConnection,
    project: &crate::domain::project::Project,
    today: time::Date,
) -> Result<PlanFacts, Error> {
    let deadline = match project.fiche_id {
        Some(fiche_id) => fiches::find_for_work(conn, fiche_id, &crate::domain::policy::EstablishmentScope::All)
            .await?
            .and_then(|f| f.offer.content.deadline),
        None => None,
    };
    let rank = |s: ProjectState| ProjectState::ALL.iter().position(|x| *x == s);
    let at_least = |s: ProjectState| rank(project.state) >= rank(s);
    let abandoned = project.state == ProjectState::Abandonne;
    Ok(PlanFacts {
        today,
        fiche_deadline: deadline,
        published: !abandoned && at_least(ProjectState::Publie),
        hired: !abandoned && at_least(ProjectState::Pourvu),
        enrolled: 0,
    })
}

/// The plan of a project for one cohort (stored, or the defaults), with its enrolled count.
fn plan_for(cohorts: &[(CohortDates, u32)], facts: &PlanFacts, track: Track, year: i32) -> Plan {
    let (chosen, enrolled) = cohorts
        .iter()
        .find(|(c, _)| c.track == track && c.year == year)
        .cloned()
        .unwrap_or_else(|| (defaults(track, year), 0));
    cohort::plan(&chosen, &PlanFacts { enrolled, ..*facts })
}

async fn show_retroplanning(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<PlanQuery>,
) -> Result<Html<String>, Error> {
    let scope = establishment_scope(user);
    let mut conn = state.db.pool.acquire().await?;
    let project = projects::find(&mut conn, id_of(&id)?, &scope)
        .await?
        .ok_or(Error::NotFound)?;
    let today = paris_today();
    let facts = plan_facts(&mut conn, &project, today).await?;
    let cohorts = known_cohorts(&mut conn, today).await?;
    let track = query
        .parcours
        .as_deref()
        .and_then(Track::parse)
        .unwrap_or(project.track);
    let year = query
        .annee
        .as_deref()
        .and_then(parse_form_year)
        .or(project.target_year.filter(|_| track == project.track));
    let same_track: Vec<(CohortDates, u32)> = cohorts.iter().filter(|(c, _)| c.track == track).cloned().collect();
    let year = year
        .or_else(|| next_reachable(&same_track, &facts).map(|c| c.year))
        .unwrap_or(today.year() + 1);
    let plan = plan_for(&cohorts, &facts, track, year);
    let proposal = if plan.reachable && !plan.full {
        None
    } else {
        next_reachable(&cohorts, &facts)
    };
    let mut years: Vec<i32> = cohorts.iter().map(|(c, _)| c.year).collect();
    years.push(year);
    years.sort_unstable();
    years.dedup();
    render(&PlanPage {
        layout: Layout::of(&visitor),
        chosen: project.target_year == Some(year) && project.track == track,
        project,
        plan,
        proposal,
        tracks: Track::ALL,
        years,
        today,
    })
}

#[derive(Deserialize, Default)]
struct TargetForm {
    #[serde(default)]
    parcours: String,
    #[serde(default)]
    annee: String,
}

/// Records the cohort the project aims at: the dashboard then follows its plan.
async fn choose_cohort(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<TargetForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let project = projects::find(&mut tx, id_of(&id)?, &establishment_scope(user))
        .await?
        .ok_or(Error::NotFound)?;
    let track = Track::parse(&form.parcours);
    let year = parse_form_year(&form.annee);
    let (Some(track), Some(year)) = (track, year) else {
        return Err(Error::BadRequest(crate::domain::FieldError::new(
            "annee",
            "Choisissez une université et une année de promotion.",
        )));
    };
    projects::set_target(&mut tx, project.id, track, year).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        audit::Entry {
            action: "projet_promotion_visee",
            target_kind: "projet",
            target_id: project.id.to_string(),
            detail: format!("{} {year}", track.as_str()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{}/retroplanning", project.id)).into_response())
}

/// The dated steps of every live project that chose its cohort, for the dashboard: (date, what,
/// link), the ones missed first.
async fn project_deadlines(
    conn: &mut sqlx::AnyConnection,
    today: time::Date,
) -> Result<Vec<(time::Date, String, String)>, Error> {
    let cohorts = known_cohorts(conn, today).await?;
    let mut due = Vec::new();
    for project in projects::list(conn, &crate::domain::policy::EstablishmentScope::All).await? {
        let Some(year) = project.target_year else { continue };
        if !matches!(
            project.state,
            ProjectState::Exploration
                | ProjectState::Accompagnement
                | ProjectState::FicheEnRedaction
                | ProjectState::Publie
                | ProjectState::Recrutement
        ) {
            continue;
        }
        let facts = plan_facts(conn, &project, today).await?;
        let plan = plan_for(&cohorts, &facts, project.track, year);
        for m in plan.milestones.iter().filter(|m| {
            !m.done
                && matches!(
                    m.step,
                    Step::Submission | Step::Publication | Step::ApplicationsClose | Step::Interviews | Step::Decision
                )
        }) {
            due.push((
                m.date,
                format!(
                    "{} – {}, {} ({})",
                    m.label,
                    project.establishment_name,
                    project.unit,
                    plan.cohort.name()
                ),
                format!("/projets/{}/retroplanning", project.id),
            ));
        }
    }
    Ok(due)
}

// --- Dashboard ----------------------------------------------------------------------------

/// A dated item of the dashboard.
struct Due {
    date: time::Date,
    what: String,
    link: String,
}

#[derive(askama::Template)]
#[template(path = "calendar/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    /// (region, state label, count).
    by_state: Vec<(String, String, i64)>,
    coming: Vec<Due>,
    late: Vec<Due>,
    /// (offer title, applications, hired, days from publication to first hire).
    funnel: Vec<(String, i64, i64, Option<i64>)>,
    /// (state label, average days spent in it).
    time_in_state: Vec<(String, i64)>,
}

impl DashboardPage {
    fn date_text(&self, date: &time::Date) -> String {
        french_date(*date)
    }
}

async fn show_dashboard(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let today = paris_today();
    let horizon = today + time::Duration::weeks(6);
    let mut conn = state.db.pool.acquire().await?;
    let page = crate::db::calendar_stats::dashboard(&mut conn, today, horizon).await?;
    let mut coming = Vec::new();
    let mut late = Vec::new();
    let mut deadlines = page.deadlines;
    deadlines.extend(project_deadlines(&mut conn, today).await?);
    deadlines.sort_by_key(|d| d.0);
    for (date, what, link) in deadlines {
        let due = Due { date, what, link };
        if date < today {
            late.push(due);
        } else if date <= horizon {
            coming.push(due);
        }
    }
    // Départements add up to their region.
    let mut regions: std::collections::BTreeMap<(String, usize), (String, i64)> = Default::default();
    for (departement, code, n) in page.by_state {
        let region = crate::domain::territory::departement(&departement)
            .and_then(|d| d.region())
            .map_or_else(|| "Région inconnue".to_string(), |r| r.name.to_string());
        let state = ProjectState::parse(&code);
        let order = state
            .and_then(|s| ProjectState::ALL.iter().position(|x| *x == s))
            .unwrap_or(usize::MAX);
        let label = state.map_or(code.clone(), |s| s.label().to_string());
        regions.entry((region, order)).or_insert((label, 0)).1 += n;
    }
    let by_state = regions
        .into_iter()
        .map(|((region, _), (label, n))| (region, label, n))
        .collect();
    render(&DashboardPage {
        layout: Layout::of(&visitor),
        by_state,
        coming,
        late,
        funnel: page.funnel,
        time_in_state: page
            .time_in_state
            .into_iter()
            .map(|(s, d)| {
                let label = crate::domain::application::ApplicationStatus::parse(&s)
                    .map_or(s.clone(), |s| s.label().to_string());
                (label, d)
            })
            .collect(),
    })
}
