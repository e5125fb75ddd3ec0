//! What a visitor types to search around a place: the place itself and the radius.

use crate::domain::FieldError;
use crate::domain::text::fold;

/// The radii a search may use, in kilometres.
pub const RADII: [u32; 5] = [10, 25, 50, 100, 200];
/// The radius when a place is given without one.
pub const DEFAULT_RADIUS: u32 = 50;

/// Reads `rayon`: one of [`RADII`].
pub fn parse_radius(text: &str) -> Result<u32, FieldError> {
    let text = text.trim().trim_end_matches("km").trim();
    text.parse::<u32>().ok().filter(|km| RADII.contains(km)).ok_or_else(|| {
        FieldError::new(
            "rayon",
            "Le rayon doit être de 10, 25, 50, 100 ou 200 km : choisissez une de ces distances.",
        )
    })
}

/// The key two spellings of a commune's name share: accents, case, hyphens and apostrophes do
/// not matter, and "St"/"Ste" mean "Saint"/"Sainte" ("st etienne" finds Saint-Étienne).
pub fn name_key(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a visitor typed in the place field, once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceText {
    /// "73000".
    PostalCode(String),
    /// "Saint-Denis (97400)", "saint denis 97400": as the suggestions and the choices write it.
    NameAndPostalCode(String, String),
    /// "Chambéry", "st etienne".
    Name(String),
}

/// Longest place name accepted; the longest French commune name has 45 letters.
const MAX_PLACE_CHARS: usize = 100;

/// Reads the `lieu` parameter; `None` when it is empty.
pub fn parse_place(text: &str) -> Result<Option<PlaceText>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > MAX_PLACE_CHARS {
        return Err(FieldError::new(
            "lieu",
            "Le lieu est trop long : indiquez un code postal ou le nom d'une commune.",
        ));
    }
    let is_postal = |s: &str| s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit());
    if is_postal(text) {
        return Ok(Some(PlaceText::PostalCode(text.into())));
    }
    if text.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
        return Err(FieldError::new(
            "lieu",
            format!("« {text} » n'est pas un code postal : un code postal a 5 chiffres, par exemple 73000."),
        ));
    }
    // A trailing postal code, in brackets or not.
    let stripped = text.trim_end_matches(')').trim_end();
    if let Some((name, last)) = stripped.rsplit_once([' ', '(']) {
        let name = name.trim().trim_end_matches('(').trim();
        if is_postal(last) && !name.is_empty() {
            return Ok(Some(PlaceText::NameAndPostalCode(name_key(name), last.into())));
        }
    }
    let key = name_key(text);
    if key.is_empty() {
        return Err(FieldError::new(
            "lieu",
            "Indiquez un code postal ou le nom d'une commune, par exemple Chambéry ou 73000.",
        ));
    }
    Ok(Some(PlaceText::Name(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_offered_radii_are_accepted() {
        assert_eq!(parse_radius("50"), Ok(50));
        assert_eq!(parse_radius(" 200 km"), Ok(200));
        for bad in ["abc", "-5", "0", "30", "", "1e2", "9999999999999"] {
            assert_eq!(parse_radius(bad).unwrap_err().field, "rayon", "{bad}");
        }
    }

    #[test]
    fn names_match_whatever_the_accents_case_and_punctuation() {
        assert_eq!(name_key("Saint-Étienne"), "saint etienne");
        assert_eq!(name_key("st etienne"), "saint etienne");
        assert_eq!(name_key("SAINTE-MARIE"), name_key("Ste Marie"));
        assert_eq!(name_key("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(name_key("Chambéry"), name_key("CHAMBERY"));
        assert_eq!(name_key("Œuilly"), "oeuilly");
    }

    #[test]
    fn a_place_is_a_postal_code_a_name_or_both() {
        assert_eq!(parse_place(""), Ok(None));
        assert_eq!(parse_place(" 73000 "), Ok(Some(PlaceText::PostalCode("73000".into()))));
        assert_eq!(
            parse_place("Saint-Denis (97400)"),
            Ok(Some(PlaceText::NameAndPostalCode("saint denis".into(), "97400".into())))
        );
        assert_eq!(
            parse_place("saint denis 93200"),
            Ok(Some(PlaceText::NameAndPostalCode("saint denis".into(), "93200".into())))
        );
        assert_eq!(parse_place("Chambéry"), Ok(Some(PlaceText::Name("chambery".into()))));
        for bad in ["7300", "730000", "12 34", "--", &"x".repeat(101)] {
            assert_eq!(parse_place(bad).unwrap_err().field, "lieu", "{bad}");
        }
    }
}
