//! A search's count and its best page, walked apart: a common word is in most documents, and
//! scoring each of them to keep twenty cost more than everything else of a search (issue 24).
//!
//! The count only intersects (bitmap words ANDed, lists probed) and asks the caller whether
//! each document passes its filters. The page walks the same documents by blocks of
//! [`BLOCK`] positions and skips every block whose bound (each word's highest impact in the
//! block, times its idf) is below the worst score kept: block-max pruning, exact by
//! construction. A block whose bound equals that score is walked, since one of its documents
//! may tie and win on the caller's tie-break.

use std::cell::Cell;
use std::cmp::Ordering;

use super::postings::{BLOCK, Postings, Probe, Probed, positions};
use super::{Best, TextIndex};

/// A ranked match: higher score first, then lower `tie` (the caller's order among equals).
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub score: f64,
    pub tie: u32,
    pub doc: u32,
}

impl Ord for Hit {
    fn cmp(&self, other: &Hit) -> Ordering {
        other.score.total_cmp(&self.score).then(self.tie.cmp(&other.tie))
    }
}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Hit) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Hit {
    fn eq(&self, other: &Hit) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Hit {}

/// A bound's margin against rounding: the bound and the score add the same products in
/// different orders.
const MARGIN: f64 = 1e-9;

impl<D> TextIndex<D> {
    /// The search's words' postings with their idf, rarest first; `None` when a word is in
    /// no document.
    fn lists(&self, terms: &[String]) -> Option<Vec<(&Postings, f64)>> {
        // Documents removed since the load count neither in the idf nor in the order, as in
        // `TextIndex::matches`; the caller's filters never admit them.
        let mut lists = terms
            .iter()
            .map(|term| self.terms.get(term.as_str()).map(|p| (p, self.idf(p))))
            .collect::<Option<Vec<_>>>()?;
        lists.sort_by_key(|(postings, _)| self.live_len(postings));
        Some(lists)
    }

    /// How many documents hold every one of `terms` (at least one) and pass `admit`, without
    /// scoring any.
    pub fn count(&self, terms: &[String], mut admit: impl FnMut(u32) -> bool) -> u64 {
        let Some(lists) = self.lists(terms) else { return 0 };
        let mut count = 0;
        self.walk(&lists, false, |_| true, |doc, _| count += u64::from(admit(doc)));
        count
    }

    /// The `limit` best documents holding every one of `terms` (at least one) among those
    /// `tie` admits (`Some` of their rank among equal scores), best first: the page of
    /// [`TextIndex::matches`]' scores, without scoring the blocks that cannot reach it.
    pub fn best(&self, terms: &[String], limit: usize, mut tie: impl FnMut(u32) -> Option<u32>) -> Vec<Hit> {
        let Some(lists) = self.lists(terms) else {
            return Vec::new();
        };
        let mut best = Best::new(limit);
        // The bounds hold for the lengths they were computed with (`bound_scale`).
        let scale = self.bound_scale();
        // The worst score kept once the page is full: a block bounded below it is skipped.
        let threshold = Cell::new(f64::NEG_INFINITY);
        self.walk(
            &lists,
            true,
            |block| {
                let bound: f64 = lists
                    .iter()
                    .map(|(postings, idf)| idf * f64::from(postings.block_bound(block)))
                    .sum::<f64>()
                    * scale;
                bound * (1.0 + MARGIN) >= threshold.get()
            },
            |doc, at| {
                let Some(tie) = tie(doc) else { return };
                let frequencies = lists.iter().zip(at).map(|((p, idf), at)| (p.frequency(*at), *idf));
                let hit = Hit {
                    score: self.bm25(doc, frequencies),
                    tie,
                    doc,
                };
                best.offer(hit);
                if let Some(worst) = best.worst() {
                    threshold.set(worst.score);
                }
            },
        );
        best.finish().0
    }

    /// Gives `found` every document holding all of `lists` in a block that `open` accepts
    /// (asked before each block of [`BLOCK`] positions, in order), ascending, with where each
    /// list holds it when `places` asks for them (to score; a count needs none).
    fn walk<'a>(
        &self, lists: &[(&'a Postings, f64)], places: bool, mut open: impl FnMut(usize) -> bool,
        mut found: impl FnMut(u32, &[usize]),
    ) {
        let mut probes: Vec<Probe<'a>> = lists.iter().map(|(postings, _)| postings.probe()).collect();
        let mut at = vec![0; lists.len()];
        let rarest = lists[0].0;
        if lists.iter().all(|(postings, _)| postings.block_word(0).is_some()) {
            // Every word a bitmap: a block's documents are the AND of its words.
            let blocks = self.docs.len().div_ceil(BLOCK as usize);
            'blocks: for block in 0..blocks {
                let mut word = u64::MAX;
                for (postings, _) in lists {
                    word &= postings.block_word(block).unwrap_or(0);
                    if word == 0 {
                        continue 'blocks;
                    }
                }
                if !open(block) {
                    continue;
                }
                for doc in positions(&[word]).map(|bit| block as u32 * BLOCK + bit) {
                    for (probe, at) in probes.iter_mut().zip(&mut at).filter(|_| places) {
                        if let Probed::At(place) = probe.find(doc) {
                            *at = place;
                        }
                    }
                    found(doc, &at);
                }
            }
            return;
        }
        let mut block = usize::MAX;
        let mut skipped = false;
        'docs: for doc in rarest.positions() {
            if (doc / BLOCK) as usize != block {
                block = (doc / BLOCK) as usize;
                skipped = false;
            }
            if skipped {
                continue;
            }
            for (probe, at) in probes.iter_mut().zip(&mut at) {
                match probe.find(doc) {
                    Probed::At(place) => *at = place,
                    Probed::Missing => continue 'docs,
                    Probed::Exhausted => break 'docs,
                }
            }
            if !open(block) {
                skipped = true;
                continue;
            }
            found(doc, &at);
        }
    }
}
