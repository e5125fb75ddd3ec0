//! The establishment that employs, and what Place de l'emploi public asks of a public employer.

use serde::{Deserialize, Serialize};

use crate::domain::french::{Article, a_name, de_name};
use time::Date;

use crate::domain::geo::territory::{self, Departement, Region};

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
    /// How its name takes "à" and "de", when someone chose it; `None`: derived from the name.
    pub article: Option<Article>,
}

impl Employer {
    /// "au Centre hospitalier des Contreforts", "à l'EPSM de la Sarthe".
    pub fn a_name(&self) -> String {
        a_name(&self.name, self.article)
    }

    /// "du Centre hospitalier des Contreforts", "de l'EPSM de la Sarthe".
    pub fn de_name(&self) -> String {
        de_name(&self.name, self.article)
    }

    /// The article its name takes, chosen or derived.
    pub fn name_article(&self) -> Article {
        Article::or_of_name(self.article, &self.name)
    }

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
