use super::*;
use crate::domain::fiche::{Quotite, Track};
use crate::domain::fiche_workflow::template;

fn fresh() -> FicheContent {
    template("Hôpital de jour", "Adultes", Quotite::MiTemps, Track::Bobigny)
}

#[test]
fn the_templates_suggestions_are_flagged_not_what_the_project_said() {
    let flags = ToVerify::template();
    for field in [
        "title",
        "grade",
        "quotite",
        "missions",
        "diploma",
        "training",
        "how_to_apply",
    ] {
        assert!(flags.contains(field), "{field}");
    }
    for field in ["unit", "public_served", "parcours", "deadline", "pay_index", "nature"] {
        assert!(!flags.contains(field), "{field}");
    }
}

#[test]
fn a_ticked_box_or_a_changed_value_confirms_a_field_and_nothing_else_does() {
    let flags = ToVerify::of(["title", "grade", "pay_index", "missions"]);
    // The pay is one field, as an index or in euros.
    let before = fresh();
    let mut after = before.clone();
    after.grade = "Éducateur (catégorie A)".into();
    let left = flags.after_save(&before, &after, &["title".to_string(), "inconnu".to_string()]);
    assert_eq!(left.names(), ["pay_index", "missions"]);
}

#[test]
fn the_json_list_reads_back_and_unknown_names_are_left_out() {
    let flags = ToVerify::of(["missions", "title"]);
    assert_eq!(flags.to_json(), r#"["title","missions"]"#);
    assert_eq!(ToVerify::from_json(&flags.to_json()), flags);
    assert_eq!(ToVerify::from_json(r#"["title","n_importe_quoi"]"#).names(), ["title"]);
    assert_eq!(
        ToVerify::from_json("pas du json").names().len(),
        FIELDS.len(),
        "fails closed"
    );
}

#[test]
fn submission_is_refused_with_one_message_per_step_on_its_first_flagged_field() {
    let flags = ToVerify::template();
    let errors = flags.submission_errors();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["title", "missions", "techniques", "diploma", "how_to_apply"]);
    assert_eq!(errors[0].message, "Étape « Le poste » : 3 champs à vérifier.");
    assert_eq!(errors[4].message, "Étape « Candidature » : 1 champ à vérifier.");
    assert!(ToVerify::default().submission_errors().is_empty());
}

#[test]
fn a_reuse_flags_what_it_copied_and_not_the_empty_fields() {
    let mut content = fresh().for_reuse();
    content.context = "Le service.".into();
    let flags = ToVerify::filled(&content);
    assert!(flags.contains("context") && flags.contains("missions") && flags.contains("unit"));
    assert!(!flags.contains("place") && !flags.contains("deadline") && !flags.contains("contacts"));
}

#[test]
fn steps_holding_fields_to_verify_are_counted() {
    let flags = ToVerify::of(["title", "grade", "contacts"]);
    assert_eq!(flags.by_step(), [(1, "Le poste", 2), (6, "Candidature", 1)]);
}
