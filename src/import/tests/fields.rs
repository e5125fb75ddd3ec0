//! The share of fields filled correctly, per document and overall, against a table of what each
//! fiche says. Text is compared folded (accents and case aside: a title in capitals loses its
//! accents); a value ending in "…" is a prefix.

use super::tables::*;
use super::{
    GREMO_PASS, HELD_OUT_ASSOCIATION, HELD_OUT_EPSM, OWN, SMART_73, UNSEEN_CHU, UNSEEN_FOYER, UNSEEN_GHU, UNSEEN_SAVS,
    documents,
};
use crate::domain::fiche::MissionGroup;
use crate::domain::fiche::import::{ImportedFiche, parse};
use crate::domain::text::fold;
use crate::import::extract_text;

fn groups(groups: &[MissionGroup]) -> String {
    let sizes: Vec<String> = groups
        .iter()
        .map(|group| format!("{} ({})", group.title, group.items.len()))
        .collect();
    sizes.join(" | ")
}

/// A field of the draft as one comparable string.
fn field(draft: &ImportedFiche, name: &str) -> String {
    let date = |date: Option<time::Date>| date.map(|date| date.to_string()).unwrap_or_default();
    match name {
        "title" => draft.title.clone(),
        "notice" => draft.notice.clone(),
        "reference" => draft.reference.clone(),
        "published" => date(draft.published),
        "establishment" => draft.establishment.clone(),
        "pole" => draft.pole.clone(),
        "service" => draft.service.clone(),
        "unit" => draft.unit.clone(),
        "sites" => draft.sites.join(" | "),
        "grade" => draft.grade.clone(),
        "context" => draft.context.join(" | "),
        "missions" => groups(&draft.missions),
        "missions_text" => draft.missions_text.join(" | "),
        "first_mission" => draft
            .missions
            .first()
            .and_then(|group| group.items.first())
            .cloned()
            .unwrap_or_default(),
        "last_mission" => draft
            .missions
            .last()
            .and_then(|group| group.items.last())
            .cloned()
            .unwrap_or_default(),
        "competences" => groups(&draft.competences),
        "last_competence" => draft
            .competences
            .last()
            .and_then(|group| group.items.last())
            .cloned()
            .unwrap_or_default(),
        "profile" => draft.profile.join(" | "),
        "training" => draft.training.join(" | "),
        "quotite" => draft
            .quotite_percent
            .map(|percent| format!("{percent} %"))
            .unwrap_or_default(),
        "adaptable" => if draft.quotite_adaptable { "adaptable" } else { "" }.into(),
        "contract" => draft.contract.clone(),
        "posts" => draft.posts.map(|posts| posts.to_string()).unwrap_or_default(),
        "pay" => draft.pay.clone(),
        "how_to_apply" => draft.how_to_apply.join(" | "),
        "apply_email" => draft.apply_email.clone(),
        "contact_names" => draft
            .contacts
            .iter()
            .map(|contact| contact.name.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        "contact_phones" => draft
            .contacts
            .iter()
            .map(|contact| contact.phone.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        "contact_emails" => draft
            .contacts
            .iter()
            .map(|contact| contact.email.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        "deadline" => date(draft.deadline),
        "start" => draft
            .start_date
            .map(|date| date.to_string())
            .unwrap_or_else(|| draft.start_note.clone()),
        "unplaced" => draft.unplaced.join(" | "),
        other => panic!("no field {other}"),
    }
}

fn same(actual: &str, expected: &str) -> bool {
    let words = |text: &str| {
        fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    match expected.strip_suffix('…') {
        Some(prefix) => words(actual).starts_with(&words(prefix)),
        None => words(actual) == words(expected),
    }
}

/// (fields stated and filled correctly, fields stated, fields wrongly filled or left) for a draft.
fn score(draft: &ImportedFiche, table: &[(&str, &str)], label: &str) -> (usize, usize, Vec<String>) {
    let (mut right, mut stated, mut wrong) = (0, 0, Vec::new());
    for (name, expected) in table {
        let actual = field(draft, name);
        let correct = same(&actual, expected);
        if !expected.is_empty() {
            stated += 1;
            right += usize::from(correct);
        }
        if !correct {
            wrong.push(format!("{label} {name}: expected {expected:?}, got {actual:?}"));
        }
    }
    (right, stated, wrong)
}

type Fiche<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// The share over every document made from `fiches`, printed with each document's.
fn share(fiches: &[Fiche<'_>]) -> (f64, usize, Vec<String>) {
    let (mut right, mut stated, mut wrong) = (0, 0, Vec::new());
    for (name, text, table) in fiches {
        let mut inputs = vec![("pasted".to_string(), text.to_string())];
        for (format, bytes) in documents(text) {
            inputs.push((
                format.to_string(),
                extract_text(bytes).unwrap_or_else(|error| panic!("{name} {format}: {error}")),
            ));
        }
        for (format, text) in inputs {
            let (document_right, document_stated, document_wrong) =
                score(&parse(&text), table, &format!("{name} {format}"));
            println!("{name} {format}: {document_right}/{document_stated} fields filled correctly");
            right += document_right;
            stated += document_stated;
            wrong.extend(document_wrong);
        }
    }
    let share = right as f64 / stated as f64;
    println!("overall: {right}/{stated} = {share:.3}");
    for line in &wrong {
        println!("{line}");
    }
    (share, stated, wrong)
}

#[test]
fn most_fields_are_filled_correctly_from_every_document() {
    let (share, stated, wrong) = share(&[
        ("GREMO-PASS", GREMO_PASS, GREMO_PASS_FIELDS),
        ("SMART 73", SMART_73, SMART_73_FIELDS),
        ("own", OWN, OWN_FIELDS),
        ("EPSM", HELD_OUT_EPSM, HELD_OUT_EPSM_FIELDS),
        ("association", HELD_OUT_ASSOCIATION, HELD_OUT_ASSOCIATION_FIELDS),
        ("CHU", UNSEEN_CHU, UNSEEN_CHU_FIELDS),
        ("foyer", UNSEEN_FOYER, UNSEEN_FOYER_FIELDS),
        ("GHU", UNSEEN_GHU, UNSEEN_GHU_FIELDS),
        ("SAVS", UNSEEN_SAVS, UNSEEN_SAVS_FIELDS),
    ]);
    assert!(share >= 0.90, "{share:.3}: {wrong:#?}");
    assert!(
        wrong.len() <= stated / 10,
        "too many fields wrong or filled from nothing: {wrong:#?}"
    );
}
