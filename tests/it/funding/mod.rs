//! ARS funding, as the "Done when" says: an ARS runs a call for projects from opening
//! to subsidies, an establishment files and follows its request, the reminder fires once before
//! a subsidy ends, and the regional dashboard and its CSV show the right totals.

use crate::common;

use common::{Browser, TestApp, TestUser, hidden_value, inflating, location, says, xlsx};
use msp::domain::calendar::paris_today;
use msp::domain::fiche::Employer;
use msp::domain::role::{Role, ScopeKind};

mod acceptance;
mod call_to_subsidy;
mod csv;
mod drafts;
mod notifications;
mod payments;
mod reminders;
mod statistics;

/// The fiche de poste the establishment joins to its request.
const FICHE_PDF: &[u8] = b"%PDF-1.4\nfiche de poste";

/// A non-breaking space, as amounts are written ("45 000,00 €").
const NB: &str = "\u{a0}";

pub(crate) struct Region {
    employer: Employer,
    recruiter: TestUser,
    pub(crate) ars: TestUser,
    other_ars: TestUser,
}

/// An establishment in Lyon (Auvergne-Rhône-Alpes, 84), its recruiter, the region's ARS, and the
/// ARS of Île-de-France.
pub(crate) async fn region(app: &TestApp) -> Region {
    let employer = app.establishment("CH Le Vinatier test", "Lyon", "69").await;
    let recruiter = app.recruiter("rh@vinatier.fr", &employer).await;
    let ars = app
        .user(Role::ArsOfficer, "ars@ara.fr", &[(ScopeKind::Region, "84")])
        .await;
    let other_ars = app
        .user(Role::ArsOfficer, "ars@idf.fr", &[(ScopeKind::Region, "11")])
        .await;
    Region {
        employer,
        recruiter,
        ars,
        other_ars,
    }
}

/// A multipart upload as the request page's form sends it.
async fn upload(
    app: &TestApp, browser: &Browser, request: &str, requirement: &str, name: &str, bytes: &[u8],
) -> reqwest::Response {
    let csrf = browser.form_token().await;
    let boundary = "----msp-test-boundary-7";
    let mut body = Vec::new();
    for (field, value) in [("_csrf", csrf.as_str()), ("document", requirement)] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    browser
        .client
        .post(app.url(&format!("{request}/documents")))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The ARS moves a request with the version its page shows.
async fn instruct(ars: &Browser, request: &str, action: &str, reason: &str) -> reqwest::Response {
    let (_, page) = ars.page(request).await;
    let version = hidden_value(&page, "version");
    // Accepting, the ARS ticks the box that states the amount.
    ars.post(
        &format!("{request}/instruction"),
        &[
            ("action", action),
            ("motif", reason),
            ("confirmation", "oui"),
            ("version", &version),
        ],
    )
    .await
}

async fn file(recruiter: &Browser, request: &str, commitment: bool) -> reqwest::Response {
    let (_, page) = recruiter.page(request).await;
    let version = hidden_value(&page, "version");
    let mut fields = vec![("version", version.as_str())];
    if commitment {
        fields.push(("engagement", "oui"));
    }
    recruiter.post(&format!("{request}/deposer"), &fields).await
}

/// The ARS opens a call of 2 posts, 45,000 € a year for 2 years from this year.
async fn open_call(ars: &Browser) -> String {
    let call = common::call_form("Création de postes de MSP", "2");
    let response = ars.post("/appels/nouveau", &common::pairs(&call)).await;
    assert_eq!(response.status(), 303);
    location(&response)
}

/// The establishment opens a project (full time, Bobigny) and starts a request for it on the
/// call: the request's path.
async fn start_request(recruiter: &Browser, employer: &Employer, call: &str, summary: &str) -> String {
    let project = recruiter.open_project(employer, "temps_plein", "bobigny").await;
    let fields = [
        ("projet", project.trim_start_matches("/projets/")),
        ("summary", summary),
    ];
    let response = recruiter.post(&format!("{call}/demandes"), &fields).await;
    assert_eq!(response.status(), 303);
    location(&response)
}

/// The region's recruiter starts a request on a call and uploads both documents it asks for:
/// the request's path, ready to file.
async fn request_with_documents(app: &TestApp, recruiter: &Browser, employer: &Employer, call: &str) -> String {
    let request = start_request(recruiter, employer, call, "Un poste en réhabilitation.").await;
    for (requirement, name, bytes) in [
        ("Fiche de poste", "fiche.pdf", FICHE_PDF.to_vec()),
        ("Budget prévisionnel", "budget.xlsx", xlsx()),
    ] {
        let response = upload(app, recruiter, &request, requirement, name, &bytes).await;
        assert_eq!(response.status(), 303);
    }
    request
}

/// The id a page's first link to `prefix` names, e.g. a document's in "/documents-financement/".
fn linked_id(page: &str, prefix: &str) -> String {
    let after = page
        .split(prefix)
        .nth(1)
        .unwrap_or_else(|| panic!("no link to {prefix}"));
    after.split('"').next().unwrap().to_string()
}

/// A subsidy of last year's call for one year, stored directly: its reminder was due last June.
pub(crate) async fn past_subsidy(app: &TestApp, region: &Region) -> (i64, i64) {
    let opened = paris_today() - time::Duration::days(400);
    let mut tx = app.db.begin().await.unwrap();
    let call = common::store_call(&mut tx, paris_today().year() - 1, opened, None).await;
    let project = common::project(&region.employer);
    let project = msp::db::projects::insert(&mut tx, &project, Some(region.recruiter.id))
        .await
        .unwrap();
    let request = common::store_request(&mut tx, call, project, region.employer.id, None).await;
    let subsidy = common::grant_subsidy(&mut tx, call, request).await;
    tx.commit().await.unwrap();
    (subsidy, project)
}
