//! Calendar feeds.

use super::*;

/// The secret address of a feed, shown once.
pub(super) fn feed_url(state: &AppState, token: &str) -> String {
    format!("{}/agenda/{token}", state.base_url)
}

pub(super) async fn record_feed(
    tx: &mut sqlx::AnyConnection, visitor: &Visitor, user: &User, kind: FeedKind, target: i64,
) -> Result<String, Error> {
    let token = feeds::create_feed(tx, kind, target, user.id).await?;
    visitor.audit(tx, "agenda_cree", kind.as_str(), target, "").await?;
    Ok(token)
}

pub(super) async fn create_msp_feed(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, id).await?;
    let token = record_feed(&mut tx, &visitor, user, FeedKind::Msp, enrolment.id).await?;
    let page = show_page(&mut tx, &visitor, user, enrolment, Some(feed_url(&state, &token))).await?;
    tx.commit().await?;
    Ok(render(&page)?.into_response())
}

pub(super) async fn create_cohort_feed(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let cohort = cohorts::find_cohort(&mut tx, id).await?.ok_or(Error::NotFound)?;
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

pub(super) async fn create_establishment_feed(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
) -> Result<Response, Error> {
    let establishment_id = id;
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

pub(super) fn feed_created(visitor: &Visitor, of: &str, url: &str, back: &str) -> Result<Html<String>, Error> {
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

pub(super) async fn revoke_feed(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let feed = feeds::find_feed(&mut tx, id).await?.ok_or(Error::NotFound)?;
    // Whoever may see what the feed shows may revoke it; revoking twice changes nothing.
    let back = match FeedKind::parse(&feed.kind) {
        Some(FeedKind::Msp) => {
            enrolment_in_scope(&mut tx, user, feed.target_id).await?;
            format!("/inscriptions/{}", feed.target_id)
        }
        Some(FeedKind::Establishment) if establishment_scope(user).includes(feed.target_id) => "/projets".to_string(),
        Some(FeedKind::Cohort) if permits(user.role, Action::ManageCohorts) => {
            format!("/promotions/{}", feed.target_id)
        }
        _ => return Err(Error::NotFound),
    };
    feeds::revoke_feed(&mut tx, feed.id).await?;
    visitor.audit(&mut tx, "agenda_revoque", "agenda", feed.id, "").await?;
    tx.commit().await?;
    Ok(Redirect::to(&back).into_response())
}

/// The training weeks of a cohort as all-day events, with UIDs stable across edits of other
/// weeks (cohort and week number).
pub(super) fn week_events(state: &AppState, cohort_id: i64, cohort: &CohortDates, who: &str) -> Vec<Event> {
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
pub(crate) async fn show_feed(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, Error> {
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
        // The agenda's own feed, which `web::gatherings` answers before asking here.
        FeedKind::MspGatherings => return Err(Error::NotFound),
    };
    let body = ical::calendar(Method::Publish, Some(&name), &events, state.clock.now());
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
