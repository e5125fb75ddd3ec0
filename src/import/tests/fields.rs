//! The share of fields filled correctly, per document and overall, against a table of what each
//! fiche says. Text is compared folded (accents and case aside: a title in capitals loses its
//! accents); a value ending in "…" is a prefix.

use super::{GREMO_PASS, OWN, SMART_73, documents};
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

/// What each fiche says, field by field ("" where it says nothing: filling such a field is an
/// error too, but it is not counted as a field filled).
const GREMO_PASS_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiateur de santé pair"),
    ("notice", ""),
    ("reference", ""),
    ("published", ""),
    ("establishment", "Hôpitaux Universitaires de Strasbourg"),
    ("pole", "Pôle de Psychiatrie, Santé Mentale et Addictologie"),
    ("service", "Service de Psychiatrie 2, programme GREMO-PASS"),
    ("unit", "GREMO-PASS"),
    ("sites", "Hôpital Civil, Hôpitaux Universitaires de Strasbourg"),
    ("grade", ""),
    (
        "context",
        "Programme ambulatoire pour le trouble de la personnalité borderline sévère | Le programme GREMO-PASS a été créé…",
    ),
    ("missions", " (11)"),
    ("missions_text", "Travailler au sein d’une équipe pluridisciplinaire…"),
    (
        "first_mission",
        "Participer à des entretiens formels (en binôme ou en autonomie), le binôme pouvant être : un professionnel de santé, un médecin, un infirmier etc.",
    ),
    (
        "last_mission",
        "Accompagnement vers l’extérieur (associations, lieux de rencontre et d’échanges sociaux)",
    ),
    ("competences", "Expériences et compétences (5)"),
    ("last_competence", "Être force de proposition, créatif(ve)"),
    ("profile", "Le candidat devra être titulaire d’un Bac +2…"),
    (
        "training",
        "La personne recrutée suivra en parallèle la formation de licence…",
    ),
    ("quotite", "50 %"),
    ("adaptable", ""),
    ("contract", ""),
    ("posts", ""),
    ("pay", ""),
    ("how_to_apply", ""),
    ("apply_email", ""),
    (
        "contact_names",
        "Docteur Sébastien Weibel | Professeur Luisa Weiner | Professeur Gilles Bertschy",
    ),
    ("deadline", ""),
    ("start", ""),
    ("unplaced", ""),
];

const SMART_73_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiateur de santé-pair"),
    ("notice", "Avis de vacance de poste"),
    ("reference", ""),
    ("published", "2024-07-05"),
    ("establishment", "CHS de la Savoie"),
    ("pole", ""),
    ("service", "Centre de réhabilitation psychosocial de la Savoie"),
    ("unit", "SMART 73"),
    ("sites", ""),
    ("grade", "Pair-Aidant professionnel/ Médiateur de santé-pair"),
    (
        "context",
        "Le service SMART 73 est un centre de réhabilitation psyhosocial de proximité…",
    ),
    (
        "missions",
        "Aide à la mise en place d’outils d’autogestion (2) | Participe à des programmes de déstigmatisation (1) | \
         Propose un accompagnement au rétablissement de pair à pair (6) | Participe à des programmes de psychoéducation \
         ou d’Education Thérapeutique du Patient (5) | Le médiateur de santé pair au sein d’une équipe pluridisciplinaire (2) | \
         Participe à des actions destinées aux aidants (1) | Le MSP et son environnement professionnel (5)",
    ),
    (
        "missions_text",
        "Le médiateur de santé/pair (MSP)/pair-aidant de part son savoir expérientiel…",
    ),
    (
        "first_mission",
        "Réalisation d’un plan de crise conjoint (Directives Anticipées en Psychiatrie…)",
    ),
    ("last_mission", "Bénéficie d'actions de professionnalisation"),
    (
        "competences",
        "Compétences techniques (5) | Compétences expérientielles (6) | Compétences organisationelles (6) | Compétences d’Adaptation (2)",
    ),
    (
        "last_competence",
        "Capacité à connaitre ses limites et à savoir demander de l’aide si nécessaire",
    ),
    ("profile", ""),
    ("training", ""),
    ("quotite", "100 %"),
    ("adaptable", "adaptable"),
    ("contract", ""),
    ("posts", ""),
    ("pay", ""),
    (
        "how_to_apply",
        "Une lettre de motivation et un curriculum vitae, constituent le dossier de candidature.…",
    ),
    ("apply_email", "drh@chs-savoie.fr"),
    ("contact_names", "Drs LE CARDINAL et RAINTEAU médecins chefs de service"),
    ("contact_phones", "04 79 60 30 57"),
    ("deadline", "2024-08-05"),
    ("start", "dès que possible"),
    ("unplaced", ""),
];

const OWN_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiatrice ou médiateur de santé-pair"),
    ("notice", ""),
    ("reference", "AV-2025-014"),
    ("published", ""),
    ("establishment", "Centre hospitalier Alpes-Isère"),
    ("pole", "Pôle de psychiatrie adulte"),
    ("service", "Service de réhabilitation psychosociale"),
    ("unit", "C3R"),
    ("sites", "CMP de Grenoble Est | Hôpital de jour de Saint-Égrève"),
    ("grade", ""),
    (
        "context",
        "Le service de réhabilitation psychosociale accompagne des personnes vivant avec un trouble psychique sévère \
         vers leurs projets de vie, en lien avec les équipes de secteur et les partenaires du territoire grenoblois. | \
         L'équipe compte une psychiatre, deux infirmiers, une neuropsychologue, une éducatrice spécialisée et une \
         assistante sociale.",
    ),
    (
        "missions",
        "Accompagnement individuel (3) | Actions collectives (2) | Vie de l'équipe (2)",
    ),
    ("missions_text", ""),
    (
        "first_mission",
        "Mener des entretiens de soutien de pair à pair, seul ou en binôme avec un soignant, à l'unité comme au domicile des personnes",
    ),
    (
        "last_mission",
        "Contribuer à la lutte contre la stigmatisation au sein de l'hôpital",
    ),
    ("competences", " (3)"),
    ("last_competence", "Travailler en équipe pluriprofessionnelle"),
    (
        "profile",
        "Une expérience vécue des troubles psychiques et un parcours de rétablissement stabilisé. Aucun diplôme n'est exigé à l'embauche.",
    ),
    ("training", "La personne recrutée suivra la licence…"),
    ("quotite", "80 %"),
    ("adaptable", ""),
    ("contract", "CDD d'un an, renouvelable"),
    ("posts", "2"),
    ("pay", "1 950 € brut mensuel"),
    (
        "how_to_apply",
        "Envoyez une lettre de motivation et un CV à recrutement@ch-alpes-isere.fr",
    ),
    ("apply_email", "recrutement@ch-alpes-isere.fr"),
    ("contact_names", "Claire Martin"),
    ("contact_phones", "04 76 56 42 42"),
    ("contact_emails", "claire.martin@ch-alpes-isere.fr"),
    ("deadline", "2025-03-15"),
    ("start", "2025-04-01"),
    ("unplaced", "FICHE DE POSTE"),
];

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

#[test]
fn most_fields_are_filled_correctly_from_every_document() {
    let fiches = [
        ("GREMO-PASS", GREMO_PASS, GREMO_PASS_FIELDS),
        ("SMART 73", SMART_73, SMART_73_FIELDS),
        ("own", OWN, OWN_FIELDS),
    ];
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
    assert!(share >= 0.90, "{share:.3}: {wrong:#?}");
    assert!(
        wrong.len() <= stated / 10,
        "too many fields wrong or filled from nothing: {wrong:#?}"
    );
}
