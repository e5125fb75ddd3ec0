//! From the text of a fiche de poste (extracted from a document by [`crate::import`], or pasted)
//! to a draft of its fields. Pure: no I/O. Headings are matched by meaning on folded text,
//! wrapped lines are joined, bullets and numbers removed, missions and competences kept in the
//! groups the document makes; what cannot be placed is returned in `unplaced`, never dropped.

mod draft;
mod facts;
mod lines;
mod place;
mod sentences;
pub mod terms;

use time::Date;

pub use draft::{ImportDraft, draft_of};

use super::{Contact, MissionGroup};
use lines::{Line, Marker, Section, Strength, heading, key, labelled, logical_lines, sentence_case};

/// What an imported fiche says, field by field, for the editor to show "à vérifier". Field
/// names follow [`super::FicheContent`] where one fits; the others wait for the model's rework.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedFiche {
    pub title: String,
    /// "Avis de vacance de poste" when the document says it is one.
    pub notice: String,
    /// The reference number of the notice or post.
    pub reference: String,
    pub published: Option<Date>,
    pub establishment: String,
    pub pole: String,
    pub service: String,
    pub unit: String,
    /// Where the work is done, one entry per site.
    pub sites: Vec<String>,
    pub grade: String,
    /// Paragraphs presenting the service or programme.
    pub context: Vec<String>,
    pub missions: Vec<MissionGroup>,
    /// Prose among the missions (before or after the lists).
    pub missions_text: Vec<String>,
    pub competences: Vec<MissionGroup>,
    /// Diplomas, experience asked for.
    pub profile: Vec<String>,
    pub training: Vec<String>,
    pub quotite_percent: Option<u8>,
    pub quotite_adaptable: bool,
    /// What the document says about working time, word for word.
    pub working_time: Vec<String>,
    pub contract: String,
    pub posts: Option<u32>,
    pub pay: String,
    pub how_to_apply: Vec<String>,
    pub apply_email: String,
    pub contacts: Vec<Contact>,
    pub deadline: Option<Date>,
    pub start_date: Option<Date>,
    pub start_note: String,
    /// Lines the parser could not place: shown beside the form.
    pub unplaced: Vec<String>,
}

/// The draft of a fiche from its text.
pub fn parse(text: &str) -> ImportedFiche {
    let mut draft = ImportedFiche::default();
    for (section, heading, lines) in blocks(logical_lines(text), &mut draft) {
        read_block(&mut draft, section, heading, lines);
    }
    place::drop_repeated_unplaced(&mut draft);
    draft
}

type Block = (Section, Option<Line>, Vec<Line>);

/// The lines cut at each heading; the title is taken from the preamble first, because "PROFIL
/// DE POSTE MÉDIATEUR…" would read as a profile heading.
fn blocks(lines: Vec<Line>, draft: &mut ImportedFiche) -> Vec<Block> {
    let mut blocks: Vec<Block> = vec![(Section::Preamble, None, Vec::new())];
    for line in lines {
        // Items often name the post too ("de pair à pair"): the title is looked for outside them.
        let section = blocks.last().map_or(Section::Preamble, |block| block.0);
        let may_title = matches!(section, Section::Preamble | Section::Context | Section::Organisation);
        if may_title && line.marker == Marker::None && draft.title.is_empty() && place::title(&line).is_some() {
            draft.title = place::title(&line).unwrap_or_default();
            continue;
        }
        match heading(&line) {
            // "Compétences techniques" under "Compétences": a group, not a new section.
            Some((found, Strength::Loose)) if found == section => {
                blocks.last_mut().map(|block| block.2.push(line)).unwrap_or_default()
            }
            // "Activités principales": a new section whose first group it also titles.
            Some((found @ (Section::Missions | Section::Competences), Strength::Loose)) => {
                blocks.push((found, None, vec![line]))
            }
            Some((found, _)) => blocks.push((found, Some(line), Vec::new())),
            None => blocks.last_mut().map(|block| block.2.push(line)).unwrap_or_default(),
        }
    }
    blocks
}

/// The lines of one section: labelled facts ("Quotité : 100 %") first, in any section, then what
/// the section holds.
fn read_block(draft: &mut ImportedFiche, section: Section, heading: Option<Line>, lines: Vec<Line>) {
    let mut rest = Vec::new();
    for line in lines {
        if !fact(draft, section, &line) {
            rest.push(line);
        }
    }
    match section {
        Section::Missions => {
            let (text, groups) = grouped(heading.as_ref(), rest);
            draft.missions_text.extend(text);
            draft.missions.extend(groups);
        }
        Section::Competences => {
            let (text, groups) = grouped(heading.as_ref(), rest);
            for paragraph in text {
                profile_or_training(draft, paragraph);
            }
            draft.competences.extend(groups);
        }
        Section::Profile => rest.into_iter().for_each(|line| profile_or_training(draft, line.text)),
        Section::Training => draft.training.extend(rest.into_iter().map(|line| line.text)),
        Section::Context => draft.context.extend(rest.into_iter().map(|line| line.text)),
        Section::Place => rest.into_iter().for_each(|line| place::place_line(draft, &line.text)),
        Section::Apply => draft.how_to_apply.extend(rest.into_iter().map(|line| line.text)),
        Section::Contacts => rest
            .into_iter()
            .for_each(|line| draft.contacts.push(place::contact(&line.text))),
        Section::Preamble | Section::Organisation => rest
            .into_iter()
            .for_each(|line| place::loose_line(draft, section, line.text)),
    }
}

/// A paragraph about training to follow goes to training, anything else to the profile.
fn profile_or_training(draft: &mut ImportedFiche, paragraph: String) {
    let folded = key(&paragraph);
    let names_training = ["formation", "licence", "diplome universitaire"]
        .iter()
        .any(|word| folded.contains(word));
    let to_follow = ["suivra", "suivre", "frais", "licence", "financ", "prevue"]
        .iter()
        .any(|word| folded.contains(word));
    if names_training && to_follow && !folded.starts_with("diplome") {
        draft.training.push(paragraph);
    } else {
        draft.profile.push(paragraph);
    }
}

const WORKING_TIME: &[&str] = &["quotite", "temps", "temps de travail", "horaires", "duree hebdomadaire"];
const START: &[&str] = &[
    "a pourvoir",
    "prise de fonction",
    "prise de fonctions",
    "date de prise de fonction",
    "poste a pourvoir",
    "prise de poste",
    "date de prise de poste",
    "debut",
    "date de debut",
];
const DEADLINE: &[&str] = &[
    "date limite",
    "date limite de candidature",
    "date limite de depot",
    "cloture",
];
const CONTRACT: &[&str] = &["contrat", "type de contrat", "statut", "nature du contrat"];
const POSTS: &[&str] = &["nombre de postes", "nombre de poste", "postes", "nombre"];
const REFERENCE: &[&str] = &[
    "reference",
    "ref",
    "numero",
    "n",
    "avis de vacance",
    "avis de vacance n",
];
const PAY: &[&str] = &["remuneration", "salaire", "traitement", "remuneration brute"];
const APPLY: &[&str] = &[
    "pour candidater",
    "pour postuler",
    "candidature",
    "candidatures",
    "modalites de candidature",
];
const CONTACT: &[&str] = &[
    "renseignements",
    "contact",
    "contacts",
    "personne a contacter",
    "personnes a contacter",
];
const PLACE: &[&str] = &[
    "affectation",
    "structure",
    "lieu d intervention",
    "lieu",
    "lieux",
    "lieu d exercice",
    "site",
    "sites",
    "adresse",
];

/// A fact stated on one line, in any section; true when the line is placed.
fn fact(draft: &mut ImportedFiche, section: Section, line: &Line) -> bool {
    let text = line.text.as_str();
    if let Some(value) = labelled(text, &["grade"]) {
        let (grade, rest) = split_at_key(value, "quotite");
        draft.grade = grade.trim().to_string();
        if !rest.is_empty() {
            set_working_time(draft, rest);
        }
        return true;
    }
    if let Some(value) = labelled(text, WORKING_TIME) {
        set_working_time(draft, value);
        return true;
    }
    if let Some(value) = labelled(text, START) {
        match facts::date(value) {
            Some(date) => draft.start_date = Some(date),
            None => draft.start_note = value.to_string(),
        }
        return true;
    }
    if let Some(value) = labelled(text, DEADLINE) {
        draft.deadline = facts::date(value);
        return draft.deadline.is_some();
    }
    let simple: [(&[&str], &mut String); 3] = [
        (CONTRACT, &mut draft.contract),
        (REFERENCE, &mut draft.reference),
        (PAY, &mut draft.pay),
    ];
    for (labels, field) in simple {
        if let Some(value) = labelled(text, labels) {
            *field = value.to_string();
            return true;
        }
    }
    if let Some(value) = labelled(text, POSTS) {
        draft.posts = value.split_whitespace().next().and_then(|count| count.parse().ok());
        return draft.posts.is_some();
    }
    if let Some(value) = labelled(text, PLACE) {
        place::place_value(draft, value);
        return true;
    }
    let places: [(&[&str], &mut String); 4] = [
        (&["service", "service d affectation"], &mut draft.service),
        (&["pole"], &mut draft.pole),
        (&["unite"], &mut draft.unit),
        (&["etablissement", "employeur"], &mut draft.establishment),
    ];
    for (labels, field) in places {
        if let Some(value) = labelled(text, labels).filter(|value| !value.is_empty()) {
            *field = value.to_string();
            return true;
        }
    }
    if let Some(value) = labelled(text, APPLY).filter(|value| !value.is_empty()) {
        if let Some(email) = facts::emails(value).into_iter().next() {
            draft.apply_email = email;
        }
        draft.how_to_apply.push(value.to_string());
        return true;
    }
    if let Some(value) = labelled(text, CONTACT).filter(|value| !value.is_empty()) {
        draft.contacts.push(place::contact(value));
        return true;
    }
    place::unlabelled_fact(draft, section, line)
}

/// "Pair-aidant Quotité : 100 %" → ("Pair-aidant ", "Quotité : 100 %").
fn split_at_key<'a>(text: &'a str, word: &str) -> (&'a str, &'a str) {
    let at = text
        .char_indices()
        .map(|(at, _)| at)
        .find(|at| key(&text[*at..]).starts_with(word));
    at.map(|at| text.split_at(at)).unwrap_or((text, ""))
}

pub(super) fn set_working_time(draft: &mut ImportedFiche, text: &str) {
    let (percent, adaptable) = facts::working_time(text);
    draft.quotite_percent = draft.quotite_percent.or(percent);
    draft.quotite_adaptable |= adaptable;
    draft.working_time.push(text.trim().to_string());
}

/// Prose and groups of items. When the document marks some lines "•" and others "-", the "•"
/// lines title the groups (unmarked lines under them are items); otherwise an unmarked short
/// line, or an item ending in ":", before items titles the group that follows.
fn grouped(heading: Option<&Line>, lines: Vec<Line>) -> (Vec<String>, Vec<MissionGroup>) {
    let dots_title = lines.iter().any(|line| line.marker == Marker::Dot)
        && lines
            .iter()
            .any(|line| matches!(line.marker, Marker::Dash | Marker::Number));
    let mut text = Vec::new();
    let mut groups: Vec<MissionGroup> = Vec::new();
    let subheading = heading.filter(|line| line.marker != Marker::None);
    let mut open_title = subheading.map(|line| clean_title(&line.text));
    for (index, line) in lines.iter().enumerate() {
        let next_is_item = lines.get(index + 1).is_some_and(|next| next.marker != Marker::None);
        let is_title = if dots_title {
            line.marker == Marker::Dot
        } else {
            next_is_item
                && ((line.marker == Marker::None && !line.ends_sentence() && line.words() <= 10)
                    || line.text.ends_with(':'))
        };
        if is_title {
            groups.push(MissionGroup {
                title: clean_title(&line.text),
                items: Vec::new(),
            });
            open_title = None;
            continue;
        }
        let is_item = line.marker != Marker::None || (dots_title && !groups.is_empty());
        if !is_item {
            text.push(line.text.clone());
            continue;
        }
        if let Some(title) = open_title.take() {
            groups.push(MissionGroup {
                title,
                items: Vec::new(),
            });
        }
        match groups.last_mut() {
            Some(group) => group.items.push(line.text.clone()),
            None => groups.push(MissionGroup {
                title: String::new(),
                items: vec![line.text.clone()],
            }),
        }
    }
    (text, groups)
}

/// "Aide à la mise en place d'outils d'autogestion :" → without the colon.
fn clean_title(text: &str) -> String {
    sentence_case(text.trim_end_matches([':', ' ']).trim())
}

#[cfg(test)]
mod tests;
