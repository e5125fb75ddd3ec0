//! Invitations to apply, sent from a talent pool member's profile to one open offer: one per
//! member and offer, answered (or ignored) by the member, who is never touched by them (the
//! pool's retention counts from the member's own actions only).

use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use super::projects::push_scope;
use super::{Sql, Value, date_text, instant_text};
use crate::domain::policy::EstablishmentScope;
use crate::domain::talent_pool::InvitationAnswer;

/// An open offer one may invite to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenOffer {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub establishment_id: i64,
    pub establishment_name: String,
}

/// The open offers of a scope (a recruiter's establishments; every one for the CCOMS), by title.
pub async fn open_offers(
    conn: &mut AnyConnection, scope: &EstablishmentScope, today: Date,
) -> sqlx::Result<Vec<OpenOffer>> {
    let mut sql = Sql::new(
        "SELECT f.id, f.title, f.slug, f.establishment_id, e.name AS establishment_name FROM fiches f \
         JOIN establishments e ON e.id = f.establishment_id WHERE f.status = 'publiee' AND f.deadline >= ",
    );
    sql.bind(Value::Text(date_text(today)));
    push_scope(&mut sql, "f.establishment_id", scope);
    sql.push(" ORDER BY f.title, f.id");
    sql.query_as().fetch_all(conn).await
}

/// An invitation, with its offer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Invitation {
    pub id: i64,
    pub fiche_id: i64,
    pub title: String,
    pub slug: String,
    pub establishment_name: String,
    pub created_at: String,
    pub answer: Option<String>,
    /// The member has applied to the offer from their account.
    pub applied: i64,
}

impl Invitation {
    pub fn answer(&self) -> Option<InvitationAnswer> {
        self.answer.as_deref().and_then(InvitationAnswer::parse)
    }
}

const SELECT: &str = "SELECT i.id, i.fiche_id, f.title, f.slug, e.name AS establishment_name, i.created_at, i.answer, \
    (SELECT COUNT(*) FROM applications a WHERE a.fiche_id = i.fiche_id AND a.candidate_id = m.user_id) AS applied \
    FROM talent_pool_invitations i JOIN talent_pool_members m ON m.id = i.member_id \
    JOIN fiches f ON f.id = i.fiche_id JOIN establishments e ON e.id = i.establishment_id WHERE i.member_id = ";

/// Invites a member to an offer; `false` when they were already invited to it.
pub async fn insert(
    conn: &mut AnyConnection, member_id: i64, offer: &OpenOffer, inviter_id: i64, now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO talent_pool_invitations (member_id, fiche_id, inviter_id, establishment_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (member_id, fiche_id) DO NOTHING",
    )
    .bind(member_id)
    .bind(offer.id)
    .bind(inviter_id)
    .bind(offer.establishment_id)
    .bind(instant_text(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A member's invitations, newest first, as they see them.
pub async fn for_member(conn: &mut AnyConnection, member_id: i64) -> sqlx::Result<Vec<Invitation>> {
    let mut sql = Sql::new(SELECT);
    sql.bind(Value::Int(member_id))
        .push(" ORDER BY i.created_at DESC, i.id DESC");
    sql.query_as().fetch_all(conn).await
}

/// A member's invitations to the offers of a scope, as the inviters see them.
pub async fn for_member_in_scope(
    conn: &mut AnyConnection, member_id: i64, scope: &EstablishmentScope,
) -> sqlx::Result<Vec<Invitation>> {
    let mut sql = Sql::new(SELECT);
    sql.bind(Value::Int(member_id));
    push_scope(&mut sql, "i.establishment_id", scope);
    sql.push(" ORDER BY i.created_at DESC, i.id DESC");
    sql.query_as().fetch_all(conn).await
}

/// Records the member's answer to one of their own invitations; `None` when it is not theirs.
pub async fn answer(
    conn: &mut AnyConnection, id: i64, member_id: i64, answer: InvitationAnswer, now: OffsetDateTime,
) -> sqlx::Result<Option<String>> {
    let slug: Option<String> = sqlx::query_scalar(
        "SELECT f.slug FROM talent_pool_invitations i JOIN fiches f ON f.id = i.fiche_id \
         WHERE i.id = $1 AND i.member_id = $2",
    )
    .bind(id)
    .bind(member_id)
    .fetch_optional(&mut *conn)
    .await?;
    if slug.is_some() {
        sqlx::query("UPDATE talent_pool_invitations SET answer = $1, answered_at = $2 WHERE id = $3")
            .bind(answer.as_str())
            .bind(instant_text(now))
            .bind(id)
            .execute(conn)
            .await?;
    }
    Ok(slug)
}

/// How many invitations the candidate has not answered: their space says so.
pub async fn unanswered(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM talent_pool_invitations i JOIN talent_pool_members m ON m.id = i.member_id \
         WHERE m.user_id = $1 AND i.answer IS NULL",
    )
    .bind(user_id)
    .fetch_one(conn)
    .await
}
