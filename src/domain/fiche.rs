//! The fiche de poste (DESIGN §3): its sections, its working time and university track, and
//! what makes a published fiche an open offer.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::territory::{self, Departement, Region};

/// Working time (*quotité*) as both real fiches state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quotite {
    TempsPlein,
    MiTemps,
    TempsPartiel,
}

impl Quotite {
    pub const ALL: [Quotite; 3] = [Quotite::TempsPlein, Quotite::MiTemps, Quotite::TempsPartiel];

    pub fn as_str(self) -> &'static str {
        match self {
            Quotite::TempsPlein => "temps_plein",
            Quotite::MiTemps => "mi_temps",
            Quotite::TempsPartiel => "temps_partiel",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Quotite::TempsPlein => "Temps plein",
            Quotite::MiTemps => "Mi-temps",
            Quotite::TempsPartiel => "Temps partiel",
        }
    }

    /// The schema.org `employmentType` search engines expect.
    pub fn employment_type(self) -> &'static str {
        match self {
            Quotite::TempsPlein => "FULL_TIME",
            Quotite::MiTemps | Quotite::TempsPartiel => "PART_TIME",
        }
    }
}

/// The two university degrees a hired MSP enters (DESIGN §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    Bobigny,
    Bordeaux,
}

impl Track {
    pub const ALL: [Track; 2] = [Track::Bobigny, Track::Bordeaux];

    pub fn as_str(self) -> &'static str {
        match self {
            Track::Bobigny => "bobigny",
            Track::Bordeaux => "bordeaux",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }

    /// Short name, as in a filter.
    pub fn label(self) -> &'static str {
        match self {
            Track::Bobigny => "Bobigny (Université Sorbonne Paris Nord)",
            Track::Bordeaux => "Bordeaux (Université de Bordeaux)",
        }
    }

    pub fn degree(self) -> &'static str {
        match self {
            Track::Bobigny => "Licence Sciences sanitaires et sociales, parcours Médiateur de santé-pair",
            Track::Bordeaux => "Licence professionnelle Médiateur de santé-pair",
        }
    }
}

/// Where a fiche stands in its life (DESIGN §3). Only `Publiee` is ever shown to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FicheStatus {
    Brouillon,
    Soumise,
    ACorriger,
    Publiee,
    Close,
    Retiree,
}

impl FicheStatus {
    pub const ALL: [FicheStatus; 6] = [
        FicheStatus::Brouillon,
        FicheStatus::Soumise,
        FicheStatus::ACorriger,
        FicheStatus::Publiee,
        FicheStatus::Close,
        FicheStatus::Retiree,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FicheStatus::Brouillon => "brouillon",
            FicheStatus::Soumise => "soumise",
            FicheStatus::ACorriger => "a_corriger",
            FicheStatus::Publiee => "publiee",
            FicheStatus::Close => "close",
            FicheStatus::Retiree => "retiree",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// A closed offer stays readable at its address (links and search engines keep working);
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

/// The establishment that employs, as the offer names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employer {
    pub id: i64,
    pub name: String,
    /// The legal employer, which schema.org calls `hiringOrganization`.
    pub legal_name: String,
    /// Public employers must also publish on Place de l'emploi public.
    pub is_public: bool,
    pub street: String,
    pub postal_code: String,
    pub commune: String,
    pub departement_code: String,
}

impl Employer {
    pub fn departement(&self) -> Option<&'static Departement> {
        territory::departement(&self.departement_code)
    }

    pub fn region(&self) -> Option<&'static Region> {
        self.departement().and_then(|d| territory::region(d.region_code))
    }

    /// "Chambéry (Savoie, Auvergne-Rhône-Alpes)", or the commune alone when its département is
    /// unknown.
    pub fn locality(&self) -> String {
        match (self.departement(), self.region()) {
            (Some(d), Some(r)) => format!("{} ({}, {})", self.commune, d.name, r.name),
            _ => self.commune.clone(),
        }
    }
}

/// What *Place de l'emploi public* asks of a public employer's offer, beyond the fiche's own
/// sections (which give the structure, missions, profile, place, contacts and deadline).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicPost {
    /// `hospitaliere`, `territoriale` or `etat`: the branch of the civil service.
    pub versant: String,
    /// `creation` or `vacance`: a new post, or one that became vacant.
    pub nature: String,
    /// `A`, `B` or `C`.
    pub category: String,
    /// The corps, e.g. "Animateurs de la fonction publique hospitalière".
    pub corps: String,
    /// The date the post is vacant.
    pub vacant_from: Option<Date>,
}

impl PublicPost {
    pub const VERSANTS: [(&'static str, &'static str); 3] = [
        ("hospitaliere", "Fonction publique hospitalière"),
        ("territoriale", "Fonction publique territoriale"),
        ("etat", "Fonction publique de l'État"),
    ];
    pub const NATURES: [(&'static str, &'static str); 2] =
        [("creation", "Création de poste"), ("vacance", "Vacance de poste")];
    pub const CATEGORIES: [&'static str; 3] = ["A", "B", "C"];

    pub fn versant_label(&self) -> &'static str {
        Self::VERSANTS
            .iter()
            .find(|(c, _)| *c == self.versant)
            .map_or("", |(_, l)| l)
    }

    pub fn nature_label(&self) -> &'static str {
        Self::NATURES
            .iter()
            .find(|(c, _)| *c == self.nature)
            .map_or("", |(_, l)| l)
    }
}

/// Monthly gross pay for an index (*indice majoré*) at a value of the index point, rounded to
/// ten euros: "environ 1 850 € brut mensuel".
pub fn pay_text(index: u16, point_value_euros: f64) -> String {
    let euros = (f64::from(index) * point_value_euros / 10.0).round() as u64 * 10;
    let thousands = euros / 1000;
    let rest = euros % 1000;
    let amount = if thousands > 0 {
        format!("{thousands}\u{a0}{rest:03}")
    } else {
        rest.to_string()
    };
    format!("environ {amount}\u{a0}€ brut mensuel (indice majoré {index})")
}

/// Every section of a fiche de poste (DESIGN §3), as written by the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FicheContent {
    pub title: String,
    pub quotite: Quotite,
    pub quotite_percent: u8,
    pub quotite_adaptable: bool,
    pub grade: String,
    pub pole: String,
    pub service: String,
    pub unit: String,
    pub place: String,
    pub context: String,
    pub public_served: String,
    pub missions: Vec<MissionGroup>,
    pub competences: Competences,
    pub diploma: String,
    pub track: Track,
    pub training: String,
    pub how_to_apply: String,
    pub apply_email: String,
    pub contacts: Vec<Contact>,
    pub deadline: Option<Date>,
    pub start_date: Option<Date>,
    pub start_note: String,
    /// Pay as an index, shown in euros at the configured value of the index point.
    #[serde(default)]
    pub pay_index: Option<u16>,
    #[serde(default)]
    pub public_post: PublicPost,
}

/// "Mi-temps (50 %)", "Temps plein (100 %), adaptable".
pub fn quotite_text(quotite: Quotite, percent: u8, adaptable: bool) -> String {
    let mut text = format!("{} ({percent} %)", quotite.label());
    if adaptable {
        text.push_str(", adaptable");
    }
    text
}

impl FicheContent {
    /// "Mi-temps (50 %)", "Temps plein (100 %), adaptable".
    pub fn quotite_text(&self) -> String {
        quotite_text(self.quotite, self.quotite_percent, self.quotite_adaptable)
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
            &self.pole,
            &self.service,
            &self.unit,
            &self.place,
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
mod tests {
    use super::*;

    #[test]
    fn enum_codes_round_trip() {
        for q in Quotite::ALL {
            assert_eq!(Quotite::parse(q.as_str()), Some(q));
        }
        for t in Track::ALL {
            assert_eq!(Track::parse(t.as_str()), Some(t));
        }
        for s in FicheStatus::ALL {
            assert_eq!(FicheStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(Quotite::parse("plein"), None);
    }

    #[test]
    fn pay_is_shown_in_euros_rounded_to_ten() {
        assert_eq!(
            pay_text(376, 4.92278),
            "environ 1\u{a0}850\u{a0}€ brut mensuel (indice majoré 376)"
        );
        assert_eq!(
            pay_text(100, 4.92278),
            "environ 490\u{a0}€ brut mensuel (indice majoré 100)"
        );
    }

    #[test]
    fn only_full_time_is_full_time_for_search_engines() {
        assert_eq!(Quotite::TempsPlein.employment_type(), "FULL_TIME");
        assert_eq!(Quotite::MiTemps.employment_type(), "PART_TIME");
        assert_eq!(Quotite::TempsPartiel.employment_type(), "PART_TIME");
    }

    #[test]
    fn drafts_and_withdrawn_fiches_are_never_public() {
        let public: Vec<_> = FicheStatus::ALL
            .into_iter()
            .filter(|s| s.is_readable_by_public())
            .collect();
        assert_eq!(public, [FicheStatus::Publiee, FicheStatus::Close]);
    }
}
