//! From a team's project to a published offer: the recruiter writes the fiche, the CCOMS asks
//! for a correction, then publishes it; with the checks of the FAQ and concurrent reviewers.

use crate::common;

use common::{Browser, TestApp, TestUser, content, location, pdf, pdf_header, pdf_text};
use msp::domain::fiche::{Employer, FicheStatus};
use msp::domain::role::{Role, ScopeKind};

mod access;
mod checks;
mod closing;
mod review;
mod seeds;

async fn contains(response: reqwest::Response, text: &str) -> String {
    let body = response.text().await.unwrap().replace("&#39;", "'");
    assert!(body.contains(text), "{text:?} not in {body}");
    body
}

struct Team {
    employer: Employer,
    recruiter: TestUser,
    coordinator: TestUser,
}

async fn team(app: &TestApp) -> Team {
    let employer = app.establishment("CH Les Tilleuls", "Lyon", "69").await;
    let recruiter = app
        .user(
            Role::Recruiter,
            "rh@tilleuls.fr",
            &[(ScopeKind::Establishment, &employer.id.to_string())],
        )
        .await;
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.fr", &[]).await;
    Team {
        employer,
        recruiter,
        coordinator,
    }
}

/// Opens a project for the team's establishment and returns its path.
async fn open_project(browser: &Browser, employer: &Employer) -> String {
    let id = employer.id.to_string();
    let response = browser
        .post(
            "/projets/nouveau",
            &[
                ("etablissement", &id),
                ("unit", "Centre de réhabilitation"),
                ("public_served", "Adultes présentant des troubles psychotiques"),
                ("quotite", "mi_temps"),
                ("parcours", "bordeaux"),
                ("why_now", "Le projet de service mise sur le rétablissement."),
                ("team_wants", "Oui, toute l'équipe."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    location(&response)
}

/// Moves a project one step.
async fn move_project(browser: &Browser, project: &str, to: &str) {
    let (_, page) = browser.page(project).await;
    let version = hidden(&page, "version");
    let response = browser
        .post(&format!("{project}/etape"), &[("etat", to), ("version", &version)])
        .await;
    assert_eq!(response.status(), 303, "{project} to {to}");
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in {body}"))
        + marker.len();
    body[start..].split('"').next().unwrap().to_string()
}

/// Opens a project, takes it to writing, starts the fiche; returns the fiche's path.
async fn start_fiche(app: &TestApp, team: &Team, recruiter: &Browser) -> String {
    let project = open_project(recruiter, &team.employer).await;
    // The fiche is written once the CCOMS accompanies the project.
    let response = recruiter.post(&format!("{project}/fiche"), &[]).await;
    assert_eq!(response.status(), 409);
    move_project(recruiter, &project, "accompagnement").await;
    let response = recruiter.post(&format!("{project}/fiche"), &[]).await;
    let editor = location(&response);
    assert!(editor.ends_with("/modifier"), "{editor}");
    let (_, page) = recruiter.page(&project).await;
    assert!(page.contains("Fiche de poste en rédaction"), "{page}");
    let _ = app;
    editor.trim_end_matches("/modifier").to_string()
}

/// Saves one editor step with these fields.
async fn save(browser: &Browser, fiche: &str, step: u8, fields: &[(&str, &str)]) -> reqwest::Response {
    let (_, page) = browser.page(&format!("{fiche}/modifier?etape={step}")).await;
    let version = hidden(&page, "version");
    let step = step.to_string();
    let mut all = vec![
        ("etape", step.as_str()),
        ("version", version.as_str()),
        ("suite", "suivante"),
    ];
    all.extend_from_slice(fields);
    browser.post(&format!("{fiche}/modifier"), &all).await
}

async fn complete(browser: &Browser, fiche: &str) {
    let response = save(
        browser,
        fiche,
        2,
        &[
            ("pole", "Pôle de psychiatrie adulte"),
            ("service", "Réhabilitation psychosociale"),
            ("unit", "Centre de réhabilitation"),
            ("place", "Lyon 8e"),
            (
                "context",
                "Le centre accompagne des adultes.\n\nIl travaille avec la cité.",
            ),
            ("public_served", "Adultes présentant des troubles psychotiques"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let response = save(
        browser,
        fiche,
        3,
        &[
            ("groupe_titre", "Auprès des personnes"),
            (
                "groupe_missions",
                "Soutenir le rétablissement\nAccompagner vers le logement",
            ),
            ("groupe_titre", "Auprès de l'équipe"),
            ("groupe_missions", "- Participer aux réunions cliniques"),
            ("groupe_titre", ""),
            ("groupe_missions", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let response = save(
        browser,
        fiche,
        6,
        &[
            ("how_to_apply", "Lettre de motivation et CV."),
            ("apply_email", "recrutement@tilleuls.fr"),
            ("contact_nom", "Camille Exemple"),
            ("contact_fonction", "Cadre de santé"),
            ("contact_telephone", "04 00 00 00 00"),
            ("contact_email", ""),
            ("deadline", &next_month()),
            ("start_date", ""),
            ("start_note", "dès que possible"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
}

/// The recruiter submits the fiche as their page shows it.
async fn submit(recruiter: &Browser, fiche: &str) -> reqwest::Response {
    let (_, page) = recruiter.page(fiche).await;
    recruiter
        .post(&format!("{fiche}/soumettre"), &[("version", &hidden(&page, "version"))])
        .await
}

/// The coordinator decides ("publier", "a_corriger") on the version their page shows.
async fn decide(coordinator: &Browser, fiche: &str, decision: &str) -> reqwest::Response {
    let (_, page) = coordinator.page(fiche).await;
    coordinator
        .post(
            &format!("{fiche}/decision"),
            &[("decision", decision), ("version", &hidden(&page, "version"))],
        )
        .await
}

fn next_month() -> String {
    let date = msp::domain::calendar::paris_today() + time::Duration::days(30);
    msp::db::date_text(date)
}
