//! Calls for projects: the ARS opens one for its region; an establishment starts a funding
//! request for one of its post projects from the call's page.

use super::*;

#[derive(Deserialize, Clone)]
pub(super) struct CallForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    posts: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    years: String,
    #[serde(default)]
    first_year: String,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
    #[serde(default)]
    documents: String,
}

impl CallForm {
    /// What a new call's form starts with: the usual 45,000 € for one year, open from today.
    fn defaults(today: Date) -> CallForm {
        CallForm {
            title: String::new(),
            description: String::new(),
            posts: String::new(),
            amount: rules::euros_number(rules::DEFAULT_AMOUNT_PER_POST_YEAR_CENTS),
            years: rules::DEFAULT_YEARS.to_string(),
            first_year: (today.year() + 1).to_string(),
            opens_on: today
                .format(time::macros::format_description!("[day]/[month]/[year]"))
                .unwrap_or_default(),
            closes_on: String::new(),
            documents: "Fiche de poste\nBudget prévisionnel du poste\nLettre d'engagement de la direction".into(),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "funding/new_call.html")]
pub(super) struct NewCallPage {
    layout: Layout,
    region: String,
    errors: FormErrors,
    form: CallForm,
}

pub(super) async fn show_new_call(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
) -> Result<Html<String>, Error> {
    let region = policy::ars_region(user).ok_or(Error::Forbidden)?;
    render(&NewCallPage {
        layout: Layout::of(&visitor),
        region: region_name(region),
        errors: FormErrors::default(),
        form: CallForm::defaults(state.clock.today()),
    })
}

pub(super) async fn create_call(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    CsrfForm(form): CsrfForm<CallForm>,
) -> Result<Response, Error> {
    let region = policy::ars_region(user).ok_or(Error::Forbidden)?;
    let mut errors = FormErrors::default();
    let opens_on = errors.check(parse_date_field("opens_on", &form.opens_on)).flatten();
    let closes_on = errors.check(parse_date_field("closes_on", &form.closes_on)).flatten();
    let input = CallInput {
        title: &form.title,
        description: &form.description,
        posts: &form.posts,
        amount: &form.amount,
        years: &form.years,
        first_year: &form.first_year,
        opens_on,
        closes_on,
        documents: &form.documents,
    };
    let checked = rules::check_call(region, &input, state.clock.today());
    let new = match checked {
        Ok(new) if errors.is_empty() => new,
        result => {
            if let Err(list) = result {
                // A date that could not be read already has its message.
                for e in list {
                    if errors.get(e.field).is_none() {
                        errors.list.push(e);
                    }
                }
            }
            let page = NewCallPage {
                layout: Layout::of(&visitor),
                region: region_name(region),
                errors,
                form,
            };
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    let id = db::insert_call(&mut tx, &new, Some(user.id)).await?;
    visitor
        .audit(
            &mut tx,
            "appel_ouvert",
            "appel",
            id,
            format!(
                "région {} ; {} ; {} par an ; {}",
                new.region_code,
                crate::domain::french::count(new.posts, "poste", "postes"),
                euros(new.amount_per_post_year_cents),
                crate::domain::french::count(new.years, "an", "ans")
            ),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/appels/{id}")).into_response())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct RequestForm {
    projet: String,
    summary: String,
}

#[derive(askama::Template)]
#[template(path = "funding/call.html")]
pub(super) struct CallPage {
    layout: Layout,
    call: Call,
    region: String,
    open: bool,
    today: Date,
    /// The ARS and the CCOMS see the call's requests; a recruiter their own.
    requests: Vec<Request>,
    /// A recruiter's projects that may still ask this call.
    projects: Vec<Project>,
    may_request: bool,
    errors: FormErrors,
    form: RequestForm,
}

impl CallPage {
    fn date(&self, date: &Date) -> String {
        french_date(*date)
    }
}

pub(super) async fn call_page(
    state: &AppState, visitor: &Visitor, call: Call, errors: FormErrors, form: RequestForm,
) -> Result<CallPage, Error> {
    let user = visitor.signed_in_user()?;
    let mut conn = state.db.pool.acquire().await?;
    let requests = db::list_requests(&mut conn, &funding_scope(user), Some(call.id)).await?;
    let may_request = permits(user.role, Action::RequestFunding);
    let projects = if may_request {
        eligible_projects(&mut conn, user, &call, &requests, state.clock.today()).await?
    } else {
        Vec::new()
    };
    let today = state.clock.today();
    Ok(CallPage {
        layout: Layout::of(visitor),
        region: region_name(&call.region_code),
        open: call.is_open(today),
        today,
        call,
        requests,
        projects,
        may_request,
        errors,
        form,
    })
}

/// The recruiter's live projects in the call's region that have no request in it yet.
pub(super) async fn eligible_projects(
    conn: &mut sqlx::AnyConnection, user: &User, call: &Call, requests: &[Request], today: time::Date,
) -> Result<Vec<Project>, Error> {
    let all = projects::list(&mut *conn, &policy::establishment_scope(user), today).await?;
    let mut eligible = Vec::new();
    for project in all {
        if matches!(project.state, ProjectState::Abandonne | ProjectState::Perennise)
            || requests.iter().any(|r| r.project_id == project.id)
        {
            continue;
        }
        let region = establishments::find(&mut *conn, project.establishment_id)
            .await?
            .and_then(|e| e.region().map(|r| r.code));
        if region == Some(call.region_code.as_str()) {
            eligible.push(project);
        }
    }
    Ok(eligible)
}

pub(super) async fn show_call(
    State(state): State<AppState>, visitor: Visitor, InScope(call): InScope<Call>,
) -> Result<Html<String>, Error> {
    render(&call_page(&state, &visitor, call, FormErrors::default(), RequestForm::default()).await?)
}

pub(super) async fn create_request(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, InScope(call): InScope<Call>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    if !call.is_open(state.clock.today()) {
        errors.add(
            "projet",
            "Cet appel à projets n'est pas ouvert : aucune demande ne peut être faite.",
        );
    }
    let summary = errors.check(crate::domain::project::check_text(
        "summary",
        &form.summary,
        "en quelques lignes le projet et l'usage de la subvention",
        true,
        4000,
    ));
    let project = {
        let mut conn = state.db.pool.acquire().await?;
        let requests = db::list_requests(&mut conn, &funding_scope(user), Some(call.id)).await?;
        eligible_projects(&mut conn, user, &call, &requests, state.clock.today())
            .await?
            .into_iter()
            .find(|p| p.id.to_string() == form.projet)
    };
    if project.is_none() && errors.get("projet").is_none() {
        errors.add("projet", "Choisissez l'un de vos projets de poste de la région.");
    }
    let (Some(project), Some(summary), true) = (project, summary, errors.is_empty()) else {
        let page = call_page(&state, &visitor, call, errors, form).await?;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = state.db.begin().await?;
    if let Some(existing) = db::request_for(&mut tx, call.id, project.id).await? {
        drop(tx);
        return Ok(Redirect::to(&format!("/demandes/{existing}")).into_response());
    }
    let request_id = db::insert_request(
        &mut tx,
        call.id,
        project.id,
        project.establishment_id,
        &call.region_code,
        &summary,
        &author(user),
    )
    .await?;
    visitor
        .audit(
            &mut tx,
            "demande_financement_ouverte",
            "demande_financement",
            request_id,
            format!("appel {} ; projet {}", call.id, project.id),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{request_id}")).into_response())
}
