//! Full-text search held in memory, for any collection of documents that have a title and a
//! body: each stem's postings, bm25 ranking, and the walk that intersects the postings of a
//! search's stems. The public board's offers are its first collection (`crate::board` adds
//! their places, filters and order); the fiche library and the resource centre are meant to
//! be the next, each a `TextIndex` of its own documents.
//!
//! Documents are given as stems, made by `domain::text::index_terms`, and searches as the stems
//! of `domain::text::analyze`: the same French analyzer on both sides, so "médiatrices",
//! "Mediateur" and "MÉDIATEUR" meet on one stem, and the index only compares stems.
//!
//! Why in memory: a search must find, count and rank every document holding the words, and at
//! 100,000 offers a common word is in a third of them. SQLite's FTS5 (or PostgreSQL's
//! `tsvector`) read and ranked those tens of thousands of matches on each search, about 50 ms
//! of CPU; the board must answer thousands of searches a second on two cores (issue 11). Here
//! the matches are an intersection of sorted integer lists, driven by the shortest one, and
//! only the page's documents are sorted.

mod append;
mod groups;
mod postings;
mod prune;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::collections::BinaryHeap;

pub use postings::Frequency;
use postings::{FastMap, Postings, Probe, Probed};
pub use prune::Hit;

/// bm25's usual constants (SQLite's FTS5 and Lucene use the same).
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A word of the title weighs ten times a word of the body, as the database's ranking did.
const TITLE_WEIGHT: f64 = 10.0;

/// The documents of one collection and the stems of their text.
#[derive(Clone)]
pub struct TextIndex<D> {
    /// In the order they were added: a document's position here is its number everywhere else.
    docs: Vec<D>,
    terms: FastMap<Box<str>, Postings>,
    /// Every stem, sorted: a search's prefixes and typos are looked up in it
    /// (`domain::query_words`).
    vocabulary: Vec<Box<str>>,
    /// bm25's length term of each document's title and body, `K1 × (1 − B + B × length ÷
    /// average length)`, computed once instead of at every match.
    title_norm: Vec<f32>,
    body_norm: Vec<f32>,
    /// What documents appended and removed after `finish` change (`append.rs`): every length,
    /// for the norms, and the documents removed (a bit per position, empty while there are none).
    lengths: append::Lengths,
    /// The average title and body lengths the words' bounds were computed with: as documents
    /// come and go the averages move, and a bound is scaled instead of computed again
    /// (`TextIndex::bound_scale`).
    bound_averages: (f64, f64),
}

/// Builds a [`TextIndex`] one document at a time, so that a loader never holds every
/// document's text.
pub struct TextIndexBuilder<D> {
    docs: Vec<D>,
    terms: FastMap<Box<str>, Postings>,
    title_len: Vec<u16>,
    body_len: Vec<u16>,
}

impl<D> Default for TextIndexBuilder<D> {
    fn default() -> Self {
        TextIndexBuilder {
            docs: Vec::new(),
            terms: FastMap::default(),
            title_len: Vec::new(),
            body_len: Vec::new(),
        }
    }
}

impl<D> TextIndexBuilder<D> {
    /// Adds a document with the stems of its title and of its body (space-separated, as
    /// `domain::text::index_terms` makes them); returns its position.
    pub fn add(&mut self, doc: D, title_terms: &str, body_terms: &str) -> u32 {
        let position = u32::try_from(self.docs.len()).expect("fewer than 4 billion documents");
        let (counts, title_len, body_len) = append::counted(title_terms, body_terms);
        for (term, (title, body)) in counts {
            let postings = match self.terms.get_mut(term) {
                Some(postings) => postings,
                None => self.terms.entry(term.into()).or_default(),
            };
            postings.push(position, Frequency::new(title, body));
        }
        self.title_len.push(title_len);
        self.body_len.push(body_len);
        self.docs.push(doc);
        position
    }

    /// Adds every document of `other` after this builder's, in their order: the same as adding
    /// each here in turn, so that a loader can build parts of a collection on several threads
    /// and join them, in order, into one index identical to a sequential build.
    pub fn append(&mut self, other: TextIndexBuilder<D>) {
        let offset = u32::try_from(self.docs.len()).expect("fewer than 4 billion documents");
        for (term, postings) in other.terms {
            match self.terms.get_mut(&term) {
                Some(mine) => mine.append(&postings, offset),
                None => {
                    let mut mine = Postings::default();
                    mine.append(&postings, offset);
                    self.terms.insert(term, mine);
                }
            }
        }
        self.docs.extend(other.docs);
        self.title_len.extend(other.title_len);
        self.body_len.extend(other.body_len);
    }

    pub fn finish(mut self) -> TextIndex<D> {
        for postings in self.terms.values_mut() {
            postings.finish(self.docs.len());
        }
        self.terms.shrink_to_fit();
        let mut vocabulary: Vec<Box<str>> = self.terms.keys().cloned().collect();
        vocabulary.sort_unstable();
        let mut index = TextIndex {
            vocabulary,
            title_norm: Vec::new(),
            body_norm: Vec::new(),
            lengths: append::Lengths::new(self.title_len, self.body_len),
            bound_averages: (1.0, 1.0),
            terms: self.terms,
            docs: self.docs,
        };
        index.refresh_norms();
        index.bound_averages = index.lengths.averages();
        index.raise_bounds();
        index
    }
}

impl<D> TextIndex<D> {
    pub fn empty() -> TextIndex<D> {
        TextIndexBuilder::default().finish()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Every document, by position.
    pub fn docs(&self) -> &[D] {
        &self.docs
    }

    /// Bytes held by the words' entries, the bulk of the index.
    pub fn postings_bytes(&self) -> usize {
        self.terms.values().map(Postings::bytes).sum()
    }

    /// Gives `found` every document holding all of `terms` (every document when there are
    /// none), in ascending position, with its bm25 score (0 without terms).
    ///
    /// `within`, ascending positions, is a hint from the collection's own filters: a set holding
    /// every document the caller will keep (e.g. the offers of a département). The walk is
    /// driven by it when it is shorter than the rarest term's postings; documents outside it
    /// may still be given, so the caller filters what it is given.
    pub fn matches(&self, terms: &[String], within: Option<&[u32]>, mut found: impl FnMut(u32, f64)) {
        // Documents removed after `finish` are never given.
        let mut found = |doc, score| {
            if !self.lengths.is_removed(doc) {
                found(doc, score);
            }
        };
        if terms.is_empty() {
            match within {
                Some(docs) => docs.iter().for_each(|&doc| found(doc, 0.0)),
                None => (0..self.docs.len() as u32).for_each(|doc| found(doc, 0.0)),
            }
            return;
        }
        let mut lists = Vec::with_capacity(terms.len());
        for term in terms {
            let Some(postings) = self.terms.get(term.as_str()) else {
                return;
            };
            lists.push((postings, self.idf(postings)));
        }
        lists.sort_by_key(|(postings, _)| self.live_len(postings));
        let rarest = lists[0].0;
        let driver: Box<dyn Iterator<Item = u32>> = match within {
            Some(docs) if docs.len() < rarest.len() => Box::new(docs.iter().copied()),
            _ => rarest.positions(),
        };
        let mut probes: Vec<Probe> = lists.iter().map(|(postings, _)| postings.probe()).collect();
        let mut at = vec![0; lists.len()];
        'docs: for doc in driver {
            for (probe, at) in probes.iter_mut().zip(&mut at) {
                match probe.find(doc) {
                    Probed::At(place) => *at = place,
                    Probed::Missing => continue 'docs,
                    Probed::Exhausted => break 'docs,
                }
            }
            let score = self.bm25(
                doc,
                lists.iter().zip(&at).map(|((p, idf), at)| (p.frequency(*at), *idf)),
            );
            found(doc, score);
        }
    }

    /// The first `limit` documents holding all of `terms`, best match first (then in the order
    /// they were added), with their scores, and how many match in all.
    pub fn search(&self, terms: &[String], limit: usize) -> (Vec<(&D, f64)>, u64) {
        let mut best = Best::new(limit);
        self.matches(terms, None, |doc, score| best.offer(Scored { score, doc }));
        let (page, total) = best.finish();
        let page = page
            .into_iter()
            .map(|s| (&self.docs[s.doc as usize], s.score))
            .collect();
        (page, total)
    }

    /// bm25 of one document for a search's words, each given as (its frequency in the
    /// document, its idf).
    fn bm25(&self, doc: u32, terms: impl Iterator<Item = (Frequency, f64)>) -> f64 {
        terms.map(|(frequency, idf)| idf * self.impact(doc, frequency)).sum()
    }

    /// A word's part of a document's bm25 without its idf: what the words' bounds hold
    /// (`Postings::raise_bound`), valid whatever the idf becomes as documents come and go.
    /// Documents added or removed after [`TextIndexBuilder::finish`] move every norm: the bounds
    /// are then read times [`TextIndex::bound_scale`].
    pub fn impact(&self, doc: u32, frequency: Frequency) -> f64 {
        impact_with(frequency, self.title_norm[doc as usize], self.body_norm[doc as usize])
    }

    /// Every word's bounds, from every document's impact: once, when the lengths are known.
    fn raise_bounds(&mut self) {
        let mut terms = std::mem::take(&mut self.terms);
        for postings in terms.values_mut() {
            let impacts: Vec<(u32, f64)> = postings
                .positions()
                .enumerate()
                .map(|(at, doc)| (doc, self.impact(doc, postings.frequency(at))))
                .collect();
            impacts
                .into_iter()
                .for_each(|(doc, impact)| postings.raise_bound(doc, impact));
        }
        self.terms = terms;
    }
}

/// A word's part of bm25 without its idf, for a document whose lengths give these norms.
fn impact_with(frequency: Frequency, title_norm: f32, body_norm: f32) -> f64 {
    let weight = |tf: u8, norm: f32| {
        let tf = f64::from(tf);
        tf * (K1 + 1.0) / (tf + f64::from(norm))
    };
    TITLE_WEIGHT * weight(frequency.title(), title_norm) + weight(frequency.body(), body_norm)
}

/// bm25's weight of a word held by `df` of `n` documents.
fn idf(n: usize, df: usize) -> f64 {
    let (n, df) = (n as f64, df as f64);
    // FTS5's floor: a word in more than half the documents still counts a little.
    ((n - df + 0.5) / (df + 0.5)).ln().max(1e-6)
}

/// A match by its score alone: higher first, then the earlier added.
#[derive(Debug, Clone, Copy)]
struct Scored {
    score: f64,
    doc: u32,
}

impl Ord for Scored {
    fn cmp(&self, other: &Scored) -> Ordering {
        other.score.total_cmp(&self.score).then(self.doc.cmp(&other.doc))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Scored) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Scored {
    fn eq(&self, other: &Scored) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Scored {}

/// The first `limit` matches in their order (the lowest first), kept while the matches stream
/// by, and how many there were: a common word matches most of a collection, and only a page
/// is wanted.
pub struct Best<T> {
    limit: usize,
    /// The worst kept on top.
    heap: BinaryHeap<T>,
    seen: u64,
}

impl<T: Ord> Best<T> {
    pub fn new(limit: usize) -> Best<T> {
        Best {
            limit,
            heap: BinaryHeap::with_capacity(limit.min(1024) + 1),
            seen: 0,
        }
    }

    pub fn offer(&mut self, item: T) {
        self.seen += 1;
        if self.heap.len() < self.limit {
            self.heap.push(item);
        } else if self.heap.peek().is_some_and(|worst| item < *worst) {
            self.heap.pop();
            self.heap.push(item);
        }
    }

    /// The last kept, once `limit` are: what a match must beat to enter.
    pub fn worst(&self) -> Option<&T> {
        (self.heap.len() >= self.limit).then(|| self.heap.peek()).flatten()
    }

    /// The kept matches, first first, and how many were offered.
    pub fn finish(self) -> (Vec<T>, u64) {
        (self.heap.into_sorted_vec(), self.seen)
    }
}
