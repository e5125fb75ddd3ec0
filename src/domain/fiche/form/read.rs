//! Reading each step of the editor's form into a fiche's content, with a French message per
//! field for what cannot be read.

use super::{FicheForm, MAX_CONTACTS, MAX_MISSION_GROUPS, set_lines, set_text};
use crate::domain::account::Email;
use crate::domain::calendar::parse_date_field;
use crate::domain::fiche::terms::{EuroRange, parse_percent_range, parse_range};
use crate::domain::fiche::{Contact, Contract, FicheContent, MissionGroup, PublicPost, Quotite, Track, WorkingTime};
use crate::domain::form_errors::FormErrors;

/// The most places a fiche names besides its main one.
const MAX_SITES: usize = 10;

impl FicheForm {
    /// Step 1, the post: title, working time, contract, posts, grade and pay, the notice's
    /// reference, the public post's description.
    pub(super) fn apply_post(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        set_text(errors, "title", &self.title, 200, &mut content.title);
        set_text(errors, "grade", &self.grade, 200, &mut content.grade);
        set_text(errors, "reference", &self.reference, 100, &mut content.reference);
        if let Some(time) = self.working_time(errors) {
            content.working_time = time;
        }
        match self.contract.as_str() {
            "" => content.contract = None,
            code => match Contract::parse(code) {
                Some(contract) => content.contract = Some(contract),
                None => errors.add("contract", "Choisissez un type de contrat dans la liste."),
            },
        }
        match small_number(&self.contract_months, 1..=72) {
            Ok(months) if months.is_none() || content.contract == Some(Contract::Cdd) => {
                content.contract_months = months.map(|m| m as u16);
            }
            Ok(_) => errors.add("contract_months", "La durée ne s'indique que pour un CDD."),
            Err(()) => errors.add(
                "contract_months",
                "Indiquez la durée du CDD en mois, un nombre entre 1 et 72.",
            ),
        }
        match small_number(&self.posts, 1..=50) {
            Ok(posts) => content.posts = posts.map(|p| p as u8),
            Err(()) => errors.add("posts", "Indiquez le nombre de postes, un nombre entre 1 et 50."),
        }
        self.apply_pay(content, errors);
        self.apply_public_post(&mut content.public_post, errors);
    }

    /// The working time as typed: its name, a percentage or range that agrees with it.
    fn working_time(&self, errors: &mut FormErrors) -> Option<WorkingTime> {
        let Some(quotite) = Quotite::parse(&self.quotite) else {
            errors.add("quotite", "Choisissez le temps de travail.");
            return None;
        };
        let (percent, percent_max) = match parse_percent_range(&self.quotite_percent) {
            Ok(range) => range.map_or((None, None), |(low, high)| (Some(low), high)),
            Err(message) => {
                errors.add("quotite_percent", message);
                return None;
            }
        };
        let disagrees = match quotite {
            Quotite::TempsPlein => percent.is_some_and(|p| p != 100) || percent_max.is_some(),
            Quotite::MiTemps => percent.is_some_and(|p| p != 50) || percent_max.is_some(),
            Quotite::TempsPartiel => percent == Some(100),
            Quotite::AConvenir => false,
        };
        if disagrees {
            errors.add(
                "quotite_percent",
                "Ce pourcentage ne correspond pas au temps de travail choisi : 100 % pour un temps plein, 50 % pour un mi-temps, sinon choisissez « Temps partiel » ou « À convenir ».",
            );
            return None;
        }
        let mut note = String::new();
        set_text(errors, "quotite_note", &self.quotite_note, 500, &mut note);
        Some(WorkingTime {
            quotite,
            percent,
            percent_max,
            adaptable: self.quotite_adaptable.is_some(),
            note,
        })
    }

    /// Pay as an index or an amount in euros, each checked for what it is most likely to be.
    fn apply_pay(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        match self.pay_index.trim() {
            "" => content.pay_index = None,
            text => match text.replace([' ', '\u{a0}'], "").parse::<u16>() {
                Ok(index) if (200..=1000).contains(&index) => content.pay_index = Some(index),
                // 1 500 is a monthly pay in euros, not an index (which would make 7 280 €).
                Ok(index) if index > 1000 => errors.add(
                    "pay_index",
                    "Un indice majoré va de 200 à 1 000 : s'agit-il d'un montant en euros ? Écrivez-le alors dans le champ « montant en euros ».",
                ),
                _ => errors.add(
                    "pay_index",
                    "Indiquez l'indice majoré, un nombre entre 200 et 1 000, par exemple 376.",
                ),
            },
        }
        let plausible = |n: u32| EuroRange::PLAUSIBLE.contains(&n);
        match parse_range(&self.pay_euros) {
            Ok(None) => content.pay_euros = None,
            Ok(Some(_)) if !self.pay_index.trim().is_empty() => errors.add(
                "pay_euros",
                "Indiquez soit l'indice majoré, soit un montant en euros, pas les deux.",
            ),
            Ok(Some((min, _))) if min < *EuroRange::PLAUSIBLE.start() => errors.add(
                "pay_euros",
                "Ce montant paraît bas pour un salaire brut mensuel : s'agit-il d'un indice majoré ? Écrivez-le alors dans le champ « indice majoré ».",
            ),
            Ok(Some((min, max))) if plausible(min) && max.is_none_or(|max| plausible(max) && max > min) => {
                content.pay_euros = Some(EuroRange { min, max });
            }
            _ => errors.add(
                "pay_euros",
                "Indiquez le salaire brut mensuel en euros, par exemple 1 850, ou une fourchette comme « 1 800 à 2 100 ».",
            ),
        }
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

    /// Step 2, the service and its places.
    pub(super) fn apply_service(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        set_text(errors, "pole", &self.pole, 200, &mut content.pole);
        set_text(errors, "service", &self.service, 200, &mut content.service);
        set_text(errors, "unit", &self.unit, 200, &mut content.unit);
        set_text(errors, "place", &self.place, 300, &mut content.place);
        let mut sites = Vec::new();
        set_lines(errors, "sites", &self.sites, &mut sites);
        if sites.len() > MAX_SITES {
            errors.add("sites", format!("Indiquez au plus {MAX_SITES} autres lieux."));
        } else {
            content.sites = sites;
        }
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
    pub(super) fn apply_missions(&self, content: &mut FicheContent, errors: &mut FormErrors) {
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
    pub(super) fn apply_competences(&self, content: &mut FicheContent, errors: &mut FormErrors) {
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

    /// Step 5, the diploma, and the training: one of the two licences, or another the
    /// establishment names, or none said.
    pub(super) fn apply_training(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        set_text(errors, "diploma", &self.diploma, 1000, &mut content.diploma);
        set_text(errors, "training", &self.training, 3000, &mut content.training);
        match self.parcours.as_str() {
            "" | OTHER_TRAINING => content.track = None,
            code => match Track::parse(code) {
                Some(t) => content.track = Some(t),
                None => errors.add("parcours", "Choisissez une formation dans la liste."),
            },
        }
    }

    /// Step 6, how to apply: on the platform, by e-mail, on the establishment's page; the
    /// contacts, the deadline and the start.
    pub(super) fn apply_application(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        set_text(
            errors,
            "in_brief",
            &self.in_brief,
            super::super::brief::MAX_BRIEF_CHARS,
            &mut content.in_brief,
        );
        set_text(
            errors,
            "how_to_apply",
            &self.how_to_apply,
            3000,
            &mut content.how_to_apply,
        );
        content.apply_on_platform = self.apply_platform.is_some();
        let email = self.apply_email.trim();
        if !email.is_empty() && Email::parse("apply_email", email).is_err() {
            errors.add(
                "apply_email",
                "Indiquez une adresse e-mail valide, par exemple recrutement@hopital.fr.",
            );
        } else {
            content.apply_email = email.to_lowercase();
        }
        match crate::domain::text::https_address(&self.apply_url) {
            Some(url) => content.apply_url = url,
            None => errors.add(
                "apply_url",
                "Indiquez une adresse web complète qui commence par https://, par exemple https://www.hopital.fr/recrutement.",
            ),
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
}

/// The training choice that names no licence: the fiche's own words say which.
pub const OTHER_TRAINING: &str = "autre";

/// A whole number in `range`, `Ok(None)` when empty.
fn small_number(text: &str, range: std::ops::RangeInclusive<u32>) -> Result<Option<u32>, ()> {
    match text.trim() {
        "" => Ok(None),
        text => match text.parse::<u32>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(()),
        },
    }
}
