//! A place typed among the words of a search ("psychose Lyon", "Lille 59", "69001"), read as a
//! place only when that is unambiguous: many communes are also common words or the programme's
//! own names (Plan, Y, Eu, Mer, Bordeaux and Bobigny, the two training tracks).
//!
//! The reading depends only on what was typed and on the commune table, never on the offers
//! of the day: a saved search keeps the meaning it had when it was saved.

use super::name_key;
use crate::domain::query_words::{is_field_word, never_a_place_alone};
use crate::domain::text::fold;
use crate::geo::{Commune, Place, communes};

/// A place read in a search's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceInText {
    pub place: Place,
    /// The words read as the place, as typed: "Lille 59".
    pub taken: String,
    /// The other words, to search for.
    pub words: String,
}

/// Longest commune name read, in words ("Saint-Martin-d'Hères" is one, "st martin d heres" four).
const MAX_NAME_WORDS: usize = 4;
/// A commune named without a code and in lower case must be at least this large: a town anyone
/// would mean ("lyon"), not a village that shares a word of the field.
const MIN_LOWER_CASE_POPULATION: u32 = 20_000;
/// The same with a capital letter ("Bassens"), a sign the visitor means a name.
const MIN_CAPITALISED_POPULATION: u32 = 2_000;
/// A name several communes share is read only when the largest is this many times the next.
const DOMINANCE: u32 = 10;

/// The place in a search's words, if one is there and unambiguous.
pub fn read_place(text: &str) -> Option<PlaceInText> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .filter(|t| !t.is_empty())
        .collect();
    for len in (1..=MAX_NAME_WORDS.min(tokens.len())).rev() {
        for start in 0..=tokens.len() - len {
            let span = &tokens[start..start + len];
            if span.iter().any(|t| t.chars().any(|c| c.is_ascii_digit())) {
                continue;
            }
            let code = tokens.get(start + len).map(|t| bare_code(t)).filter(|t| is_code(t));
            let Some(commune) = commune_named(span, code) else {
                continue;
            };
            let end = start + len + usize::from(code.is_some());
            return Some(taken(&tokens, start..end, commune, code));
        }
    }
    // A postal code alone.
    let (at, code) = tokens
        .iter()
        .enumerate()
        .find(|(_, t)| is_postal(bare_code(t)))
        .map(|(at, t)| (at, bare_code(t)))?;
    let commune = communes().with_postal_code(code).first().copied()?;
    Some(taken(&tokens, at..at + 1, commune, Some(code)))
}

fn taken(tokens: &[&str], span: std::ops::Range<usize>, commune: &'static Commune, code: Option<&str>) -> PlaceInText {
    let words: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| !span.contains(i))
        .map(|(_, t)| *t)
        .collect();
    let label = match code {
        Some(code) if is_postal(code) => format!("{} ({code})", commune.name),
        _ => format!("{} ({})", commune.name, commune.departement),
    };
    PlaceInText {
        place: Place { commune, label },
        taken: tokens[span].join(" "),
        words: words.join(" "),
    }
}

/// The commune a span of words names, with the code typed after it if any.
fn commune_named(span: &[&str], code: Option<&str>) -> Option<&'static Commune> {
    let key = name_key(&span.join(" "));
    if key.len() < 2 {
        return None;
    }
    let named = communes().named(&key);
    if let Some(code) = code {
        return named.into_iter().find(|c| {
            if is_postal(code) {
                c.postal_codes().any(|p| p == code)
            } else {
                c.departement.eq_ignore_ascii_case(code)
            }
        });
    }
    let largest = *named.first()?;
    let dominant = named
        .get(1)
        .is_none_or(|next| largest.population >= DOMINANCE * next.population.max(1));
    let capitalised = span[0].chars().next().is_some_and(char::is_uppercase);
    let minimum = if capitalised {
        MIN_CAPITALISED_POPULATION
    } else {
        MIN_LOWER_CASE_POPULATION
    };
    let risky = never_a_place_alone(&key) || (span.len() == 1 && is_field_word(&fold(span[0])));
    (dominant && !risky && key.len() >= 3 && largest.population >= minimum).then_some(largest)
}

/// "(59)" → "59".
fn bare_code(token: &str) -> &str {
    token.trim_start_matches('(').trim_end_matches(')')
}

fn is_postal(token: &str) -> bool {
    token.len() == 5 && token.bytes().all(|b| b.is_ascii_digit())
}

/// A postal code or a département's code: "59", "2A", "974", "59000".
fn is_code(token: &str) -> bool {
    is_postal(token) || super::territory::departement(&token.to_uppercase()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, String, String)> {
        read_place(text).map(|p| (p.place.label, p.taken, p.words))
    }

    #[test]
    fn a_town_among_the_words_is_its_place() {
        let lyon = |words: &str| Some(("Lyon (69)".to_string(), "Lyon".to_string(), words.to_string()));
        assert_eq!(read("psychose Lyon"), lyon("psychose"));
        assert_eq!(read("Lyon"), lyon(""));
        assert_eq!(read("Lyon, adolescents"), lyon("adolescents"));
        assert_eq!(
            read("psychose lyon").map(|p| p.2),
            Some("psychose".to_string()),
            "a large town in lower case"
        );
        assert_eq!(
            read("Lille 59").map(|p| (p.0, p.1)),
            Some(("Lille (59)".into(), "Lille 59".into()))
        );
        assert_eq!(read("st etienne").unwrap().0, "Saint-Étienne (42)");
        assert_eq!(
            read("cmp 73000").map(|p| (p.0, p.2)),
            Some(("Chambéry (73000)".into(), "cmp".into()))
        );
        assert_eq!(
            read("Morlaix").unwrap().0,
            "Morlaix (29)",
            "capitalised: a smaller town"
        );
        assert_eq!(read("morlaix"), None, "in lower case, only a large town");
    }

    #[test]
    fn common_words_and_the_programme_names_stay_words() {
        for text in [
            "plan",
            "Plan de formation",
            "Bordeaux",
            "licence Bordeaux",
            "Bobigny",
            "hôpital de jour",
            "y",
            "Eu",
            "ville",
            "mer",
            "école",
            "Sainte-Anne",
            "psychose",
            "pair aidant",
            "santé mentale",
            "bassens",
            "Saint-Denis",
            "donner du sens",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn a_code_makes_a_risky_name_a_place() {
        assert_eq!(read("Bordeaux 33").unwrap().0, "Bordeaux (33)");
        assert_eq!(read("Plan 38").unwrap().0, "Plan (38)");
        assert_eq!(read("Sens 89").unwrap().0, "Sens (89)");
        assert_eq!(read("psychose Saint-Denis 93").unwrap().2, "psychose");
        assert_eq!(read("Saint-Denis (97400)").unwrap().0, "Saint-Denis (97400)");
    }
}
