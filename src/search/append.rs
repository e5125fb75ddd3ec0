//! Documents appended to and removed from a finished [`TextIndex`], so that a collection that
//! changes a little (an offer published, another closed) is updated in place instead of being
//! built again. Searches then answer exactly as an index built from the remaining documents
//! would: a removed document is never given, and bm25 counts only the documents that remain
//! (their number, each word's, their average lengths).
//!
//! A removed document keeps its position (positions are numbers everywhere else); an appended
//! one takes the next, so that every list stays in ascending order.

use super::postings::{FastMap, Frequency, Postings, set};
use super::{B, K1, TextIndex, idf};

/// The lengths of every document's title and body, and what remains of them.
#[derive(Clone, Default)]
pub(super) struct Lengths {
    title: Vec<u16>,
    body: Vec<u16>,
    /// A bit per position removed; empty while none was.
    removed: Vec<u64>,
    /// Documents not removed, and the sums of their lengths.
    live: usize,
    title_total: u64,
    body_total: u64,
}

impl Lengths {
    pub(super) fn new(title: Vec<u16>, body: Vec<u16>) -> Lengths {
        let sum = |lengths: &[u16]| lengths.iter().map(|&l| u64::from(l)).sum();
        Lengths {
            live: title.len(),
            title_total: sum(&title),
            body_total: sum(&body),
            title,
            body,
            removed: Vec::new(),
        }
    }

    pub(super) fn is_removed(&self, doc: u32) -> bool {
        self.removed
            .get(doc as usize / 64)
            .is_some_and(|word| word & (1 << (doc % 64)) != 0)
    }

    /// The average title and body lengths of the documents that remain.
    pub(super) fn averages(&self) -> (f64, f64) {
        let live = self.live.max(1) as f64;
        let average = |total: u64| (total as f64 / live).max(1.0);
        (average(self.title_total), average(self.body_total))
    }

    fn of(&self, doc: u32) -> (u16, u16) {
        (self.title[doc as usize], self.body[doc as usize])
    }

    fn push(&mut self, title: u16, body: u16) {
        self.title.push(title);
        self.body.push(body);
        self.live += 1;
        self.title_total += u64::from(title);
        self.body_total += u64::from(body);
    }
}

/// Each stem of a document's title and body with its counts in each, and the two lengths.
pub(super) fn counted<'a>(title_terms: &'a str, body_terms: &'a str) -> (FastMap<&'a str, (u32, u32)>, u16, u16) {
    let mut counts: FastMap<&str, (u32, u32)> = FastMap::default();
    let mut title_len = 0u32;
    for term in title_terms.split_ascii_whitespace() {
        counts.entry(term).or_default().0 += 1;
        title_len += 1;
    }
    let mut body_len = 0u32;
    for term in body_terms.split_ascii_whitespace() {
        counts.entry(term).or_default().1 += 1;
        body_len += 1;
    }
    let clamp = |length: u32| u16::try_from(length).unwrap_or(u16::MAX);
    (counts, clamp(title_len), clamp(body_len))
}

impl<D> TextIndex<D> {
    /// Adds a document after `finish`; returns its position. Call [`TextIndex::refresh_norms`]
    /// once the batch of changes is done, before searching.
    pub fn append(&mut self, doc: D, title_terms: &str, body_terms: &str) -> u32 {
        let position = u32::try_from(self.docs.len()).expect("fewer than 4 billion documents");
        let (counts, title_len, body_len) = counted(title_terms, body_terms);
        for (&term, &(title, body)) in &counts {
            let postings = match self.terms.get_mut(term) {
                Some(postings) => postings,
                None => {
                    let at = self.vocabulary.partition_point(|s| &**s < term);
                    self.vocabulary.insert(at, term.into());
                    let mut postings = Postings::default();
                    postings.finish(0);
                    self.terms.entry(term.into()).or_insert(postings)
                }
            };
            postings.push_after_finish(position, Frequency::new(title, body));
        }
        self.lengths.push(title_len, body_len);
        self.docs.push(doc);
        let terms: Vec<(&str, Frequency)> = counts
            .iter()
            .map(|(term, &(title, body))| (*term, Frequency::new(title, body)))
            .collect();
        self.raise_appended_bounds(position, &terms);
        position
    }

    /// Takes a document out of every search from now on; its position stays taken. Call
    /// [`TextIndex::refresh_norms`] once the batch of changes is done, before searching.
    pub fn remove(&mut self, doc: u32) {
        let lengths = &mut self.lengths;
        if doc as usize >= self.docs.len() || lengths.is_removed(doc) {
            return;
        }
        set(&mut lengths.removed, doc);
        lengths.live -= 1;
        lengths.title_total -= u64::from(lengths.title[doc as usize]);
        lengths.body_total -= u64::from(lengths.body[doc as usize]);
    }

    /// bm25's length term of each document, `K1 × (1 − B + B × length ÷ average length)`, for
    /// the average of the documents that remain.
    pub fn refresh_norms(&mut self) {
        let lengths = &self.lengths;
        let norms = |each: &[u16], total: u64| -> Vec<f32> {
            let average = (total as f64 / lengths.live.max(1) as f64).max(1.0);
            each.iter()
                .map(|&l| (K1 * (1.0 - B + B * f64::from(l) / average)) as f32)
                .collect()
        };
        self.title_norm = norms(&lengths.title, lengths.title_total);
        self.body_norm = norms(&lengths.body, lengths.body_total);
    }

    /// What the words' bounds are multiplied by for the averages of now: at least 1, and at
    /// least how much each average grew since the bounds were computed.
    ///
    /// Why it is enough: a norm is `K1 × (1 − B) + K1 × B × length ÷ average`, so when the
    /// average grows by a factor `g` every norm shrinks by at most `g`, and a word's weight
    /// `tf × (K1 + 1) ÷ (tf + norm)` grows by at most `g`; when it shrinks, weights only fall.
    pub(super) fn bound_scale(&self) -> f64 {
        let (title, body) = self.lengths.averages();
        let (title_then, body_then) = self.bound_averages;
        // The norms are rounded to f32: a margin far above their rounding.
        (title / title_then).max(body / body_then).max(1.0) * (1.0 + 1e-5)
    }

    /// Raises the bounds of a document appended after `finish`, its impacts taken with the
    /// averages of now and brought back to those of the bounds: when the averages shrank since,
    /// a later [`TextIndex::bound_scale`] would cover less growth than this document may see.
    fn raise_appended_bounds(&mut self, doc: u32, terms: &[(&str, Frequency)]) {
        let (title, body) = self.lengths.averages();
        let (title_then, body_then) = self.bound_averages;
        let back = (title_then / title).max(body_then / body).max(1.0);
        let (title_len, body_len) = self.lengths.of(doc);
        let norm = |length: u16, average: f64| (K1 * (1.0 - B + B * f64::from(length) / average)) as f32;
        let (title_norm, body_norm) = (norm(title_len, title), norm(body_len, body));
        for (term, frequency) in terms {
            let impact = super::impact_with(*frequency, title_norm, body_norm) * back;
            if let Some(postings) = self.terms.get_mut(*term) {
                postings.raise_bound(doc, impact);
            }
        }
    }

    /// How many documents that remain hold the word.
    pub(super) fn live_len(&self, postings: &Postings) -> usize {
        if self.lengths.removed.is_empty() {
            postings.len()
        } else {
            postings.len() - postings.count_in(&self.lengths.removed)
        }
    }

    /// bm25's weight of a word among the documents that remain.
    pub(super) fn idf(&self, postings: &Postings) -> f64 {
        idf(self.lengths.live, self.live_len(postings))
    }

    /// How many documents that remain hold a stem.
    pub fn holding(&self, term: &str) -> usize {
        self.terms.get(term).map_or(0, |postings| self.live_len(postings))
    }

    /// How many documents remain.
    pub fn live(&self) -> usize {
        self.lengths.live
    }
}
