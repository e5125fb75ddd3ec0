//! Query expansion against a small vocabulary.

use std::collections::HashMap;

use super::*;

/// A vocabulary of the stems of some words, each held by as many documents as given.
struct Words {
    sorted: Vec<Box<str>>,
    counts: HashMap<String, usize>,
}

fn vocabulary(words: &[(&str, usize)]) -> Words {
    let mut counts = HashMap::new();
    for (word, count) in words {
        for stem in analyze(word) {
            *counts.entry(stem).or_default() += count;
        }
    }
    let mut sorted: Vec<Box<str>> = counts.keys().map(|k| k.as_str().into()).collect();
    sorted.sort();
    Words { sorted, counts }
}

impl Vocabulary for Words {
    fn stems(&self) -> &[Box<str>] {
        &self.sorted
    }

    fn frequency(&self, stem: &str) -> usize {
        self.counts.get(stem).copied().unwrap_or(0)
    }
}

fn field() -> Words {
    vocabulary(&[
        ("psychotiques", 5),
        ("psychosociale", 4),
        ("adolescents", 2),
        ("adopter", 9),
        ("psychiatrie", 24),
        ("troubles comportement alimentaire", 1),
        ("hôpital jour", 4),
        ("addictologie", 2),
        ("schizophrénie", 3),
        ("borderline", 2),
        ("médiateur", 24),
    ])
}

/// The stems of each alternative of each group, with their weights.
fn groups(text: &str) -> Vec<Vec<(Vec<String>, f64)>> {
    expand(&analyze(text), &field())
        .into_iter()
        .map(|g| g.alternatives.into_iter().map(|a| (a.stems, a.weight.0)).collect())
        .collect()
}

fn stems(text: &str) -> Vec<String> {
    analyze(text)
}

#[test]
fn a_known_word_is_its_own_stem_alone_the_fast_path() {
    let expanded = expand(&analyze("borderline"), &field());
    assert_eq!(expanded.len(), 1);
    assert_eq!(expanded[0].single_stem(), Some(stems("borderline")[0].as_str()));
}

#[test]
fn forms_the_stemmer_splits_meet() {
    // "psychose" is not in the offers, its family is; not "psychosociale", which only shares
    // the beginning.
    assert_eq!(groups("psychose"), [[(stems("psychotique"), Weight::RELATED.0)]]);
    let addiction = groups("addiction");
    assert!(addiction[0].contains(&(stems("addictologie"), Weight::RELATED.0)));
}

#[test]
fn synonyms_and_acronyms_both_ways() {
    assert_eq!(
        groups("TCA"),
        [[(stems("troubles du comportement alimentaire"), Weight::RELATED.0)]]
    );
    let ado = groups("ado");
    assert!(ado[0].contains(&(stems("adolescent"), Weight::RELATED.0)), "{ado:?}");
    assert!(
        !ado[0].iter().any(|(s, _)| *s == stems("adopter")),
        "a synonym found: no prefix"
    );
    // The phrase typed in full is one group, matched as itself first.
    let phrase = groups("hôpital de jour");
    assert_eq!(phrase.len(), 1);
    assert_eq!(phrase[0][0], (stems("hôpital jour"), Weight::EXACT.0));
}

#[test]
fn an_unknown_word_completes_as_a_prefix_most_frequent_first() {
    let schizo = groups("schizo");
    assert_eq!(schizo, [[(stems("schizophrénie"), Weight::PREFIX.0)]]);
    let psy = groups("psychi");
    assert_eq!(psy[0][0].0, stems("psychiatrie"));
    assert!(groups("zz")[0].is_empty(), "two letters: no prefix");
}

#[test]
fn one_typo_is_forgiven() {
    for typo in ["psychaitrie", "psichiatrie", "psyhiatrie", "borderlinne", "bordeline"] {
        let group = &groups(typo)[0];
        assert!(group.iter().any(|(_, w)| *w == Weight::TYPO.0), "{typo}: {group:?}");
    }
    assert_eq!(groups("pyschose")[0], [(stems("psychotique"), Weight::TYPO.0)]);
    assert!(groups("xylophone")[0].is_empty());
}

#[test]
fn one_edit_is_one_letter_added_removed_changed_or_two_swapped() {
    for (a, b) in [
        ("psychiatr", "psychaitr"),
        ("psychiatr", "psichiatr"),
        ("abc", "abc"),
        ("abc", "abcd"),
        ("abc", "bc"),
        ("abc", "axc"),
        ("ab", "ba"),
    ] {
        assert!(one_edit(a.as_bytes(), b.as_bytes()), "{a} {b}");
        assert!(one_edit(b.as_bytes(), a.as_bytes()), "{b} {a}");
    }
    for (a, b) in [
        ("abc", "cab"),
        ("abcd", "ab"),
        ("abcd", "badc"),
        ("abc", "xyz"),
        ("psychiatr", "psychotiq"),
    ] {
        assert!(!one_edit(a.as_bytes(), b.as_bytes()), "{a} {b}");
        assert_eq!(distance(a, b, 1), 2, "{a} {b}");
    }
}

#[test]
fn distances_count_swaps_as_one_edit() {
    assert_eq!(distance("psychiatrie", "psychaitrie", 2), 1);
    assert_eq!(distance("abc", "abc", 1), 0);
    assert_eq!(distance("abc", "abd", 1), 1);
    assert_eq!(distance("abc", "a", 1), 2);
    assert_eq!(distance("kitten", "sitting", 5), 3);
}

#[test]
fn a_misspelt_search_gets_the_nearest_readable_words() {
    let words: Vec<Box<str>> = ["psychiatrie", "adolescents"].map(Box::from).into();
    assert_eq!(
        suggest_spelling("psychatryie adolecsents", &words, &field()).as_deref(),
        Some("psychiatrie adolescents")
    );
    assert_eq!(suggest_spelling("borderline", &words, &field()), None);
    assert_eq!(suggest_spelling("astrophysique", &words, &field()), None);
}

#[test]
fn field_words_and_programme_names_are_not_places() {
    assert!(is_field_word("psychose"));
    assert!(is_field_word("cmp"));
    assert!(!is_field_word("lyon"));
    assert!(never_a_place_alone("bordeaux"));
    assert!(!never_a_place_alone("lyon"));
}
