use super::lines::{Section, Strength, heading, logical_lines};
use super::*;

const GREMO_PASS: &str = include_str!("../../../../tests/fixtures/import/gremo-pass.txt");

#[test]
fn pasted_text_of_the_gremo_pass_fiche_gives_eleven_missions_not_seventeen() {
    let draft = parse(GREMO_PASS);
    let missions: Vec<&String> = draft.missions.iter().flat_map(|group| &group.items).collect();
    assert_eq!(missions.len(), 11, "{missions:#?}");
    assert!(missions.iter().all(|mission| !mission.starts_with(['-', '•'])));
}

#[test]
fn wrapped_lines_are_joined_and_new_items_or_sentences_are_not() {
    let lines = logical_lines(
        "- Participer aux réunions du service (amener\n\nun regard)\n- Identifier les acteurs\nLa médiation.\nSuite",
    );
    let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Participer aux réunions du service (amener un regard)",
            "Identifier les acteurs",
            "La médiation.",
            "Suite"
        ]
    );
    let cut_date = logical_lines("Écrire avant le 15 septembre\n2025.");
    assert_eq!(cut_date[0].text, "Écrire avant le 15 septembre 2025.");
    let numbered = logical_lines("1. Mener des entretiens\n2) Aider chaque personne.\n04 79 60 30 57");
    assert_eq!(
        numbered.iter().map(|line| line.marker).collect::<Vec<_>>(),
        [Marker::Number, Marker::Number, Marker::None]
    );
}

#[test]
fn headings_are_matched_by_meaning_whatever_their_accents_and_case() {
    let heading_of = |text: &str| heading(&logical_lines(text)[0]).map(|(section, _)| section);
    assert_eq!(
        heading_of("MISSIONS – ACTIVITES – RESPONSABILITES"),
        Some(Section::Missions)
    );
    assert_eq!(heading_of("Compétences et savoirs-faire"), Some(Section::Competences));
    assert_eq!(heading_of("Personnes à contacter :"), Some(Section::Contacts));
    assert_eq!(heading_of("Modalités de candidature"), Some(Section::Apply));
    let loose = heading(&logical_lines("Compétences techniques")[0]);
    assert_eq!(
        loose,
        Some((Section::Competences, Strength::Loose)),
        "a group title inside the competences"
    );
    assert_eq!(heading_of("Activités principales"), Some(Section::Missions));
    assert_eq!(
        heading_of("Les missions sont nombreuses et variées dans ce poste."),
        None
    );
}

#[test]
fn facts_are_read_from_labels_and_from_free_text() {
    let draft = parse(
        "Médiateur de santé-pair\nQuotité : 60 %, adaptable\nContrat : CDI\nNombre de postes : 3\n\
         Candidature\nÉcrire à rh@exemple.fr avant le 1er juin 2026\nPrise de poste : dès que possible\n\
         Renseignements\nM. Paul Durand, cadre, +33 4 79 60 30 57",
    );
    assert_eq!(draft.title, "Médiateur de santé-pair");
    assert_eq!((draft.quotite_percent, draft.quotite_adaptable), (Some(60), true));
    assert_eq!((draft.contract.as_str(), draft.posts), ("CDI", Some(3)));
    assert_eq!(draft.apply_email, "rh@exemple.fr");
    assert_eq!(draft.deadline, Some(time::macros::date!(2026 - 06 - 01)));
    assert_eq!(draft.start_note, "dès que possible");
    assert_eq!(draft.contacts[0].name, "M. Paul Durand");
    assert_eq!(draft.contacts[0].phone, "04 79 60 30 57");
}

#[test]
fn what_cannot_be_placed_is_returned_not_dropped() {
    let draft = parse("Médiateur de santé-pair\nXYZ-42\nMissions\n- Accueillir");
    assert_eq!(draft.unplaced, ["XYZ-42"]);
    assert_eq!(draft.missions[0].items, ["Accueillir"]);
}

#[test]
fn odd_text_never_panics() {
    let odd = [
        "",
        "\n\n- \n• \n1. \n:",
        "İİİİ İİ unité X recrute un İ CDD",
        "İİ Le Foyer İ (X recrute pour son İ",
        "Grade : İİ Quotité : 100 % İ",
        "Renseignements\nİİ M. İ +33 4 79 60 30 57 +3312345678",
        "Date limite : 31 février 2025\nPrise de poste : 99/99/9999\n0,0 ETP\n300 %",
        "a)\n1)\n99. \nÉ",
    ];
    for text in odd {
        let _ = parse(text);
    }
    let long = "Missions\n".to_string() + &"- une mission très longue sans fin\n".repeat(2000);
    assert_eq!(
        parse(&long)
            .missions
            .iter()
            .map(|group| group.items.len())
            .sum::<usize>(),
        2000
    );
}
