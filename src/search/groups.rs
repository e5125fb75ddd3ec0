//! The walk of an expanded search (`domain::query_words`): each word a group of alternatives,
//! any of which may match, every group required. A search whose words are all single stems
//! keeps the plain intersection of [`TextIndex::matches`].

use super::TextIndex;
use super::postings::{Postings, Probe, Probed, positions};
use crate::domain::query_words::{Group, Vocabulary};

impl<D> Vocabulary for TextIndex<D> {
    fn stems(&self) -> &[Box<str>] {
        &self.vocabulary
    }

    fn frequency(&self, stem: &str) -> usize {
        self.terms.get(stem).map_or(0, |postings| self.live_len(postings))
    }
}

/// One alternative being walked: its stems' postings (the rarest first) and where each was
/// found in the current document.
struct Alternative<'a> {
    weight: f64,
    lists: Vec<(&'a Postings, f64)>,
    probes: Vec<Probe<'a>>,
    at: Vec<usize>,
    /// No document from here on matches it.
    done: bool,
}

impl<'a> Alternative<'a> {
    fn find(&mut self, doc: u32) -> Probed {
        for (probe, at) in self.probes.iter_mut().zip(&mut self.at) {
            match probe.find(doc) {
                Probed::At(place) => *at = place,
                missing => return missing,
            }
        }
        Probed::At(0)
    }
}

impl<D> TextIndex<D> {
    /// Gives `found` every document matching every group (every document when there are
    /// none), ascending, with its score: for each group, the best of its alternatives' bm25
    /// times their weight. `within` is the same hint as [`TextIndex::matches`]'s.
    pub fn matches_groups(&self, groups: &[Group], within: Option<&[u32]>, found: impl FnMut(u32, f64)) {
        let single: Option<Vec<String>> = groups.iter().map(|g| g.single_stem().map(str::to_string)).collect();
        match single {
            Some(terms) => self.matches(&terms, within, found),
            None => self.walk_groups(groups, within, found),
        }
    }

    fn walk_groups(&self, groups: &[Group], within: Option<&[u32]>, mut found: impl FnMut(u32, f64)) {
        let n = self.docs.len();
        // Documents removed after `finish` are never given.
        let mut found = |doc, score| {
            if !self.lengths.is_removed(doc) {
                found(doc, score);
            }
        };
        let mut walks: Vec<Vec<Alternative>> = groups.iter().map(|group| self.alternatives(group)).collect();
        if walks.iter().any(Vec::is_empty) {
            return;
        }
        // Driven by the group whose alternatives hold the fewest documents, or by `within`.
        let size = |alternatives: &[Alternative]| -> usize { alternatives.iter().map(|a| a.lists[0].0.len()).sum() };
        let (driving, driver_size) = walks
            .iter()
            .enumerate()
            .map(|(i, alternatives)| (i, size(alternatives)))
            .min_by_key(|(_, size)| *size)
            .unwrap_or((0, 0));
        let union: Vec<u64>;
        let driver: Box<dyn Iterator<Item = u32>> = match (within, walks[driving].as_slice()) {
            (Some(docs), _) if docs.len() < driver_size => Box::new(docs.iter().copied()),
            (_, [only]) => only.lists[0].0.positions(),
            (_, alternatives) => {
                // A bitmap of the whole index: one pass over each list, whatever their overlap.
                let mut bitmap = vec![0u64; n.div_ceil(64)];
                alternatives.iter().for_each(|a| a.lists[0].0.add_to(&mut bitmap));
                union = bitmap;
                Box::new(positions(&union))
            }
        };
        'docs: for doc in driver {
            let mut score = 0.0;
            for alternatives in &mut walks {
                let mut best: Option<f64> = None;
                let mut open = false;
                for alternative in alternatives.iter_mut().filter(|a| !a.done) {
                    match alternative.find(doc) {
                        Probed::At(_) => {
                            open = true;
                            let frequencies = alternative.lists.iter().zip(&alternative.at);
                            let s = self.bm25(doc, frequencies.map(|((p, idf), at)| (p.frequency(*at), *idf)));
                            best = Some(best.map_or(s * alternative.weight, |b: f64| b.max(s * alternative.weight)));
                        }
                        Probed::Missing => open = true,
                        Probed::Exhausted => alternative.done = true,
                    }
                }
                match best {
                    Some(s) => score += s,
                    None if open => continue 'docs,
                    None => break 'docs,
                }
            }
            found(doc, score);
        }
    }

    /// A group's alternatives whose every stem the index holds.
    fn alternatives(&self, group: &Group) -> Vec<Alternative<'_>> {
        group
            .alternatives
            .iter()
            .filter(|alternative| !alternative.stems.is_empty())
            .filter_map(|alternative| {
                let mut lists = alternative
                    .stems
                    .iter()
                    .map(|stem| self.terms.get(stem.as_str()).map(|p| (p, self.idf(p))))
                    .collect::<Option<Vec<_>>>()?;
                lists.sort_by_key(|(postings, _)| self.live_len(postings));
                Some(Alternative {
                    weight: alternative.weight.0,
                    probes: lists.iter().map(|(postings, _)| postings.probe()).collect(),
                    at: vec![0; lists.len()],
                    lists,
                    done: false,
                })
            })
            .collect()
    }
}
