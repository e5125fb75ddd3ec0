//! ARS funding, as the "Done when" says: an ARS runs a call for projects from opening
//! to subsidies, an establishment files and follows its request, the reminder fires once before
//! a subsidy ends, and the regional dashboard and its CSV show the right totals.

use crate::common;

use common::{Browser, TestApp, TestUser, location};
use msp::domain::calendar::paris_today;
use msp::domain::fiche::Employer;
use msp::domain::role::{Role, ScopeKind};

mod call_to_subsidy;
mod csv;
mod drafts;
mod payments;
mod reminders;
mod statistics;

/// The fiche de poste the establishment joins to its request.
const FICHE_PDF: &[u8] = b"%PDF-1.4\nfiche de poste";

/// A non-breaking space, as amounts are written ("45 000,00 €").
const NB: &str = "\u{a0}";

async fn contains(response: reqwest::Response, texts: &[&str]) -> String {
    let body = response
        .text()
        .await
        .unwrap()
        .replace("&#39;", "'")
        .replace("&quot;", "\"");
    for text in texts {
        assert!(body.contains(text), "{text:?} not in {body}");
    }
    body
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in {body}"))
        + marker.len();
    body[start..].split('"').next().unwrap().to_string()
}

pub(crate) struct Region {
    employer: Employer,
    recruiter: TestUser,
    ars: TestUser,
    other_ars: TestUser,
}

/// An establishment in Lyon (Auvergne-Rhône-Alpes, 84), its recruiter, the region's ARS, and the
/// ARS of Île-de-France.
pub(crate) async fn region(app: &TestApp) -> Region {
    let employer = app.establishment("CH Le Vinatier test", "Lyon", "69").await;
    let recruiter = app
        .user(
            Role::Recruiter,
            "rh@vinatier.fr",
            &[(ScopeKind::Establishment, &employer.id.to_string())],
        )
        .await;
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

/// A small spreadsheet as office suites write it (stored entries); with `declared` > 0, its
/// workbook declares that many bytes once inflated, as a ZIP bomb does.
fn xlsx(declared: u32) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("[Content_Types].xml", stored).unwrap();
    writer.write_all(b"<Types/>").unwrap();
    writer.start_file("xl/workbook.xml", stored).unwrap();
    writer.write_all(b"<workbook><sheets/></workbook>").unwrap();
    let mut bytes = writer.finish().unwrap().into_inner();
    if declared > 0 {
        // The uncompressed size of the workbook, in its local header (offset 22) and its
        // central directory header (offset 24); nothing else changes.
        let name = b"xl/workbook.xml";
        for (signature, name_at, size_at) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)] {
            let headers: Vec<usize> = (0..bytes.len() - 4)
                .filter(|&i| &bytes[i..i + 4] == signature)
                .collect();
            for header in headers {
                if bytes[header + name_at..].starts_with(name) {
                    bytes[header + size_at..header + size_at + 4].copy_from_slice(&declared.to_le_bytes());
                }
            }
        }
    }
    bytes
}

/// The ARS moves a request with the version its page shows.
async fn instruct(ars: &Browser, request: &str, action: &str, reason: &str) -> reqwest::Response {
    let (_, page) = ars.page(request).await;
    let version = hidden(&page, "version");
    ars.post(
        &format!("{request}/instruction"),
        &[("action", action), ("motif", reason), ("version", &version)],
    )
    .await
}

async fn file(recruiter: &Browser, request: &str, commitment: bool) -> reqwest::Response {
    let (_, page) = recruiter.page(request).await;
    let version = hidden(&page, "version");
    let mut fields = vec![("version", version.as_str())];
    if commitment {
        fields.push(("engagement", "oui"));
    }
    recruiter.post(&format!("{request}/deposer"), &fields).await
}

/// The ARS opens a call of 2 posts, 45,000 € a year for 2 years from this year.
async fn open_call(ars: &Browser) -> String {
    let today = paris_today();
    let year = today.year().to_string();
    let closes = (today + time::Duration::days(30)).to_string();
    let opens = today.to_string();
    let response = ars
        .post(
            "/appels/nouveau",
            &[
                ("title", "Création de postes de MSP"),
                ("posts", "2"),
                ("amount", "45 000"),
                ("years", "2"),
                ("first_year", &year),
                ("opens_on", &opens),
                ("closes_on", &closes),
                ("documents", "Fiche de poste\nBudget prévisionnel"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    location(&response)
}

async fn open_project(recruiter: &Browser, employer: &Employer) -> String {
    let id = employer.id.to_string();
    let response = recruiter
        .post(
            "/projets/nouveau",
            &[
                ("etablissement", &id),
                ("unit", "Centre de réhabilitation"),
                ("public_served", "Adultes"),
                ("quotite", "temps_plein"),
                ("parcours", "bobigny"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    location(&response).trim_start_matches("/projets/").to_string()
}

/// A subsidy of last year's call for one year, stored directly: its reminder was due last June.
pub(crate) async fn past_subsidy(app: &TestApp, region: &Region) -> (i64, i64) {
    use msp::db::funding as db;
    use msp::domain::funding::{self as rules, CallInput};
    let today = paris_today();
    let last_year = (today.year() - 1).to_string();
    let input = CallInput {
        title: "Appel de l'an dernier",
        posts: "3",
        amount: "45000",
        years: "1",
        first_year: &last_year,
        opens_on: Some(today - time::Duration::days(400)),
        closes_on: Some(today - time::Duration::days(380)),
        documents: "Budget",
        ..Default::default()
    };
    let new = rules::check_call("84", &input, today - time::Duration::days(400)).unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let call_id = db::insert_call(&mut tx, &new, None).await.unwrap();
    let project = msp::domain::project::NewProject {
        establishment_id: region.employer.id,
        unit: "Hôpital de jour".into(),
        public_served: "Adultes".into(),
        quotite: msp::domain::fiche::Quotite::TempsPlein,
        track: msp::domain::fiche::Track::Bobigny,
        readiness: Default::default(),
    };
    let project_id = msp::db::projects::insert(&mut tx, &project, region.recruiter.id)
        .await
        .unwrap();
    let author = db::Author { id: None, name: "Test" };
    let request_id = db::insert_request(
        &mut tx,
        call_id,
        project_id,
        region.employer.id,
        "84",
        "Projet",
        &author,
    )
    .await
    .unwrap();
    let call = db::find_call(&mut tx, call_id, &db::Regions::All)
        .await
        .unwrap()
        .unwrap();
    let request = db::find_request(&mut tx, request_id, &msp::domain::policy::FundingScope::All)
        .await
        .unwrap()
        .unwrap();
    let ends = rules::subsidy_ends_on(call.first_year, call.years);
    let subsidy = db::insert_subsidy(
        &mut tx,
        &request,
        &call,
        &rules::schedule(&call),
        ends,
        rules::reminder_due_on(ends),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (subsidy, project_id)
}
