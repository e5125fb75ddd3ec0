//! The demo's two real fiches (seeds 000 and 001): they say what the seeds say, and survive the
//! editor.

use super::*;
use msp::domain::fiche::{Offer, Quotite, Track};

mod text;

on_both_backends!(
    the_demo_fiches_say_what_the_seeds_say_and_nothing_else,
    the_real_fiches_of_the_seeds_can_be_written_in_the_editor_without_losing_a_section
);

/// Seeds 000 and 001 byte for byte: the project's seeds are not in the repository, and the
/// import's fixtures are copies of them.
const GREMO_PASS_SEED: &str = include_str!("../../fixtures/import/gremo-pass.txt");
const SMART_73_SEED: &str = include_str!("../../fixtures/import/smart73.txt");
const DEMO_FILE: &str = include_str!("../../../src/demo/offres.json");

/// A seed, and what the demo fiche may differ from it by.
struct Seed {
    query: &'static str,
    text: &'static str,
    /// The heading of the real contacts: from there on, the demo has its own.
    contacts_from: &'static str,
    /// The seed's slips the demo corrects, as (seed, demo).
    corrections: &'static [(&'static str, &'static str)],
    /// What the demo does not say of the seed (folded, in the seed's order): headings, the
    /// document's kind, the seed's dates and e-mail address (the demo has its own).
    left: &'static [&'static str],
}

const SEEDS: [Seed; 2] = [
    Seed {
        query: "GREMO-PASS",
        text: GREMO_PASS_SEED,
        contacts_from: "Personnes à contacter",
        corrections: &[
            ("le plus de preuve pour", "le plus de preuves pour"),
            ("de la TCD sont la recherche", "de la TCD : la recherche"),
        ],
        // "2024": the year the next promotion starts, a date the demo does not copy.
        left: &[
            "profil de poste",
            "missions activites responsabilites",
            "competences professionnelles particulieres souhaitees diplome requis",
            "2024",
            "experiences et competences",
            "lieu",
        ],
    },
    Seed {
        query: "SMART 73",
        text: SMART_73_SEED,
        contacts_from: "Renseignements",
        corrections: &[
            (
                "réhabilitation psychosocial de la Savoie",
                "réhabilitation psychosociale de la Savoie",
            ),
            ("psyhosocial", "psychosociale"),
            ("pluridiciplinaire", "pluridisciplinaire"),
            ("de part son", "de par son"),
            ("idividuel", "individuel"),
            ("le développement un réseau", "le développement d'un réseau"),
            ("dans la cadre", "dans le cadre"),
            ("structuté", "structuré"),
            ("Universiatire (Médicateur", "universitaire (Médiateur"),
            ("de façon ajusté", "de façon ajustée"),
            ("réseaus", "réseaux"),
        ],
        // "Avis de vacance de poste" is the fiche's nature, of which only the heading's "avis de"
        // is left; the dates of publication and of the deadline, and the e-mail address, are the
        // demo's own.
        left: &[
            "avis de",
            "diffuse le 5 07 2024",
            "organisation du poste grade",
            "quotite",
            "temps consacre au metier",
            "lieu d intervention",
            "poste a pourvoir",
            "contexte",
            "missions",
            "competences et savoirs faire competences techniques",
            "competences experientielles",
            "competences organisationelles",
            "competences d adaptation",
            "modalites de candidature dossier de candidature et delai",
            "adresse avant le 5 aout 2024",
        ],
    },
];

/// The demo's offer found by the seed's name, as the public reads it.
async fn real_fiche(app: &TestApp, query: &str) -> Offer {
    let (_, found) = app.json(&format!("/api/v1/offres?q={}", query.replace(' ', "+"))).await;
    let slug = found["offres"][0]["slug"]
        .as_str()
        .unwrap_or_else(|| panic!("{query}: {found}"));
    msp::db::fiches::find_public_by_slug(&app.db, slug)
        .await
        .unwrap()
        .unwrap()
}

/// The fields the demo file marks as its own invention for the offer of that title.
fn invented(title: &str) -> Vec<String> {
    let entries: Vec<serde_json::Value> = serde_json::from_str(DEMO_FILE).unwrap();
    let entry = entries
        .iter()
        .find(|entry| entry["title"] == title)
        .expect("the offer is in the demo file");
    serde_json::from_value(entry["invented"].clone()).expect("a list of field names")
}

async fn the_demo_fiches_say_what_the_seeds_say_and_nothing_else(app: TestApp) {
    app.load_demo().await;
    for seed in &SEEDS {
        let query = seed.query;
        let real = real_fiche(&app, query).await;
        let invented = invented(&real.content.title);
        let text = text::seed_text(seed.text, seed.contacts_from, seed.corrections);
        let pieces = text::pieces(&real, &invented);
        for piece in &pieces {
            assert!(
                text.contains(&text::fold(piece)),
                "{query}: « {piece} » is not in the seed"
            );
        }
        assert_eq!(
            text::left_after(&text, &pieces),
            seed.left,
            "{query}: what the demo leaves out of the seed"
        );
        let c = &real.content;
        let unsaid = c.pay_index.is_none() && c.pay_euros.is_none() && c.contract.is_none() && c.posts.is_none();
        assert!(
            unsaid && c.reference.is_empty() && c.sites.is_empty(),
            "{query}: the seed states no pay, contract, posts, reference nor other place"
        );
        // Its words are the seed's, but the seed has no such section.
        assert!(c.public_served.is_empty(), "{query}: no section on the public served");
        assert!(
            c.start_date.is_none() || invented.iter().any(|f| f == "start_date"),
            "{query}: a start date is the demo's"
        );
    }
    gremo_pass_says_what_seed_000_says(&real_fiche(&app, "GREMO-PASS").await);
    smart_73_says_what_seed_001_says(&real_fiche(&app, "SMART 73").await);
}

fn gremo_pass_says_what_seed_000_says(real: &Offer) {
    let c = &real.content;
    assert_eq!(c.missions.len(), 1, "one list of missions");
    assert_eq!(c.missions[0].items.len(), 11, "the seed's eleven missions");
    assert_eq!(
        (c.working_time.quotite, c.working_time.percent),
        (Quotite::MiTemps, None)
    );
    assert!(c.grade.is_empty(), "no grade");
    assert!(c.how_to_apply.is_empty(), "no word on how to apply");
    assert_eq!(c.track, Some(Track::Bobigny), "the licence the seed names");
}

fn smart_73_says_what_seed_001_says(real: &Offer) {
    let c = &real.content;
    assert!(
        c.diploma.is_empty() && c.track.is_none() && c.training.is_empty(),
        "no diploma nor training section"
    );
    let time = &c.working_time;
    assert_eq!(
        (time.quotite, time.percent, time.adaptable),
        (Quotite::TempsPlein, Some(100), true)
    );
    assert!(time.note.starts_with("Possibilité d'adaptation de la quotité"));
    assert!(!c.context.contains("quotité"), "the working time is not in the context");
    assert_eq!(c.public_post.nature, "vacance", "an avis de vacance de poste");
    assert_eq!(c.start_note, "Dès que possible");
    assert_eq!(c.missions.len(), 7, "the seed's seven groups of missions");
}

/// The editor's fields for every step of a fiche, as a person would type them.
fn steps_of(content: &msp::domain::fiche::FicheContent) -> Vec<(u8, Vec<(String, String)>)> {
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    let date = |d: Option<time::Date>| d.map(msp::db::date_text).unwrap_or_default();
    let mut step1 = vec![
        pair("title", &content.title),
        pair("quotite", content.working_time.quotite.as_str()),
        pair("quotite_percent", &content.working_time.percent_field()),
        pair("quotite_note", &content.working_time.note),
        pair("contract", content.contract.map_or("", |c| c.as_str())),
        pair(
            "contract_months",
            &content.contract_months.map(|m| m.to_string()).unwrap_or_default(),
        ),
        pair("posts", &content.posts.map(|p| p.to_string()).unwrap_or_default()),
        pair("reference", &content.reference),
        pair("grade", &content.grade),
        pair(
            "pay_index",
            &content.pay_index.map(|i| i.to_string()).unwrap_or_default(),
        ),
        pair("pay_euros", &content.pay_euros.map(|r| r.field()).unwrap_or_default()),
        pair("versant", &content.public_post.versant),
        pair("nature", &content.public_post.nature),
        pair("category", &content.public_post.category),
        pair("corps", &content.public_post.corps),
        pair("vacant_from", &date(content.public_post.vacant_from)),
    ];
    if content.working_time.adaptable {
        step1.push(pair("quotite_adaptable", "oui"));
    }
    let step2 = vec![
        pair("pole", &content.pole),
        pair("service", &content.service),
        pair("unit", &content.unit),
        pair("place", &content.place),
        pair("sites", &content.sites.join("\n")),
        pair("context", &content.context),
        pair("public_served", &content.public_served),
    ];
    let mut step3 = Vec::new();
    for group in &content.missions {
        step3.push(pair("groupe_titre", &group.title));
        step3.push(pair("groupe_missions", &group.items.join("\n")));
    }
    let c = &content.competences;
    let step4 = vec![
        pair("techniques", &c.techniques.join("\n")),
        pair("experientielles", &c.experientielles.join("\n")),
        pair("organisationnelles", &c.organisationnelles.join("\n")),
        pair("adaptation", &c.adaptation.join("\n")),
    ];
    let step5 = vec![
        pair("diploma", &content.diploma),
        pair("parcours", content.track.map_or("autre", |t| t.as_str())),
        pair("training", &content.training),
    ];
    let mut step6 = vec![
        pair("in_brief", &content.in_brief),
        pair("how_to_apply", &content.how_to_apply),
        pair("apply_email", &content.apply_email),
        pair("apply_url", &content.apply_url),
        pair("deadline", &date(content.deadline)),
        pair("start_date", &date(content.start_date)),
        pair("start_note", &content.start_note),
    ];
    if content.apply_on_platform {
        step6.push(pair("apply_platform", "oui"));
    }
    for contact in &content.contacts {
        step6.push(pair("contact_nom", &contact.name));
        step6.push(pair("contact_fonction", &contact.role));
        step6.push(pair("contact_telephone", &contact.phone));
        step6.push(pair("contact_email", &contact.email));
    }
    vec![(1, step1), (2, step2), (3, step3), (4, step4), (5, step5), (6, step6)]
}

async fn the_real_fiches_of_the_seeds_can_be_written_in_the_editor_without_losing_a_section(app: TestApp) {
    app.load_demo().await;
    for query in ["GREMO-PASS", "SMART 73"] {
        let real = real_fiche(&app, query).await;
        let email = format!("rh-{}@exemple.fr", real.employer.id);
        let recruiter = app.recruiter(&email, &real.employer).await;
        let browser = app.signed_in(&recruiter).await;
        let fiche = start_fiche(&browser, &real.employer).await;
        for (step, fields) in steps_of(&real.content) {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let response = save(&browser, &fiche, step, &fields).await;
            assert_eq!(
                response.status(),
                303,
                "{query}, step {step}: {}",
                response.text().await.unwrap()
            );
        }
        let id: i64 = fiche.rsplit('/').next().unwrap().parse().unwrap();
        let mut conn = app.db.pool.acquire().await.unwrap();
        let written = msp::db::fiches::find_for_work(&mut conn, id, &msp::domain::policy::EstablishmentScope::All)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            written.offer.content, real.content,
            "{query}: every section survives the editor"
        );
        let (status, preview) = browser.page(&format!("{fiche}/apercu")).await;
        assert_eq!(status, 200);
        for group in &real.content.missions {
            assert!(
                preview.contains(&group.title.replace('\'', "&#39;")),
                "{query}: {}",
                group.title
            );
        }
    }
}
