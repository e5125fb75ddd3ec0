//! The programme's agenda (issue 26): `/agenda`, the gatherings to come that the reader may see,
//! filtered by audience; `/agenda/{id}`, one gathering with its registration; the CCOMS's
//! forms (`manage`); registering and leaving (`register`); the iCalendar feeds (`feed`).
//!
//! `/agenda/{token}` was the training calendars' secret address before the agenda existed; the
//! one path segment now says which it is: a number is a gathering, `equipes.ics` an audience's
//! feed, anything else a secret token (`show_agenda_path`).

mod feed;
mod manage;
mod register;

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::auth::{Access, Visitor};
use super::views::{FormErrors, Layout, paragraphs, render};
use super::{AppState, Error, Route};
use crate::db::gathering_registrations as registrations;
use crate::db::gatherings::{self, Gathering};
use crate::domain::calendar::{french_date, in_paris};
use crate::domain::gathering::{Audience, GatheringKind, Place};
use crate::domain::policy::{Action, permits};
use crate::domain::role::Role;

pub fn routes() -> Vec<Route> {
    let manage = Access::Can(Action::ManageGatherings);
    vec![
        Route::get("/agenda", Access::Public, list_gatherings),
        Route::get("/rendez-vous", manage, manage::list_all_gatherings),
        Route::post("/rendez-vous", manage, manage::create_gathering),
        Route::get("/rendez-vous/nouveau", manage, manage::new_gathering),
        Route::get("/rendez-vous/{id}/modifier", manage, manage::edit_gathering),
        Route::post("/rendez-vous/{id}/modifier", manage, manage::update_gathering),
        Route::post("/rendez-vous/{id}/annuler", manage, manage::cancel_gathering),
        Route::get("/rendez-vous/{id}/inscrits", manage, manage::list_registrants),
        Route::post("/rendez-vous/{id}/inscription", Access::SignedIn, register::register),
        Route::post(
            "/rendez-vous/{id}/desinscription",
            Access::SignedIn,
            register::unregister,
        ),
        Route::post("/rendez-vous/abonnement", Access::SignedIn, feed::create_msp_feed),
    ]
}

/// The role of whoever reads, `None` for a visitor.
fn reader(visitor: &Visitor) -> Option<Role> {
    visitor.user().map(|u| u.role)
}

/// "jeudi"-less, plain: "15 janvier 2027, de 14 h 00 à 16 h 30".
pub(crate) fn when_text(gathering: &Gathering) -> String {
    let (start, end) = (in_paris(gathering.draft.starts_at), in_paris(gathering.draft.ends_at));
    let day = french_date(start.date());
    let hours = format!(
        "de {} h {:02} à {} h {:02}",
        start.hour(),
        start.minute(),
        end.hour(),
        end.minute()
    );
    if start.date() == end.date() {
        format!("{day}, {hours}")
    } else {
        format!("du {day} au {}", french_date(end.date()))
    }
}

/// The place as people read it: the address and region, and the video link if any.
pub(crate) fn place_text(gathering: &Gathering) -> String {
    let draft = &gathering.draft;
    let region = crate::domain::geo::territory::region(&draft.region_code).map(|r| r.name);
    let mut parts: Vec<String> = Vec::new();
    if !draft.place.is_empty() {
        parts.push(draft.place.clone());
    }
    if let Some(region) = region {
        parts.push(region.to_string());
    }
    if !draft.video_url.is_empty() {
        parts.push("en visioconférence".into());
    }
    parts.join(" – ")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AgendaQuery {
    public: String,
}

#[derive(askama::Template)]
#[template(path = "gatherings/list.html")]
pub(super) struct AgendaPage {
    layout: Layout,
    gatherings: Vec<Gathering>,
    /// The audiences the reader sees, for the filter.
    audiences: Vec<Audience>,
    chosen: String,
    /// The reader may subscribe to the MSPs' feed (a secret address).
    msp_feed: bool,
    /// The secret address just made, shown once.
    new_feed: Option<String>,
    manager: bool,
}

impl AgendaPage {
    fn when(&self, gathering: &Gathering) -> String {
        when_text(gathering)
    }

    fn place(&self, gathering: &Gathering) -> String {
        place_text(gathering)
    }
}

pub(super) async fn agenda_page(
    state: &AppState, visitor: &Visitor, chosen: &str, new_feed: Option<String>,
) -> Result<AgendaPage, Error> {
    let role = reader(visitor);
    let seen = Audience::seen_by(role);
    let filter: Vec<&str> = match Audience::parse(chosen) {
        Some(audience) if seen.contains(&audience.as_str()) => vec![audience.as_str()],
        _ => seen.clone(),
    };
    let mut conn = state.db.pool.acquire().await?;
    let gatherings = gatherings::upcoming(&mut conn, &filter, state.clock.now(), true).await?;
    Ok(AgendaPage {
        layout: Layout::of(visitor),
        gatherings,
        audiences: Audience::ALL.into_iter().filter(|a| a.visible_to(role)).collect(),
        chosen: if filter.len() == 1 {
            filter[0].to_string()
        } else {
            String::new()
        },
        msp_feed: role.is_some_and(|r| Audience::Msps.visible_to(Some(r))),
        new_feed,
        manager: role.is_some_and(|r| permits(r, Action::ManageGatherings)),
    })
}

async fn list_gatherings(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<AgendaQuery>,
) -> Result<Html<String>, Error> {
    render(&agenda_page(&state, &visitor, &query.public, None).await?)
}

#[derive(askama::Template)]
#[template(path = "gatherings/show.html")]
pub(super) struct GatheringPage {
    layout: Layout,
    gathering: Gathering,
    /// The reader's place, if registered.
    place: Option<Place>,
    signed_in: bool,
    /// The reader's role may register to this audience.
    admitted: bool,
    manager: bool,
    errors: FormErrors,
    /// What just happened, said once: "inscrit", "attente", "desinscrit".
    done: String,
}

impl GatheringPage {
    fn when(&self) -> String {
        when_text(&self.gathering)
    }

    fn place_line(&self) -> String {
        place_text(&self.gathering)
    }

    fn kind(&self) -> &'static str {
        self.gathering.draft.kind.label()
    }

    fn paragraphs(&self) -> Vec<&str> {
        paragraphs(&self.gathering.draft.description)
    }

    fn seats(&self) -> String {
        use crate::domain::french::{count_f, noun};
        let (registered, waiting) = (self.gathering.registered, self.gathering.waiting);
        match self.gathering.draft.capacity {
            Some(capacity) => format!(
                "{} sur {capacity}, {} en liste d'attente",
                count_f(registered, "place prise", "places prises"),
                count_f(waiting, "personne", "personnes")
            ),
            None => format!(
                "{} {}, sans limite de places",
                count_f(registered, "personne", "personnes"),
                noun(registered, "inscrite", "inscrites")
            ),
        }
    }

    fn open(&self) -> bool {
        self.gathering.draft.registration_open && !self.gathering.cancelled
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DoneQuery {
    fait: String,
}

pub(super) async fn gathering_page(
    state: &AppState, visitor: &Visitor, id: i64, errors: FormErrors, done: String,
) -> Result<GatheringPage, Error> {
    let role = reader(visitor);
    let mut conn = state.db.pool.acquire().await?;
    let gathering = gatherings::find(&mut conn, id, &Audience::seen_by(role))
        .await?
        .ok_or(Error::NotFound)?;
    let place = match visitor.user() {
        Some(user) => registrations::place_of(&mut conn, id, user.id).await?,
        None => None,
    };
    Ok(GatheringPage {
        layout: Layout::of(visitor),
        place,
        signed_in: role.is_some(),
        admitted: role.is_some_and(|r| gathering.draft.audience.admits(r)),
        manager: role.is_some_and(|r| permits(r, Action::ManageGatherings)),
        gathering,
        errors,
        done,
    })
}

/// `/agenda/{key}`: a gathering, an audience's feed, or a secret calendar address.
pub(crate) async fn show_agenda_path(
    State(state): State<AppState>, visitor: Visitor, Path(key): Path<String>, Query(query): Query<DoneQuery>,
) -> Result<Response, Error> {
    if let Ok(id) = key.parse::<i64>() {
        let page = gathering_page(&state, &visitor, id, FormErrors::default(), query.fait).await?;
        return Ok(render(&page)?.into_response());
    }
    if let Some(audience) = key.strip_suffix(".ics").and_then(Audience::parse) {
        return feed::audience_feed(&state, audience).await;
    }
    if let Some(response) = feed::msp_feed(&state, key.trim_end_matches(".ics")).await? {
        return Ok(response);
    }
    super::enrolments::show_feed(State(state), Path(key)).await
}

/// The kinds, for the forms' lists.
pub(super) const KINDS: [GatheringKind; 4] = GatheringKind::ALL;
