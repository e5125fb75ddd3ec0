//! Demonstration funding in Île-de-France, after the ARS's real calls (seeds 003): an old call
//! whose post was kept, a closed call whose subsidy is being paid, and an open call for 2 more
//! years with a request filed.

use sqlx::AnyConnection;
use time::{Date, Duration};

use crate::db::establishments;
use crate::db::funding::{self as db, Author, NewDocument, Regions};
use crate::domain::funding::{self as rules, CallInput, RequestState};
use crate::domain::policy::FundingScope;

/// A one-page PDF standing for every demo document.
const DOCUMENT: &[u8] = b"%PDF-1.4\n% document de demonstration\n";

/// The demonstration's funder.
const ARS: Author<'static> = Author {
    id: None,
    name: "ARS Île-de-France (démonstration)",
};

/// Adds the demo calls unless the database has calls already; returns how many were added.
pub async fn load(conn: &mut AnyConnection, today: Date) -> sqlx::Result<usize> {
    let calls = db::count_calls(conn).await?;
    let establishments = establishments::list_names_in_departements(conn, &["92", "93", "94"]).await?;
    if calls > 0 || establishments.len() < 2 {
        return Ok(0);
    }
    ended_call(conn, today, &establishments[1]).await?;
    closed_call(conn, today, &establishments[0]).await?;
    open_call(conn, today, &establishments[1], &establishments[0]).await?;
    Ok(3)
}

/// A call of four years ago: its subsidy ran its two years, and the establishment kept the post.
async fn ended_call(conn: &mut AnyConnection, today: Date, (establishment, name): &(i64, String)) -> sqlx::Result<()> {
    let year = today.year() - 4;
    let ended = call(
        conn,
        "Médiateurs de santé-pair : premiers postes",
        "3",
        year + 1,
        today - Duration::days(4 * 365 + 60),
        today - Duration::days(4 * 365),
    )
    .await?;
    let project = super::projects::open(conn, *establishment, "Centre d'accueil de jour").await?;
    super::projects::met(conn, project, today - Duration::days(4 * 365)).await?;
    let subsidy = accepted(conn, &ended, project, (*establishment, name)).await?;
    for paid_year in [year + 1, year + 2] {
        let paid_on = Date::from_ordinal_date(paid_year, 40).expect("a day");
        db::record_payment(conn, subsidy, paid_year, 4_500_000, paid_on, None).await?;
    }
    db::set_post_kept(conn, subsidy, true).await
}

/// A request for `project` filed, instructed and accepted, and its subsidy: the subsidy's id.
async fn accepted(
    conn: &mut AnyConnection, call: &rules::Call, project: i64, (establishment, name): (i64, &str),
) -> sqlx::Result<i64> {
    let request = insert_request(conn, call, project, establishment, name).await?;
    for (from, to) in [
        (RequestState::Brouillon, RequestState::Deposee),
        (RequestState::Deposee, RequestState::EnInstruction),
        (RequestState::EnInstruction, RequestState::Acceptee),
    ] {
        step(conn, request, from, to).await?;
    }
    let request = db::find_request(conn, request, &FundingScope::All)
        .await?
        .expect("just inserted");
    let ends = rules::subsidy_ends_on(call.first_year, call.years);
    let schedule = rules::schedule(call);
    db::insert_subsidy(conn, &request, call, &schedule, ends, rules::reminder_due_on(ends)).await
}

/// The closed call: two years, the second one running now, its subsidy being paid.
async fn closed_call(conn: &mut AnyConnection, today: Date, (establishment, name): &(i64, String)) -> sqlx::Result<()> {
    let year = today.year();
    let closed = call(
        conn,
        "Médiateurs de santé-pair : création de postes",
        "4",
        year - 1,
        today - Duration::days(500),
        today - Duration::days(420),
    )
    .await?;
    let project = super::projects::open(conn, *establishment, "Centre médico-psychologique adultes").await?;
    super::projects::met(conn, project, today).await?;
    let subsidy = accepted(conn, &closed, project, (*establishment, name)).await?;
    for (paid_year, cents) in [(year - 1, 4_500_000), (year, 2_250_000)] {
        let paid_on = Date::from_ordinal_date(paid_year, 40).expect("a day");
        db::record_payment(conn, subsidy, paid_year, cents, paid_on, None).await?;
    }
    Ok(())
}

/// The open call: 8 posts for the next two years, as in 2025 for 2026-2027, with a request filed
/// and another sent back to its establishment to complete.
async fn open_call(
    conn: &mut AnyConnection, today: Date, (establishment, name): &(i64, String), sent_back: &(i64, String),
) -> sqlx::Result<()> {
    let open = call(
        conn,
        "Appel à projets : 8 nouveaux postes de médiateurs de santé-pair",
        "8",
        today.year() + 1,
        today - Duration::days(20),
        today + Duration::days(40),
    )
    .await?;
    let project = super::projects::open(conn, *establishment, "Équipe mobile de réhabilitation").await?;
    super::projects::met(conn, project, today).await?;
    let request = insert_request(conn, &open, project, *establishment, name).await?;
    step(conn, request, RequestState::Brouillon, RequestState::Deposee).await?;
    let project = super::projects::open(conn, sent_back.0, "Hôpital de jour").await?;
    super::projects::met(conn, project, today).await?;
    let request = insert_request(conn, &open, project, sent_back.0, &sent_back.1).await?;
    step(conn, request, RequestState::Brouillon, RequestState::Deposee).await?;
    step(conn, request, RequestState::Deposee, RequestState::ACompleter).await
}

async fn call(
    conn: &mut AnyConnection, title: &str, posts: &str, first_year: i32, opens_on: Date, closes_on: Date,
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

async fn insert_request(
    conn: &mut AnyConnection, call: &rules::Call, project: i64, establishment: i64, name: &str,
) -> sqlx::Result<i64> {
    let summary = format!(
        "{name} souhaite créer un poste de médiateur ou médiatrice de santé-pair à temps plein. La subvention couvrira la formation à l'université Sorbonne Paris Nord, les déplacements et une partie du salaire."
    );
    let id = db::insert_request(conn, call.id, project, establishment, "11", &summary, &ARS).await?;
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

async fn step(conn: &mut AnyConnection, request: i64, from: RequestState, to: RequestState) -> sqlx::Result<()> {
    let version = db::find_request(conn, request, &FundingScope::All)
        .await?
        .expect("the demo's request exists")
        .version;
    db::set_request_state(conn, request, version, to, None).await?;
    if to == RequestState::Deposee {
        // Filing is committing to keep the post, as the platform's own filing records it.
        db::record_commitment(conn, request).await?;
    }
    let reason = match to {
        RequestState::ACompleter => "Il manque la lettre d'engagement signée par la direction.",
        _ => "",
    };
    db::record_event(conn, request, Some(from), to, reason, &ARS).await
}
