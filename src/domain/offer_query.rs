//! A search of the public board, parsed from what a visitor typed: either a valid query or a
//! French message naming the parameter that is wrong.

use serde::Deserialize;

use super::fiche::{Quotite, Track};
use super::geo::territory::{self, Departement, Region};
use super::geo::{DEFAULT_RADIUS, parse_place, parse_radius};
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
        ]
        .into_iter()
        .filter_map(|(k, v)| present(v).map(|v| (k, v)))
        // A radius means nothing without a place.
        .filter(|(k, _)| *k != "rayon" || present(&self.lieu).is_some())
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
        let (near, place_choices) = around(&raw.lieu, &raw.rayon)?;
        Ok(OfferQuery {
            terms: text::analyze(&text),
            text,
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
    // The form always sends a radius; it only counts with a place, but must be valid.
    let radius_km = present(rayon).map(parse_radius).transpose()?;
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
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<OfferQuery, FieldError> {
        let mut raw = RawOfferQuery::default();
        for (key, value) in pairs {
            let value = Some(value.to_string());
            match *key {
                "q" => raw.q = value,
                "region" => raw.region = value,
                "departement" => raw.departement = value,
                "quotite" => raw.quotite = value,
                "parcours" => raw.parcours = value,
                "lieu" => raw.lieu = value,
                "rayon" => raw.rayon = value,
                "page" => raw.page = value,
                _ => unreachable!(),
            }
        }
        OfferQuery::try_from(raw)
    }

    #[test]
    fn an_empty_form_is_the_first_page_of_everything() {
        let query = parse(&[("q", " "), ("region", ""), ("page", "")]).unwrap();
        assert_eq!(
            query,
            OfferQuery {
                page: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn valid_filters_are_kept() {
        let query = parse(&[
            ("q", "Médiateurs"),
            ("region", "44"),
            ("departement", "2A"),
            ("quotite", "mi_temps"),
            ("parcours", "bordeaux"),
            ("page", "3"),
        ])
        .unwrap();
        assert_eq!(query.terms, text::analyze("mediateur"));
        assert_eq!(query.region.unwrap().name, "Grand Est");
        assert_eq!(query.departement.unwrap().name, "Corse-du-Sud");
        assert_eq!(query.quotite, Some(Quotite::MiTemps));
        assert_eq!(query.track, Some(Track::Bordeaux));
        assert_eq!(query.offset(), 2 * PER_PAGE);
        assert_eq!(query.past_the_last_page(u64::from(PER_PAGE) * 3), None);
        assert_eq!(query.past_the_last_page(u64::from(PER_PAGE) * 2 + 1), None);
        assert_eq!(query.past_the_last_page(u64::from(PER_PAGE) * 2), Some(2));
        assert_eq!(query.past_the_last_page(1), Some(1));
        assert_eq!(query.past_the_last_page(0), Some(1));
        assert_eq!(last_page(0), 1);
    }

    #[test]
    fn each_bad_parameter_is_named() {
        for (key, value) in [
            ("region", "99"),
            ("departement", "20"),
            ("quotite", "plein"),
            ("parcours", "lyon"),
            ("page", "abc"),
            ("page", "0"),
            ("page", "-1"),
            ("rayon", "abc"),
            ("rayon", "-5"),
            ("lieu", "99999"),
            ("lieu", "1234"),
        ] {
            let error = parse(&[(key, value)]).unwrap_err();
            assert_eq!(error.field, key, "{key}={value}");
        }
        assert_eq!(parse(&[("q", &"x".repeat(201))]).unwrap_err().field, "q");
    }

    #[test]
    fn a_place_gives_a_search_around_it_50_km_unless_told() {
        let query = parse(&[("lieu", "chambery")]).unwrap();
        let near = query.near.unwrap();
        assert_eq!((near.place.commune.code, near.radius_km), ("73065", 50));
        let query = parse(&[("lieu", "73000"), ("rayon", "10")]).unwrap();
        assert_eq!(query.near.unwrap().radius_km, 10);
        // The form always sends a radius: alone, it filters nothing.
        assert_eq!(parse(&[("rayon", "25")]).unwrap().near, None);
    }

    #[test]
    fn an_ambiguous_place_asks_to_choose() {
        let query = parse(&[("lieu", "Saint-Denis")]).unwrap();
        assert_eq!(query.near, None);
        assert!(query.place_choices.unwrap().communes.len() > 1);
    }

    #[test]
    fn the_canonical_form_keeps_the_filters_in_order_without_the_page() {
        let raw = RawOfferQuery {
            rayon: Some("25".into()),
            q: Some(" psychose ".into()),
            page: Some("3".into()),
            lieu: Some("Chambéry".into()),
            region: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(raw.canonical(), "q=psychose&lieu=Chamb%C3%A9ry&rayon=25");
        let no_place = RawOfferQuery {
            rayon: Some("25".into()),
            ..Default::default()
        };
        assert_eq!(no_place.canonical(), "");
        let query = OfferQuery::try_from(raw).unwrap();
        assert_eq!(query.describe(), "« psychose », à 25 km de Chambéry (73000)");
    }

    #[test]
    fn a_place_is_named_with_its_preposition() {
        for (lieu, said) in [
            ("Annecy", "À 50 km d'Annecy (74000)"),
            ("72000", "À 50 km du Mans (72000)"),
        ] {
            let query = parse(&[("lieu", lieu)]).unwrap();
            assert_eq!(query.describe(), said);
        }
    }
}
