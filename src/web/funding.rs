//! ARS funding: the ARS opens calls for projects, establishments file funding requests with
//! their documents, the ARS instructs them; an accepted request becomes a subsidy whose
//! payments the ARS records. An ARS officer sees their region only, a recruiter their
//! establishments only; out of scope, a call, request or subsidy does not exist (404).

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Request as HttpRequest, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::Date;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::fiches::parse_day;
use super::statistics::BarChart;
use super::views::{FormErrors, Layout, render};
use super::{AppState, Error, Route};
use crate::db::audit::{self, Entry};
use crate::db::funding::{self as db, Author, Document, Event, Regions, Request, Subsidy};
use crate::db::{establishments, projects};
use crate::domain::account::User;
use crate::domain::calendar::{french_date, in_paris, paris_today};
use crate::domain::funding::{self as rules, Call, CallInput, Decision, Kept, RequestAction, RequestState, euros};
use crate::domain::policy::{self, Action, FundingScope, funding_scope, permits};
use crate::domain::project::{Project, ProjectState};
use crate::domain::role::Role;
use crate::export::csv::{Cell, Csv};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/financements", Access::Can(Action::FollowFunding), show_funding),
        Route::get("/financements.csv", Access::Can(Action::RunCalls), funding_csv),
        Route::get("/appels/nouveau", Access::Can(Action::RunCalls), show_new_call),
        Route::post("/appels/nouveau", Access::Can(Action::RunCalls), create_call),
        Route::get("/appels/{id}", Access::Can(Action::FollowFunding), show_call),
        Route::post(
            "/appels/{id}/demandes",
            Access::Can(Action::RequestFunding),
            create_request,
        ),
        Route::get("/demandes/{id}", Access::Can(Action::FollowFunding), show_request),
        Route::post(
            "/demandes/{id}/documents",
            Access::Can(Action::RequestFunding),
            upload_document,
        )
        // A document may weigh 10 Mo; the form's other fields a few bytes more.
        .with_body_limit(rules::MAX_DOCUMENT_BYTES + 64 * 1024),
        Route::post(
            "/demandes/{id}/documents/supprimer",
            Access::Can(Action::RequestFunding),
            delete_document,
        ),
        Route::post(
            "/demandes/{id}/deposer",
            Access::Can(Action::RequestFunding),
            file_request,
        ),
        Route::post(
            "/demandes/{id}/instruction",
            Access::Can(Action::RunCalls),
            instruct_request,
        ),
        Route::get(
            "/documents-financement/{id}",
            Access::Can(Action::FollowFunding),
            download_document,
        ),
        Route::get("/subventions/{id}", Access::Can(Action::FollowFunding), show_subsidy),
        Route::post(
            "/subventions/{id}/versements",
            Access::Can(Action::RunCalls),
            record_payment,
        ),
        Route::post(
            "/subventions/{id}/perennisation",
            Access::Can(Action::FollowFunding),
            record_post_kept,
        ),
    ]
}

fn id_of(text: &str) -> Result<i64, Error> {
    text.parse().map_err(|_| Error::NotFound)
}

fn author(user: &User) -> Author<'_> {
    Author {
        id: Some(user.id),
        name: &user.display_name,
    }
}

fn region_name(code: &str) -> String {
    crate::domain::territory::region(code).map_or_else(|| code.to_string(), |r| r.name.to_string())
}

/// The regions whose calls a user sees: the ARS its own, a recruiter those of its
/// establishments, the CCOMS all.
async fn call_regions(conn: &mut sqlx::AnyConnection, user: &User) -> Result<Regions, Error> {
    Ok(match funding_scope(user) {
        FundingScope::All => Regions::All,
        FundingScope::Region(code) => Regions::Only(vec![code]),
        FundingScope::Establishments(ids) => {
            let mut codes = Vec::new();
            for id in ids {
                if let Some(code) = establishments::find(&mut *conn, id)
                    .await?
                    .and_then(|e| e.region().map(|r| r.code.to_string()))
                    && !codes.contains(&code)
                {
                    codes.push(code);
                }
            }
            Regions::Only(codes)
        }
    })
}

async fn call_in_scope(state: &AppState, user: &User, id: &str) -> Result<Call, Error> {
    let id = id_of(id)?;
    let mut conn = state.db.pool.acquire().await?;
    let regions = call_regions(&mut conn, user).await?;
    db::find_call(&mut conn, id, &regions).await?.ok_or(Error::NotFound)
}

async fn request_in_scope(state: &AppState, user: &User, id: &str) -> Result<Request, Error> {
    let id = id_of(id)?;
    let mut conn = state.db.pool.acquire().await?;
    db::find_request(&mut conn, id, &funding_scope(user))
        .await?
        .ok_or(Error::NotFound)
}

async fn subsidy_in_scope(state: &AppState, user: &User, id: &str) -> Result<Subsidy, Error> {
    let id = id_of(id)?;
    let mut conn = state.db.pool.acquire().await?;
    db::find_subsidy(&mut conn, id, &funding_scope(user))
        .await?
        .ok_or(Error::NotFound)
}

// --- The funding page and the regional dashboard --------------------------------------------

/// What was committed and paid for one calendar year, in cents.
pub struct YearAmounts {
    pub year: i32,
    pub committed: i64,
    pub paid: i64,
}

impl YearAmounts {
    fn left(&self) -> i64 {
        self.committed - self.paid
    }
}

/// The figures of a scope: calls and their fill rate, posts funded, amounts by year, posts kept.
pub struct Figures {
    pub calls: Vec<Call>,
    pub posts_funded: usize,
    /// Subsidies whose last year has ended, and among them the posts kept.
    pub ended: usize,
    pub kept: usize,
    pub by_year: Vec<YearAmounts>,
    pub committed_cents: i64,
    pub paid_cents: i64,
}

impl Figures {
    fn kept_text(&self) -> String {
        if self.ended == 0 {
            "aucune subvention terminée pour le moment".into()
        } else {
            format!(
                "{} sur {} ({})",
                self.kept,
                self.ended,
                rules::percent(self.kept as i64, self.ended as i64)
            )
        }
    }

    fn chart(&self) -> BarChart {
        BarChart::new(
            "montants",
            "Montants engagés et versés par année, en euros",
            &["Engagé", "Versé"],
            self.by_year
                .iter()
                .map(|y| {
                    (
                        y.year.to_string(),
                        vec![(Some(y.committed), euros(y.committed)), (Some(y.paid), euros(y.paid))],
                    )
                })
                .collect(),
        )
    }
}

async fn figures(
    conn: &mut sqlx::AnyConnection,
    scope: &FundingScope,
    regions: &Regions,
    subsidies: &[Subsidy],
) -> Result<Figures, Error> {
    let calls = db::list_calls(&mut *conn, regions).await?;
    let by_year = db::amounts_by_year(&mut *conn, scope).await?;
    let today = paris_today();
    let ended: Vec<&Subsidy> = subsidies.iter().filter(|s| s.ends_on < today).collect();
    Ok(Figures {
        calls,
        posts_funded: subsidies.len(),
        kept: ended.iter().filter(|s| s.post_kept == Some(true)).count(),
        ended: ended.len(),
        committed_cents: by_year.iter().map(|(_, c, _)| c).sum(),
        paid_cents: by_year.iter().map(|(_, _, p)| p).sum(),
        by_year: by_year
            .into_iter()
            .map(|(year, committed, paid)| YearAmounts { year, committed, paid })
            .collect(),
    })
}

#[derive(askama::Template)]
#[template(path = "funding/index.html")]
struct FundingPage {
    layout: Layout,
    heading: String,
    role: Role,
    figures: Figures,
    chart: BarChart,
    requests: Vec<Request>,
    subsidies: Vec<Subsidy>,
    today: Date,
}

impl FundingPage {
    fn is_ars(&self) -> bool {
        self.role == Role::ArsOfficer
    }

    fn is_recruiter(&self) -> bool {
        self.role == Role::Recruiter
    }

    fn date(&self, date: &Date) -> String {
        french_date(*date)
    }
}

async fn show_funding(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
) -> Result<Html<String>, Error> {
    let scope = funding_scope(user);
    let mut conn = state.db.pool.acquire().await?;
    let regions = call_regions(&mut conn, user).await?;
    let requests = db::list_requests(&mut conn, &scope, None).await?;
    let subsidies = db::list_subsidies(&mut conn, &scope).await?;
    let figures = figures(&mut conn, &scope, &regions, &subsidies).await?;
    let heading = match &scope {
        FundingScope::Region(code) => format!("Financements de l'ARS – {}", region_name(code)),
        FundingScope::All => "Financements des ARS – toutes les régions".into(),
        FundingScope::Establishments(_) => "Financements ARS de vos postes".into(),
    };
    render(&FundingPage {
        layout: Layout::of(&visitor),
        heading,
        role: user.role,
        chart: figures.chart(),
        figures,
        requests,
        subsidies,
        today: paris_today(),
    })
}

/// The dashboard's figures as CSV for a French spreadsheet, through the one CSV writer (which
/// neutralises typed text a spreadsheet would run as a formula, such as a call's title).
async fn funding_csv(State(state): State<AppState>, CurrentUser(ref user): CurrentUser) -> Result<Response, Error> {
    let scope = funding_scope(user);
    let mut conn = state.db.pool.acquire().await?;
    let regions = call_regions(&mut conn, user).await?;
    let subsidies = db::list_subsidies(&mut conn, &scope).await?;
    let figures = figures(&mut conn, &scope, &regions, &subsidies).await?;
    let count = |n: usize| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let mut csv = Csv::new();
    csv.row(&[Cell::Text("indicateur"), Cell::Text("précision"), Cell::Text("valeur")]);
    for call in &figures.calls {
        let label = format!("{} ({})", call.title, call.period_text());
        let label = Cell::Text(&label);
        csv.row(&[Cell::Text("postes prévus"), label, Cell::Integer(call.posts)]);
        csv.row(&[Cell::Text("demandes déposées"), label, Cell::Integer(call.filed)]);
        csv.row(&[Cell::Text("postes attribués"), label, Cell::Integer(call.accepted)]);
    }
    csv.row(&[
        Cell::Text("postes financés"),
        Cell::Text("total"),
        count(figures.posts_funded),
    ]);
    for y in &figures.by_year {
        let year = y.year.to_string();
        csv.row(&[
            Cell::Text("montant engagé (euros)"),
            Cell::Text(&year),
            Cell::Euros(y.committed),
        ]);
        csv.row(&[
            Cell::Text("montant versé (euros)"),
            Cell::Text(&year),
            Cell::Euros(y.paid),
        ]);
    }
    csv.row(&[
        Cell::Text("montant engagé (euros)"),
        Cell::Text("total"),
        Cell::Euros(figures.committed_cents),
    ]);
    csv.row(&[
        Cell::Text("montant versé (euros)"),
        Cell::Text("total"),
        Cell::Euros(figures.paid_cents),
    ]);
    csv.row(&[
        Cell::Text("subventions terminées"),
        Cell::Text("total"),
        count(figures.ended),
    ]);
    csv.row(&[
        Cell::Text("postes pérennisés après la subvention"),
        Cell::Text("total"),
        count(figures.kept),
    ]);
    let csv = csv.finish();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"financements-ars.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

// --- Calls for projects -----------------------------------------------------------------------

#[derive(Deserialize, Clone)]
struct CallForm {
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
struct NewCallPage {
    layout: Layout,
    region: String,
    errors: FormErrors,
    form: CallForm,
}

async fn show_new_call(visitor: Visitor, CurrentUser(ref user): CurrentUser) -> Result<Html<String>, Error> {
    let region = policy::ars_region(user).ok_or(Error::Forbidden)?;
    render(&NewCallPage {
        layout: Layout::of(&visitor),
        region: region_name(region),
        errors: FormErrors::default(),
        form: CallForm::defaults(paris_today()),
    })
}

async fn create_call(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    CsrfForm(form): CsrfForm<CallForm>,
) -> Result<Response, Error> {
    let region = policy::ars_region(user).ok_or(Error::Forbidden)?;
    let mut errors = FormErrors::default();
    let opens_on = errors.check(parse_day("opens_on", &form.opens_on)).flatten();
    let closes_on = errors.check(parse_day("closes_on", &form.closes_on)).flatten();
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
    let checked = rules::check_call(region, &input, paris_today());
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
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let mut tx = state.db.begin().await?;
    let id = db::insert_call(&mut tx, &new, Some(user.id)).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "appel_ouvert",
            target_kind: "appel",
            target_id: id.to_string(),
            detail: format!(
                "région {} ; {} poste(s) ; {} par an ; {} an(s)",
                new.region_code,
                new.posts,
                euros(new.amount_per_post_year_cents),
                new.years
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/appels/{id}")).into_response())
}

#[derive(Deserialize, Default, Clone)]
struct RequestForm {
    #[serde(default)]
    projet: String,
    #[serde(default)]
    summary: String,
}

#[derive(askama::Template)]
#[template(path = "funding/call.html")]
struct CallPage {
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

async fn call_page(
    state: &AppState,
    visitor: &Visitor,
    call: Call,
    errors: FormErrors,
    form: RequestForm,
) -> Result<CallPage, Error> {
    let user = visitor.signed_in_user()?;
    let mut conn = state.db.pool.acquire().await?;
    let requests = db::list_requests(&mut conn, &funding_scope(user), Some(call.id)).await?;
    let may_request = permits(user.role, Action::RequestFunding);
    let projects = if may_request {
        eligible_projects(&mut conn, user, &call, &requests).await?
    } else {
        Vec::new()
    };
    let today = paris_today();
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
async fn eligible_projects(
    conn: &mut sqlx::AnyConnection,
    user: &User,
    call: &Call,
    requests: &[Request],
) -> Result<Vec<Project>, Error> {
    let all = projects::list(&mut *conn, &policy::establishment_scope(user)).await?;
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

async fn show_call(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let call = call_in_scope(&state, user, &id).await?;
    render(&call_page(&state, &visitor, call, FormErrors::default(), RequestForm::default()).await?)
}

async fn create_request(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<Response, Error> {
    let call = call_in_scope(&state, user, &id).await?;
    let mut errors = FormErrors::default();
    if !call.is_open(paris_today()) {
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
        eligible_projects(&mut conn, user, &call, &requests)
            .await?
            .into_iter()
            .find(|p| p.id.to_string() == form.projet)
    };
    if project.is_none() && errors.get("projet").is_none() {
        errors.add("projet", "Choisissez l'un de vos projets de poste de la région.");
    }
    let (Some(project), Some(summary), true) = (project, summary, errors.is_empty()) else {
        let page = call_page(&state, &visitor, call, errors, form).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
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
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "demande_financement_ouverte",
            target_kind: "demande_financement",
            target_id: request_id.to_string(),
            detail: format!("appel {} ; projet {}", call.id, project.id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{request_id}")).into_response())
}

// --- Funding requests ------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
struct InstructForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    motif: String,
    #[serde(default)]
    version: i64,
}

#[derive(askama::Template)]
#[template(path = "funding/request.html")]
struct RequestPage {
    layout: Layout,
    request: Request,
    call: Call,
    documents: Vec<Document>,
    missing: Vec<String>,
    events: Vec<Event>,
    may_edit: bool,
    /// The ARS follows requests, not projects: only the establishment and the CCOMS open them.
    may_see_project: bool,
    ars_actions: Vec<RequestAction>,
    errors: FormErrors,
    form: InstructForm,
    notice: Option<&'static str>,
}

impl RequestPage {
    /// The reason the establishment must read: the one given with the current state.
    fn current_reason(&self) -> Option<&str> {
        self.events
            .last()
            .filter(|e| e.to_state == self.request.state && !e.reason.is_empty())
            .map(|e| e.reason.as_str())
    }

    fn when(&self, event: &Event) -> String {
        let at = in_paris(event.at);
        format!("{} à {} h {:02}", french_date(at.date()), at.hour(), at.minute())
    }

    fn size(&self, document: &Document) -> String {
        rules::size_text(document.size_bytes)
    }

    fn committed(&self) -> Option<String> {
        self.request.committed_at.map(|at| french_date(in_paris(at).date()))
    }

    /// Where an error of this page leads, when it has a field on the page.
    fn error_href(&self, field: &str) -> String {
        match field {
            "etat" | "version" => "#etat".into(),
            "document" => "#champ-fichier".into(),
            _ => format!("#champ-{field}"),
        }
    }
}

async fn request_page(
    state: &AppState,
    visitor: &Visitor,
    request: Request,
    errors: FormErrors,
    form: InstructForm,
    notice: Option<&'static str>,
) -> Result<RequestPage, Error> {
    let user = visitor.signed_in_user()?;
    let mut conn = state.db.pool.acquire().await?;
    let call = db::find_call(&mut conn, request.call_id, &Regions::All)
        .await?
        .ok_or(Error::NotFound)?;
    let documents = db::documents(&mut conn, request.id).await?;
    let events = db::events(&mut conn, request.id).await?;
    let missing = missing_documents(&call, &documents);
    Ok(RequestPage {
        layout: Layout::of(visitor),
        may_edit: permits(user.role, Action::RequestFunding) && request.state.is_editable(),
        may_see_project: permits(user.role, Action::FollowPosts),
        ars_actions: if permits(user.role, Action::RunCalls) {
            request.state.ars_actions()
        } else {
            Vec::new()
        },
        form: InstructForm {
            version: request.version,
            ..form
        },
        request,
        call,
        documents,
        missing,
        events,
        errors,
        notice,
    })
}

fn missing_documents(call: &Call, documents: &[Document]) -> Vec<String> {
    call.documents
        .iter()
        .filter(|name| !documents.iter().any(|d| &&d.requirement == name))
        .cloned()
        .collect()
}

async fn show_request(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<NoticeQuery>,
) -> Result<Html<String>, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    let notice = match query.fait.as_deref() {
        Some("document") => Some("Document ajouté."),
        Some("retire") => Some("Document retiré."),
        Some("deposee") => Some("Demande déposée : l'ARS en est informée."),
        Some("decision") => Some("Décision enregistrée."),
        _ => None,
    };
    let page = request_page(
        &state,
        &visitor,
        request,
        FormErrors::default(),
        InstructForm::default(),
        notice,
    )
    .await?;
    render(&page)
}

#[derive(Deserialize)]
struct NoticeQuery {
    fait: Option<String>,
}

async fn refuse_request(
    state: &AppState,
    visitor: &Visitor,
    request: Request,
    status: StatusCode,
    errors: FormErrors,
    form: InstructForm,
) -> Result<Response, Error> {
    let page = request_page(state, visitor, request, errors, form, None).await?;
    Ok((status, render(&page)?).into_response())
}

fn one_error(field: &'static str, message: impl Into<String>) -> FormErrors {
    let mut errors = FormErrors::default();
    errors.add(field, message);
    errors
}

/// Reads the upload form (its token was checked before the file was received): which of the
/// call's documents this is, and the file.
async fn read_upload(mut multipart: Multipart) -> Result<Result<(String, String, Vec<u8>), FormErrors>, Error> {
    let mut requirement = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let unreadable = || one_error("fichier", "Le fichier n'a pas pu être lu : réessayez.");
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(Err(one_error("fichier", "Le fichier dépasse 10 Mo : réduisez-le.")));
            }
            Err(_) => return Ok(Err(unreadable())),
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "document" => requirement = field.text().await.unwrap_or_default(),
            "fichier" => {
                let file_name = field.file_name().unwrap_or_default().to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((file_name, bytes.to_vec())),
                    Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Ok(Err(one_error("fichier", "Le fichier dépasse 10 Mo : réduisez-le.")));
                    }
                    Err(_) => return Ok(Err(unreadable())),
                }
            }
            _ => {}
        }
    }
    let (file_name, bytes) = file.unwrap_or_default();
    Ok(Ok((requirement, file_name, bytes)))
}

/// Adds a document to a draft (or a request sent back for more). The request is looked up in
/// the visitor's scope before the body is read, so another establishment's request is a 404
/// whatever is sent.
async fn upload_document(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    body: HttpRequest,
) -> Result<Response, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    let multipart = match Multipart::from_request(body, &state).await {
        Ok(multipart) => multipart,
        Err(_) => {
            let errors = one_error("fichier", "Envoyez le fichier avec le formulaire de la page.");
            return refuse_request(
                &state,
                &visitor,
                request,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                InstructForm::default(),
            )
            .await;
        }
    };
    let (requirement, file_name, bytes) = match read_upload(multipart).await? {
        Ok(upload) => upload,
        Err(errors) => {
            return refuse_request(
                &state,
                &visitor,
                request,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                InstructForm::default(),
            )
            .await;
        }
    };
    if !request.state.is_editable() {
        let errors = one_error(
            "etat",
            format!(
                "Une demande « {} » ne se modifie plus : ses documents sont ceux que l'ARS examine.",
                request.state.label()
            ),
        );
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            errors,
            InstructForm::default(),
        )
        .await;
    }
    let call = {
        let mut conn = state.db.pool.acquire().await?;
        db::find_call(&mut conn, request.call_id, &Regions::All)
            .await?
            .ok_or(Error::NotFound)?
    };
    let mut errors = FormErrors::default();
    if !call.documents.contains(&requirement) {
        errors.add("document", "Choisissez le document demandé auquel ce fichier répond.");
    }
    let kind = errors.check(rules::check_document(&bytes));
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            InstructForm::default(),
        )
        .await;
    };
    let file_name = rules::clean_file_name(&file_name, kind);
    let mut tx = state.db.begin().await?;
    let document_id = db::insert_document(
        &mut tx,
        request.id,
        &db::NewDocument {
            requirement: &requirement,
            file_name: &file_name,
            media_type: kind.media_type(),
            content: &bytes,
        },
        Some(user.id),
    )
    .await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "document_financement_ajoute",
            target_kind: "demande_financement",
            target_id: request.id.to_string(),
            detail: format!("document {document_id} ; {requirement} ; {} octets", bytes.len()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=document", request.id)).into_response())
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    document: String,
}

async fn delete_document(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    if !request.state.is_editable() {
        let errors = one_error(
            "etat",
            format!("Une demande « {} » ne se modifie plus.", request.state.label()),
        );
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            errors,
            InstructForm::default(),
        )
        .await;
    }
    let document_id: i64 = form.document.parse().unwrap_or(0);
    let mut tx = state.db.begin().await?;
    if !db::delete_document(&mut tx, request.id, document_id).await? {
        drop(tx);
        let errors = one_error("document", "Ce document n'est plus dans la demande.");
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            errors,
            InstructForm::default(),
        )
        .await;
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "document_financement_retire",
            target_kind: "demande_financement",
            target_id: request.id.to_string(),
            detail: format!("document {document_id}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=retire", request.id)).into_response())
}

#[derive(Deserialize)]
struct FileForm {
    #[serde(default)]
    engagement: Option<String>,
    #[serde(default)]
    version: i64,
}

/// The establishment files its request, committing to keep the post.
async fn file_request(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<FileForm>,
) -> Result<Response, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    let (call, documents) = {
        let mut conn = state.db.pool.acquire().await?;
        let call = db::find_call(&mut conn, request.call_id, &Regions::All)
            .await?
            .ok_or(Error::NotFound)?;
        let documents = db::documents(&mut conn, request.id).await?;
        (call, documents)
    };
    let decision = Decision {
        action: RequestAction::Deposer,
        reason: "",
        missing_documents: missing_documents(&call, &documents),
        commitment: form.engagement.is_some(),
        call_open: call.is_open(paris_today()),
        posts_left: call.posts - call.accepted,
    };
    let to = match rules::decide(request.state, &decision) {
        Ok(to) => to,
        Err(list) => {
            let errors = FormErrors { list };
            return refuse_request(
                &state,
                &visitor,
                request,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                InstructForm::default(),
            )
            .await;
        }
    };
    let mut tx = state.db.begin().await?;
    if !db::set_request_state(&mut tx, request.id, form.version, to, Some(user.id)).await? {
        drop(tx);
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            changed_meanwhile(),
            InstructForm::default(),
        )
        .await;
    }
    db::record_event(&mut tx, request.id, Some(request.state), to, "", &author(user)).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "demande_financement_deposee",
            target_kind: "demande_financement",
            target_id: request.id.to_string(),
            detail: format!(
                "{} -> {} ; engagement à pérenniser le poste",
                request.state.as_str(),
                to.as_str()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=deposee", request.id)).into_response())
}

fn changed_meanwhile() -> FormErrors {
    one_error(
        "version",
        "La demande a été modifiée entre-temps par quelqu'un d'autre : voici son état actuel.",
    )
}

/// The ARS moves a request: asks for more, instructs, decides, or reopens a refusal. An
/// acceptance creates the subsidy in the same transaction.
async fn instruct_request(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<InstructForm>,
) -> Result<Response, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    let Some(action) = RequestAction::parse(&form.action).filter(|a| a.by_ars()) else {
        let errors = one_error("etat", "Choisissez une action dans la liste.");
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            form,
        )
        .await;
    };
    let call = {
        let mut conn = state.db.pool.acquire().await?;
        db::find_call(&mut conn, request.call_id, &Regions::All)
            .await?
            .ok_or(Error::NotFound)?
    };
    let decision = Decision {
        action,
        reason: &form.motif,
        missing_documents: Vec::new(),
        commitment: true,
        call_open: true,
        posts_left: call.posts - call.accepted,
    };
    let to = match rules::decide(request.state, &decision) {
        Ok(to) => to,
        Err(list) => {
            let status = if list.iter().any(|e| e.field == "etat") {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return refuse_request(&state, &visitor, request, status, FormErrors { list }, form).await;
        }
    };
    let reason = form.motif.trim().to_string();
    let mut tx = state.db.begin().await?;
    // Decisions on one call wait for each other here, so that the count of posts given,
    // read below, includes any acceptance that committed meanwhile.
    db::lock_call(&mut tx, call.id).await?;
    if !db::set_request_state(&mut tx, request.id, form.version, to, None).await? {
        drop(tx);
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            changed_meanwhile(),
            form,
        )
        .await;
    }
    db::record_event(&mut tx, request.id, Some(request.state), to, &reason, &author(user)).await?;
    let mut detail = format!("{} -> {}", request.state.as_str(), to.as_str());
    if to == RequestState::Acceptee {
        // Re-read the call inside the transaction: two acceptances at once must not give more
        // posts than the call has.
        let call = db::find_call(&mut tx, call.id, &Regions::All)
            .await?
            .ok_or(Error::NotFound)?;
        if call.accepted > call.posts {
            drop(tx);
            let errors = one_error("etat", "Tous les postes de cet appel à projets sont déjà attribués.");
            return refuse_request(&state, &visitor, request, StatusCode::CONFLICT, errors, form).await;
        }
        let years = rules::schedule(&call);
        let ends_on = rules::subsidy_ends_on(call.first_year, call.years);
        let subsidy_id = db::insert_subsidy(
            &mut tx,
            &request,
            &call,
            &years,
            ends_on,
            rules::reminder_due_on(ends_on),
        )
        .await?;
        detail.push_str(&format!(
            " ; subvention {subsidy_id} de {}",
            euros(years.iter().map(|y| y.amount_cents).sum::<i64>())
        ));
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "demande_financement_instruite",
            target_kind: "demande_financement",
            target_id: request.id.to_string(),
            detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=decision", request.id)).into_response())
}

async fn download_document(
    State(state): State<AppState>,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let id = id_of(&id)?;
    let mut conn = state.db.pool.acquire().await?;
    let (document, content) = db::document_content(&mut conn, id, &funding_scope(user))
        .await?
        .ok_or(Error::NotFound)?;
    // The type is the one recognised at upload, never what the browser claimed.
    let media_type = rules::DocumentKind::from_media_type(&document.media_type)
        .map_or("application/octet-stream", |k| k.media_type());
    Ok((
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    document.file_name.replace(['"', '\\'], "")
                ),
            ),
        ],
        Body::from(content),
    )
        .into_response())
}

// --- Subsidies -------------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
struct PaymentForm {
    #[serde(default)]
    annee: String,
    #[serde(default)]
    montant: String,
    #[serde(default)]
    date: String,
}

#[derive(askama::Template)]
#[template(path = "funding/subsidy.html")]
struct SubsidyPage {
    layout: Layout,
    subsidy: Subsidy,
    years: Vec<db::Year>,
    payments: Vec<db::Payment>,
    may_pay: bool,
    may_record_kept: bool,
    kept: Kept,
    errors: FormErrors,
    form: PaymentForm,
    notice: Option<&'static str>,
}

impl SubsidyPage {
    fn euros(&self, cents: impl std::borrow::Borrow<i64>) -> String {
        euros(cents)
    }

    fn period(&self) -> String {
        rules::period_text(self.subsidy.first_year, self.subsidy.years)
    }

    fn date(&self, date: &Date) -> String {
        french_date(*date)
    }

    fn left_cents(&self) -> i64 {
        self.subsidy.total_cents - self.subsidy.paid_cents
    }
}

async fn subsidy_page(
    state: &AppState,
    visitor: &Visitor,
    subsidy: Subsidy,
    errors: FormErrors,
    form: PaymentForm,
    notice: Option<&'static str>,
) -> Result<SubsidyPage, Error> {
    let user = visitor.signed_in_user()?;
    let mut conn = state.db.pool.acquire().await?;
    let years = db::subsidy_years(&mut conn, subsidy.id).await?;
    let payments = db::payments(&mut conn, subsidy.id).await?;
    let may_record_kept =
        policy::may_record_post_kept(user.role) && rules::may_record_kept(subsidy.reminder_due_on, paris_today());
    let form = PaymentForm {
        annee: if form.annee.is_empty() {
            years
                .iter()
                .find(|y| y.paid_cents < y.amount_cents)
                .map(|y| y.year.to_string())
                .unwrap_or_default()
        } else {
            form.annee
        },
        ..form
    };
    Ok(SubsidyPage {
        layout: Layout::of(visitor),
        may_pay: permits(user.role, Action::RunCalls) && subsidy.paid_cents < subsidy.total_cents,
        may_record_kept,
        kept: Kept::of(&subsidy.post_kept),
        subsidy,
        years,
        payments,
        errors,
        form,
        notice,
    })
}

async fn show_subsidy(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<NoticeQuery>,
) -> Result<Html<String>, Error> {
    let subsidy = subsidy_in_scope(&state, user, &id).await?;
    let notice = match query.fait.as_deref() {
        Some("versement") => Some("Versement enregistré."),
        Some("perennisation") => Some("Le devenir du poste est enregistré."),
        _ => None,
    };
    render(
        &subsidy_page(
            &state,
            &visitor,
            subsidy,
            FormErrors::default(),
            PaymentForm::default(),
            notice,
        )
        .await?,
    )
}

async fn record_payment(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<PaymentForm>,
) -> Result<Response, Error> {
    let subsidy = subsidy_in_scope(&state, user, &id).await?;
    let years = {
        let mut conn = state.db.pool.acquire().await?;
        db::subsidy_years(&mut conn, subsidy.id).await?
    };
    let mut errors = FormErrors::default();
    let year = years.iter().find(|y| y.year.to_string() == form.annee.trim());
    if year.is_none() {
        errors.add("annee", "Choisissez l'année de la subvention que ce versement paie.");
    }
    let amount = errors.check(rules::parse_euros("montant", &form.montant));
    let paid_on = match parse_day("date", &form.date) {
        Ok(Some(date)) if date <= paris_today() => Some(date),
        Ok(Some(_)) => {
            errors.add(
                "date",
                "Un versement s'enregistre une fois fait : la date est dans le futur.",
            );
            None
        }
        Ok(None) => {
            errors.add("date", "Indiquez la date du versement.");
            None
        }
        Err(e) => {
            errors.list.push(e);
            None
        }
    };
    if let (Some(year), Some(amount)) = (year, amount) {
        errors.check(rules::check_payment(amount, year.amount_cents, year.paid_cents));
    }
    let (Some(year), Some(amount), Some(paid_on), true) = (year, amount, paid_on, errors.is_empty()) else {
        let page = subsidy_page(&state, &visitor, subsidy, errors, form, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let mut tx = state.db.begin().await?;
    if !db::record_payment(&mut tx, subsidy.id, year.year, amount, paid_on, Some(user.id)).await? {
        // Another payment for the same year went through since the page was read.
        drop(tx);
        let errors = one_error(
            "montant",
            "Un autre versement vient d'être enregistré pour cette année : ce montant dépasserait ce qui a été accordé.",
        );
        let page = subsidy_page(&state, &visitor, subsidy, errors, form, None).await?;
        return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "subvention_versement",
            target_kind: "subvention",
            target_id: subsidy.id.to_string(),
            detail: format!("année {} ; {} ; versé le {}", year.year, euros(amount), paid_on),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/subventions/{}?fait=versement", subsidy.id)).into_response())
}

#[derive(Deserialize)]
struct KeptForm {
    #[serde(default)]
    perennise: String,
}

/// Records whether the establishment kept the post; "yes" moves the project to `perennise`,
/// "no" to `abandonne`. A later correction is recorded the same way, and audited.
async fn record_post_kept(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<KeptForm>,
) -> Result<Response, Error> {
    let subsidy = subsidy_in_scope(&state, user, &id).await?;
    if !policy::may_record_post_kept(user.role) {
        return Err(Error::Forbidden);
    }
    let kept = match form.perennise.as_str() {
        "oui" => Some(true),
        "non" => Some(false),
        _ => None,
    };
    let mut errors = FormErrors::default();
    if !rules::may_record_kept(subsidy.reminder_due_on, paris_today()) {
        errors.add(
            "perennise",
            format!(
                "Le devenir du poste se renseigne à partir du {}, six mois avant la fin de la subvention.",
                french_date(subsidy.reminder_due_on)
            ),
        );
    } else if kept.is_none() {
        errors.add("perennise", "Indiquez si le poste est maintenu.");
    }
    let (Some(kept), true) = (kept, errors.is_empty()) else {
        let page = subsidy_page(&state, &visitor, subsidy, errors, PaymentForm::default(), None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let mut tx = state.db.begin().await?;
    db::set_post_kept(&mut tx, subsidy.id, kept).await?;
    let to = if kept {
        ProjectState::Perennise
    } else {
        ProjectState::Abandonne
    };
    db::set_project_state_after_subsidy(&mut tx, subsidy.project_id, to).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "subvention_perennisation",
            target_kind: "subvention",
            target_id: subsidy.id.to_string(),
            detail: format!(
                "avant : {} ; maintenant : {} ; projet {} -> {}",
                Kept::of(&subsidy.post_kept).label(),
                Kept::of(&Some(kept)).label(),
                subsidy.project_id,
                to.as_str()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/subventions/{}?fait=perennisation", subsidy.id)).into_response())
}
