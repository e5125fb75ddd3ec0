//! The fiche de poste (DESIGN §3): its sections, its working time and university track, and
//! what makes a published fiche an open offer.

mod apply_way;
pub mod brief;
mod employer;
mod facts;
pub mod form;
pub mod import;
pub mod pay;
pub mod requirements;
mod reuse;
pub mod terms;
pub mod verify;

pub use apply_way::ApplyWay;
pub use employer::{Employer, PublicPost};
pub use pay::pay_text;
pub use terms::{Contract, EuroRange, Quotite, WorkingTime};

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::coded::coded_enum;

coded_enum! {
    /// The two university degrees a hired MSP enters (DESIGN §4), labelled by their short name,
    /// as in a filter.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Track {
        Bobigny = ("bobigny", "Bobigny (Université Sorbonne Paris Nord)"),
        Bordeaux = ("bordeaux", "Bordeaux (Université de Bordeaux)"),
    }
}

impl Track {
    pub fn degree(self) -> &'static str {
        match self {
            Track::Bobigny => "Licence Sciences sanitaires et sociales, parcours Médiateur de santé-pair",
            Track::Bordeaux => "Licence professionnelle Médiateur de santé-pair",
        }
    }
}

coded_enum! {
    /// Where a fiche stands in its life (DESIGN §3). Only `Publiee` is ever shown to the public.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum FicheStatus {
        Brouillon = ("brouillon", "Brouillon"),
        Soumise = ("soumise", "Soumise au CCOMS"),
        ACorriger = ("a_corriger", "À corriger"),
        Publiee = ("publiee", "Publiée"),
        Close = ("close", "Close"),
        Retiree = ("retiree", "Retirée"),
    }
}

impl FicheStatus {
    /// A closed offer stays readable at its address (links keep working; its page tells search
    /// engines `noindex`, README « Search engines »);
    /// a draft or a withdrawn fiche does not exist for the public.
    pub fn is_readable_by_public(self) -> bool {
        matches!(self, FicheStatus::Publiee | FicheStatus::Close)
    }
}

/// One titled list of missions, as the real fiches group them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionGroup {
    pub title: String,
    pub items: Vec<String>,
}

/// The four kinds of competence both real fiches list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competences {
    pub techniques: Vec<String>,
    pub experientielles: Vec<String>,
    pub organisationnelles: Vec<String>,
    pub adaptation: Vec<String>,
}

impl Competences {
    /// The groups in reading order, with their French headings, skipping empty ones.
    pub fn groups(&self) -> Vec<(&'static str, &[String])> {
        [
            ("Compétences techniques", &self.techniques),
            ("Compétences expérientielles", &self.experientielles),
            ("Compétences organisationnelles", &self.organisationnelles),
            ("Compétences d'adaptation", &self.adaptation),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(title, items)| (title, items.as_slice()))
        .collect()
    }
}

/// A person to ask about the post.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
}

/// Every section of a fiche de poste (DESIGN §3), as written by the team. Beyond the sections
/// the programme needs and a way to apply, every field may stay empty: a fiche says what the
/// establishment decided, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FicheContent {
    pub title: String,
    /// « En bref » (issue 23): three to five plain sentences by the recruiter, shown first on
    /// the offer's page, for a candidate who reads with difficulty.
    #[serde(default)]
    pub in_brief: String,
    #[serde(flatten)]
    pub working_time: WorkingTime,
    pub grade: String,
    pub pole: String,
    pub service: String,
    pub unit: String,
    pub place: String,
    /// Other places the post works in, besides `place`.
    #[serde(default)]
    pub sites: Vec<String>,
    pub context: String,
    pub public_served: String,
    pub missions: Vec<MissionGroup>,
    pub competences: Competences,
    pub diploma: String,
    /// One of the programme's two licences, or `None` when the fiche names another training
    /// (a DU…) or none.
    pub track: Option<Track>,
    pub training: String,
    pub how_to_apply: String,
    /// Candidates apply with the platform's own form.
    #[serde(default = "applies_on_platform")]
    pub apply_on_platform: bool,
    pub apply_email: String,
    /// The establishment's own page to apply on: an `https://` address.
    #[serde(default)]
    pub apply_url: String,
    pub contacts: Vec<Contact>,
    pub deadline: Option<Date>,
    pub start_date: Option<Date>,
    pub start_note: String,
    /// Pay as an index, shown in euros at the configured value of the index point.
    #[serde(default)]
    pub pay_index: Option<u16>,
    /// Pay as the establishment wrote it in euros, when it gives no index.
    #[serde(default)]
    pub pay_euros: Option<EuroRange>,
    #[serde(default)]
    pub contract: Option<Contract>,
    /// A fixed-term contract's length.
    #[serde(default)]
    pub contract_months: Option<u16>,
    /// How many posts the offer fills; unsaid means one.
    #[serde(default)]
    pub posts: Option<u8>,
    /// The notice's own reference ("avis de vacance n° 2024-17").
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub public_post: PublicPost,
}

/// Fiches written before applying elsewhere was possible were all applied to on the platform.
fn applies_on_platform() -> bool {
    true
}

/// A fiche that says nothing yet: working time to be agreed, applied to on the platform.
impl Default for FicheContent {
    fn default() -> FicheContent {
        FicheContent {
            title: String::new(),
            in_brief: String::new(),
            working_time: WorkingTime {
                quotite: Quotite::AConvenir,
                percent: None,
                percent_max: None,
                adaptable: false,
                note: String::new(),
            },
            grade: String::new(),
            pole: String::new(),
            service: String::new(),
            unit: String::new(),
            place: String::new(),
            sites: Vec::new(),
            context: String::new(),
            public_served: String::new(),
            missions: Vec::new(),
            competences: Competences::default(),
            diploma: String::new(),
            track: None,
            training: String::new(),
            how_to_apply: String::new(),
            apply_on_platform: true,
            apply_email: String::new(),
            apply_url: String::new(),
            contacts: Vec::new(),
            deadline: None,
            start_date: None,
            start_note: String::new(),
            pay_index: None,
            pay_euros: None,
            contract: None,
            contract_months: None,
            posts: None,
            reference: String::new(),
            public_post: PublicPost::default(),
        }
    }
}

impl FicheContent {
    /// "Mi-temps (50 %)", "Temps plein (100 %), adaptable".
    pub fn quotite_text(&self) -> String {
        self.working_time.text()
    }

    /// "Contrat à durée déterminée (CDD) de 12 mois", when the fiche says.
    pub fn contract_text(&self) -> Option<String> {
        self.contract.map(|c| terms::contract_text(c, self.contract_months))
    }

    /// One of the two licences and its university, when the fiche names one.
    pub fn track_text(&self) -> Option<String> {
        self.track.map(|t| format!("{} – {}", t.degree(), t.label()))
    }

    /// When the post starts: a date, the team's note ("dès que possible"), or "à convenir".
    pub fn start_text(&self) -> String {
        match self.start_date {
            Some(date) => super::calendar::french_date(date),
            None if !self.start_note.is_empty() => self.start_note.clone(),
            None => "à convenir".into(),
        }
    }

    /// The terms the search index stores for the title and for the rest, from the same analyzer
    /// queries go through.
    pub fn search_terms(&self, employer: &Employer) -> (String, String) {
        let title = super::text::index_terms([self.title.as_str()]);
        let mut parts: Vec<&str> = vec![
            &self.in_brief,
            &self.pole,
            &self.service,
            &self.unit,
            &self.place,
            &self.reference,
            &self.context,
            &self.public_served,
            &self.grade,
            &self.diploma,
            &self.training,
            &employer.name,
            &employer.commune,
        ];
        if let Some(d) = employer.departement() {
            parts.push(d.name);
        }
        if let Some(r) = employer.region() {
            parts.push(r.name);
        }
        parts.extend(self.sites.iter().map(String::as_str));
        for group in &self.missions {
            parts.push(&group.title);
            parts.extend(group.items.iter().map(String::as_str));
        }
        for (_, items) in self.competences.groups() {
            parts.extend(items.iter().map(String::as_str));
        }
        (title, super::text::index_terms(parts))
    }
}

/// A fiche as the public board shows it: its content, its employer and its publication.
#[derive(Debug, Clone)]
pub struct Offer {
    pub id: i64,
    pub slug: String,
    pub status: FicheStatus,
    pub content: FicheContent,
    pub employer: Employer,
    pub published_at: Option<OffsetDateTime>,
}

impl Offer {
    /// Open: published and its deadline not passed (the deadline day itself is still open).
    pub fn is_open(&self, today: Date) -> bool {
        self.status == FicheStatus::Publiee && self.content.deadline.is_some_and(|d| d >= today)
    }
}

#[cfg(test)]
mod tests;
