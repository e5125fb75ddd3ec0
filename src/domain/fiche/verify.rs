//! Fields "à vérifier" (issue 21): what nobody has confirmed yet — the template's suggestions,
//! what an import or a reuse filled in. Nothing is published that nobody wrote: a fiche with a
//! field to verify cannot be submitted. A field is confirmed when the recruiter ticks "J'ai
//! vérifié ce champ" or changes its value.

use std::collections::BTreeSet;

use super::FicheContent;
use super::form::{STEPS, step_of};
use crate::domain::FieldError;

/// Every field that can be flagged, by its editor name, in the editor's order. A group (the
/// working time, the missions, the contacts) is one field: one box confirms it all.
pub const FIELDS: [&str; 34] = [
    "title",
    "quotite",
    "contract",
    "posts",
    "grade",
    "pay_index",
    "reference",
    "versant",
    "nature",
    "category",
    "corps",
    "vacant_from",
    "pole",
    "service",
    "unit",
    "place",
    "sites",
    "context",
    "public_served",
    "missions",
    "techniques",
    "experientielles",
    "organisationnelles",
    "adaptation",
    "diploma",
    "parcours",
    "training",
    "apply_email",
    "apply_url",
    "how_to_apply",
    "contacts",
    "deadline",
    "start_date",
    "start_note",
];

/// What the template of a new fiche suggests rather than what the team wrote: the unit, the
/// public, the working time's kind and the training come from the team's project.
pub const TEMPLATE_SUGGESTIONS: [&str; 11] = [
    "title",
    "quotite",
    "grade",
    "missions",
    "techniques",
    "experientielles",
    "organisationnelles",
    "adaptation",
    "diploma",
    "training",
    "how_to_apply",
];

/// The fields of a fiche still to verify, stored as a JSON list of their names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToVerify(BTreeSet<&'static str>);

impl ToVerify {
    /// These fields, the unknown names left out.
    pub fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> ToVerify {
        ToVerify(names.into_iter().filter_map(known).collect())
    }

    /// From the stored JSON list; a list that cannot be read flags every field.
    pub fn from_json(json: &str) -> ToVerify {
        match serde_json::from_str::<Vec<String>>(json) {
            Ok(names) => ToVerify::of(names.iter().map(String::as_str)),
            // Unreadable, it could hide a field nobody confirmed: everything is to verify again.
            Err(_) => ToVerify::of(FIELDS),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.names()).unwrap_or_else(|_| "[]".into())
    }

    /// The template's suggestions, for a new fiche.
    pub fn template() -> ToVerify {
        ToVerify::of(TEMPLATE_SUGGESTIONS)
    }

    /// The fields that hold something in this content: what a reuse copied.
    pub fn filled(content: &FicheContent) -> ToVerify {
        ToVerify::of(FIELDS.into_iter().filter(|field| !value_of(content, field).is_empty()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn contains(&self, field: &str) -> bool {
        self.0.contains(field)
    }

    /// In the editor's order.
    pub fn names(&self) -> Vec<&'static str> {
        FIELDS.into_iter().filter(|f| self.0.contains(f)).collect()
    }

    /// What is left after a step is saved: the boxes ticked, and the fields whose value the
    /// recruiter changed (they wrote it), are confirmed.
    pub fn after_save(&self, before: &FicheContent, after: &FicheContent, ticked: &[String]) -> ToVerify {
        ToVerify(
            self.0
                .iter()
                .copied()
                .filter(|f| !ticked.iter().any(|t| t == f) && value_of(before, f) == value_of(after, f))
                .collect(),
        )
    }

    /// (step number, step name, how many fields to verify) of each step holding some.
    pub fn by_step(&self) -> Vec<(u8, &'static str, usize)> {
        (1..=6u8)
            .filter_map(|step| {
                let count = self.0.iter().filter(|f| step_of(f) == step).count();
                (count > 0).then(|| (step, STEPS[usize::from(step) - 1], count))
            })
            .collect()
    }

    /// One error per step holding fields to verify, on the step's first such field (where the
    /// error summary's link leads).
    pub fn submission_errors(&self) -> Vec<FieldError> {
        self.by_step()
            .into_iter()
            .filter_map(|(step, name, count)| {
                let first = self.names().into_iter().find(|f| step_of(f) == step)?;
                let fields = if count == 1 {
                    "1 champ à vérifier".to_string()
                } else {
                    format!("{count} champs à vérifier")
                };
                Some(FieldError::new(first, format!("Étape « {name} » : {fields}.")))
            })
            .collect()
    }
}

fn known(name: &str) -> Option<&'static str> {
    FIELDS.into_iter().find(|f| *f == name)
}

/// A field's value as text, empty when the field holds nothing: to tell whether a save changed
/// it, and whether there is anything in it to verify.
fn value_of(content: &FicheContent, field: &str) -> String {
    let lines = |items: &[String]| items.join("\n");
    let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let json = |value: serde_json::Result<String>| value.unwrap_or_default();
    let post = &content.public_post;
    match field {
        "title" => content.title.clone(),
        // One box for the working time: its kind, percentage, adaptability and note.
        "quotite" => json(serde_json::to_string(&content.working_time)),
        "contract" => content
            .contract
            .map(|c| format!("{} {:?}", c.as_str(), content.contract_months))
            .unwrap_or_default(),
        "posts" => content.posts.map(|n| n.to_string()).unwrap_or_default(),
        "grade" => content.grade.clone(),
        // One box for the pay, as an index or in euros.
        "pay_index" => match (content.pay_index, content.pay_euros) {
            (None, None) => String::new(),
            (index, euros) => format!("{index:?} {:?}", euros.map(|e| e.field())),
        },
        "reference" => content.reference.clone(),
        "versant" => post.versant.clone(),
        "nature" => post.nature.clone(),
        "category" => post.category.clone(),
        "corps" => post.corps.clone(),
        "vacant_from" => date(post.vacant_from),
        "pole" => content.pole.clone(),
        "service" => content.service.clone(),
        "unit" => content.unit.clone(),
        "place" => content.place.clone(),
        "sites" => lines(&content.sites),
        "context" => content.context.clone(),
        "public_served" => content.public_served.clone(),
        "missions" => json(serde_json::to_string(&content.missions))
            .chars()
            .take_while(|_| {
                content
                    .missions
                    .iter()
                    .any(|g| !g.items.is_empty() || !g.title.is_empty())
            })
            .collect(),
        "techniques" => lines(&content.competences.techniques),
        "experientielles" => lines(&content.competences.experientielles),
        "organisationnelles" => lines(&content.competences.organisationnelles),
        "adaptation" => lines(&content.competences.adaptation),
        "diploma" => content.diploma.clone(),
        "parcours" => content.track.map_or("autre", |t| t.as_str()).into(),
        "training" => content.training.clone(),
        "apply_email" => content.apply_email.clone(),
        "apply_url" => content.apply_url.clone(),
        "how_to_apply" => content.how_to_apply.clone(),
        "contacts" => content
            .contacts
            .iter()
            .map(|c| [&c.name, &c.role, &c.phone, &c.email].map(|s| s.as_str()).join("|"))
            .filter(|c| c.chars().any(|ch| ch != '|'))
            .collect::<Vec<_>>()
            .join("\n"),
        "deadline" => date(content.deadline),
        "start_date" => date(content.start_date),
        "start_note" => content.start_note.clone(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
