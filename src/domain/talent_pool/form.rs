//! The profile form of `/compte/vivier`, parsed into a [`Profile`] with a French message per
//! field.

use serde::Deserialize;
use time::Date;
use time::macros::format_description;

use super::{
    AREAS_MAX, Area, NAME_MAX_CHARS, PRESENTATION_MAX_CHARS, PoolWorkingTime, Profile, Shown, TRAINING_OTHER_MAX_CHARS,
    Training,
};
use crate::domain::FieldError;
use crate::domain::form_errors::FormErrors;
use crate::domain::geo::territory;
use crate::domain::project::check_text;

/// The form as sent. Checkboxes come as repeated fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub nom: String,
    pub regions: Vec<String>,
    /// Département numbers, separated by commas or spaces ("69, 01").
    pub departements: String,
    /// `AAAA-MM-JJ` from a date field; empty: now.
    pub disponible_le: String,
    pub quotite: String,
    pub formations: Vec<String>,
    pub formation_autre: String,
    pub presentation: String,
    /// What to show: `zones`, `disponibilite`, `formation`, `presentation`.
    pub montrer: Vec<String>,
    /// The pool's consent, ticked to join (`oui`).
    pub consentement: String,
}

impl ProfileForm {
    /// The form filled with a member's profile, to edit it.
    pub fn of(profile: &Profile) -> ProfileForm {
        let (regions, departements): (Vec<Area>, Vec<Area>) =
            profile.areas.iter().partition(|a| matches!(a, Area::Region(_)));
        let shown = [
            ("zones", profile.shown.areas),
            ("disponibilite", profile.shown.availability),
            ("formation", profile.shown.training),
            ("presentation", profile.shown.presentation),
        ];
        ProfileForm {
            nom: profile.shown_name.clone(),
            regions: regions.iter().map(|a| a.code()[1..].to_string()).collect(),
            departements: departements
                .iter()
                .map(|a| a.code()[1..].to_string())
                .collect::<Vec<_>>()
                .join(", "),
            disponible_le: profile.available_from.map(|d| d.to_string()).unwrap_or_default(),
            quotite: profile.working_time.as_str().into(),
            formations: profile.training.iter().map(|t| t.as_str().into()).collect(),
            formation_autre: profile.training_other.clone(),
            presentation: profile.presentation.clone(),
            montrer: shown
                .iter()
                .filter(|(_, on)| *on)
                .map(|(code, _)| code.to_string())
                .collect(),
            consentement: String::new(),
        }
    }

    /// A blank form for a first visit: everything shown until the candidate unticks it.
    pub fn blank() -> ProfileForm {
        ProfileForm {
            quotite: PoolWorkingTime::LesDeux.as_str().into(),
            montrer: ["zones", "disponibilite", "formation", "presentation"]
                .map(String::from)
                .into(),
            ..ProfileForm::default()
        }
    }

    pub fn has_region(&self, code: &str) -> bool {
        self.regions.iter().any(|r| r == code)
    }

    pub fn has_training(&self, code: &str) -> bool {
        self.formations.iter().any(|t| t == code)
    }

    pub fn shows(&self, part: &str) -> bool {
        self.montrer.iter().any(|m| m == part)
    }

    /// The profile, or every field's message at once.
    pub fn parse(&self) -> Result<Profile, FormErrors> {
        let mut errors = FormErrors::default();
        let shown_name = errors.check(check_text("nom", &self.nom, "", false, NAME_MAX_CHARS));
        let areas = errors.check(self.areas());
        let available_from = errors.check(parse_day(&self.disponible_le));
        let working_time = errors.check(
            PoolWorkingTime::parse(&self.quotite)
                .ok_or_else(|| FieldError::new("quotite", "Choisissez le temps de travail que vous cherchez.")),
        );
        let training = errors.check(self.training());
        let training_other = errors.check(check_text(
            "formation_autre",
            &self.formation_autre,
            "",
            false,
            TRAINING_OTHER_MAX_CHARS,
        ));
        let presentation = errors.check(check_text(
            "presentation",
            &self.presentation,
            "",
            false,
            PRESENTATION_MAX_CHARS,
        ));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Profile {
            shown_name: shown_name.unwrap_or_default(),
            areas: areas.unwrap_or_default(),
            available_from: available_from.flatten(),
            working_time: working_time.unwrap_or(PoolWorkingTime::LesDeux),
            training: training.unwrap_or_default(),
            training_other: training_other.unwrap_or_default(),
            presentation: presentation.unwrap_or_default(),
            shown: Shown {
                areas: self.shows("zones"),
                availability: self.shows("disponibilite"),
                training: self.shows("formation"),
                presentation: self.shows("presentation"),
            },
        })
    }

    fn areas(&self) -> Result<Vec<Area>, FieldError> {
        let mut areas = Vec::new();
        for code in &self.regions {
            let region = territory::region(code).ok_or_else(|| {
                FieldError::new(
                    "regions",
                    "Une région choisie n'existe pas : choisissez-la dans la liste.",
                )
            })?;
            areas.push(Area::Region(region));
        }
        for number in self
            .departements
            .split([',', ';', ' '])
            .filter(|n| !n.trim().is_empty())
        {
            let number = number.trim().to_uppercase();
            let departement = territory::departement(&number).ok_or_else(|| {
                FieldError::new(
                    "departements",
                    format!("Le département « {number} » n'existe pas : écrivez son numéro, par exemple 69 ou 2A."),
                )
            })?;
            let area = Area::Departement(departement);
            if !areas.contains(&area) {
                areas.push(area);
            }
        }
        if areas.is_empty() {
            return Err(FieldError::new(
                "regions",
                "Choisissez au moins une région, ou écrivez au moins un numéro de département.",
            ));
        }
        if areas.len() > AREAS_MAX {
            return Err(FieldError::new(
                "departements",
                format!("Choisissez {AREAS_MAX} régions et départements au plus."),
            ));
        }
        Ok(areas)
    }

    fn training(&self) -> Result<Vec<Training>, FieldError> {
        self.formations
            .iter()
            .map(|code| {
                Training::parse(code)
                    .ok_or_else(|| FieldError::new("formations", "Choisissez vos formations dans la liste."))
            })
            .collect()
    }
}

/// A day typed as `AAAA-MM-JJ` (a date field) or `JJ/MM/AAAA` (typed by hand); empty: none.
fn parse_day(text: &str) -> Result<Option<Date>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .or_else(|_| Date::parse(text, format_description!("[day]/[month]/[year]")))
        .map(Some)
        .map_err(|_| {
            FieldError::new(
                "disponible_le",
                "Cette date est illisible : écrivez-la comme 01/03/2027, ou laissez vide si vous êtes disponible dès maintenant.",
            )
        })
}
