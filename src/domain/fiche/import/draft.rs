//! What an import makes of a draft: the fields it found replace the draft's text, each flagged
//! "à vérifier"; what no field can hold (words the contract or pay readers do not understand,
//! competence groups of no known kind, prose among the missions) joins the lines the parser
//! could not place, shown beside the editor, so that nothing the document said is dropped.

use super::super::verify::ToVerify;
use super::super::{Competences, FicheContent, MissionGroup, PublicPost, Quotite, WorkingTime};
use super::ImportedFiche;
use super::lines::key;
use super::terms::{self, Pay};

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
/// training, which come from the team's project, stay the draft's when the document does not say.
pub fn draft_of(imported: ImportedFiche, current: &FicheContent) -> ImportDraft {
    let mut unplaced = Vec::new();
    let (working_time, found_quotite) = working_time(&imported, &current.working_time);
    let mut sites = imported.sites.into_iter();
    let place = sites.next().unwrap_or_default();
    let competences = competences(imported.competences, &mut unplaced);
    let contract = terms::contract(&imported.contract);
    if contract.is_none() {
        unplaced.extend(labelled("Contrat", &imported.contract));
    }
    let pay = terms::pay(&imported.pay);
    if pay.is_none() {
        unplaced.extend(labelled("Rémunération", &imported.pay));
    }
    // The fiche's establishment is the project's: the document's name is only shown.
    unplaced.extend(labelled("Établissement", &imported.establishment));
    let vacancy = !imported.notice.trim().is_empty();
    unplaced.extend(imported.published.map(|d| format!("Date de publication : {d}")));
    unplaced.extend(imported.missions_text);
    unplaced.extend(imported.unplaced);
    let content = FicheContent {
        title: imported.title,
        // Nobody wrote it yet: the plain summary is the recruiter's own words.
        in_brief: String::new(),
        working_time,
        grade: imported.grade,
        pole: imported.pole,
        service: imported.service,
        unit: imported.unit,
        place,
        sites: sites.collect(),
        context: imported.context.join("\n\n"),
        public_served: String::new(),
        missions: imported.missions,
        competences,
        diploma: imported.profile.join("\n"),
        track: current.track,
        training: imported.training.join("\n"),
        how_to_apply: imported.how_to_apply.join("\n"),
        apply_on_platform: current.apply_on_platform,
        apply_email: imported.apply_email,
        apply_url: String::new(),
        contacts: imported.contacts,
        deadline: imported.deadline,
        start_date: imported.start_date,
        start_note: imported.start_note,
        pay_index: match pay {
            Some(Pay::Index(index)) => Some(index),
            _ => None,
        },
        pay_euros: match pay {
            Some(Pay::Euros(range)) => Some(range),
            _ => None,
        },
        contract: contract.map(|(kind, _)| kind),
        contract_months: contract.and_then(|(_, months)| months),
        posts: imported.posts.and_then(|n| u8::try_from(n).ok()),
        reference: imported.reference,
        public_post: PublicPost {
            nature: if vacancy { "vacance".into() } else { String::new() },
            ..PublicPost::default()
        },
    };
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

/// The working time the document states, over the draft's kind (the project's) when it states
/// none; and whether it said anything about it.
fn working_time(imported: &ImportedFiche, current: &WorkingTime) -> (WorkingTime, bool) {
    let found = imported.quotite_percent.is_some() || imported.quotite_adaptable || !imported.working_time.is_empty();
    let working_time = WorkingTime {
        quotite: match imported.quotite_percent {
            Some(100) => Quotite::TempsPlein,
            Some(50) => Quotite::MiTemps,
            Some(_) => Quotite::TempsPartiel,
            None => current.quotite,
        },
        percent: imported.quotite_percent.or(current.percent),
        percent_max: None,
        adaptable: imported.quotite_adaptable,
        // The editor's limit for the note.
        note: imported.working_time.join(" ; ").chars().take(500).collect(),
    };
    (working_time, found)
}

/// "Contrat : CDD d'un an", nothing for an empty value.
fn labelled(label: &str, value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| format!("{label} : {value}"))
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
    use crate::domain::fiche::{Contact, Contract, Track};
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
            contract: "CDD de 12 mois".into(),
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
        assert_eq!(
            (c.working_time.quotite, c.working_time.percent),
            (Quotite::TempsPartiel, Some(80))
        );
        assert_eq!(
            (c.place.as_str(), c.sites.as_slice()),
            ("Chambéry", ["Aix-les-Bains".to_string()].as_slice())
        );
        assert_eq!(c.context, "Premier paragraphe.\n\nSecond.");
        assert_eq!(c.competences.experientielles, ["Savoir partager son vécu"]);
        assert_eq!(
            (c.contract, c.contract_months, c.posts),
            (Some(Contract::Cdd), Some(12), Some(2))
        );
        assert!(c.pay_euros.is_some() && c.pay_index.is_none(), "{:?}", c.pay_euros);
        assert_eq!(c.track, Some(Track::Bordeaux), "the training stays the project's");
        assert!(c.grade.is_empty(), "nothing of the template is kept");
        assert_eq!(
            draft.to_verify.names(),
            [
                "title",
                "quotite",
                "contract",
                "posts",
                "pay_index",
                "service",
                "place",
                "sites",
                "context",
                "missions",
                "experientielles",
                "apply_email",
                "contacts",
                "deadline"
            ]
        );
        assert_eq!(draft.unplaced, "Qualités :\n- Patience\nUne ligne perdue");
    }

    #[test]
    fn a_working_time_without_a_percentage_keeps_the_drafts_kind_with_the_words_as_its_note() {
        let imported = ImportedFiche {
            working_time: vec!["à définir avec la personne".into()],
            contract: "selon profil".into(),
            ..ImportedFiche::default()
        };
        let draft = draft_of(imported, &current());
        assert_eq!(draft.content.working_time.quotite, Quotite::MiTemps);
        assert_eq!(draft.content.working_time.note, "à définir avec la personne");
        assert_eq!(draft.to_verify.names(), ["quotite"]);
        assert_eq!(
            draft.unplaced, "Contrat : selon profil",
            "words no reader understands are shown"
        );
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
