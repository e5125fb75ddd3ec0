//! From a team's project to a published offer: the recruiter writes the fiche, the CCOMS asks
//! for a correction, then publishes it; with the checks of the FAQ and concurrent reviewers.

use crate::common;

use common::{
    Browser, TestApp, TestUser, assert_holds, content, flagged_fields, form_fields, hidden_value, location, pdf,
    pdf_header, pdf_text, says, unescape,
};
use msp::domain::fiche::{Employer, FicheStatus};
use msp::domain::role::Role;

mod access;
mod brief;
mod checks;
mod closing;
mod import;
mod model;
mod notifications;
mod reuse;
mod review;
mod seeds;
mod stages;
mod to_verify;
mod warnings;

struct Team {
    employer: Employer,
    recruiter: TestUser,
    coordinator: TestUser,
}

async fn team(app: &TestApp) -> Team {
    let employer = app.establishment("CH Les Tilleuls", "Lyon", "69").await;
    Team {
        recruiter: app.recruiter("rh@tilleuls.fr", &employer).await,
        coordinator: app.user(Role::Coordinator, "coord@ccoms.fr", &[]).await,
        employer,
    }
}

/// The team's recruiter, signed in, writing the fiche of a new project: their browser, and the
/// fiche's path.
async fn writing(app: &TestApp, team: &Team) -> (Browser, String) {
    let recruiter = app.signed_in(&team.recruiter).await;
    let fiche = start_fiche(&recruiter, &team.employer).await;
    (recruiter, fiche)
}

/// The team's recruiter, signed in, has written a fiche in full and submitted it to the CCOMS:
/// their browser, and the fiche's path.
async fn submitted(app: &TestApp, team: &Team) -> (Browser, String) {
    let (recruiter, fiche) = writing(app, team).await;
    complete(&recruiter, &fiche).await;
    submit(&recruiter, &fiche).await;
    (recruiter, fiche)
}

/// Sends step 1 of the editor with another title, as of that version.
async fn retitle(browser: &Browser, fiche: &str, version: &str, title: &str) -> reqwest::Response {
    let fields = [("etape", "1"), ("version", version), ("title", title)];
    browser.post(&format!("{fiche}/modifier"), &fields).await
}

/// Opens a project (half time, Bordeaux) and starts its fiche, which takes the project to
/// writing; returns the fiche's path.
async fn start_fiche(recruiter: &Browser, employer: &Employer) -> String {
    let project = recruiter.open_project(employer, "mi_temps", "bordeaux").await;
    let response = recruiter.post(&format!("{project}/fiche"), &[]).await;
    let editor = location(&response);
    assert!(editor.ends_with("/modifier"), "{editor}");
    let (_, page) = recruiter.page(&project).await;
    assert!(page.contains("Fiche de poste en rédaction"), "{page}");
    editor.trim_end_matches("/modifier").to_string()
}

/// Saves one editor step with these fields.
async fn save(browser: &Browser, fiche: &str, step: u8, fields: &[(&str, &str)]) -> reqwest::Response {
    let (_, page) = browser.page(&format!("{fiche}/modifier?etape={step}")).await;
    let version = hidden_value(&page, "version");
    let step = step.to_string();
    let mut all = vec![
        ("etape", step.as_str()),
        ("version", version.as_str()),
        ("suite", "suivante"),
    ];
    all.extend_from_slice(fields);
    browser.post(&format!("{fiche}/modifier"), &all).await
}

/// Writes the steps the template leaves to the team (the place, the missions, how to apply) and
/// confirms the template's other suggestions.
async fn complete(browser: &Browser, fiche: &str) {
    write_rest(browser, fiche).await;
    // The template's suggestions left as they are: the recruiter confirms each one.
    browser.confirm_fiche(fiche).await;
}

/// Writes the steps the template leaves to the team: the place, the missions, how to apply.
async fn write_rest(browser: &Browser, fiche: &str) {
    let deadline = next_month();
    let steps: [(u8, &[(&str, &str)]); 3] = [
        (
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
        ),
        (
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
        ),
        (
            6,
            &[
                ("how_to_apply", "Lettre de motivation et CV."),
                // The box is checked on the page: a browser sends it.
                ("apply_platform", "oui"),
                ("apply_email", "recrutement@tilleuls.fr"),
                ("contact_nom", "Camille Exemple"),
                ("contact_fonction", "Cadre de santé"),
                ("contact_telephone", "04 00 00 00 00"),
                ("contact_email", ""),
                ("deadline", &deadline),
                ("start_date", ""),
                ("start_note", "dès que possible"),
            ],
        ),
    ];
    for (step, fields) in steps {
        assert_eq!(save(browser, fiche, step, fields).await.status(), 303, "step {step}");
    }
}

/// The recruiter submits the fiche as their page shows it.
async fn submit(recruiter: &Browser, fiche: &str) -> reqwest::Response {
    let (_, page) = recruiter.page(fiche).await;
    recruiter
        .post(
            &format!("{fiche}/soumettre"),
            &[("version", &hidden_value(&page, "version"))],
        )
        .await
}

/// The coordinator decides ("publier", "a_corriger") on the version their page shows.
async fn decide(coordinator: &Browser, fiche: &str, decision: &str) -> reqwest::Response {
    let (_, page) = coordinator.page(fiche).await;
    decide_on(coordinator, fiche, decision, &hidden_value(&page, "version")).await
}

/// The coordinator decides on the fiche as it was at that version.
async fn decide_on(coordinator: &Browser, fiche: &str, decision: &str, version: &str) -> reqwest::Response {
    let fields = [("decision", decision), ("version", version)];
    coordinator.post(&format!("{fiche}/decision"), &fields).await
}

fn next_month() -> String {
    let date = msp::domain::calendar::paris_today() + time::Duration::days(30);
    msp::db::date_text(date)
}
