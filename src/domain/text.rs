//! French text handling shared by search and URLs: folding, slugs, and the analyzer
//! that turns text into the stems the search index stores.
//!
//! Documents and queries go through the same `analyze`, so "médiateurs", "Mediateur" and
//! "MÉDIATEUR" all meet on one stem; the database only ever compares stems.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

static FRENCH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));

/// Words too common to help a search; dropping them keeps the index small and the ranking honest.
const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en", "et", "il", "l", "la", "le",
    "les", "leur", "leurs", "ou", "par", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "un", "une",
];

/// Lower-cases and removes diacritics and ligatures: "Œuvre Médiée" → "oeuvre mediee".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            c if unicode_normalization::char::is_combining_mark(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The stems of a French text, in order, without stop words.
pub fn analyze(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !STOP_WORDS.contains(word))
        .map(|word| FRENCH.stem(word).into_owned())
        .collect()
}

/// The stems of a text joined by spaces, as stored in the search columns.
pub fn index_terms<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().flat_map(analyze).collect::<Vec<_>>().join(" ")
}

/// An URL-safe, readable slug: "Médiateur de santé-pair (H/F)" → "mediateur-de-sante-pair-h-f".
pub fn slugify(text: &str, max_len: usize) -> String {
    let mut slug = String::new();
    for word in fold(text).split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !slug.is_empty() {
            if slug.len() + 1 + word.len() > max_len {
                break;
            }
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_ligatures() {
        assert_eq!(fold("Médiateur ŒUVRE Élève"), "mediateur oeuvre eleve");
    }

    #[test]
    fn inflections_meet_on_one_stem() {
        assert_eq!(analyze("mediateurs"), analyze("Médiateur"));
        assert_eq!(analyze("bipolaire"), analyze("bipolaires"));
        assert_eq!(analyze("psychotiques"), analyze("Psychotique"));
        assert_eq!(analyze("accompagnement"), analyze("accompagnements"));
    }

    #[test]
    fn stop_words_and_elisions_are_dropped() {
        assert_eq!(analyze("l'équipe de la santé"), analyze("équipe santé"));
        assert!(analyze("de la et").is_empty());
    }

    #[test]
    fn slugs_are_ascii_and_bounded() {
        assert_eq!(
            slugify("Médiateur de santé-pair (H/F)", 80),
            "mediateur-de-sante-pair-h-f"
        );
        assert_eq!(slugify("Médiateur de santé-pair", 12), "mediateur-de");
        assert_eq!(slugify("  !! ", 80), "");
    }
}

/// An `https://` address with a host, as typed; empty stays empty; `None` when it is not one.
/// Only https, and no character that could leave an attribute: people follow these links from
/// the platform's pages (an offer's application page, an interview's video link).
pub fn https_address(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return Some(String::new());
    }
    let rest = text.strip_prefix("https://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let valid = text.len() <= 500
        && host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && !text.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>'));
    valid.then(|| text.to_string())
}

#[cfg(test)]
mod https_address_tests {
    use super::*;

    #[test]
    fn only_whole_https_addresses_are_kept() {
        assert_eq!(https_address(""), Some(String::new()));
        assert_eq!(
            https_address(" https://www.chs-savoie.fr/offres?id=3 ").as_deref(),
            Some("https://www.chs-savoie.fr/offres?id=3")
        );
        for wrong in [
            "http://www.chs.fr",
            "www.chs.fr",
            "https://localhost/x",
            "https://a.fr/<script>",
            "javascript:alert(1)",
        ] {
            assert_eq!(https_address(wrong), None, "{wrong}");
        }
    }
}
