//! What the words of a search may match, beyond their own stem: the rules of query expansion,
//! without I/O. Each word of a search becomes a [`Group`] of alternatives (any of them may
//! match: OR within the group), and a document must match every group (AND across groups):
//!
//! - the word's own stem;
//! - the other forms of its family that the stemmer splits, and its synonyms or acronyms
//!   (`lexicon`), a phrase matching when each of its words does;
//! - when the word is not in the collection's vocabulary: the stems that start with it (a word of
//!   three letters or more: "ado" finds "adolescent"), and those one typo away (a stem of four
//!   letters or more: "psychaitrie" finds "psychiatrie").
//!
//! Alternatives weigh less the further they are from what was typed ([`Weight`]), so that an
//! exact match ranks above a synonym, a prefix and a typo. The vocabulary is the collection's
//! (`crate::search::TextIndex` implements [`Vocabulary`]); prefixes and typos are only looked for
//! when the word itself is unknown, which keeps the common searches on the single-stem path.

mod lexicon;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::LazyLock;

use super::text::{analyze, fold};

/// The stems a collection holds.
pub trait Vocabulary {
    /// Every stem, sorted, once.
    fn stems(&self) -> &[Box<str>];
    /// How many documents hold a stem: 0 when none does.
    fn frequency(&self, stem: &str) -> usize;
}

/// How much an alternative counts in the ranking, against the word's own stem.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight(pub f64);

impl Weight {
    pub const EXACT: Weight = Weight(1.0);
    pub const RELATED: Weight = Weight(0.8);
    pub const PREFIX: Weight = Weight(0.5);
    pub const TYPO: Weight = Weight(0.3);
}

/// One way a word may match: all of `stems` (one, or a phrase's).
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub stems: Vec<String>,
    pub weight: Weight,
}

/// The alternatives of one word of a search; a document matches the word if it matches one.
/// No alternative: the word matches nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    pub alternatives: Vec<Alternative>,
}

impl Group {
    /// The one stem to look up when the word has no other way to match: the fast path.
    pub fn single_stem(&self) -> Option<&str> {
        match self.alternatives.as_slice() {
            [only] if only.stems.len() == 1 && only.weight == Weight::EXACT => Some(&only.stems[0]),
            _ => None,
        }
    }

    fn push(&mut self, stems: Vec<String>, weight: Weight) {
        if self.alternatives.len() < MAX_ALTERNATIVES && !self.alternatives.iter().any(|a| a.stems == stems) {
            self.alternatives.push(Alternative { stems, weight });
        }
    }
}

/// Most alternatives of one word: each is a list of documents to walk.
const MAX_ALTERNATIVES: usize = 12;
/// Most prefix completions of one word, the most frequent kept.
const MAX_PREFIXES: usize = 8;
const MIN_PREFIX_CHARS: usize = 3;
const MIN_TYPO_CHARS: usize = 4;
/// A stem that begins a misspelt word is read as that word when it has this many letters…
const MIN_STEM_BEGINNING: usize = 6;
/// …and the rest of the word is an ending of at most this many.
const MAX_ENDING: usize = 5;

/// The field's words, analyzed once.
struct Lexicon {
    /// Stem → the other stems of its family.
    families: HashMap<String, Vec<String>>,
    /// Stem → its synonyms, each as stems (a phrase has several).
    synonyms: HashMap<String, Vec<Vec<String>>>,
    /// The synonyms that are phrases, and the other forms that stand for them.
    phrases: Vec<(Vec<String>, Vec<Vec<String>>)>,
    /// Every word of the lexicon in lower case, for spelling suggestions.
    words: Vec<String>,
    /// The same, folded and sorted.
    folded: Vec<String>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut families: HashMap<String, Vec<String>> = HashMap::new();
    let mut words = Vec::new();
    for family in lexicon::FAMILIES {
        let mut stems: Vec<String> = family.iter().flat_map(|w| analyze(w)).collect();
        stems.sort();
        stems.dedup();
        for stem in &stems {
            let others = stems.iter().filter(|s| *s != stem).cloned();
            families.entry(stem.clone()).or_default().extend(others);
        }
        words.extend(family.iter().map(|w| w.to_lowercase()));
    }
    let mut synonyms: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    let mut phrases = Vec::new();
    for set in lexicon::SYNONYMS {
        let forms: Vec<Vec<String>> = set.iter().map(|w| analyze(w)).collect();
        for (i, form) in forms.iter().enumerate() {
            let others = forms
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, f)| f.clone());
            match form.as_slice() {
                [stem] => synonyms.entry(stem.clone()).or_default().extend(others),
                [_, _, ..] => phrases.push((form.clone(), others.collect())),
                [] => {}
            }
        }
        words.extend(
            set.iter()
                .filter(|w| !w.contains([' ', '-', '\'']))
                .map(|w| w.to_lowercase()),
        );
    }
    words.sort();
    words.dedup();
    let mut folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    folded.sort();
    folded.dedup();
    Lexicon {
        families,
        synonyms,
        phrases,
        words,
        folded,
    }
});

/// The groups of a search's stems, as `text::analyze` made them, in a collection's vocabulary.
/// A phrase of the lexicon typed in full becomes one group ("hôpital de jour" also finds "HDJ").
pub fn expand(stems: &[String], vocabulary: &impl Vocabulary) -> Vec<Group> {
    let lexicon = &*LEXICON;
    let mut groups = Vec::with_capacity(stems.len());
    let mut at = 0;
    while at < stems.len() {
        let phrase = lexicon
            .phrases
            .iter()
            .find(|(phrase, _)| stems[at..].starts_with(phrase));
        if let Some((phrase, others)) = phrase {
            let mut group = Group::default();
            group.push(phrase.clone(), Weight::EXACT);
            for other in others.iter().filter(|o| held(o, vocabulary)) {
                group.push(other.clone(), Weight::RELATED);
            }
            groups.push(group);
            at += phrase.len();
        } else {
            groups.push(expand_word(&stems[at], vocabulary));
            at += 1;
        }
    }
    groups
}

/// The group of one stem: itself and its related forms; when it has none in the vocabulary,
/// its completions and the stems one typo away.
fn expand_word(stem: &str, vocabulary: &impl Vocabulary) -> Group {
    let mut group = Group::default();
    if vocabulary.frequency(stem) > 0 {
        group.push(vec![stem.to_string()], Weight::EXACT);
    }
    related(stem, Weight::RELATED, vocabulary, &mut group);
    if !group.alternatives.is_empty() {
        return group;
    }
    let chars = stem.chars().count();
    if chars >= MIN_PREFIX_CHARS {
        for completion in completions(stem, vocabulary) {
            group.push(vec![completion.to_string()], Weight::PREFIX);
        }
    }
    if chars >= MIN_TYPO_CHARS {
        for near in one_typo_away(stem, vocabulary) {
            group.push(vec![near.to_string()], Weight::TYPO);
            related(near, Weight::TYPO, vocabulary, &mut group);
        }
        // A misspelt word of the field whose own form no offer holds: "pyschose" is one typo
        // from "psychose", which the offers only hold as "psychotique".
        let lexicon = &*LEXICON;
        let keys = lexicon.families.keys().chain(lexicon.synonyms.keys());
        for key in keys.filter(|k| *k != stem && one_edit(k.as_bytes(), stem.as_bytes())) {
            related(key, Weight::TYPO, vocabulary, &mut group);
        }
    }
    group
}

fn held(stems: &[String], vocabulary: &impl Vocabulary) -> bool {
    stems.iter().all(|s| vocabulary.frequency(s) > 0)
}

/// Adds the family and synonyms of a stem that the vocabulary holds, and the family of each
/// one-word synonym ("toxicomanie" finds "addiction" and "addictologie").
fn related(stem: &str, weight: Weight, vocabulary: &impl Vocabulary, group: &mut Group) {
    let lexicon = &*LEXICON;
    let family = |stem: &str| lexicon.families.get(stem).into_iter().flatten();
    for other in family(stem) {
        if vocabulary.frequency(other) > 0 {
            group.push(vec![other.clone()], weight);
        }
    }
    for synonym in lexicon.synonyms.get(stem).into_iter().flatten() {
        if !synonym.is_empty() && held(synonym, vocabulary) {
            group.push(synonym.clone(), weight);
        }
        if let [single] = synonym.as_slice() {
            for other in family(single).filter(|o| vocabulary.frequency(o) > 0) {
                group.push(vec![other.clone()], weight);
            }
        }
    }
}

/// The stems that start with `prefix` (itself excluded), the most frequent first.
fn completions<'v>(prefix: &str, vocabulary: &'v impl Vocabulary) -> Vec<&'v str> {
    let stems = vocabulary.stems();
    let start = stems.partition_point(|s| &**s < prefix);
    let mut found: Vec<&str> = stems[start..]
        .iter()
        .take_while(|s| s.starts_with(prefix))
        .map(|s| &**s)
        .filter(|s| *s != prefix)
        .collect();
    found.sort_by_key(|s| std::cmp::Reverse(vocabulary.frequency(s)));
    found.truncate(MAX_PREFIXES);
    found
}

/// The stems one edit (a letter added, removed, changed, or two swapped) from `stem`, or from
/// its beginning when the typo kept the stemmer from removing an ending ("rehabilitaton" keeps
/// it, "rehabilitation" is "rehabilit"), the most frequent first. The walk skips every stem
/// whose length rules it out before comparing.
fn one_typo_away<'v>(stem: &str, vocabulary: &'v impl Vocabulary) -> Vec<&'v str> {
    let typed = stem.as_bytes();
    let mut found: Vec<&str> = vocabulary
        .stems()
        .iter()
        .map(|s| &**s)
        .filter(|s| *s != stem)
        .filter(|s| {
            let s = s.as_bytes();
            if s.len().abs_diff(typed.len()) <= 1 {
                one_edit(typed, s)
            } else {
                // The beginning of what was typed, give or take the letter of the typo.
                s.len() >= MIN_STEM_BEGINNING
                    && s.len() < typed.len()
                    && s.len() + MAX_ENDING >= typed.len()
                    && (s.len() - 1..=s.len() + 1).any(|n| one_edit(&typed[..n.min(typed.len())], s))
            }
        })
        .collect();
    found.sort_by_key(|s| std::cmp::Reverse(vocabulary.frequency(s)));
    found.truncate(MAX_ALTERNATIVES);
    found
}

/// Whether two words are at most one edit apart (a letter added, removed, changed, or two
/// neighbours swapped), compared byte by byte without allocating: the vocabulary walk makes
/// this test on thousands of stems, which are folded to ASCII letters almost always.
fn one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let common = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if common == short.len() {
        return true;
    }
    if short.len() == long.len() {
        let rest = common + 1;
        // One letter changed, or two neighbours swapped.
        short[rest..] == long[rest..]
            || (rest < short.len()
                && short[common] == long[rest]
                && short[rest] == long[common]
                && short[rest + 1..] == long[rest + 1..])
    } else {
        short[common..] == long[common + 1..]
    }
}

/// The edit distance between two words (Damerau's: a swap of two neighbours is one edit),
/// or `limit + 1` as soon as it exceeds `limit`.
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    // Three rows of the classic table: two rows back for the swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (previous[j] + 1).min(row[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        if row.iter().min().is_some_and(|&m| m > limit) {
            return limit + 1;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut row);
    }
    previous[b.len()].min(limit + 1)
}

/// Whether a folded word is one of the field's (its stem is in the lexicon): such a word is
/// read as a word, never as a place.
pub fn is_field_word(folded: &str) -> bool {
    let lexicon = &*LEXICON;
    analyze(folded)
        .iter()
        .any(|stem| lexicon.families.contains_key(stem) || lexicon.synonyms.contains_key(stem))
        || lexicon.folded.binary_search_by(|w| w.as_str().cmp(folded)).is_ok()
}

/// The places kept as words unless a département or postal code says otherwise.
pub fn never_a_place_alone(name_key: &str) -> bool {
    lexicon::NOT_PLACES.contains(&name_key)
}

/// "Vouliez-vous dire … ?": the search's words with each word the vocabulary does not hold
/// replaced by the nearest readable word whose stem it holds (two edits at most, the most
/// frequent among the nearest), from `words` (lower case, accents kept) and the lexicon's;
/// `None` when no word could be replaced.
pub fn suggest_spelling(text: &str, words: &[Box<str>], vocabulary: &impl Vocabulary) -> Option<String> {
    let held = |word: &str| {
        let stems = analyze(word);
        (!stems.is_empty() && stems.iter().all(|s| vocabulary.frequency(s) > 0))
            .then(|| stems.iter().map(|s| vocabulary.frequency(s)).min().unwrap_or(0))
    };
    let mut changed = false;
    let replaced: Vec<String> = text
        .split_whitespace()
        .map(|typed| {
            let folded = fold(typed);
            if analyze(&folded).is_empty() || held(&folded).is_some() || folded.chars().count() < MIN_TYPO_CHARS {
                return typed.to_string();
            }
            let candidates = words
                .iter()
                .map(|w| &**w)
                .chain(LEXICON.words.iter().map(String::as_str));
            let best = candidates
                .filter(|w| w.len().abs_diff(typed.len()) <= 4)
                .filter_map(|w| {
                    let d = distance(&folded, &fold(w), 2);
                    (d <= 2).then_some((d, w))
                })
                .filter_map(|(d, w)| held(w).map(|frequency| (d, std::cmp::Reverse(frequency), w)))
                .min();
            match best {
                Some((_, _, word)) => {
                    changed = true;
                    word.to_string()
                }
                None => typed.to_string(),
            }
        })
        .collect();
    changed.then(|| replaced.join(" "))
}
