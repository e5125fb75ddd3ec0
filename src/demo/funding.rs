//! Demonstration funding in Île-de-France, after the ARS's real calls (seeds 003): a closed
//! call whose subsidy is being paid, and an open call for 2 more years with a request filed.

use sqlx::AnyConnection;
use time::{Date, Duration, OffsetDateTime};

use crate::db::funding::{self as db, Author, NewDocument, Regions};
use crate::db::instant_text;
use crate::domain::funding::{self as rules, CallInput, RequestState};
use crate::domain::policy::FundingScope;

/// A one-page PDF standing for every demo document.
const DOCUMENT: &[u8] = b"%PDF-1.4\n% document de demonstration\n";

/// Adds the demo calls unless the database has calls already; returns how many were added.
pub async fn load(conn: &mut AnyConnection, today: Date) -> sqlx::Result<usize> {
    let (calls,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM funding_calls")
        .fetch_one(&mut *conn)
        .await?;
    let establishments: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM establishments WHERE departement_code IN ('92', '93', '94') ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    if calls > 0 || establishments.len() < 2 {
        return Ok(0);
    }
    let ars = Author {
        id: None,
        name: "ARS Île-de-France (démonstration)",
    };
    let year = today.year();
    // The closed call: two years, the second one running now.
    let closed = call(
        conn,
        "Médiateurs de santé-pair : création de postes",
        "4",
        year - 1,
        today - Duration::days(500),
        today - Duration::days(420),
    )
    .await?;
    let (first, first_name) = &establishments[0];
    let project = insert_project(conn, *first, "Centre médico-psychologique adultes", "integration").await?;
    let request = insert_request(conn, &closed, project, *first, &ars, first_name).await?;
    for (from, to) in [
        (RequestState::Brouillon, RequestState::Deposee),
        (RequestState::Deposee, RequestState::EnInstruction),
        (RequestState::EnInstruction, RequestState::Acceptee),
    ] {
        step(conn, request, from, to, &ars).await?;
    }
    let request = db::find_request(conn, request, &FundingScope::All)
        .await?
        .expect("just inserted");
    let ends = rules::subsidy_ends_on(closed.first_year, closed.years);
    let subsidy = db::insert_subsidy(
        conn,
        &request,
        &closed,
        &rules::schedule(&closed),
        ends,
        rules::reminder_due_on(ends),
    )
    .await?;
    db::record_payment(
        conn,
        subsidy,
        year - 1,
        4_500_000,
        Date::from_ordinal_date(year - 1, 40).expect("a day"),
        None,
    )
    .await?;
    db::record_payment(
        conn,
        subsidy,
        year,
        2_250_000,
        Date::from_ordinal_date(year, 40).expect("a day"),
        None,
    )
    .await?;

    // The open call: 8 posts for the next two years, as in 2025 for 2026-2027.
    let open = call(
        conn,
        "Appel à projets : 8 nouveaux postes de médiateurs de santé-pair",
        "8",
        year + 1,
        today - Duration::days(20),
        today + Duration::days(40),
    )
    .await?;
    let (second, second_name) = &establishments[1];
    let project = insert_project(conn, *second, "Équipe mobile de réhabilitation", "accompagnement").await?;
    let request = insert_request(conn, &open, project, *second, &ars, second_name).await?;
    step(conn, request, RequestState::Brouillon, RequestState::Deposee, &ars).await?;
    Ok(2)
}

async fn call(
    conn: &mut AnyConnection,
    title: &str,
    posts: &str,
    first_year: i32,
    opens_on: Date,
    closes_on: Date,
) -> sqlx::Result<rules::Call> {
    let first_year_text = first_year.to_string();
    let input = CallInput {
        title,
        description: "L'ARS Île-de-France finance la création de postes de médiateurs de santé-pair : 45 000 € par an et par poste pendant deux ans, pour la formation universitaire, les déplacements de la première année et une partie du salaire.\n\nL'établissement s'engage à pérenniser le poste une fois la subvention écoulée.",
        posts,
        amount: "45000",
        years: "2",
        first_year: &first_year_text,
        opens_on: Some(opens_on),
        closes_on: Some(closes_on),
        documents: "Fiche de poste\nBudget prévisionnel du poste\nLettre d'engagement de la direction",
    };
    // Checked as of its opening day, as the ARS would have typed it then.
    let new = rules::check_call("11", &input, opens_on).expect("valid demo call");
    let id = db::insert_call(conn, &new, None).await?;
    Ok(db::find_call(conn, id, &Regions::All).await?.expect("just inserted"))
}

/// A post project of the demo, stored directly: demo data has no recruiter to open it.
async fn insert_project(conn: &mut AnyConnection, establishment: i64, unit: &str, state: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO post_projects (establishment_id, state, unit, public_served, quotite, track, readiness, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, 'temps_plein', 'bobigny', '{}', $5, $5) RETURNING id",
    )
    .bind(establishment)
    .bind(state)
    .bind(unit)
    .bind("Adultes présentant des troubles psychiques sévères")
    .bind(instant_text(OffsetDateTime::now_utc()))
    .fetch_one(conn)
    .await
}

async fn insert_request(
    conn: &mut AnyConnection,
    call: &rules::Call,
    project: i64,
    establishment: i64,
    author: &Author<'_>,
    name: &str,
) -> sqlx::Result<i64> {
    let summary = format!(
        "{name} souhaite créer un poste de médiateur ou médiatrice de santé-pair à temps plein. La subvention couvrira la formation à l'université Sorbonne Paris Nord, les déplacements et une partie du salaire."
    );
    let id = db::insert_request(conn, call.id, project, establishment, "11", &summary, author).await?;
    for requirement in &call.documents {
        let document = NewDocument {
            requirement,
            file_name: "document-de-demonstration.pdf",
            media_type: rules::DocumentKind::Pdf.media_type(),
            content: DOCUMENT,
        };
        db::insert_document(conn, id, &document, None).await?;
    }
    Ok(id)
}

async fn step(
    conn: &mut AnyConnection,
    request: i64,
    from: RequestState,
    to: RequestState,
    author: &Author<'_>,
) -> sqlx::Result<()> {
    let version: i64 = sqlx::query_scalar("SELECT version FROM funding_requests WHERE id = $1")
        .bind(request)
        .fetch_one(&mut *conn)
        .await?;
    db::set_request_state(conn, request, version, to, None).await?;
    db::record_event(conn, request, Some(from), to, "", author).await
}
