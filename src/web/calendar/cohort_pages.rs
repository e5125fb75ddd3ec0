//! Cohorts.

use super::*;

#[derive(askama::Template)]
#[template(path = "calendar/cohorts.html")]
pub(super) struct CohortsPage {
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

pub(super) async fn list_cohorts(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let cohorts = cohorts::list_cohorts(&mut conn).await?;
    render(&CohortsPage {
        layout: Layout::of(&visitor),
        cohorts,
        tracks: Track::ALL,
        next_year: state.clock.today().year() + 1,
    })
}

#[derive(Deserialize, Default)]
pub(super) struct NewCohortForm {
    #[serde(default)]
    parcours: String,
    #[serde(default)]
    annee: String,
}

/// Creates a cohort with the defaults of DESIGN §4, to edit next.
pub(super) async fn create_cohort(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<NewCohortForm>,
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
pub(super) struct CohortForm {
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
pub(super) struct CohortPage {
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
        crate::web::views::stored_instant(at)
    }
}

#[derive(Deserialize, Default)]
pub(super) struct SavedQuery {
    #[serde(default)]
    enregistre: Option<String>,
}

pub(super) async fn show_cohort(
    State(state): State<AppState>, visitor: Visitor, Path(id): Path<String>, Query(query): Query<SavedQuery>,
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

pub(super) async fn update_cohort(
    State(state): State<AppState>, visitor: Visitor, Path(id): Path<String>, CsrfForm(form): CsrfForm<CohortForm>,
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
