//! What an import makes of a draft: the fields it found replace the draft's text, each flagged
//! "à vérifier"; what the fiche's model cannot hold yet joins the lines the parser could not
//! place, shown beside the editor, so that nothing the document said is dropped.

use super::super::verify::ToVerify;
use super::super::{Competences, FicheContent, MissionGroup, PublicPost, Quotite};
use super::ImportedFiche;
use super::lines::key;

/// A draft's new text after an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDraft {
    pub content: FicheContent,
    /// Every field the import filled.
    pub to_verify: ToVerify,
    /// What the document said that no field holds, one line each.
    pub unplaced: String,
}

/// The draft's content replaced by what the import found. The working time's kind and the
/// university, which a fiche always has, stay the draft's when the document does not say.
pub fn draft_of(imported: ImportedFiche, current: &FicheContent) -> ImportDraft {
    let mut unplaced = Vec::new();
    let (quotite, quotite_percent) = match imported.quotite_percent {
        Some(100) => (Quotite::TempsPlein, 100),
        Some(50) => (Quotite::MiTemps, 50),
        Some(percent) => (Quotite::TempsPartiel, percent),
        None => (current.quotite, current.quotite_percent),
    };
    if imported.quotite_percent.is_none() {
        // model: the working time's note ("adaptable", a range) once the model holds one.
        unplaced.extend(imported.working_time.iter().map(|t| format!("Temps de travail : {t}")));
    }
    let mut sites = imported.sites.into_iter();
    let place = sites.next().unwrap_or_default();
    // model: the sites after the first, once a fiche holds several.
    unplaced.extend(sites.map(|site| format!("Autre lieu : {site}")));
    let competences = competences(imported.competences, &mut unplaced);
    unplaced.extend(model_lacks(&imported.establishment, &imported.contract, imported.posts));
    // model: pay in euros; the index stays for the recruiter to fill.
    unplaced.extend(labelled("Rémunération", &imported.pay));
    // model: the notice and its reference.
    unplaced.extend(labelled("Avis", &imported.notice));
    unplaced.extend(labelled("Référence", &imported.reference));
    unplaced.extend(imported.published.map(|d| format!("Date de publication : {d}")));
    unplaced.extend(imported.missions_text);
    unplaced.extend(imported.unplaced);
    let content = FicheContent {
        title: imported.title,
        quotite,
        quotite_percent,
        quotite_adaptable: imported.quotite_adaptable,
        grade: imported.grade,
        pole: imported.pole,
        service: imported.service,
        unit: imported.unit,
        place,
        context: imported.context.join("\n\n"),
        public_served: String::new(),
        missions: imported.missions,
        competences,
        diploma: imported.profile.join("\n"),
        track: current.track,
        training: imported.training.join("\n"),
        how_to_apply: imported.how_to_apply.join("\n"),
        apply_email: imported.apply_email,
        contacts: imported.contacts,
        deadline: imported.deadline,
        start_date: imported.start_date,
        start_note: imported.start_note,
        pay_index: None,
        public_post: PublicPost::default(),
    };
    let found_quotite = imported.quotite_percent.is_some() || imported.quotite_adaptable;
    let filled = ToVerify::filled(&content);
    let to_verify = ToVerify::of(
        filled
            .names()
            .into_iter()
            .filter(|f| *f != "parcours" && (*f != "quotite" || found_quotite)),
    );
    ImportDraft {
        content,
        to_verify,
        unplaced: unplaced.join("\n"),
    }
}

/// "Contrat : CDD d'un an", nothing for an empty value.
fn labelled(label: &str, value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| format!("{label} : {value}"))
}

// model: the contract and the number of posts, once a fiche holds them; the establishment is
// the fiche's own (chosen with the project), so the document's name is only shown.
fn model_lacks(establishment: &str, contract: &str, posts: Option<u32>) -> Vec<String> {
    let mut lines: Vec<String> = [("Établissement", establishment), ("Contrat", contract)]
        .into_iter()
        .filter_map(|(label, value)| labelled(label, value))
        .collect();
    lines.extend(posts.map(|n| format!("Nombre de postes : {n}")));
    lines
}

/// The document's competence groups sorted into the four kinds a fiche holds, by their titles;
/// a group of no known kind is left beside the form, title and items.
fn competences(groups: Vec<MissionGroup>, unplaced: &mut Vec<String>) -> Competences {
    let mut competences = Competences::default();
    for group in groups {
        let title = key(&group.title);
        let kind = if title.contains("techni") || title.contains("savoir faire") || title.contains("savoirs faire") {
            Some(&mut competences.techniques)
        } else if title.contains("experienti") {
            Some(&mut competences.experientielles)
        } else if title.contains("organis") {
            Some(&mut competences.organisationnelles)
        } else if title.contains("adapt") || title.contains("savoir etre") || title.contains("relation") {
            Some(&mut competences.adaptation)
        } else {
            None
        };
        match kind {
            Some(items) => items.extend(group.items),
            None => {
                if !group.title.is_empty() {
                    unplaced.push(format!("{} :", group.title));
                }
                unplaced.extend(group.items.into_iter().map(|item| format!("- {item}")));
            }
        }
    }
    competences
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use crate::domain::fiche::{Contact, Track};
    use crate::domain::fiche_workflow::template;
    use time::macros::date;

    fn current() -> FicheContent {
        template("Hôpital de jour", "Adultes", Quotite::MiTemps, Track::Bordeaux)
    }

    #[test]
    fn every_field_found_replaces_the_drafts_and_is_flagged() {
        let imported = ImportedFiche {
            title: "Médiateur de santé pair".into(),
            service: "Psychiatrie adulte".into(),
            sites: vec!["Chambéry".into(), "Aix-les-Bains".into()],
            context: vec!["Premier paragraphe.".into(), "Second.".into()],
            missions: vec![MissionGroup {
                title: "Auprès des usagers".into(),
                items: vec!["Accompagner".into()],
            }],
            competences: vec![
                MissionGroup {
                    title: "Compétences expérientielles".into(),
                    items: vec!["Savoir partager son vécu".into()],
                },
                MissionGroup {
                    title: "Qualités".into(),
                    items: vec!["Patience".into()],
                },
            ],
            quotite_percent: Some(80),
            contract: "CDD d'un an".into(),
            posts: Some(2),
            pay: "1 900 € brut".into(),
            apply_email: "rh@ch.fr".into(),
            contacts: vec![Contact {
                name: "Mme Cadre".into(),
                ..Contact::default()
            }],
            deadline: Some(date!(2027 - 01 - 15)),
            unplaced: vec!["Une ligne perdue".into()],
            ..ImportedFiche::default()
        };
        let draft = draft_of(imported, &current());
        let c = &draft.content;
        assert_eq!(c.title, "Médiateur de santé pair");
        assert_eq!((c.quotite, c.quotite_percent), (Quotite::TempsPartiel, 80));
        assert_eq!(c.place, "Chambéry");
        assert_eq!(c.context, "Premier paragraphe.\n\nSecond.");
        assert_eq!(c.competences.experientielles, ["Savoir partager son vécu"]);
        assert_eq!(c.track, Track::Bordeaux, "the university stays the project's");
        assert!(
            c.grade.is_empty() && c.pay_index.is_none(),
            "nothing of the template is kept"
        );
        assert_eq!(
            draft.to_verify.names(),
            [
                "title",
                "quotite",
                "service",
                "place",
                "context",
                "missions",
                "experientielles",
                "apply_email",
                "contacts",
                "deadline"
            ]
        );
        for line in [
            "Autre lieu : Aix-les-Bains",
            "Qualités :",
            "- Patience",
            "Contrat : CDD d'un an",
            "Nombre de postes : 2",
            "Rémunération : 1 900 € brut",
            "Une ligne perdue",
        ] {
            assert!(
                draft.unplaced.lines().any(|l| l == line),
                "{line} in {}",
                draft.unplaced
            );
        }
    }

    #[test]
    fn a_working_time_without_a_percentage_keeps_the_drafts_and_is_shown_beside() {
        let imported = ImportedFiche {
            working_time: vec!["à définir avec la personne".into()],
            ..ImportedFiche::default()
        };
        let draft = draft_of(imported, &current());
        assert_eq!(draft.content.quotite, Quotite::MiTemps);
        assert!(draft.to_verify.is_empty(), "{:?}", draft.to_verify);
        assert_eq!(draft.unplaced, "Temps de travail : à définir avec la personne");
    }

    #[test]
    fn the_gremo_pass_fiche_fills_its_eleven_missions_and_flags_them() {
        let text = include_str!("../../../../tests/fixtures/import/gremo-pass.txt");
        let draft = draft_of(parse(text), &current());
        let missions: usize = draft.content.missions.iter().map(|g| g.items.len()).sum();
        assert_eq!(missions, 11);
        assert!(draft.to_verify.contains("missions") && draft.to_verify.contains("title"));
        assert!(!draft.content.title.is_empty());
    }
}
