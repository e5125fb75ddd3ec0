//! ARS funding, as the "Done when" says: an ARS runs a call for projects from opening
//! to subsidies, an establishment files and follows its request, the reminder fires once before
//! a subsidy ends, and the regional dashboard and its CSV show the right totals.

use crate::common;

use common::{Browser, TestApp, TestUser, location};
use msp::domain::calendar::paris_today;
use msp::domain::fiche::Employer;
use msp::domain::role::{Role, ScopeKind};

on_both_backends!(
    an_ars_runs_a_call_from_opening_to_subsidies_and_the_dashboard_adds_up,
    the_reminder_fires_once_before_a_subsidy_ends_even_from_two_instances,
    two_payments_at_once_never_exceed_what_was_granted,
    the_public_statistics_never_show_a_count_under_five,
    an_ars_sees_a_request_and_its_documents_only_once_filed,
    a_call_title_written_as_a_formula_comes_out_of_the_csv_as_text,
);

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
    pub(crate) ars: TestUser,
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

async fn an_ars_runs_a_call_from_opening_to_subsidies_and_the_dashboard_adds_up(app: TestApp) {
    let region = region(&app).await;
    let ars = app.signed_in(&region.ars).await;
    let recruiter = app.signed_in(&region.recruiter).await;
    let other_ars = app.signed_in(&region.other_ars).await;
    let call = the_ars_opens_a_call(&ars, &other_ars, &recruiter).await;
    let (request, document) = the_establishment_files_a_request(&app, &region, &recruiter, &call).await;
    only_the_regions_ars_reads_it(&ars, &other_ars, &request, &document).await;
    the_ars_instructs_and_decides(&app, &ars, &recruiter, &request).await;
    let year = the_ars_pays_the_subsidy(&ars, &recruiter, &request).await;
    the_dashboard_and_its_csv_add_up(&ars, &other_ars, &recruiter, year).await;
}

/// A wrong amount is said next to its field; the call opened is seen in its region only.
async fn the_ars_opens_a_call(ars: &Browser, other_ars: &Browser, recruiter: &Browser) -> String {
    // A wrong amount is said next to its field, and what was typed stays.
    let response = ars
        .post(
            "/appels/nouveau",
            &[("title", ""), ("posts", "2"), ("amount", "beaucoup")],
        )
        .await;
    assert_eq!(response.status(), 422);
    contains(
        response,
        &[
            "Indiquez un montant en euros, par exemple 45 000",
            "value=\"beaucoup\"",
            "Donnez un intitulé",
        ],
    )
    .await;
    let call = open_call(&ars).await;
    contains(
        ars.get(&call).await,
        &[
            &format!("45{NB}000,00{NB}€"),
            &format!("90{NB}000,00{NB}€"),
            "0 sur 2 postes attribués",
        ],
    )
    .await;
    // Another region's ARS does not see it; the establishment of the region does.
    assert_eq!(other_ars.get(&call).await.status(), 404);
    contains(recruiter.get("/financements").await, &["Création de postes de MSP"]).await;

    call
}

/// The establishment starts a request for its project and files it with its documents; returns
/// the request's address and its fiche de poste's document id.
async fn the_establishment_files_a_request(
    app: &TestApp, region: &Region, recruiter: &Browser, call: &str,
) -> (String, String) {
    // The establishment starts a request for its project and files it with its documents.
    let project = open_project(recruiter, &region.employer).await;
    let response = recruiter
        .post(
            &format!("{call}/demandes"),
            &[
                ("projet", &project),
                ("summary", "Un poste à temps plein en réhabilitation."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let request = location(&response);
    let response = file(recruiter, &request, false).await;
    assert_eq!(response.status(), 422);
    contains(
        response,
        &[
            "Ajoutez le document demandé : « Fiche de poste »",
            "Cochez l'engagement à pérenniser le poste",
        ],
    )
    .await;
    let response = upload(
        app,
        recruiter,
        &request,
        "Fiche de poste",
        "photo.pdf",
        b"GIF89a not a pdf",
    )
    .await;
    assert_eq!(response.status(), 422);
    contains(response, &["n'est ni un PDF"]).await;
    let response = upload(app, recruiter, &request, "Fiche de poste", "fiche.pdf", FICHE_PDF).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let response = upload(app, recruiter, &request, "Budget prévisionnel", "budget.xlsx", &xlsx(0)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(file(recruiter, &request, true).await.status(), 303);
    let page = contains(recruiter.get(&request).await, &["Déposée", "pris le"]).await;
    let document = page
        .split("/documents-financement/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();

    (request, document)
}

async fn only_the_regions_ars_reads_it(ars: &Browser, other_ars: &Browser, request: &str, document: &str) {
    // The region's ARS reads the request and its documents; the other ARS gets nothing.
    let response = ars.get(&format!("/documents-financement/{document}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.bytes().await.unwrap().as_ref(), FICHE_PDF);
    assert_eq!(other_ars.get(&request).await.status(), 404);
    assert_eq!(
        other_ars
            .get(&format!("/documents-financement/{document}"))
            .await
            .status(),
        404
    );
}

/// Asking for more, instruction, a refusal, reopening, acceptance: every step recorded for good.
async fn the_ars_instructs_and_decides(app: &TestApp, ars: &Browser, recruiter: &Browser, request: &str) {
    // Asking for more needs to say what; the establishment reads it and files again.
    let response = instruct(ars, &request, "demander_complements", " ").await;
    assert_eq!(response.status(), 422);
    contains(response, &["Indiquez ce que l'établissement doit compléter"]).await;
    let response = instruct(ars, &request, "demander_complements", "Joignez le budget signé.").await;
    assert_eq!(response.status(), 303);
    contains(
        recruiter.get(&request).await,
        &["À compléter", "Joignez le budget signé."],
    )
    .await;
    assert_eq!(file(recruiter, &request, true).await.status(), 303);

    // Instruction, a refusal with its reason, then the refusal reopened: every step recorded.
    assert_eq!(instruct(ars, &request, "instruire", "").await.status(), 303);
    let response = instruct(ars, &request, "refuser", "").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        instruct(ars, &request, "refuser", "Le budget ne prévoit pas la formation.")
            .await
            .status(),
        303
    );
    contains(
        recruiter.get(&request).await,
        &[
            "Refusée",
            "Motif de la décision",
            "Le budget ne prévoit pas la formation.",
        ],
    )
    .await;
    // A decided request does not silently change: accepting a refusal is refused.
    assert_eq!(instruct(ars, &request, "accepter", "").await.status(), 409);
    assert_eq!(
        instruct(ars, &request, "rouvrir", "Le budget corrigé est arrivé.")
            .await
            .status(),
        303
    );
    assert_eq!(instruct(ars, &request, "accepter", "").await.status(), 303);
    let events: Vec<(String, String)> =
        sqlx::query_as("SELECT to_state, actor_name FROM funding_request_events ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let states: Vec<&str> = events.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        states,
        [
            "brouillon",
            "deposee",
            "a_completer",
            "deposee",
            "en_instruction",
            "refusee",
            "en_instruction",
            "acceptee"
        ]
    );
    assert!(events.iter().all(|(_, who)| who == "Camille Test"));
    // The history cannot be rewritten, even in the database.
    assert!(
        sqlx::query("UPDATE funding_request_events SET reason = 'autre'")
            .execute(&app.db.pool)
            .await
            .is_err()
    );
}

/// The subsidy: 2 years of 45,000 €; payments up to what was granted, never beyond. Returns the
/// first year.
async fn the_ars_pays_the_subsidy(ars: &Browser, recruiter: &Browser, request: &str) -> i32 {
    // The subsidy: 2 years of 45,000 €; payments up to what was granted, never beyond.
    let page = contains(recruiter.get(&request).await, &["Acceptée", "Voir la subvention"]).await;
    let subsidy = format!(
        "/subventions/{}",
        page.split("/subventions/").nth(1).unwrap().split('"').next().unwrap()
    );
    let year = paris_today().year();
    let today = paris_today().to_string();
    let pay = |year: i32, amount: &'static str| {
        let (subsidy, today) = (subsidy.clone(), today.clone());
        async move {
            ars.post(
                &format!("{subsidy}/versements"),
                &[("annee", &year.to_string()), ("montant", amount), ("date", &today)],
            )
            .await
        }
    };
    assert_eq!(pay(year, "45 000").await.status(), 303);
    let response = pay(year, "0,01").await;
    assert_eq!(response.status(), 422);
    contains(response, &["Cette année est entièrement versée"]).await;
    let response = pay(year + 1, "45 000,01").await;
    assert_eq!(response.status(), 422);
    contains(response, &["value=\"45 000,01\"", "dépasse ce qui reste à verser"]).await;
    assert_eq!(pay(year + 1, "30 000,50").await.status(), 303);
    assert_eq!(
        recruiter.post(&format!("{subsidy}/versements"), &[]).await.status(),
        403
    );
    contains(
        recruiter.get(&subsidy).await,
        &[
            &format!("90{NB}000,00{NB}€"),
            &format!("75{NB}000,50{NB}€"),
            &format!("14{NB}999,50{NB}€"),
        ],
    )
    .await;

    year
}

async fn the_dashboard_and_its_csv_add_up(ars: &Browser, other_ars: &Browser, recruiter: &Browser, year: i32) {
    // The dashboard and its CSV: the same totals, to the cent.
    contains(
        ars.get("/financements").await,
        &[
            "1 sur 2 postes attribués (50",
            &format!("90{NB}000,00{NB}€"),
            &format!("75{NB}000,50{NB}€"),
            "<svg role=\"img\"",
        ],
    )
    .await;
    let response = ars.get("/financements.csv").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    for line in [
        "postes prévus;Création de postes de MSP (".to_string(),
        "postes attribués;Création de postes de MSP".to_string(),
        "postes financés;total;1".to_string(),
        format!("montant engagé (euros);{year};45000,00"),
        format!("montant versé (euros);{year};45000,00"),
        format!("montant engagé (euros);{};45000,00", year + 1),
        format!("montant versé (euros);{};30000,50", year + 1),
        "montant engagé (euros);total;90000,00".to_string(),
        "montant versé (euros);total;75000,50".to_string(),
    ] {
        assert!(csv.contains(&line), "{line:?} not in {csv}");
    }
    // The other region's dashboard has none of it; recruiters have no CSV.
    let other = contains(other_ars.get("/financements").await, &["Île-de-France"]).await;
    assert!(!other.contains("Création de postes de MSP"), "{other}");
    assert_eq!(recruiter.get("/financements.csv").await.status(), 403);
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

async fn the_reminder_fires_once_before_a_subsidy_ends_even_from_two_instances(app: TestApp) {
    let region = region(&app).await;
    let (subsidy, project) = past_subsidy(&app, &region).await;
    let due = msp::domain::funding::reminder_due_on(msp::domain::funding::subsidy_ends_on(paris_today().year() - 1, 1));
    let base = "https://msp.example";
    // The day before it is due, nothing; on the day, once; again, nothing.
    let before = msp::jobs::send_funding_reminders(&app.db, base, due.previous_day().unwrap())
        .await
        .unwrap();
    assert_eq!(before, 0);
    let other = app.another_instance().await;
    let (a, b) = tokio::join!(
        msp::jobs::send_funding_reminders(&app.db, base, due),
        msp::jobs::send_funding_reminders(&other.db, base, due),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        msp::jobs::send_funding_reminders(&app.db, base, paris_today())
            .await
            .unwrap(),
        0
    );
    let mut mails: Vec<(String, String, String)> = TestApp::delivered(&[&app, &other])
        .await
        .into_iter()
        .map(|m| (m.to, m.subject, m.text))
        .collect();
    mails.sort();
    let recipients: Vec<&str> = mails.iter().map(|(r, _, _)| r.as_str()).collect();
    // The establishment and its region's ARS, once each; not the other region's ARS.
    assert_eq!(recipients, ["ars@ara.fr", "rh@vinatier.fr"]);
    let (_, subject, text) = &mails[0];
    assert!(subject.contains("se termine le 31 décembre"), "{subject}");
    assert!(text.contains("pérenniser le poste"), "{text}");
    assert!(text.contains(&format!("{base}/subventions/{subsidy}")), "{text}");

    // The establishment says the post was kept: the project records it.
    let recruiter = app.signed_in(&region.recruiter).await;
    let path = format!("/subventions/{subsidy}/perennisation");
    let response = recruiter.post(&path, &[]).await;
    assert_eq!(response.status(), 422);
    contains(response, &["Indiquez si le poste est maintenu"]).await;
    assert_eq!(recruiter.post(&path, &[("perennise", "oui")]).await.status(), 303);
    contains(
        recruiter.get(&format!("/projets/{project}")).await,
        &["Poste pérennisé"],
    )
    .await;
    contains(
        app.signed_in(&region.ars).await.get("/financements").await,
        &["1 sur 1 (100"],
    )
    .await;
}

async fn two_payments_at_once_never_exceed_what_was_granted(app: TestApp) {
    let region = region(&app).await;
    let (subsidy, _) = past_subsidy(&app, &region).await;
    let ars = app.signed_in(&region.ars).await;
    let other = app.another_instance().await;
    let ars_there = other.signed_in(&region.ars).await;
    let year = (paris_today().year() - 1).to_string();
    let today = paris_today().to_string();
    let fields = [
        ("annee", year.as_str()),
        ("montant", "30 000"),
        ("date", today.as_str()),
    ];
    let path = format!("/subventions/{subsidy}/versements");
    // Both read 45,000 € left; only one 30,000 € payment may go through.
    let (a, b) = tokio::join!(ars.post(&path, &fields), ars_there.post(&path, &fields));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses[0], 303);
    assert!(statuses[1] == 409 || statuses[1] == 422, "{statuses:?}");
    let (paid,): (i64,) = sqlx::query_as("SELECT CAST(SUM(amount_cents) AS BIGINT) FROM subsidy_payments")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(paid, 3_000_000);
}

async fn the_public_statistics_never_show_a_count_under_five(app: TestApp) {
    app.load_demo().await;
    let (status, page) = app.page("/statistiques").await;
    assert_eq!(status, 200);
    // The demo has one subsidy in Île-de-France and a few offers per region.
    assert!(page.contains("Postes financés par les ARS"), "{page}");
    assert!(page.contains("Île-de-France"), "{page}");
    assert!(page.contains("&lt; 5"), "{page}");
    assert!(page.contains("<svg role=\"img\""), "{page}");
    for region_row in page.split("<th scope=\"row\">").skip(1) {
        let row = region_row.split("</tr>").next().unwrap();
        if row.starts_with("France entière") {
            continue;
        }
        for n in 1..5 {
            assert!(!row.contains(&format!("\"number\">{n}<")), "{row}");
        }
    }
}

async fn an_ars_sees_a_request_and_its_documents_only_once_filed(app: TestApp) {
    let region = region(&app).await;
    let ars = app.signed_in(&region.ars).await;
    let recruiter = app.signed_in(&region.recruiter).await;
    let call = open_call(&ars).await;
    let project = open_project(&recruiter, &region.employer).await;
    let response = recruiter
        .post(
            &format!("{call}/demandes"),
            &[("projet", &project), ("summary", "Un poste en réhabilitation.")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let request = location(&response);
    let pdf = b"%PDF-1.4\nfiche de poste";
    let response = upload(&app, &recruiter, &request, "Fiche de poste", "fiche.pdf", pdf).await;
    assert_eq!(response.status(), 303);

    // A spreadsheet that declares a gigabyte once inflated is refused, next to its field.
    let bomb = xlsx(1 << 30);
    let response = upload(&app, &recruiter, &request, "Budget prévisionnel", "budget.xlsx", &bomb).await;
    assert_eq!(response.status(), 422);
    contains(response, &["anormalement volumineux"]).await;
    let response = upload(
        &app,
        &recruiter,
        &request,
        "Budget prévisionnel",
        "budget.xlsx",
        &xlsx(0),
    )
    .await;
    assert_eq!(response.status(), 303);

    // The draft is the establishment's: the ARS finds neither it, nor its documents, nor it in a list.
    let page = contains(recruiter.get(&request).await, &["Brouillon"]).await;
    let document = format!(
        "/documents-financement/{}",
        page.split("/documents-financement/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
    );
    assert_eq!(recruiter.get(&document).await.status(), 200);
    assert_eq!(ars.get(&request).await.status(), 404);
    assert_eq!(ars.get(&document).await.status(), 404);
    let (_, dashboard) = ars.page("/financements").await;
    assert!(!dashboard.contains(&request), "{dashboard}");
    let (_, call_page) = ars.page(&call).await;
    assert!(!call_page.contains(&request), "{call_page}");
    let response = ars
        .post(
            &format!("{request}/instruction"),
            &[("action", "instruire"), ("motif", ""), ("version", "1")],
        )
        .await;
    assert_eq!(response.status(), 404, "nor acts on it");

    // Filed, it is the ARS's to read.
    assert_eq!(file(&recruiter, &request, true).await.status(), 303);
    assert_eq!(ars.get(&request).await.status(), 200);
    assert_eq!(ars.get(&document).await.status(), 200);
    let (_, dashboard) = ars.page("/financements").await;
    assert!(dashboard.contains(&request), "{dashboard}");
}

async fn a_call_title_written_as_a_formula_comes_out_of_the_csv_as_text(app: TestApp) {
    let region = region(&app).await;
    let ars = app.signed_in(&region.ars).await;
    let today = paris_today();
    let (opens, closes) = (today.to_string(), (today + time::Duration::days(30)).to_string());
    let year = today.year().to_string();
    for title in [
        "=HYPERLINK(\"http://evil.example\";\"clic\")",
        "-2+3",
        "@SOMME(A1)",
        "+33 1 23 45",
    ] {
        let response = ars
            .post(
                "/appels/nouveau",
                &[
                    ("title", title),
                    ("posts", "2"),
                    ("amount", "45 000"),
                    ("years", "1"),
                    ("first_year", &year),
                    ("opens_on", &opens),
                    ("closes_on", &closes),
                    ("documents", "Fiche de poste"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "{title}");
    }
    let csv = ars.get("/financements.csv").await.text().await.unwrap();
    for cell in [
        "postes prévus;\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\") (",
        "postes prévus;'-2+3 (",
        "postes prévus;'@SOMME(A1) (",
        "postes prévus;'+33 1 23 45 (",
    ] {
        assert!(csv.contains(cell), "{cell:?} not in {csv}");
    }
    // No cell starts as a formula; the numbers the platform writes stay numbers.
    for line in csv.lines() {
        for cell in line.split(';') {
            assert!(
                !cell.trim_start_matches('"').starts_with(['=', '+', '-', '@']),
                "{cell:?} in {line:?}"
            );
        }
    }
    assert!(csv.contains("postes prévus;'-2+3 ("), "{csv}");
    assert!(csv.contains("montant engagé (euros);total;0,00"), "{csv}");
}
