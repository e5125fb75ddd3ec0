//! One enrolment: its page, moves, journal, arrival and milestones.

use super::*;
use crate::domain::event::{Event, EventKind};

#[derive(askama::Template)]
#[template(path = "calendar/enrolment.html")]
pub(super) struct ShowPage {
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

    /// A step to choose; while the Bac+2 is unknown, the first steps say what they mean of it.
    fn move_label(&self, to: &EnrolmentState) -> String {
        match (self.enrolment.has_bac2, to) {
            (None, EnrolmentState::Inscrite) => format!("{} (la personne a un Bac+2)", to.label()),
            (None, EnrolmentState::DossierVap) => format!("{} (la personne n'a pas de Bac+2)", to.label()),
            _ => to.label().to_string(),
        }
    }
}

pub(super) async fn show_page(
    conn: &mut sqlx::AnyConnection, visitor: &Visitor, user: &User, enrolment: Enrolment, feed_url: Option<String>,
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

pub(super) async fn show_enrolment(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
) -> Result<Html<String>, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, id).await?;
    visitor
        .audit(&mut tx, "inscription_consultee", "inscription", enrolment.id, "")
        .await?;
    let page = show_page(&mut tx, &visitor, user, enrolment, None).await?;
    tx.commit().await?;
    render(&page)
}

/// The MSP's own space: their enrolment, or a message while there is none.
pub(super) async fn show_own_path(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
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
#[serde(default)]
pub(super) struct MoveForm {
    version: String,
    etat: String,
}

pub(super) async fn move_enrolment(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, id).await?;
    let refused = |message: String| Err(Error::bad_request("etat", message));
    let Some(to) = EnrolmentState::parse(&form.etat) else {
        return refused("Choisissez la nouvelle étape de l'inscription.".into());
    };
    let to = match enrolment.state.move_to(to, enrolment.has_bac2) {
        Ok(to) => to,
        Err(message) => return refused(message),
    };
    let today = state.clock.today();
    let grade = enrolment.grade.after(to);
    let since = if grade == enrolment.grade {
        enrolment.grade_since
    } else {
        today
    };
    let version: i64 = form.version.parse().unwrap_or(-1);
    let change = enrolment_db::EnrolmentMove {
        state: to,
        grade,
        grade_since: since,
        has_bac2: crate::domain::enrolment::bac2_after(enrolment.state, to, enrolment.has_bac2),
    };
    if !enrolment_db::set_enrolment_state(&mut tx, enrolment.id, version, &change).await? {
        return refused("Quelqu'un a modifié cette inscription entre-temps : rechargez la page.".into());
    }
    visitor
        .audit(
            &mut tx,
            "inscription_etape",
            "inscription",
            enrolment.id,
            format!("{} → {}", enrolment.state.label(), to.label()),
        )
        .await?;
    let msp = enrolment_db::msp_account(&mut tx, enrolment.msp_record_id).await?;
    let moved = Event::new(
        EventKind::EnrolmentMoved,
        enrolment.id,
        &enrolment.cohort_name,
        format!("/inscriptions/{}", enrolment.id),
    )
    .at(enrolment.establishment_id, &enrolment.establishment_name)
    .detail(to.label())
    .to_people(msp);
    crate::notify::record(&mut tx, &state.notifier()?, moved, Some(user.id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{}", enrolment.id)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct JournalForm {
    texte: String,
}

pub(super) async fn add_journal(
    State(state): State<AppState>, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<JournalForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, id).await?;
    let text = form.texte.trim();
    if text.is_empty() || text.chars().count() > 4000 {
        return Err(Error::bad_request(
            "texte",
            "Écrivez une note de 4 000 caractères au plus.",
        ));
    }
    enrolment_db::add_journal(&mut tx, enrolment.id, (user.id, &user.display_name), text).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{}#journal", enrolment.id)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ArrivalForm {
    arrivee: String,
}

/// The establishment or the CCOMS sets the real day of arrival; the first year follows it.
pub(super) async fn set_arrival(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<ArrivalForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, id).await?;
    let arrival = crate::domain::calendar::parse_form_date(&form.arrivee).ok_or_else(|| {
        Error::bad_request(
            "arrivee",
            "Indiquez le jour d'arrivée (par exemple 2027-01-18 ou 18/01/2027).",
        )
    })?;
    enrolment_db::set_arrival(&mut tx, enrolment.id, arrival).await?;
    visitor
        .audit(
            &mut tx,
            "arrivee_fixee",
            "inscription",
            enrolment.id,
            french_date(arrival),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{}", enrolment.id)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MilestoneForm {
    etape: String,
}

/// The MSP, their manager or the CCOMS records that a first-year milestone took place.
pub(super) async fn mark_milestone(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<MilestoneForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let enrolment = enrolment_in_scope(&mut tx, user, id).await?;
    let kind = crate::domain::enrolment::MilestoneKind::parse(&form.etape)
        .ok_or_else(|| Error::bad_request("etape", "Choisissez une étape de la première année."))?;
    let today = state.clock.today();
    if enrolment_db::mark_milestone_done(&mut tx, enrolment.id, kind, today).await? {
        visitor
            .audit(
                &mut tx,
                "etape_integration_faite",
                "inscription",
                enrolment.id,
                kind.label(),
            )
            .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{}", enrolment.id)).into_response())
}
