//! A search of the pool by recruiters and the CCOMS: by area, availability, working time and
//! training. A filter only finds members who show the part it reads.

use serde::Deserialize;
use time::{Date, Duration};

use super::{Area, PoolWorkingTime, Profile, Training};
use crate::domain::form_errors::FormErrors;
use crate::domain::geo::territory;

/// The search as the page's query string sends it; every field may be empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RawPoolQuery {
    pub region: String,
    pub departement: String,
    /// `maintenant`, `3_mois` or empty.
    pub disponible: String,
    pub quotite: String,
    pub formation: String,
}

/// How soon the member must be available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soon {
    Now,
    WithinThreeMonths,
}

impl Soon {
    pub const CHOICES: [(&'static str, &'static str); 2] =
        [("maintenant", "Dès maintenant"), ("3_mois", "Dans les trois mois")];

    fn parse(code: &str) -> Option<Soon> {
        match code {
            "maintenant" => Some(Soon::Now),
            "3_mois" => Some(Soon::WithinThreeMonths),
            _ => None,
        }
    }

    fn by(self, today: Date) -> Date {
        match self {
            Soon::Now => today,
            Soon::WithinThreeMonths => today + Duration::days(92),
        }
    }
}

/// A parsed search: each filter given and valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoolFilter {
    pub area: Option<Area>,
    pub soon: Option<Soon>,
    pub working_time: Option<PoolWorkingTime>,
    pub training: Option<Training>,
}

impl RawPoolQuery {
    /// The filter, and a message next to each field whose value is not one of the choices (the
    /// others still apply).
    pub fn parse(&self) -> (PoolFilter, FormErrors) {
        let mut errors = FormErrors::default();
        let mut filter = PoolFilter::default();
        let chosen = |field: &'static str, value: &str, errors: &mut FormErrors, ok: bool| {
            if !value.is_empty() && !ok {
                errors.add(field, "Choisissez une valeur de la liste.");
            }
        };
        let departement = territory::departement(self.departement.trim());
        let region = territory::region(&self.region);
        chosen(
            "departement",
            self.departement.trim(),
            &mut errors,
            departement.is_some(),
        );
        chosen("region", &self.region, &mut errors, region.is_some());
        // The département is the narrower of the two.
        filter.area = departement.map(Area::Departement).or(region.map(Area::Region));
        filter.soon = Soon::parse(&self.disponible);
        chosen("disponible", &self.disponible, &mut errors, filter.soon.is_some());
        filter.working_time = PoolWorkingTime::parse(&self.quotite).filter(|w| *w != PoolWorkingTime::LesDeux);
        chosen("quotite", &self.quotite, &mut errors, filter.working_time.is_some());
        filter.training = Training::parse(&self.formation);
        chosen("formation", &self.formation, &mut errors, filter.training.is_some());
        (filter, errors)
    }
}

impl PoolFilter {
    /// Whether a member's profile meets every filter given, reading only what they show.
    pub fn matches(&self, profile: &Profile, today: Date) -> bool {
        let shown = profile.shown;
        let area = self
            .area
            .is_none_or(|searched| shown.areas && profile.areas.iter().any(|a| a.meets(&searched)));
        let soon = self
            .soon
            .is_none_or(|soon| shown.availability && profile.available_from.is_none_or(|from| from <= soon.by(today)));
        let working_time = self
            .working_time
            .is_none_or(|wanted| shown.availability && profile.working_time.suits(wanted));
        let training = self
            .training
            .is_none_or(|t| shown.training && profile.training.contains(&t));
        area && soon && working_time && training
    }

    pub fn is_empty(&self) -> bool {
        *self == PoolFilter::default()
    }

    /// The search in words, for the audit log: "région 84, formation bobigny" or "sans filtre".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(area) = self.area {
            parts.push(format!("zone {}", area.code()));
        }
        if let Some(soon) = self.soon {
            parts.push(format!("disponible {soon:?}"));
        }
        if let Some(w) = self.working_time {
            parts.push(format!("quotité {}", w.as_str()));
        }
        if let Some(t) = self.training {
            parts.push(format!("formation {}", t.as_str()));
        }
        if parts.is_empty() {
            "sans filtre".into()
        } else {
            parts.join(", ")
        }
    }
}
