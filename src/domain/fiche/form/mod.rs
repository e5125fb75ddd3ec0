//! The fiche editor's form: every field of its six steps as typed, read into a fiche's
//! content step by step with a French message per field.

mod read;

use serde::Deserialize;
use time::Date;

use super::{Contact, FicheContent};
use crate::domain::form_errors::FormErrors;
use crate::domain::project::{check_lines, check_text};
pub use read::OTHER_TRAINING;

/// The editor's steps, in order; a field's step is [`step_of`].
pub const STEPS: [&str; 6] = [
    "Le poste",
    "Le service",
    "Missions",
    "Compétences",
    "Diplôme et formation",
    "Candidature",
];

/// The editor step where a field is written.
pub fn step_of(field: &str) -> u8 {
    match field {
        "title" | "quotite" | "quotite_percent" | "quotite_adaptable" | "quotite_note" | "contract"
        | "contract_months" | "posts" | "grade" | "pay_index" | "pay_euros" | "reference" | "versant" | "nature"
        | "category" | "corps" | "vacant_from" => 1,
        "pole" | "service" | "unit" | "place" | "sites" | "context" | "public_served" => 2,
        "missions" => 3,
        "techniques" | "experientielles" | "organisationnelles" | "adaptation" => 4,
        "diploma" | "parcours" | "training" => 5,
        _ => 6,
    }
}

/// Every field of every step, each optional: a step posts only its own.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct FicheForm {
    pub etape: u8,
    pub version: i64,
    /// "suivante", "apercu" or "rester".
    pub suite: String,
    pub title: String,
    pub in_brief: String,
    pub quotite: String,
    pub quotite_percent: String,
    pub quotite_adaptable: Option<String>,
    pub quotite_note: String,
    pub contract: String,
    pub contract_months: String,
    pub posts: String,
    pub grade: String,
    pub pay_index: String,
    pub pay_euros: String,
    pub reference: String,
    pub versant: String,
    pub nature: String,
    pub category: String,
    pub corps: String,
    pub vacant_from: String,
    pub pole: String,
    pub service: String,
    pub unit: String,
    pub place: String,
    pub sites: String,
    pub context: String,
    pub public_served: String,
    pub groupe_titre: Vec<String>,
    pub groupe_missions: Vec<String>,
    pub techniques: String,
    pub experientielles: String,
    pub organisationnelles: String,
    pub adaptation: String,
    pub diploma: String,
    pub parcours: String,
    pub training: String,
    pub how_to_apply: String,
    pub apply_platform: Option<String>,
    pub apply_email: String,
    pub apply_url: String,
    pub contact_nom: Vec<String>,
    pub contact_fonction: Vec<String>,
    pub contact_telephone: Vec<String>,
    pub contact_email: Vec<String>,
    pub deadline: String,
    pub start_date: String,
    pub start_note: String,
    /// The fields the recruiter confirmed ("J'ai vérifié ce champ"), see [`super::verify`].
    pub verifie: Vec<String>,
}

/// The most of each list a fiche holds: far more than the real fiches, far less than what
/// would make every save, version and PDF of it heavy.
pub const MAX_MISSION_GROUPS: usize = 12;
pub const MAX_LIST_LINES: usize = 40;
pub const MAX_LINE_CHARS: usize = 500;
pub const MAX_CONTACTS: usize = 10;

/// Keeps a typed list when it is within bounds, or its error.
pub fn set_lines(errors: &mut FormErrors, field: &'static str, value: &str, target: &mut Vec<String>) {
    if let Some(lines) = errors.check(check_lines(field, value, MAX_LIST_LINES, MAX_LINE_CHARS)) {
        *target = lines;
    }
}

/// Keeps a text field when it is valid, or its error.
pub fn set_text(errors: &mut FormErrors, field: &'static str, value: &str, max: usize, target: &mut String) {
    if let Some(value) = errors.check(check_text(field, value, "", false, max)) {
        *target = value;
    }
}

impl FicheForm {
    /// The form as the editor shows a fiche's content.
    pub fn of(content: &FicheContent, step: u8, version: i64) -> FicheForm {
        let format = time::macros::format_description!("[day]/[month]/[year]");
        let date = |d: Option<Date>| d.and_then(|d| d.format(format).ok()).unwrap_or_default();
        FicheForm {
            etape: step,
            version,
            suite: String::new(),
            title: content.title.clone(),
            in_brief: content.in_brief.clone(),
            quotite: content.working_time.quotite.as_str().into(),
            quotite_percent: content.working_time.percent_field(),
            quotite_adaptable: content.working_time.adaptable.then(|| "oui".into()),
            quotite_note: content.working_time.note.clone(),
            contract: content.contract.map(|c| c.as_str().to_string()).unwrap_or_default(),
            contract_months: content.contract_months.map(|m| m.to_string()).unwrap_or_default(),
            posts: content.posts.map(|p| p.to_string()).unwrap_or_default(),
            grade: content.grade.clone(),
            pay_index: content.pay_index.map(|i| i.to_string()).unwrap_or_default(),
            pay_euros: content.pay_euros.map(|r| r.field()).unwrap_or_default(),
            reference: content.reference.clone(),
            versant: content.public_post.versant.clone(),
            nature: content.public_post.nature.clone(),
            category: content.public_post.category.clone(),
            corps: content.public_post.corps.clone(),
            vacant_from: date(content.public_post.vacant_from),
            pole: content.pole.clone(),
            service: content.service.clone(),
            unit: content.unit.clone(),
            place: content.place.clone(),
            sites: content.sites.join("\n"),
            context: content.context.clone(),
            public_served: content.public_served.clone(),
            groupe_titre: content.missions.iter().map(|g| g.title.clone()).collect(),
            groupe_missions: content.missions.iter().map(|g| g.items.join("\n")).collect(),
            techniques: content.competences.techniques.join("\n"),
            experientielles: content.competences.experientielles.join("\n"),
            organisationnelles: content.competences.organisationnelles.join("\n"),
            adaptation: content.competences.adaptation.join("\n"),
            diploma: content.diploma.clone(),
            parcours: content.track.map_or(OTHER_TRAINING, |t| t.as_str()).into(),
            training: content.training.clone(),
            how_to_apply: content.how_to_apply.clone(),
            apply_platform: content.apply_on_platform.then(|| "oui".into()),
            apply_email: content.apply_email.clone(),
            apply_url: content.apply_url.clone(),
            contact_nom: content.contacts.iter().map(|c| c.name.clone()).collect(),
            contact_fonction: content.contacts.iter().map(|c| c.role.clone()).collect(),
            contact_telephone: content.contacts.iter().map(|c| c.phone.clone()).collect(),
            contact_email: content.contacts.iter().map(|c| c.email.clone()).collect(),
            deadline: date(content.deadline),
            start_date: date(content.start_date),
            start_note: content.start_note.clone(),
            verifie: Vec::new(),
        }
    }

    /// Applies this step's fields to the content, or says what is wrong with them.
    pub fn apply(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        match self.etape {
            1 => self.apply_post(content, errors),
            2 => self.apply_service(content, errors),
            3 => self.apply_missions(content, errors),
            4 => self.apply_competences(content, errors),
            5 => self.apply_training(content, errors),
            6 => self.apply_application(content, errors),
            _ => {}
        }
    }

    /// The contacts typed, the empty rows left out.
    fn contacts(&self) -> Vec<Contact> {
        (0..self.contact_nom.len())
            .map(|i| {
                let at = |v: &Vec<String>| v.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
                Contact {
                    name: at(&self.contact_nom),
                    role: at(&self.contact_fonction),
                    phone: at(&self.contact_telephone),
                    email: at(&self.contact_email),
                }
            })
            .filter(|c| !(c.name.is_empty() && c.role.is_empty() && c.phone.is_empty() && c.email.is_empty()))
            .collect()
    }

    /// Mission groups to show: those written, plus one empty to add another.
    pub fn mission_rows(&self) -> Vec<(usize, String, String)> {
        let mut rows: Vec<(usize, String, String)> = self
            .groupe_titre
            .iter()
            .zip(self.groupe_missions.iter().chain(std::iter::repeat(&String::new())))
            .enumerate()
            .map(|(i, (t, m))| (i + 1, t.clone(), m.clone()))
            .collect();
        rows.push((rows.len() + 1, String::new(), String::new()));
        rows
    }

    /// Contacts to show: those written, plus one empty to add another.
    pub fn contact_rows(&self) -> Vec<(usize, [String; 4])> {
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let mut rows: Vec<(usize, [String; 4])> = (0..self.contact_nom.len())
            .map(|i| {
                (
                    i + 1,
                    [
                        at(&self.contact_nom, i),
                        at(&self.contact_fonction, i),
                        at(&self.contact_telephone, i),
                        at(&self.contact_email, i),
                    ],
                )
            })
            .collect();
        rows.push((rows.len() + 1, Default::default()));
        rows
    }

    pub fn adaptable(&self) -> bool {
        self.quotite_adaptable.is_some()
    }

    pub fn on_platform(&self) -> bool {
        self.apply_platform.is_some()
    }
}
