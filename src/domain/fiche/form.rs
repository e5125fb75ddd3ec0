//! The fiche editor's form: every field of its six steps as typed, read into a fiche's
//! content step by step with a French message per field.

use serde::Deserialize;
use time::Date;

use super::{Contact, FicheContent, MissionGroup, PublicPost, Quotite, Track};
use crate::domain::account::Email;
use crate::domain::calendar::parse_date_field;
use crate::domain::form_errors::FormErrors;
use crate::domain::project::{check_lines, check_text};

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
        "title" | "quotite" | "quotite_percent" | "grade" | "pay_index" | "versant" | "nature" | "category"
        | "corps" | "vacant_from" => 1,
        "pole" | "service" | "unit" | "place" | "context" | "public_served" => 2,
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
    pub quotite: String,
    pub quotite_percent: String,
    pub quotite_adaptable: Option<String>,
    pub grade: String,
    pub pay_index: String,
    pub versant: String,
    pub nature: String,
    pub category: String,
    pub corps: String,
    pub vacant_from: String,
    pub pole: String,
    pub service: String,
    pub unit: String,
    pub place: String,
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
    pub apply_email: String,
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
            quotite: content.quotite.as_str().into(),
            quotite_percent: content.quotite_percent.to_string(),
            quotite_adaptable: content.quotite_adaptable.then(|| "oui".into()),
            grade: content.grade.clone(),
            pay_index: content.pay_index.map(|i| i.to_string()).unwrap_or_default(),
            versant: content.public_post.versant.clone(),
            nature: content.public_post.nature.clone(),
            category: content.public_post.category.clone(),
            corps: content.public_post.corps.clone(),
            vacant_from: date(content.public_post.vacant_from),
            pole: content.pole.clone(),
            service: content.service.clone(),
            unit: content.unit.clone(),
            place: content.place.clone(),
            context: content.context.clone(),
            public_served: content.public_served.clone(),
            groupe_titre: content.missions.iter().map(|g| g.title.clone()).collect(),
            groupe_missions: content.missions.iter().map(|g| g.items.join("\n")).collect(),
            techniques: content.competences.techniques.join("\n"),
            experientielles: content.competences.experientielles.join("\n"),
            organisationnelles: content.competences.organisationnelles.join("\n"),
            adaptation: content.competences.adaptation.join("\n"),
            diploma: content.diploma.clone(),
            parcours: content.track.as_str().into(),
            training: content.training.clone(),
            how_to_apply: content.how_to_apply.clone(),
            apply_email: content.apply_email.clone(),
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

    /// Step 1, the post: title, working time, grade and pay, the public post's description.
    fn apply_post(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        set_text(errors, "title", &self.title, 200, &mut content.title);
        set_text(errors, "grade", &self.grade, 200, &mut content.grade);
        match Quotite::parse(&self.quotite) {
            Some(q) => content.quotite = q,
            None => errors.add("quotite", "Choisissez le temps de travail."),
        }
        match self.quotite_percent.trim().parse::<u8>() {
            Ok(p) if (10..=100).contains(&p) => content.quotite_percent = p,
            _ => errors.add("quotite_percent", "Indiquez un pourcentage entre 10 et 100."),
        }
        content.quotite_adaptable = self.quotite_adaptable.is_some();
        match self.pay_index.trim() {
            "" => content.pay_index = None,
            text => match text.replace([' ', '\u{a0}'], "").parse::<u16>() {
                Ok(index) if (200..=1000).contains(&index) => content.pay_index = Some(index),
                // 1 500 is a monthly pay in euros, not an index (which would make 7 280 €).
                Ok(index) if index > 1000 => errors.add(
                    "pay_index",
                    "Un indice majoré va de 200 à 1 000 : s'agit-il d'un montant en euros ? Indiquez ici l'indice majoré du grade, par exemple 376.",
                ),
                _ => errors.add(
                    "pay_index",
                    "Indiquez l'indice majoré, un nombre entre 200 et 1 000, par exemple 376.",
                ),
            },
        }
        self.apply_public_post(&mut content.public_post, errors);
    }

    /// The public post's versant, nature, category, corps and vacancy, as the public service's
    /// job site wants them.
    fn apply_public_post(&self, post: &mut PublicPost, errors: &mut FormErrors) {
        let one_of = |value: &str, allowed: &[&str]| value.is_empty() || allowed.contains(&value);
        if one_of(&self.versant, &PublicPost::VERSANTS.map(|(c, _)| c)) {
            post.versant = self.versant.clone();
        } else {
            errors.add("versant", "Choisissez un versant dans la liste.");
        }
        if one_of(&self.nature, &PublicPost::NATURES.map(|(c, _)| c)) {
            post.nature = self.nature.clone();
        } else {
            errors.add("nature", "Choisissez création ou vacance de poste.");
        }
        if one_of(&self.category, &PublicPost::CATEGORIES) {
            post.category = self.category.clone();
        } else {
            errors.add("category", "Choisissez la catégorie A, B ou C.");
        }
        set_text(errors, "corps", &self.corps, 200, &mut post.corps);
        if let Some(d) = errors.check(parse_date_field("vacant_from", &self.vacant_from)) {
            post.vacant_from = d;
        }
    }

    /// Step 2, the service.
    fn apply_service(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        set_text(errors, "pole", &self.pole, 200, &mut content.pole);
        set_text(errors, "service", &self.service, 200, &mut content.service);
        set_text(errors, "unit", &self.unit, 200, &mut content.unit);
        set_text(errors, "place", &self.place, 300, &mut content.place);
        set_text(errors, "context", &self.context, 6000, &mut content.context);
        set_text(
            errors,
            "public_served",
            &self.public_served,
            2000,
            &mut content.public_served,
        );
    }

    /// Step 3, the missions in their groups; empty groups are dropped.
    fn apply_missions(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        let mut missions = Vec::new();
        for (title, items) in self.groupe_titre.iter().zip(&self.groupe_missions) {
            let mut group = MissionGroup {
                title: String::new(),
                items: Vec::new(),
            };
            set_text(errors, "groupe_titre", title, 200, &mut group.title);
            set_lines(errors, "groupe_missions", items, &mut group.items);
            if !group.title.is_empty() || !group.items.is_empty() {
                missions.push(group);
            }
        }
        if missions.len() > MAX_MISSION_GROUPS {
            errors.add(
                "groupe_titre",
                format!("Une fiche compte au plus {MAX_MISSION_GROUPS} groupes de missions."),
            );
        }
        if errors.is_empty() {
            content.missions = missions;
        }
    }

    /// Step 4, the competences, a list each.
    fn apply_competences(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        let c = &mut content.competences;
        set_lines(errors, "techniques", &self.techniques, &mut c.techniques);
        set_lines(errors, "experientielles", &self.experientielles, &mut c.experientielles);
        set_lines(
            errors,
            "organisationnelles",
            &self.organisationnelles,
            &mut c.organisationnelles,
        );
        set_lines(errors, "adaptation", &self.adaptation, &mut c.adaptation);
    }

    /// Step 5, the diploma, the training and its university.
    fn apply_training(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        set_text(errors, "diploma", &self.diploma, 1000, &mut content.diploma);
        set_text(errors, "training", &self.training, 3000, &mut content.training);
        match Track::parse(&self.parcours) {
            Some(t) => content.track = t,
            None => errors.add("parcours", "Choisissez l'université."),
        }
    }

    /// Step 6, how to apply: the address, the contacts, the deadline and the start.
    fn apply_application(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        set_text(
            errors,
            "how_to_apply",
            &self.how_to_apply,
            3000,
            &mut content.how_to_apply,
        );
        let email = self.apply_email.trim();
        if !email.is_empty() && Email::parse("apply_email", email).is_err() {
            errors.add(
                "apply_email",
                "Indiquez une adresse e-mail valide, par exemple recrutement@hopital.fr.",
            );
        } else {
            content.apply_email = email.to_lowercase();
        }
        let contacts = self.contacts();
        let too_long = |c: &Contact| {
            [&c.name, &c.role, &c.phone, &c.email]
                .iter()
                .any(|f| f.chars().count() > 200)
        };
        if contacts.len() > MAX_CONTACTS || contacts.iter().any(too_long) {
            errors.add(
                "contact_nom",
                format!("Indiquez au plus {MAX_CONTACTS} contacts, chaque information en 200 caractères au plus."),
            );
        } else {
            content.contacts = contacts;
        }
        if let Some(d) = errors.check(parse_date_field("deadline", &self.deadline)) {
            content.deadline = d;
        }
        if let Some(d) = errors.check(parse_date_field("start_date", &self.start_date)) {
            content.start_date = d;
        }
        set_text(errors, "start_note", &self.start_note, 300, &mut content.start_note);
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
}
