//! Hired MSPs' enrolments in the cohorts, and their first year: milestones with reminders and
//! the shared journal. Reads take the reader's [`CandidateDataScope`]: a university sees its
//! track's enrolments, a recruiter their establishments', an MSP their own.

use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use super::cohorts::Cohort;
use super::notes::ENROLMENT_JOURNAL;
use super::{Sql, Value, corrupt, date_text, instant_text, parse_date};
use crate::domain::enrolment::{EnrolmentState, Grade, MilestoneKind, integration_milestones};
use crate::domain::fiche::Track;
use crate::domain::french::{Article, de_name};
use crate::domain::policy::CandidateDataScope;

/// A hired MSP not yet enrolled, for the CCOMS.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HiredMsp {
    pub id: i64,
    pub full_name: String,
    pub establishment_name: String,
    pub track: String,
}

pub async fn not_enrolled(conn: &mut AnyConnection) -> sqlx::Result<Vec<HiredMsp>> {
    sqlx::query_as(
        "SELECT r.id, r.full_name, e.name AS establishment_name, f.track FROM msp_records r \
         JOIN establishments e ON e.id = r.establishment_id JOIN fiches f ON f.id = r.fiche_id \
         WHERE NOT EXISTS (SELECT 1 FROM enrolments n WHERE n.msp_record_id = r.id) ORDER BY r.id",
    )
    .fetch_all(conn)
    .await
}

/// The licence a fiche names, which the person hired on it is enrolled in; `None` for a fiche
/// naming another training or none (stored as '').
pub async fn fiche_track(conn: &mut AnyConnection, fiche_id: i64) -> sqlx::Result<Option<Track>> {
    let track: Option<String> = sqlx::query_scalar("SELECT track FROM fiches WHERE id = $1")
        .bind(fiche_id)
        .fetch_optional(conn)
        .await?;
    Ok(track.as_deref().and_then(Track::parse))
}

#[derive(Debug, Clone)]
pub struct Enrolment {
    pub id: i64,
    pub msp_record_id: i64,
    pub full_name: String,
    pub email: String,
    pub establishment_id: i64,
    pub establishment_name: String,
    /// How the establishment's name takes "à" and "de", if chosen (see [`Article`]).
    pub establishment_article: Option<Article>,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub state: EnrolmentState,
    /// `None` until someone says: an enrolment made at the hire does not know it.
    pub has_bac2: Option<bool>,
    pub arrival_on: Date,
    pub grade: Grade,
    pub grade_since: Date,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct EnrolmentRow {
    id: i64,
    msp_record_id: i64,
    full_name: String,
    email: String,
    establishment_id: i64,
    establishment_name: String,
    establishment_article: Option<String>,
    cohort_id: i64,
    track: String,
    year: i64,
    state: String,
    has_bac2: i64,
    has_bac2_known: i64,
    arrival_on: String,
    grade: String,
    grade_since: String,
    version: i64,
}

impl Enrolment {
    /// "du Centre hospitalier…", "de l'EPSM…": whose team it is.
    pub fn of_establishment(&self) -> String {
        de_name(&self.establishment_name, self.establishment_article)
    }
}

impl TryFrom<EnrolmentRow> for Enrolment {
    type Error = sqlx::Error;

    fn try_from(row: EnrolmentRow) -> sqlx::Result<Enrolment> {
        let town = match Track::parse(&row.track).ok_or_else(|| corrupt("parcours"))? {
            Track::Bobigny => "Bobigny",
            Track::Bordeaux => "Bordeaux",
        };
        Ok(Enrolment {
            id: row.id,
            msp_record_id: row.msp_record_id,
            full_name: row.full_name,
            email: row.email,
            establishment_id: row.establishment_id,
            establishment_name: row.establishment_name,
            establishment_article: row.establishment_article.as_deref().and_then(Article::parse),
            cohort_id: row.cohort_id,
            cohort_name: format!("{town} {}", row.year),
            state: EnrolmentState::parse(&row.state).ok_or_else(|| corrupt("état d'inscription"))?,
            has_bac2: (row.has_bac2_known == 1).then_some(row.has_bac2 == 1),
            arrival_on: parse_date(&row.arrival_on)?,
            grade: Grade::parse(&row.grade).ok_or_else(|| corrupt("grade"))?,
            grade_since: parse_date(&row.grade_since)?,
            version: row.version,
        })
    }
}

const SELECT_ENROLMENT: &str = "SELECT n.id, n.msp_record_id, r.full_name, r.email, r.establishment_id, \
    e.name AS establishment_name, e.name_article AS establishment_article, n.cohort_id, n.track, c.year, n.state, n.has_bac2, n.has_bac2_known, n.arrival_on, n.grade, \
    n.grade_since, n.version FROM enrolments n JOIN msp_records r ON r.id = n.msp_record_id \
    JOIN establishments e ON e.id = r.establishment_id JOIN cohorts c ON c.id = n.cohort_id WHERE 1 = 1";

/// The reader's scope in the query: all, a track, establishments, or one's own record (by the
/// account the candidate applied with, or the MSP account invited with the same address).
fn push_scope(sql: &mut Sql, scope: &CandidateDataScope, user_id: i64, email: &str) {
    match scope {
        CandidateDataScope::All => {}
        CandidateDataScope::HiredInTrack(track) => {
            sql.push(" AND n.track = ").bind(Value::Text(track.clone()));
        }
        CandidateDataScope::Establishments(ids) => {
            sql.push_one_of("r.establishment_id", super::projects::establishment_ids(ids));
        }
        CandidateDataScope::OwnOnly => {
            sql.push(" AND (r.user_id = ")
                .bind(Value::Int(user_id))
                .push(" OR r.email = ")
                .bind(Value::Text(email.to_lowercase()))
                .push(")");
        }
        CandidateDataScope::Nothing => {
            sql.push(" AND 1 = 0");
        }
    }
}

pub async fn list_enrolments(
    conn: &mut AnyConnection, scope: &CandidateDataScope, user_id: i64, email: &str,
) -> sqlx::Result<Vec<Enrolment>> {
    let mut sql = Sql::new(SELECT_ENROLMENT);
    push_scope(&mut sql, scope, user_id, email);
    sql.push(" ORDER BY c.year DESC, n.id");
    sql.fetch_all_as::<EnrolmentRow, _>(conn).await
}

pub async fn find_enrolment(
    conn: &mut AnyConnection, id: i64, scope: &CandidateDataScope, user_id: i64, email: &str,
) -> sqlx::Result<Option<Enrolment>> {
    let mut sql = Sql::new(SELECT_ENROLMENT);
    sql.push(" AND n.id = ").bind(Value::Int(id));
    push_scope(&mut sql, scope, user_id, email);
    sql.fetch_optional_as::<EnrolmentRow, _>(conn).await
}

/// Enrols a hired MSP in a cohort: arrival on the cohort's start of the job, grade *animateur*,
/// and the first year's milestones; the Bac+2 as said, or unknown (`None`) at the hire. `None`
/// when the record is already enrolled.
pub async fn enrol(
    conn: &mut AnyConnection, record_id: i64, cohort: &Cohort, has_bac2: Option<bool>,
) -> sqlx::Result<Option<i64>> {
    let now = instant_text(OffsetDateTime::now_utc());
    let arrival = cohort.dates.job_starts;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO enrolments (msp_record_id, cohort_id, track, state, has_bac2, has_bac2_known, arrival_on, grade, \
         grade_since, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $9) \
         ON CONFLICT (msp_record_id) DO NOTHING RETURNING id",
    )
    .bind(record_id)
    .bind(cohort.id)
    .bind(cohort.dates.track.as_str())
    .bind(EnrolmentState::AInscrire.as_str())
    .bind(i64::from(has_bac2 == Some(true)))
    .bind(i64::from(has_bac2.is_some()))
    .bind(date_text(arrival))
    .bind(Grade::Animateur.as_str())
    .bind(&now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id else { return Ok(None) };
    for (kind, due) in integration_milestones(arrival) {
        sqlx::query("INSERT INTO integration_milestones (enrolment_id, kind, due_on) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(kind.as_str())
            .bind(date_text(due))
            .execute(&mut *conn)
            .await?;
    }
    Ok(Some(id))
}

/// The state an enrolment moves to, with its grade and what is known of the Bac+2 after it.
pub struct EnrolmentMove {
    pub state: EnrolmentState,
    pub grade: Grade,
    pub grade_since: Date,
    pub has_bac2: Option<bool>,
}

/// Moves an enrolment (its grade, and the Bac+2 the move says) if nobody changed it since
/// `version` was read.
pub async fn set_enrolment_state(
    conn: &mut AnyConnection, id: i64, version: i64, to: &EnrolmentMove,
) -> sqlx::Result<bool> {
    let change = sqlx::query(
        "UPDATE enrolments SET state = $1, grade = $2, grade_since = $3, has_bac2 = $4, has_bac2_known = $5, \
         version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8",
    )
    .bind(to.state.as_str())
    .bind(to.grade.as_str())
    .bind(date_text(to.grade_since))
    .bind(i64::from(to.has_bac2 == Some(true)))
    .bind(i64::from(to.has_bac2.is_some()))
    .bind(instant_text(OffsetDateTime::now_utc()));
    super::update_if_version(conn, change, id, version).await
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub id: i64,
    pub kind: MilestoneKind,
    pub due_on: Date,
    pub reminded: bool,
    pub done_on: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    id: i64,
    kind: String,
    due_on: String,
    reminded_at: Option<String>,
    done_on: Option<String>,
}

pub async fn milestones(conn: &mut AnyConnection, enrolment_id: i64) -> sqlx::Result<Vec<Milestone>> {
    let rows: Vec<MilestoneRow> = sqlx::query_as(
        "SELECT id, kind, due_on, reminded_at, done_on FROM integration_milestones WHERE enrolment_id = $1 \
         ORDER BY due_on, id",
    )
    .bind(enrolment_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Milestone {
                id: row.id,
                kind: MilestoneKind::parse(&row.kind).ok_or_else(|| corrupt("étape d'intégration"))?,
                due_on: parse_date(&row.due_on)?,
                reminded: row.reminded_at.is_some(),
                done_on: row.done_on.as_deref().map(parse_date).transpose()?,
            })
        })
        .collect()
}

/// The account of a hired MSP, if they have one: the MSP account invited with their address,
/// or else the account they applied with.
pub async fn msp_account(conn: &mut AnyConnection, msp_record_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT u.id FROM msp_records r JOIN users u \
         ON u.id = r.user_id OR (u.role = 'msp' AND u.email = r.email AND r.email <> '') \
         WHERE r.id = $1 ORDER BY CASE WHEN u.role = 'msp' THEN 0 ELSE 1 END, u.id LIMIT 1",
    )
    .bind(msp_record_id)
    .fetch_optional(conn)
    .await
}

/// A milestone whose reminder may be due, with whom to tell.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PendingReminder {
    pub id: i64,
    pub kind: String,
    pub due_on: String,
    pub email: String,
    /// Whom the reminder concerns, for the outbox: their account, if any, and their application.
    pub user_id: Option<i64>,
    pub application_id: i64,
    pub enrolment_id: i64,
    pub msp_record_id: i64,
    pub establishment_id: i64,
    pub establishment_name: String,
}

/// Milestones not yet reminded falling between `from` and `to` inclusive, of live enrolments.
pub async fn pending_reminders(conn: &mut AnyConnection, from: Date, to: Date) -> sqlx::Result<Vec<PendingReminder>> {
    sqlx::query_as(
        "SELECT m.id, m.kind, m.due_on, r.email, r.user_id, r.application_id, n.id AS enrolment_id, \
         r.id AS msp_record_id, r.establishment_id, e.name AS establishment_name FROM integration_milestones m \
         JOIN enrolments n ON n.id = m.enrolment_id JOIN msp_records r ON r.id = n.msp_record_id \
         JOIN establishments e ON e.id = r.establishment_id \
         WHERE m.reminded_at IS NULL AND m.done_on IS NULL AND m.due_on >= $1 AND m.due_on <= $2 AND n.state <> 'abandon' \
         AND r.email <> '' ORDER BY m.id",
    )
    .bind(date_text(from))
    .bind(date_text(to))
    .fetch_all(conn)
    .await
}

/// Marks a reminder sent; only one caller ever gets `true` for a milestone, whatever runs at
/// the same time.
pub async fn claim_reminder(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    super::stamp_once(conn, "integration_milestones", "reminded_at", id).await
}

/// Moves the day of arrival and, with it, the first year's milestones not yet done; a milestone
/// whose date changes may be reminded again for its new date. The grade *animateur* starts on
/// arrival.
pub async fn set_arrival(conn: &mut AnyConnection, enrolment_id: i64, arrival: Date) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE enrolments SET arrival_on = $1, grade_since = CASE WHEN grade = 'animateur' THEN $1 ELSE grade_since END, \
         version = version + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(date_text(arrival))
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(enrolment_id)
    .execute(&mut *conn)
    .await?;
    for (kind, due) in integration_milestones(arrival) {
        sqlx::query(
            "UPDATE integration_milestones SET reminded_at = CASE WHEN due_on = $1 THEN reminded_at ELSE NULL END, \
             due_on = $1 WHERE enrolment_id = $2 AND kind = $3 AND done_on IS NULL",
        )
        .bind(date_text(due))
        .bind(enrolment_id)
        .bind(kind.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Marks a milestone done on `day`; false if it already was (or does not exist).
pub async fn mark_milestone_done(
    conn: &mut AnyConnection, enrolment_id: i64, kind: MilestoneKind, day: Date,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE integration_milestones SET done_on = $1 WHERE enrolment_id = $2 AND kind = $3 AND done_on IS NULL",
    )
    .bind(date_text(day))
    .bind(enrolment_id)
    .bind(kind.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A line of the enrolment's shared journal.
pub type JournalEntry = super::notes::Note;

pub async fn journal(conn: &mut AnyConnection, enrolment_id: i64) -> sqlx::Result<Vec<JournalEntry>> {
    ENROLMENT_JOURNAL.list(conn, enrolment_id).await
}

pub async fn add_journal(
    conn: &mut AnyConnection, enrolment_id: i64, author: (i64, &str), body: &str,
) -> sqlx::Result<()> {
    ENROLMENT_JOURNAL.add(conn, enrolment_id, author, body).await
}

/// Whether a hired person's record exists (enrolments are made from one).
pub async fn msp_record_exists(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM msp_records WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}
