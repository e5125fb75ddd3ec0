//! Establishments as the CCOMS registers them (issue 22): their legal identity (SIRET, FINESS),
//! the form that creates or edits one, the registered ones a team's request may already be, and
//! the choice of a merge of duplicates.

use serde::Deserialize;

use super::FieldError;
use super::form_errors::FormErrors;
use super::geo::{PlaceText, name_key, parse_place};
use super::project::check_text;
use crate::geo::{Commune, Resolution, communes};

/// An establishment as the CCOMS's pages show and edit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Establishment {
    pub id: i64,
    pub name: String,
    pub legal_name: String,
    pub is_public: bool,
    pub street: String,
    pub postal_code: String,
    pub commune: String,
    pub departement_code: String,
    pub identity: LegalIdentity,
}

/// The numbers that say who an establishment is, when known: several pages of the same
/// hospital are one establishment, which these numbers tell apart from a homonym.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegalIdentity {
    /// 14 digits, Luhn key checked.
    pub siret: Option<String>,
    /// 9 characters (digits; Corsica's start with 2A or 2B).
    pub finess: Option<String>,
}

impl LegalIdentity {
    /// Reads both numbers as typed (spaces ignored); each may be left empty.
    pub fn read(siret: &str, finess: &str, errors: &mut FormErrors) -> LegalIdentity {
        LegalIdentity {
            siret: errors.check(parse_siret(siret)).flatten(),
            finess: errors.check(parse_finess(finess)).flatten(),
        }
    }

    /// "SIRET 123…, FINESS 750…", or empty.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(siret) = &self.siret {
            parts.push(format!("SIRET {siret}"));
        }
        if let Some(finess) = &self.finess {
            parts.push(format!("FINESS {finess}"));
        }
        parts.join(", ")
    }
}

/// What was typed, without the spaces, dots and dashes people copy numbers with.
fn compact(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
        .collect::<String>()
        .to_uppercase()
}

/// Whether a string of digits passes the Luhn check (ISO/IEC 7812), which the SIRET uses.
fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(d) = c.to_digit(10) else { return false };
        sum += if i % 2 == 1 {
            let doubled = d * 2;
            if doubled > 9 { doubled - 9 } else { doubled }
        } else {
            d
        };
    }
    sum % 10 == 0
}

/// La Poste's establishments share one SIREN whose SIRETs break the Luhn rule: INSEE checks
/// instead that the sum of their digits is a multiple of 5.
const LA_POSTE_SIREN: &str = "356000000";

/// A SIRET as typed, or `None` when left empty.
pub fn parse_siret(value: &str) -> Result<Option<String>, FieldError> {
    let siret = compact(value);
    if siret.is_empty() {
        return Ok(None);
    }
    if siret.len() != 14 || !siret.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(
            "siret",
            "Un numéro SIRET compte 14 chiffres (par exemple 267 500 452 00011). Laissez le champ vide si vous ne le connaissez pas.",
        ));
    }
    let valid = if siret.starts_with(LA_POSTE_SIREN) {
        siret.chars().filter_map(|c| c.to_digit(10)).sum::<u32>() % 5 == 0
    } else {
        luhn_valid(&siret)
    };
    if valid {
        Ok(Some(siret))
    } else {
        Err(FieldError::new(
            "siret",
            "Ce numéro SIRET n'existe pas : un chiffre est sans doute mal recopié. Vérifiez-le, ou laissez le champ vide.",
        ))
    }
}

/// A FINESS number as typed, or `None` when left empty: 9 digits, or 2A / 2B and 7 digits.
pub fn parse_finess(value: &str) -> Result<Option<String>, FieldError> {
    let finess = compact(value);
    if finess.is_empty() {
        return Ok(None);
    }
    let rest = finess
        .strip_prefix("2A")
        .or_else(|| finess.strip_prefix("2B"))
        .map_or(finess.as_str(), |r| r);
    let digits = finess.len() - rest.len() + rest.chars().filter(char::is_ascii_digit).count();
    if finess.len() == 9 && digits == 9 {
        Ok(Some(finess))
    } else {
        Err(FieldError::new(
            "finess",
            "Un numéro FINESS compte 9 caractères (par exemple 750 000 523). Laissez le champ vide si vous ne le connaissez pas.",
        ))
    }
}

/// The commune a place field names, for an address: exactly one, or a French message that
/// says how to name it (the suggestions of `/api/v1/communes` give "Chambéry (73000)").
pub fn commune_field(field: &'static str, typed: &str) -> Result<&'static Commune, FieldError> {
    let missing = || FieldError::new(field, "Indiquez la commune, par exemple « Chambéry (73000) ».");
    let place = parse_place(typed)
        .map_err(|e| FieldError::new(field, e.message))?
        .ok_or_else(missing)?;
    if let PlaceText::PostalCode(code) = &place {
        let several = communes().with_postal_code(code);
        if several.len() > 1 {
            let names: Vec<&str> = several.iter().take(4).map(|c| c.name).collect();
            return Err(FieldError::new(
                field,
                format!(
                    "Le code postal {code} est celui de plusieurs communes ({}…) : indiquez aussi le nom, par exemple « {} ».",
                    names.join(", "),
                    several[0].label()
                ),
            ));
        }
    }
    match communes().resolve(&place) {
        Resolution::Found(found) => Ok(found.commune),
        Resolution::Choices { communes, .. } => {
            let examples: Vec<String> = communes.iter().take(3).map(|c| format!("« {} »", c.label())).collect();
            Err(FieldError::new(
                field,
                format!(
                    "Plusieurs communes correspondent : précisez le code postal, par exemple {}.",
                    examples.join(" ou ")
                ),
            ))
        }
        Resolution::Unknown(error) => Err(FieldError::new(field, error.message)),
    }
}

/// The CCOMS's form for an establishment, as typed.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct EstablishmentForm {
    pub nom: String,
    pub raison_sociale: String,
    /// "public" or "prive".
    pub statut: String,
    pub adresse: String,
    pub commune: String,
    pub siret: String,
    pub finess: String,
}

/// An establishment as the CCOMS registers it, checked.
#[derive(Debug, Clone)]
pub struct EstablishmentDraft {
    pub name: String,
    pub legal_name: String,
    pub is_public: bool,
    pub street: String,
    pub commune: &'static Commune,
    pub identity: LegalIdentity,
}

impl EstablishmentForm {
    /// The form as it shows a registered establishment.
    pub fn of(establishment: &Establishment) -> EstablishmentForm {
        EstablishmentForm {
            nom: establishment.name.clone(),
            raison_sociale: establishment.legal_name.clone(),
            statut: if establishment.is_public { "public" } else { "prive" }.into(),
            adresse: establishment.street.clone(),
            commune: format!("{} ({})", establishment.commune, establishment.postal_code),
            siret: establishment.identity.siret.clone().unwrap_or_default(),
            finess: establishment.identity.finess.clone().unwrap_or_default(),
        }
    }

    pub fn read(&self) -> Result<EstablishmentDraft, FormErrors> {
        let mut errors = FormErrors::default();
        let name = errors.check(check_text("nom", &self.nom, "le nom de l'établissement", true, 200));
        let legal_name = errors.check(check_text(
            "raison_sociale",
            &self.raison_sociale,
            "l'employeur (raison sociale)",
            true,
            200,
        ));
        let is_public = match self.statut.as_str() {
            "public" => Some(true),
            "prive" => Some(false),
            _ => {
                errors.add("statut", "Choisissez si l'établissement est public ou privé.");
                None
            }
        };
        let street = errors.check(check_text("adresse", &self.adresse, "l'adresse", false, 200));
        let commune = errors.check(commune_field("commune", &self.commune));
        let identity = LegalIdentity::read(&self.siret, &self.finess, &mut errors);
        match (name, legal_name, is_public, street, commune, errors.is_empty()) {
            (Some(name), Some(legal_name), Some(is_public), Some(street), Some(commune), true) => {
                Ok(EstablishmentDraft {
                    name,
                    legal_name,
                    is_public,
                    street,
                    commune,
                    identity,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Why a registered establishment may be the one a request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likeness {
    SameNumber,
    SameName,
    SameCommune,
}

impl Likeness {
    pub fn label(self) -> &'static str {
        match self {
            Likeness::SameNumber => "même SIRET ou FINESS",
            Likeness::SameName => "nom proche",
            Likeness::SameCommune => "même commune",
        }
    }
}

/// What a request says of its establishment, to find it among the registered ones.
pub struct Sought<'a> {
    pub name: &'a str,
    pub identity: &'a LegalIdentity,
    pub commune: &'a str,
    pub departement_code: &'a str,
}

/// The registered establishments that may be the one sought, most likely first: the same
/// SIRET or FINESS, then a name that contains the other, then the same commune; at most `limit`.
pub fn likely_matches<'a>(
    sought: &Sought<'_>, registered: &'a [Establishment], limit: usize,
) -> Vec<(&'a Establishment, Likeness)> {
    let key = name_key(sought.name);
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    let mut found: Vec<(&Establishment, Likeness)> = registered
        .iter()
        .filter_map(|e| {
            let other = name_key(&e.name);
            let likeness = if same(&e.identity.siret, &sought.identity.siret)
                || same(&e.identity.finess, &sought.identity.finess)
            {
                Likeness::SameNumber
            } else if !key.is_empty() && !other.is_empty() && (other.contains(&key) || key.contains(&other)) {
                Likeness::SameName
            } else if name_key(&e.commune) == name_key(sought.commune) && e.departement_code == sought.departement_code
            {
                Likeness::SameCommune
            } else {
                return None;
            };
            Some((e, likeness))
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.name.cmp(&b.0.name)));
    found.truncate(limit);
    found
}

/// The two establishments of a merge: the one kept, and the one merged into it then deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub kept: i64,
    pub merged: i64,
}

impl Merge {
    /// Both chosen among the `registered` ids, and different.
    pub fn read(kept: &str, merged: &str, registered: &[i64]) -> Result<Merge, FormErrors> {
        let mut errors = FormErrors::default();
        let known = |typed: &str| registered.iter().copied().find(|id| id.to_string() == typed.trim());
        let (kept, merged) = (known(kept), known(merged));
        if kept.is_none() {
            errors.add("garde", "Choisissez l'établissement gardé.");
        }
        if merged.is_none() {
            errors.add("fusionne", "Choisissez l'établissement à fusionner dans le premier.");
        }
        match (kept, merged) {
            (Some(kept), Some(merged)) if kept == merged => {
                errors.add("fusionne", "Choisissez deux établissements différents.");
                Err(errors)
            }
            (Some(kept), Some(merged)) => Ok(Merge { kept, merged }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;
