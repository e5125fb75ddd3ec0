//! A search of the public board, parsed from what a visitor typed: either a valid query or a
//! French message naming the parameter that is wrong.

use serde::Deserialize;

use super::fiche::{Quotite, Track};
use super::territory::{self, Departement, Region};
use super::{FieldError, text};

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
    pub page: Option<String>,
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
    /// 1-based.
    pub page: u32,
}

impl OfferQuery {
    pub fn offset(&self) -> u32 {
        (self.page - 1) * PER_PAGE
    }
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
        let region = match present(&raw.region) {
            None => None,
            Some(code) => Some(territory::region(code).ok_or_else(|| {
                FieldError::new(
                    "region",
                    format!("La région « {code} » n'existe pas. Choisissez une région de la liste."),
                )
            })?),
        };
        let departement = match present(&raw.departement) {
            None => None,
            Some(code) => Some(territory::departement(code).ok_or_else(|| {
                FieldError::new(
                    "departement",
                    format!("Le département « {code} » n'existe pas. Indiquez un code comme 67, 2A ou 974."),
                )
            })?),
        };
        let quotite = match present(&raw.quotite) {
            None => None,
            Some(value) => Some(Quotite::parse(value).ok_or_else(|| {
                FieldError::new(
                    "quotite",
                    "Le temps de travail doit être temps_plein, mi_temps ou temps_partiel.",
                )
            })?),
        };
        let track = match present(&raw.parcours) {
            None => None,
            Some(value) => Some(Track::parse(value).ok_or_else(|| {
                FieldError::new("parcours", "Le parcours de formation doit être bobigny ou bordeaux.")
            })?),
        };
        let page = match present(&raw.page) {
            None => 1,
            Some(value) => value
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=MAX_PAGE).contains(p))
                .ok_or_else(|| {
                    FieldError::new(
                        "page",
                        format!("Le numéro de page doit être un nombre entier entre 1 et {MAX_PAGE}."),
                    )
                })?,
        };
        Ok(OfferQuery {
            terms: text::analyze(&text),
            text,
            region,
            departement,
            quotite,
            track,
            page,
        })
    }
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
        ] {
            let error = parse(&[(key, value)]).unwrap_err();
            assert_eq!(error.field, key, "{key}={value}");
        }
        assert_eq!(parse(&[("q", &"x".repeat(201))]).unwrap_err().field, "q");
    }
}
