//! No text names an establishment after a bare "à" or "de": the templates say so by their
//! source, and the demo's establishments by what a candidate reads.

use std::path::Path;

use crate::common;

use common::TestApp;

use super::apply;

/// The expressions that hold an establishment's bare name in the templates.
const NAME_EXPRESSIONS: [&str; 4] = ["establishment", "employer", "etablissement", "establishment_name"];

/// Every `à {{ … }}` or `de {{ … }}` whose expression names an establishment, as "file: text".
fn bare_prepositions(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            bare_prepositions(&path, found);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for preposition in ["à {{", "de {{", "À {{", "De {{"] {
            for (at, _) in text.match_indices(preposition) {
                let rest = &text[at + preposition.len()..];
                let expression = &rest[..rest.find("}}").unwrap_or(rest.len())];
                if NAME_EXPRESSIONS.iter().any(|name| expression.contains(name))
                    && !expression.contains("of_establishment")
                    && !expression.contains("at_establishment")
                {
                    found.push(format!("{}: {preposition}{expression}}}}}", path.display()));
                }
            }
        }
    }
}

#[test]
fn no_template_puts_an_establishments_name_after_a_bare_preposition() {
    let mut found = Vec::new();
    bare_prepositions(&Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"), &mut found);
    assert!(found.is_empty(), "write a_name() / de_name() instead: {found:#?}");
}

/// What must never be read: a preposition then the head noun of a demo establishment's name.
const WRONG: [&str; 12] = [
    "à CHS",
    "à Centre",
    "de Centre",
    "de CHS",
    "à Clinique",
    "à EPSM",
    "de EPSM",
    "à Établissement",
    "de Établissement",
    "à Groupe",
    "à Hôpitaux",
    "de Hôpitaux",
];

/// One open offer of each demo establishment, by slug.
async fn one_offer_per_establishment(app: &TestApp) -> Vec<String> {
    let mut conn = app.db.pool.acquire().await.unwrap();
    sqlx::query_as::<_, (String,)>(
        "SELECT MIN(slug) FROM fiches WHERE status = 'publiee' \
         GROUP BY establishment_id ORDER BY MIN(slug)",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
    .into_iter()
    .map(|(slug,)| slug)
    .collect()
}

on_both_backends!(the_demo_establishments_are_named_with_their_article_in_pages_and_mails);
async fn the_demo_establishments_are_named_with_their_article_in_pages_and_mails(app: TestApp) {
    app.load_demo().await;
    let slugs = one_offer_per_establishment(&app).await;
    assert!(slugs.len() >= 10, "{slugs:?}");
    for (n, slug) in slugs.iter().enumerate() {
        let email = format!("candidat{n}@exemple.fr");
        let (status, page) = apply(&app.browser(), slug, &email).await;
        assert_eq!(status, 200, "{slug}");
        let mails = app.mail_to(&email).await;
        assert_eq!(mails.len(), 1, "{email}");
        let mail = format!("{}\n{}\n{}", mails[0].subject, mails[0].text, mails[0].html);
        for text in [&page, &mail] {
            for wrong in WRONG {
                assert!(!text.contains(wrong), "« {wrong} » in:\n{text}");
            }
        }
        assert!(page.contains("est enregistrée"), "{page}");
    }
}

on_both_backends!(a_recruiter_says_how_the_establishments_name_takes_a_preposition);
async fn a_recruiter_says_how_the_establishments_name_takes_a_preposition(app: TestApp) {
    let employer = app.establishment("Vallée de la Roya", "Breil-sur-Roya", "06").await;
    let recruiter = app.recruiter("rh@roya.test", &employer).await;
    let rh = app.signed_in(&recruiter).await;
    let path = format!("/etablissements/{}/modeles", employer.id);
    let (status, page) = rh.page(&path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<option value=\"aucun\" selected>« à Vallée de la Roya », « de Vallée de la Roya »</option>"),
        "a proper name takes no article until someone says otherwise: {page}"
    );

    let response = rh
        .post(
            &format!("/etablissements/{}/article", employer.id),
            &[("article", "la")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("<option value=\"la\" selected>« à la Vallée de la Roya », « de la Vallée de la Roya »</option>"),
        "{page}"
    );
    let mut tx = app.db.begin().await.unwrap();
    let stored = msp::db::establishments::find_by_name(&mut tx, "Vallée de la Roya")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.a_name(), "à la Vallée de la Roya");

    let response = rh
        .post(
            &format!("/etablissements/{}/article", employer.id),
            &[("article", "du")],
        )
        .await;
    assert_eq!(response.status(), 400);
}

/// Every statement of the sources that writes "à {…}" or "de {…}" with an establishment's bare
/// name among its arguments.
fn bare_prepositions_in_code(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            bare_prepositions_in_code(&path, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.to_string_lossy().contains("test") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for preposition in ["à {", "de {", "À {"] {
            for (at, _) in text.match_indices(preposition) {
                // "à {etablissement}" in a decision template is filled with the article
                // (MailTemplate::fill, unit-tested).
                if text[at..].starts_with(&format!("{preposition}etablissement}}")) {
                    continue;
                }
                let statement = &text[at..];
                let statement = &statement[..statement.find(';').unwrap_or(statement.len()).min(600)];
                if [
                    "establishment_name",
                    "employer.name",
                    "establishment.name",
                    "{etablissement}\"",
                ]
                .iter()
                .any(|name| statement.contains(name))
                {
                    found.push(format!(
                        "{}: {}",
                        path.display(),
                        statement.lines().next().unwrap_or("")
                    ));
                }
            }
        }
    }
}

#[test]
fn no_code_puts_an_establishments_name_after_a_bare_preposition() {
    let mut found = Vec::new();
    bare_prepositions_in_code(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
    assert!(found.is_empty(), "write a_name() / de_name() instead: {found:#?}");
}
