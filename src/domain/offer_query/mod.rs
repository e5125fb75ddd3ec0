//! A search of the public board, parsed from what a visitor typed: either a valid query or a
//! French message naming the parameter that is wrong.

use serde::Deserialize;

use super::fiche::{Quotite, Track};
use super::geo::territory::{self, Departement, Region};
use super::geo::{DEFAULT_RADIUS, parse_place, parse_radius, read_place};
use super::{FieldError, text};
use crate::geo::{Commune, Place, Resolution, communes};

/// Offers shown per page, on the pages and in the API.
pub const PER_PAGE: u32 = 20;
const MAX_PAGE: u32 = 10_000;
const MAX_QUERY_CHARS: usize = 200;

/// The query string as it arrives: every parameter optional text, so that parsing, not the
/// framework, decides what is wrong and says it in French.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawOfferQuery {
    pub q: Option<String>,
    pub region: Option<String>,
    pub departement: Option<String>,
    pub quotite: Option<String>,
    pub parcours: Option<String>,
    /// A postal code or a commune's name.
    pub lieu: Option<String>,
    /// Kilometres around `lieu`.
    pub rayon: Option<String>,
    /// `non`: a place typed among the words is searched as words, not read as a place.
    pub lieu_texte: Option<String>,
    pub page: Option<String>,
}

impl RawOfferQuery {
    /// The search as a query string without its page, parameters in a fixed order and empty
    /// ones left out: what a saved search stores and what its links use.
    pub fn canonical(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("q", &self.q),
            ("lieu", &self.lieu),
            ("rayon", &self.rayon),
            ("region", &self.region),
            ("departement", &self.departement),
            ("quotite", &self.quotite),
            ("parcours", &self.parcours),
            ("lieu_texte", &self.lieu_texte),
        ]
        .into_iter()
        .filter_map(|(k, v)| present(v).map(|v| (k, v)))
        // A radius means nothing without a place.
        .filter(|(k, _)| *k != "rayon" || has_place(&self.q, &self.lieu, &self.lieu_texte))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// A search around a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    pub place: Place,
    pub radius_km: u32,
}

/// A place name that fits several communes: the search waits for the visitor's choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceChoices {
    pub message: String,
    pub communes: Vec<&'static Commune>,
}

/// A valid search of open offers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OfferQuery {
    /// What was typed, trimmed, to show it back.
    pub text: String,
    /// The stems of `text`; empty when there is nothing to search for.
    pub terms: Vec<String>,
    pub region: Option<&'static Region>,
    pub departement: Option<&'static Departement>,
    pub quotite: Option<Quotite>,
    pub track: Option<Track>,
    pub near: Option<Near>,
    /// Set instead of `near` when the place typed fits several communes.
    pub place_choices: Option<PlaceChoices>,
    /// The words read as `near`'s place in the text box ("Lille 59"), which are not searched
    /// as words (`lieu_texte=non` says not to read them so).
    pub place_in_text: Option<String>,
    /// 1-based.
    pub page: u32,
}

impl OfferQuery {
    /// The search in a few French words, to name a saved search and its alerts:
    /// "« psychose », à 50 km de Chambéry (73000), mi-temps".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.text.is_empty() {
            parts.push(format!("« {} »", self.text));
        }
        if let Some(near) = &self.near {
            let of_place = crate::domain::french::de_name(&near.place.label, None);
            parts.push(format!("à {} km {of_place}", near.radius_km));
        }
        if let Some(d) = self.departement {
            parts.push(format!("{} ({})", d.name, d.code));
        }
        if let Some(r) = self.region {
            parts.push(r.name.to_string());
        }
        if let Some(q) = self.quotite {
            parts.push(q.label().to_lowercase());
        }
        if let Some(t) = self.track {
            parts.push(format!("formation à {}", t.label()));
        }
        if parts.is_empty() {
            "Toutes les offres".into()
        } else {
            let text = parts.join(", ");
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or(text)
        }
    }

    pub fn offset(&self) -> u32 {
        (self.page - 1) * PER_PAGE
    }

    /// The last page that shows some of `total` offers, when this query asks for one past it
    /// (the first page when nothing is found): where to send the visitor instead.
    pub fn past_the_last_page(&self, total: u64) -> Option<u32> {
        let last = last_page(total);
        (self.page > last).then_some(last)
    }
}

/// How many pages `total` offers fill: at least one, which says that nothing is found.
pub fn last_page(total: u64) -> u32 {
    u32::try_from(total.div_ceil(u64::from(PER_PAGE)))
        .unwrap_or(u32::MAX)
        .max(1)
}

/// Whether a search has a place, in its field or among its words, for which a radius counts.
pub fn has_place(q: &Option<String>, lieu: &Option<String>, lieu_texte: &Option<String>) -> bool {
    let words_only = present(lieu_texte).is_some_and(|v| v.eq_ignore_ascii_case("non"));
    present(lieu).is_some() || (!words_only && present(q).and_then(read_place).is_some())
}

/// A form sends empty strings for untouched fields: they mean "no filter".
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl TryFrom<RawOfferQuery> for OfferQuery {
    type Error = FieldError;

    fn try_from(raw: RawOfferQuery) -> Result<Self, FieldError> {
        let text = present(&raw.q).unwrap_or_default().to_string();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(FieldError::new(
                "q",
                format!("La recherche est trop longue : {MAX_QUERY_CHARS} caractères au plus."),
            ));
        }
        let region = filter(&raw.region, territory::region, |code| {
            FieldError::new(
                "region",
                format!("La région « {code} » n'existe pas. Choisissez une région de la liste."),
            )
        })?;
        let departement = filter(&raw.departement, territory::departement, |code| {
            FieldError::new(
                "departement",
                format!("Le département « {code} » n'existe pas. Indiquez un code comme 67, 2A ou 974."),
            )
        })?;
        let quotite = filter(&raw.quotite, Quotite::parse, |_| {
            FieldError::new(
                "quotite",
                "Le temps de travail doit être temps_plein, mi_temps ou temps_partiel.",
            )
        })?;
        let track = filter(&raw.parcours, Track::parse, |_| {
            FieldError::new("parcours", "Le parcours de formation doit être bobigny ou bordeaux.")
        })?;
        let (mut near, place_choices) = around(&raw.lieu, &raw.rayon)?;
        let mut text = text;
        let mut place_in_text = None;
        let words_only = present(&raw.lieu_texte).is_some_and(|v| v.eq_ignore_ascii_case("non"));
        if present(&raw.lieu).is_none()
            && !words_only
            && let Some(found) = read_place(&text)
        {
            near = Some(Near {
                place: found.place,
                radius_km: radius(&raw.rayon)?.unwrap_or(DEFAULT_RADIUS),
            });
            place_in_text = Some(found.taken);
            text = found.words;
        }
        Ok(OfferQuery {
            terms: text::analyze(&text),
            text,
            place_in_text,
            region,
            departement,
            quotite,
            track,
            near,
            place_choices,
            page: page(&raw.page)?,
        })
    }
}

/// An optional filter: nothing when the parameter is empty, else its value or the error for
/// what was typed.
fn filter<T>(
    raw: &Option<String>, parse: impl FnOnce(&str) -> Option<T>, error: impl FnOnce(&str) -> FieldError,
) -> Result<Option<T>, FieldError> {
    present(raw)
        .map(|value| parse(value).ok_or_else(|| error(value)))
        .transpose()
}

/// The search around a place, or the communes to choose from when the place is ambiguous.
fn around(lieu: &Option<String>, rayon: &Option<String>) -> Result<(Option<Near>, Option<PlaceChoices>), FieldError> {
    let radius_km = radius(rayon)?;
    let Some(place) = present(lieu).map(parse_place).transpose()?.flatten() else {
        return Ok((None, None));
    };
    match communes().resolve(&place) {
        Resolution::Found(place) => Ok((
            Some(Near {
                place,
                radius_km: radius_km.unwrap_or(DEFAULT_RADIUS),
            }),
            None,
        )),
        Resolution::Choices { message, communes } => Ok((None, Some(PlaceChoices { message, communes }))),
        Resolution::Unknown(error) => Err(error),
    }
}

/// The radius typed, if any. The form always sends one; it only counts with a place, but must
/// be valid.
fn radius(rayon: &Option<String>) -> Result<Option<u32>, FieldError> {
    present(rayon).map(parse_radius).transpose()
}

/// The 1-based page; the first when none is given.
fn page(raw: &Option<String>) -> Result<u32, FieldError> {
    let Some(value) = present(raw) else {
        return Ok(1);
    };
    value
        .parse::<u32>()
        .ok()
        .filter(|p| (1..=MAX_PAGE).contains(p))
        .ok_or_else(|| {
            FieldError::new(
                "page",
                format!("Le numéro de page doit être un nombre entier entre 1 et {MAX_PAGE}."),
            )
        })
}

#[cfg(test)]
mod tests;
