//! Enrolment of hired MSPs in the universities' cohorts, their first year (milestones, shared
//! journal, grade), and the training calendars as iCalendar feeds behind revocable secret URLs.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::views::{Layout, MessagePage, render, stored_instant};
use super::{AppState, Error, Route};
use crate::db::audit::{self, Entry};
use crate::db::cohorts;
use crate::db::enrolments::{self as enrolment_db, Enrolment, HiredMsp, JournalEntry, Milestone};
use crate::db::feeds::{self, FeedKind};
use crate::domain::account::User;
use crate::domain::calendar::french_date;
use crate::domain::cohort::{CohortDates, week_end};
use crate::domain::enrolment::EnrolmentState;
use crate::domain::ical::{self, Event, Method};
use crate::domain::policy::{Action, candidate_data_scope, establishment_scope, permits};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/inscriptions", Access::Can(Action::FollowEnrolments), list_enrolments),
        Route::post("/inscriptions", Access::Can(Action::EnrolMsps), create_enrolment),
        Route::get(
            "/inscriptions/{id}",
            Access::Can(Action::FollowEnrolments),
            show_enrolment,
        ),
        Route::post(
            "/inscriptions/{id}/etat",
            Access::Can(Action::ChangeEnrolments),
            move_enrolment,
        ),
        Route::post(
            "/inscriptions/{id}/journal",
            Access::Can(Action::WriteJournal),
            add_journal,
        ),
        Route::post(
            "/inscriptions/{id}/arrivee",
            Access::Can(Action::PlanIntegration),
            set_arrival,
        ),
        Route::post(
            "/inscriptions/{id}/etapes",
            Access::Can(Action::WriteJournal),
            mark_milestone,
        ),
        Route::post(
            "/inscriptions/{id}/agenda",
            Access::Can(Action::SubscribeCalendars),
            create_msp_feed,
        ),
        Route::post(
            "/promotions/{id}/agenda",
            Access::Can(Action::ManageCohorts),
            create_cohort_feed,
        ),
        Route::post(
            "/etablissements/{id}/agenda",
            Access::Can(Action::FollowPosts),
            create_establishment_feed,
        ),
        Route::post(
            "/agendas/{id}/revoquer",
            Access::Can(Action::SubscribeCalendars),
            revoke_feed,
        ),
        Route::get("/mon-parcours", Access::Can(Action::FollowOwnPath), show_own_path),
        Route::get("/agenda/{token}", Access::Public, show_feed).personal(),
    ]
}

fn id_of(id: &str) -> Result<i64, Error> {
    id.parse().map_err(|_| Error::NotFound)
}

/// An enrolment in the user's scope; outside it, it does not exist for them.
async fn enrolment_in_scope(conn: &mut sqlx::AnyConnection, user: &User, id: &str) -> Result<Enrolment, Error> {
    enrolment_db::find_enrolment(conn, id_of(id)?, &candidate_data_scope(user), user.id, &user.email)
        .await?
        .ok_or(Error::NotFound)
}

#[derive(askama::Template)]
#[template(path = "calendar/enrolments.html")]
struct ListPage {
    layout: Layout,
    enrolments: Vec<Enrolment>,
    to_enrol: Vec<HiredMsp>,
    cohorts: Vec<cohorts::Cohort>,
    may_enrol: bool,
}

async fn list_enrolments(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
) -> Result<Html<String>, Error> {
    let mut tx = state.db.begin().await?;
    let enrolments = enrolment_db::list_enrolments(&mut tx, &candidate_data_scope(user), user.id, &user.email).await?;
    let may_enrol = permits(user.role, Action::EnrolMsps);
    let (to_enrol, cohorts) = if may_enrol {
        (
            enrolment_db::not_enrolled(&mut tx).await?,
            cohorts::list_cohorts(&mut tx).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "inscriptions_consultees",
            target_kind: "inscription",
            target_id: String::new(),
            detail: format!("{} inscriptions", enrolments.len()),
        },
    )
    .await?;
    tx.commit().await?;
    render(&ListPage {
        layout: Layout::of(&visitor),
        enrolments,
        to_enrol,
        cohorts,
        may_enrol,
    })
}

#[derive(Deserialize, Default)]
struct EnrolForm {
    #[serde(default)]
    msp: String,
    #[serde(default)]
    promotion: String,
    #[serde(default)]
    bac2: String,
}

async fn create_enrolment(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<EnrolForm>,
) -> Result<Response, Error> {
    let bad = |m: &str| Error::BadRequest(crate::domain::FieldError::new("promotion", m));
    let record: i64 = form
        .msp
        .parse()
        .map_err(|_| bad("Choisissez la personne à inscrire."))?;
    let cohort_id: i64 = form.promotion.parse().map_err(|_| bad("Choisissez une promotion."))?;
    let mut tx = state.db.begin().await?;
    cohorts::lock_cohort(&mut tx, cohort_id).await?;
    let cohort = cohorts::find_cohort(&mut tx, cohort_id)
        .await?
        .ok_or_else(|| bad("Cette promotion n'existe pas."))?;
    let exists = crate::db::enrolments::msp_record_exists(&mut tx, record).await?;
    if !exists {
        return Err(bad("Cette personne n'est pas dans la liste des MSP recrutés."));
    }
    if i64::from(cohort.dates.capacity) <= cohort.enrolled {
        return Err(bad("Cette promotion est complète : choisissez-en une autre."));
    }
    let Some(id) = enrolment_db::enrol(&mut tx, record, &cohort, form.bac2 == "oui").await? else {
        return Err(bad("Cette personne est déjà inscrite dans une promotion."));
    };
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "msp_inscrit",
            target_kind: "inscription",
            target_id: id.to_string(),
            detail: cohort.dates.name(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{id}")).into_response())
}

#[derive(askama::Template)]
#[template(path = "calendar/enrolment.html")]
struct ShowPage {
    layout: Layout,
    enrolment: Enrolment,
    cohort: Option<CohortDates>,
    milestones: Vec<Milestone>,
    journal: Vec<JournalEntry>,
    moves: Vec<EnrolmentState>,
    may_move: bool,
    may_plan: bool,
    may_write: bool,
    may_subscribe: bool,
    feeds: Vec<feeds::Feed>,
    /// The establishment's team calendar, for its recruiters and the CCOMS.
    may_team_feed: bool,
    team_feeds: Vec<feeds::Feed>,
    feed_url: Option<String>,
}

impl ShowPage {
    fn date_text(&self, date: &time::Date) -> String {
        french_date(*date)
    }

    fn week_text(&self, monday: &time::Date) -> String {
        format!("du {} au {}", french_date(*monday), french_date(week_end(*monday)))
    }

    fn instant_text(&self, at: &str) -> String {
        stored_instant(at)
    }
}

async fn show_page(
    conn: &mut sqlx::AnyConnection,
    visitor: &Visitor,
    user: &User,
    enrolment: Enrolment,
    feed_url: Option<String>,
) -> Result<ShowPage, Error> {
    // The journal is shared by the MSP, their manager and the CCOMS: not the university.
    let may_write = permits(user.role, Action::WriteJournal);
    let cohort = cohorts::find_cohort(conn, enrolment.cohort_id).await?.map(|c| c.dates);
    Ok(ShowPage {
        layout: Layout::of(visitor),
        milestones: enrolment_db::milestones(conn, enrolment.id).await?,
        journal: if may_write {
            enrolment_db::journal(conn, enrolment.id).await?
        } else {
            Vec::new()
        },
        moves: enrolment.state.allowed_moves(enrolment.has_bac2),
        may_move: permits(user.role, Action::ChangeEnrolments),
        may_plan: permits(user.role, Action::PlanIntegration),
        may_write,
        may_subscribe: permits(user.role, Action::SubscribeCalendars),
        feeds: feeds::live_feeds(conn, FeedKind::Msp, enrolment.id).await?,
        may_team_feed: permits(user.role, Action::FollowPosts),
        team_feeds: if permits(user.role, Action::FollowPosts) {
            feeds::live_feeds(conn, FeedKind::Establishment, enrolment.establishment_id).await?
        } else {
            Vec::new()
        },
        feed_url,
        cohort,
        enrolment,
    })
}

async fn show_enrolment(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, &id).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "inscription_consultee",
            target_kind: "inscription",
            target_id: enrolment.id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    let page = show_page(&mut tx, &visitor, user, enrolment, None).await?;
    tx.commit().await?;
    render(&page)
}

/// The MSP's own space: their enrolment, or a message while there is none.
async fn show_own_path(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let own = enrolment_db::list_enrolments(&mut conn, &candidate_data_scope(user), user.id, &user.email).await?;
    match own.first() {
        Some(enrolment) => Ok(Redirect::to(&format!("/inscriptions/{}", enrolment.id)).into_response()),
        None => Ok(render(&MessagePage::new(
            Layout::of(&visitor),
            "Mon parcours",
            &["Votre inscription en formation n'est pas encore enregistrée. Le CCOMS l'enregistre après votre recrutement ; vous verrez ici votre calendrier de formation et les étapes de votre première année."],
        ))?
        .into_response()),
    }
}

#[derive(Deserialize, Default)]
struct MoveForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    etat: String,
}

async fn move_enrolment(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, &id).await?;
    let error = |message: String| async move {
        Err::<Response, Error>(Error::BadRequest(crate::domain::FieldError::new("etat", message)))
    };
    let Some(to) = EnrolmentState::parse(&form.etat) else {
        return error("Choisissez la nouvelle étape de l'inscription.".into()).await;
    };
    let to = match enrolment.state.move_to(to, enrolment.has_bac2) {
        Ok(to) => to,
        Err(message) => return error(message).await,
    };
    let today = crate::domain::calendar::paris_today();
    let grade = enrolment.grade.after(to);
    let since = if grade == enrolment.grade {
        enrolment.grade_since
    } else {
        today
    };
    let version: i64 = form.version.parse().unwrap_or(-1);
    if !enrolment_db::set_enrolment_state(&mut tx, enrolment.id, version, to, grade, since).await? {
        return error("Quelqu'un a modifié cette inscription entre-temps : rechargez la page.".into()).await;
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "inscription_etape",
            target_kind: "inscription",
            target_id: enrolment.id.to_string(),
            detail: format!("{} → {}", enrolment.state.as_str(), to.as_str()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{}", enrolment.id)).into_response())
}

#[derive(Deserialize, Default)]
struct JournalForm {
    #[serde(default)]
    texte: String,
}

async fn add_journal(
    State(state): State<AppState>,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<JournalForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, &id).await?;
    let text = form.texte.trim();
    if text.is_empty() || text.chars().count() > 4000 {
        return Err(Error::BadRequest(crate::domain::FieldError::new(
            "texte",
            "Écrivez une note de 4 000 caractères au plus.",
        )));
    }
    enrolment_db::add_journal(&mut tx, enrolment.id, (user.id, &user.display_name), text).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{}#journal", enrolment.id)).into_response())
}

#[derive(Deserialize, Default)]
struct ArrivalForm {
    #[serde(default)]
    arrivee: String,
}

/// The establishment or the CCOMS sets the real day of arrival; the first year follows it.
async fn set_arrival(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ArrivalForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, &id).await?;
    let arrival = crate::domain::calendar::parse_form_date(&form.arrivee).ok_or_else(|| {
        Error::BadRequest(crate::domain::FieldError::new(
            "arrivee",
            "Indiquez le jour d'arrivée (par exemple 2027-01-18 ou 18/01/2027).",
        ))
    })?;
    enrolment_db::set_arrival(&mut tx, enrolment.id, arrival).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "arrivee_fixee",
            target_kind: "inscription",
            target_id: enrolment.id.to_string(),
            detail: arrival.to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{}", enrolment.id)).into_response())
}

#[derive(Deserialize, Default)]
struct MilestoneForm {
    #[serde(default)]
    etape: String,
}

/// The MSP, their manager or the CCOMS records that a first-year milestone took place.
async fn mark_milestone(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MilestoneForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, &id).await?;
    let kind = crate::domain::enrolment::MilestoneKind::parse(&form.etape).ok_or_else(|| {
        Error::BadRequest(crate::domain::FieldError::new(
            "etape",
            "Choisissez une étape de la première année.",
        ))
    })?;
    let today = crate::domain::calendar::paris_today();
    if enrolment_db::mark_milestone_done(&mut tx, enrolment.id, kind, today).await? {
        audit::record(
            &mut tx,
            &visitor.actor(),
            Entry {
                action: "etape_integration_faite",
                target_kind: "inscription",
                target_id: enrolment.id.to_string(),
                detail: kind.as_str().to_string(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{}", enrolment.id)).into_response())
}

/// The secret address of a feed, shown once.
fn feed_url(state: &AppState, token: &str) -> String {
    format!("{}/agenda/{token}", state.base_url)
}

async fn record_feed(
    tx: &mut sqlx::AnyConnection,
    visitor: &Visitor,
    user: &User,
    kind: FeedKind,
    target: i64,
) -> Result<String, Error> {
    let token = feeds::create_feed(tx, kind, target, user.id).await?;
    audit::record(
        tx,
        &visitor.actor(),
        Entry {
            action: "agenda_cree",
            target_kind: kind.as_str(),
            target_id: target.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    Ok(token)
}

async fn create_msp_feed(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, &id).await?;
    let token = record_feed(&mut tx, &visitor, user, FeedKind::Msp, enrolment.id).await?;
    let page = show_page(&mut tx, &visitor, user, enrolment, Some(feed_url(&state, &token))).await?;
    tx.commit().await?;
    Ok(render(&page)?.into_response())
}

async fn create_cohort_feed(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let cohort = cohorts::find_cohort(&mut tx, id_of(&id)?)
        .await?
        .ok_or(Error::NotFound)?;
    let token = record_feed(&mut tx, &visitor, user, FeedKind::Cohort, cohort.id).await?;
    tx.commit().await?;
    Ok(feed_created(
        &visitor,
        &format!("promotion {}", cohort.dates.name()),
        &feed_url(&state, &token),
        &format!("/promotions/{}", cohort.id),
    )?
    .into_response())
}

async fn create_establishment_feed(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let establishment_id = id_of(&id)?;
    if !establishment_scope(user).includes(establishment_id) {
        return Err(Error::NotFound);
    }
    let mut tx = state.db.begin().await?;
    let name = crate::db::establishments::find(&mut tx, establishment_id)
        .await?
        .ok_or(Error::NotFound)?
        .name;
    let token = record_feed(&mut tx, &visitor, user, FeedKind::Establishment, establishment_id).await?;
    tx.commit().await?;
    Ok(feed_created(&visitor, &name, &feed_url(&state, &token), "/projets")?.into_response())
}

fn feed_created(visitor: &Visitor, of: &str, url: &str, back: &str) -> Result<Html<String>, Error> {
    let intro = format!(
        "Voici l'adresse de l'agenda des semaines de formation ({of}). Copiez-la dans votre logiciel d'agenda (« s'abonner à un calendrier » ou « ajouter un agenda par URL »)."
    );
    render(
        &MessagePage::new(
            Layout::of(visitor),
            "Agenda de formation créé",
            &[
                &intro,
                url,
                "Cette adresse est secrète et ne sera plus affichée : quiconque la connaît voit les semaines de formation. Si elle circule trop, révoquez-la et créez-en une autre.",
            ],
        )
        .link("Revenir", back)
        .success(),
    )
}

async fn revoke_feed(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let feed = feeds::find_feed(&mut tx, id_of(&id)?).await?.ok_or(Error::NotFound)?;
    // Whoever may see what the feed shows may revoke it; revoking twice changes nothing.
    let back = match FeedKind::parse(&feed.kind) {
        Some(FeedKind::Msp) => {
            enrolment_in_scope(&mut tx, user, &feed.target_id.to_string()).await?;
            format!("/inscriptions/{}", feed.target_id)
        }
        Some(FeedKind::Establishment) if establishment_scope(user).includes(feed.target_id) => "/projets".to_string(),
        Some(FeedKind::Cohort) if permits(user.role, Action::ManageCohorts) => {
            format!("/promotions/{}", feed.target_id)
        }
        _ => return Err(Error::NotFound),
    };
    feeds::revoke_feed(&mut tx, feed.id).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "agenda_revoque",
            target_kind: "agenda",
            target_id: feed.id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&back).into_response())
}

/// The training weeks of a cohort as all-day events, with UIDs stable across edits of other
/// weeks (cohort and week number).
fn week_events(state: &AppState, cohort_id: i64, cohort: &CohortDates, who: &str) -> Vec<Event> {
    let host = state.base_url.split("://").nth(1).unwrap_or("msp").to_string();
    let total = cohort.training_weeks.len();
    cohort
        .training_weeks
        .iter()
        .enumerate()
        .map(|(i, monday)| Event {
            uid: format!("promotion-{cohort_id}-semaine-{}@{host}", i + 1),
            sequence: 0,
            start: OffsetDateTime::UNIX_EPOCH,
            duration_minutes: 0,
            all_day: Some((*monday, week_end(*monday) + time::Duration::days(1))),
            summary: format!("Formation MSP{who} : semaine {} sur {total} ({})", i + 1, cohort.name()),
            description: format!(
                "{}. Semaine de cours en présentiel, du lundi au vendredi.",
                cohort.track.degree()
            ),
            location: String::new(),
            url: None,
            organizer: None,
            attendees: Vec::new(),
            cancelled: false,
        })
        .collect()
}

/// A subscribed calendar: anyone holding the secret address reads it; a revoked or unknown one
/// does not exist.
async fn show_feed(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, Error> {
    let token = token.trim_end_matches(".ics");
    let mut conn = state.db.pool.acquire().await?;
    let (kind, target) = feeds::feed_by_token(&mut conn, token).await?.ok_or(Error::NotFound)?;
    let mut events = Vec::new();
    let name = match kind {
        FeedKind::Cohort => {
            let cohort = cohorts::find_cohort(&mut conn, target).await?.ok_or(Error::NotFound)?;
            events.extend(week_events(&state, cohort.id, &cohort.dates, ""));
            format!("Formation MSP, promotion {}", cohort.dates.name())
        }
        FeedKind::Msp => {
            if let Some((cohort_id, full_name)) = feeds::enrolment_cohort(&mut conn, target).await?
                && let Some(cohort) = cohorts::find_cohort(&mut conn, cohort_id).await?
            {
                let first = full_name.split_whitespace().next().unwrap_or_default().to_string();
                events.extend(week_events(&state, cohort.id, &cohort.dates, &format!(" ({first})")));
            }
            "Formation MSP : mes semaines de cours".to_string()
        }
        FeedKind::Establishment => {
            for (cohort_id, count) in feeds::establishment_cohorts(&mut conn, target).await? {
                if let Some(cohort) = cohorts::find_cohort(&mut conn, cohort_id).await? {
                    let who = if count > 1 {
                        format!(" ({count} MSP absents)")
                    } else {
                        " (MSP absent de l'équipe)".to_string()
                    };
                    events.extend(week_events(&state, cohort.id, &cohort.dates, &who));
                }
            }
            "Formation MSP : absences de l'équipe".to_string()
        }
    };
    let body = ical::calendar(Method::Publish, Some(&name), &events, OffsetDateTime::now_utc());
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        body,
    )
        .into_response())
}
