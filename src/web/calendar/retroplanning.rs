//! The backward plan of a project.

use super::*;

/// Every cohort a project may aim at: the stored ones, and the defaults for the coming years
/// the CCOMS has not set yet, each with how many are enrolled.
pub(crate) async fn known_cohorts(
    conn: &mut sqlx::AnyConnection, today: time::Date,
) -> Result<Vec<(CohortDates, u32)>, Error> {
    let stored = cohorts::list_cohorts(conn).await?;
    Ok(cohort::with_defaults(with_enrolled(stored), today))
}

/// Stored cohorts with how many are enrolled in each, as the plans count them.
pub(crate) fn with_enrolled(stored: Vec<Cohort>) -> Vec<(CohortDates, u32)> {
    stored
        .into_iter()
        .map(|c| (c.dates, u32::try_from(c.enrolled).unwrap_or(u32::MAX)))
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PlanQuery {
    parcours: Option<String>,
    annee: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "calendar/retroplanning.html")]
pub(super) struct PlanPage {
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
pub(super) async fn plan_facts(
    conn: &mut sqlx::AnyConnection, project: &crate::domain::project::Project, today: time::Date,
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
pub(super) fn plan_for(cohorts: &[(CohortDates, u32)], facts: &PlanFacts, track: Track, year: i32) -> Plan {
    let (chosen, enrolled) = cohorts
        .iter()
        .find(|(c, _)| c.track == track && c.year == year)
        .cloned()
        .unwrap_or_else(|| (defaults(track, year), 0));
    cohort::plan(&chosen, &PlanFacts { enrolled, ..*facts })
}

pub(super) async fn show_retroplanning(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
    Query(query): Query<PlanQuery>,
) -> Result<Html<String>, Error> {
    let scope = establishment_scope(user);
    let mut conn = state.db.pool.acquire().await?;
    let today = state.clock.today();
    let project = projects::find(&mut conn, id, &scope, today)
        .await?
        .ok_or(Error::NotFound)?;
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
#[serde(default)]
pub(super) struct TargetForm {
    parcours: String,
    annee: String,
}

/// Records the cohort the project aims at: the dashboard then follows its plan.
pub(super) async fn choose_cohort(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<TargetForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let project = projects::find(&mut tx, id, &establishment_scope(user), state.clock.today())
        .await?
        .ok_or(Error::NotFound)?;
    let track = Track::parse(&form.parcours);
    let year = parse_form_year(&form.annee);
    let (Some(track), Some(year)) = (track, year) else {
        return Err(Error::bad_request(
            "annee",
            "Choisissez une université et une année de promotion.",
        ));
    };
    projects::set_target(&mut tx, project.id, track, year).await?;
    visitor
        .audit(
            &mut tx,
            "projet_promotion_visee",
            "projet",
            project.id,
            format!("{} {year}", track.as_str()),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/projets/{}/retroplanning", project.id)).into_response())
}

/// The dated steps of every live project that chose its cohort, for the dashboard: (date, what,
/// link), the ones missed first.
pub(super) async fn project_deadlines(
    conn: &mut sqlx::AnyConnection, today: time::Date,
) -> Result<Vec<(time::Date, String, String)>, Error> {
    let cohorts = known_cohorts(conn, today).await?;
    let mut due = Vec::new();
    for project in projects::list(conn, &crate::domain::policy::EstablishmentScope::All, today).await? {
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
