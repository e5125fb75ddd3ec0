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
#[serde(default)]
pub(super) struct NewCohortForm {
    parcours: String,
    annee: String,
}

/// Creates a cohort with the defaults of DESIGN §4, to edit next.
pub(super) async fn create_cohort(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<NewCohortForm>,
) -> Result<Response, Error> {
    let track = Track::parse(&form.parcours);
    let year = parse_form_year(&form.annee);
    let (Some(track), Some(year)) = (track, year) else {
        return Err(Error::bad_request(
            "annee",
            "Choisissez une université et une année (par exemple 2027).",
        ));
    };
    let mut tx = state.db.begin().await?;
    let id = cohorts::insert_cohort(&mut tx, &defaults(track, year)).await?;
    visitor
        .audit(
            &mut tx,
            "promotion_creee",
            "promotion",
            id,
            format!("{} {year}", track.as_str()),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/promotions/{id}")).into_response())
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
#[serde(default)]
pub(super) struct SavedQuery {
    enregistre: Option<String>,
}

pub(super) async fn show_cohort(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId, Query(query): Query<SavedQuery>,
) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let cohort = cohorts::find_cohort(&mut conn, id).await?.ok_or(Error::NotFound)?;
    let feeds = feeds::live_feeds(&mut conn, feeds::FeedKind::Cohort, cohort.id).await?;
    render(&CohortPage {
        feeds,
        layout: Layout::of(&visitor),
        form: CohortForm::of(&cohort.dates, cohort.version),
        cohort,
        errors: FormErrors::default(),
        saved: query.enregistre.is_some(),
    })
}

pub(super) async fn update_cohort(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId, CsrfForm(form): CsrfForm<CohortForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let cohort = cohorts::find_cohort(&mut tx, id).await?.ok_or(Error::NotFound)?;
    let page = |cohort, form, errors| CohortPage {
        layout: Layout::of(&visitor),
        cohort,
        form,
        errors,
        saved: false,
        feeds: Vec::new(),
    };
    let dates = match form.read(&cohort.dates) {
        Ok(dates) => dates,
        Err(errors) => {
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page(cohort, form, errors));
        }
    };
    if !cohorts::update_cohort(&mut tx, id, form.version(), &dates).await? {
        let errors = FormErrors::one(
            "recruitment_opens",
            "Quelqu'un a modifié cette promotion entre-temps : rechargez la page.",
        );
        return render_as(StatusCode::CONFLICT, &page(cohort, form, errors));
    }
    visitor
        .audit(&mut tx, "promotion_modifiee", "promotion", id, dates.name())
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/promotions/{id}?enregistre=1")).into_response())
}
