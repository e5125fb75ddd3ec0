//! The agenda as iCalendar feeds (RFC 5545, `domain::ical`'s writer): one public feed per
//! audience at `/agenda/{audience}.ics`, and for the MSPs' groups a secret address per person
//! (`calendar_feeds`, only the token's hash kept), since those groups are not public.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::agenda_page;
use crate::db::feeds::{self, FeedKind};
use crate::db::gatherings::{self, Gathering};
use crate::domain::gathering::Audience;
use crate::domain::ical::{self, Event, Method};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::views::render;
use crate::web::{AppState, Error};

/// A gathering as a calendar event: its UID stays the same through edits, its sequence grows.
fn event(state: &AppState, gathering: &Gathering) -> Event {
    let host = state.base_url.split("://").nth(1).unwrap_or("msp");
    let draft = &gathering.draft;
    let minutes = (draft.ends_at - draft.starts_at).whole_minutes();
    let location = [draft.place.as_str(), draft.video_url.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" – ");
    Event {
        uid: format!("rendez-vous-{}@{host}", gathering.id),
        sequence: u32::try_from(gathering.sequence).unwrap_or(0),
        start: draft.starts_at,
        duration_minutes: u32::try_from(minutes).unwrap_or(0),
        all_day: None,
        summary: format!("{} : {}", draft.kind.label(), draft.title),
        description: draft.description.clone(),
        location,
        url: Some(format!("{}/agenda/{}", state.base_url, gathering.id)),
        organizer: None,
        attendees: Vec::new(),
        cancelled: gathering.cancelled,
    }
}

async fn feed_of(state: &AppState, audience: Audience, name: &str) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    // A month back, so that a subscriber still sees what just happened or was cancelled.
    let from = state.clock.now() - time::Duration::days(31);
    let list = gatherings::upcoming(&mut conn, &[audience.as_str()], from, true).await?;
    let events: Vec<Event> = list.iter().map(|g| event(state, g)).collect();
    let body = ical::calendar(Method::Publish, Some(name), &events, state.clock.now());
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

/// `/agenda/{audience}.ics`: public audiences only; the MSPs' does not exist at this address.
pub(super) async fn audience_feed(state: &AppState, audience: Audience) -> Result<Response, Error> {
    if !audience.has_public_feed() {
        return Err(Error::NotFound);
    }
    feed_of(state, audience, &format!("Agenda MSP : {}", audience.label())).await
}

/// The MSPs' gatherings at a secret address, if `token` is one; `None` for another feed's.
pub(super) async fn msp_feed(state: &AppState, token: &str) -> Result<Option<Response>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    match feeds::feed_by_token(&mut conn, token).await? {
        Some((FeedKind::MspGatherings, _)) => {
            drop(conn);
            Ok(Some(
                feed_of(state, Audience::Msps, "Agenda MSP : groupes des médiateurs").await?,
            ))
        }
        _ => Ok(None),
    }
}

/// Makes the reader's secret address of the MSPs' feed, revoking the one before: shown once,
/// on the agenda's page.
pub(super) async fn create_msp_feed(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    CsrfForm(_): CsrfForm<super::register::Empty>,
) -> Result<Html<String>, Error> {
    if !Audience::Msps.visible_to(Some(user.role)) {
        return Err(Error::Forbidden);
    }
    let mut tx = state.db.begin().await?;
    for old in feeds::live_feeds(&mut tx, FeedKind::MspGatherings, user.id).await? {
        feeds::revoke_feed(&mut tx, old.id).await?;
    }
    let token = feeds::create_feed(&mut tx, FeedKind::MspGatherings, user.id, user.id).await?;
    visitor
        .audit(&mut tx, "agenda_cree", "agenda", user.id, "rendez-vous des MSP")
        .await?;
    tx.commit().await?;
    let url = format!("{}/agenda/{token}.ics", state.base_url);
    render(&agenda_page(&state, &visitor, "", Some(url)).await?)
}
