//! Where one stem appears: the documents holding it and how often, in as little memory as the
//! word's frequency allows.
//!
//! A rare word keeps a sorted list of document positions (4 bytes each); a word in more than
//! one document in 32 keeps a bitmap instead (one bit per document of the index, whether it
//! holds the word or not), which is smaller then, and answers "does this document hold it?" in
//! one step instead of a search. With the French fiches' vocabulary most of the offers' index
//! entries are in such common words (bench/RESULTS.md).

use std::hash::{BuildHasherDefault, Hasher};

/// How often a word appears in a document, in one byte: the title's count (up to 3) in the two
/// high bits, the body's (up to 63) in the others. bm25 barely moves beyond such counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frequency(u8);

impl Frequency {
    pub fn new(title: u32, body: u32) -> Frequency {
        Frequency(((title.min(3) as u8) << 6) | body.min(63) as u8)
    }

    pub fn title(self) -> u8 {
        self.0 >> 6
    }

    pub fn body(self) -> u8 {
        self.0 & 63
    }
}

#[derive(Clone)]
enum Docs {
    /// Ascending positions.
    Sparse(Vec<u32>),
    /// Bit `p % 64` of word `p / 64` is set for position `p`; `ranks[w]` counts the bits set in
    /// the words before `w`, so that a document's place among the word's documents is known at once.
    Dense { words: Vec<u64>, ranks: Vec<u32> },
}

#[derive(Clone)]
pub struct Postings {
    docs: Docs,
    /// One per document holding the word, in position order.
    frequencies: Vec<Frequency>,
    /// The highest impact (a document's bm25 for the word without its idf, which moves with
    /// the collection) of any document holding the word: what a ranked walk may skip by.
    max_impact: f32,
    /// A bitmap's highest impact per [`BLOCK`] positions (a list's is `max_impact`): the
    /// common words are where skipping pays. Missing at the end: `max_impact`.
    block_impacts: Vec<f32>,
}

impl Default for Postings {
    fn default() -> Self {
        Postings {
            docs: Docs::Sparse(Vec::new()),
            frequencies: Vec::new(),
            max_impact: 0.0,
            block_impacts: Vec::new(),
        }
    }
}

/// Positions per block of [`Postings::block_bound`]: one word of a bitmap.
pub const BLOCK: u32 = 64;

/// Below this many documents a list is always kept: a bitmap of a small index is not worth it.
const MIN_DENSE: usize = 64;

impl Postings {
    /// Adds a document, at a position above every position added before.
    pub fn push(&mut self, doc: u32, frequency: Frequency) {
        match &mut self.docs {
            Docs::Sparse(list) => {
                list.push(doc);
                // A list is worth a bitmap once it takes more room than one of every document so far.
                if list.len() >= MIN_DENSE && list.len() * 32 > doc as usize {
                    self.docs = Docs::Dense {
                        words: bitmap(list),
                        ranks: Vec::new(),
                    };
                }
            }
            Docs::Dense { words, .. } => set(words, doc),
        }
        self.frequencies.push(frequency);
    }

    /// Adds the documents of another builder's postings, each at its position plus `offset`,
    /// above every position added before: the same as pushing them one by one, so that the
    /// lists and bitmaps come out as a sequential build makes them.
    pub fn append(&mut self, other: &Postings, offset: u32) {
        for (doc, &frequency) in other.positions().zip(&other.frequencies) {
            self.push(doc + offset, frequency);
        }
    }

    /// Once every document is added (`count` of them): the final form, and the ranks of a bitmap.
    pub fn finish(&mut self, count: usize) {
        if let Docs::Dense { words, .. } = &self.docs
            && self.frequencies.len() * 32 <= count
        {
            // Common early, rare in the end: a list is smaller.
            self.docs = Docs::Sparse(positions(words).collect());
        }
        match &mut self.docs {
            Docs::Sparse(list) => list.shrink_to_fit(),
            Docs::Dense { words, ranks } => {
                words.resize(count.div_ceil(64), 0);
                words.shrink_to_fit();
                let mut seen = 0u32;
                *ranks = words
                    .iter()
                    .map(|w| {
                        let before = seen;
                        seen += w.count_ones();
                        before
                    })
                    .collect();
            }
        }
        self.frequencies.shrink_to_fit();
        self.max_impact = 0.0;
        self.block_impacts = match &self.docs {
            Docs::Dense { words, .. } => vec![0.0; words.len()],
            Docs::Sparse(_) => Vec::new(),
        };
    }

    /// Raises the bounds of `doc`'s block to its impact for the word: for every document once
    /// the index's lengths are known (`TextIndexBuilder::finish`), and for each document added
    /// after, so that a bound is never below what a document of its block scores. Impacts are
    /// rounded up to `f32`, never down.
    pub fn raise_bound(&mut self, doc: u32, impact: f64) {
        let mut up = impact as f32;
        if f64::from(up) < impact {
            up = up.next_up();
        }
        if let Docs::Dense { .. } = self.docs {
            let block = (doc / BLOCK) as usize;
            if self.block_impacts.len() <= block {
                // Blocks not computed yet (a list that became a bitmap) keep the word's bound.
                self.block_impacts.resize(block + 1, self.max_impact);
            }
            self.block_impacts[block] = self.block_impacts[block].max(up);
        }
        self.max_impact = self.max_impact.max(up);
    }

    /// The highest impact a document of block `block` may have for the word.
    pub fn block_bound(&self, block: usize) -> f32 {
        self.block_impacts.get(block).copied().unwrap_or(self.max_impact)
    }

    /// A bitmap's word of 64 positions (`None` for a list).
    pub fn block_word(&self, block: usize) -> Option<u64> {
        match &self.docs {
            Docs::Dense { words, .. } => Some(words.get(block).copied().unwrap_or(0)),
            Docs::Sparse(_) => None,
        }
    }

    /// Adds a document after [`Postings::finish`], at a position above every position added
    /// before: a bitmap grows and gets the ranks of its new words, so that it reads as if the
    /// document had been there when it was finished.
    pub fn push_after_finish(&mut self, doc: u32, frequency: Frequency) {
        match &mut self.docs {
            Docs::Sparse(list) => list.push(doc),
            Docs::Dense { words, ranks } => {
                let word = doc as usize / 64;
                while ranks.len() <= word {
                    let before = ranks
                        .len()
                        .checked_sub(1)
                        .map_or(0, |w| ranks[w] + words.get(w).map_or(0, |bits| bits.count_ones()));
                    ranks.push(before);
                }
                set(words, doc);
            }
        }
        self.frequencies.push(frequency);
    }

    /// How many of the word's documents are set in `bitmap` (one bit per position).
    pub fn count_in(&self, bitmap: &[u64]) -> usize {
        match &self.docs {
            Docs::Sparse(list) => list
                .iter()
                .filter(|&&doc| {
                    bitmap
                        .get(doc as usize / 64)
                        .is_some_and(|w| w & (1 << (doc % 64)) != 0)
                })
                .count(),
            Docs::Dense { words, .. } => words
                .iter()
                .zip(bitmap)
                .map(|(a, b)| (a & b).count_ones() as usize)
                .sum(),
        }
    }

    /// How many documents hold the word.
    pub fn len(&self) -> usize {
        self.frequencies.len()
    }

    pub fn frequency(&self, at: usize) -> Frequency {
        self.frequencies[at]
    }

    /// The positions holding the word, ascending.
    pub fn positions(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match &self.docs {
            Docs::Sparse(list) => Box::new(list.iter().copied()),
            Docs::Dense { words, .. } => Box::new(positions(words)),
        }
    }

    #[cfg(test)]
    pub fn is_dense(&self) -> bool {
        matches!(self.docs, Docs::Dense { .. })
    }

    /// A reader that finds documents in ascending order.
    pub fn probe(&self) -> Probe<'_> {
        match &self.docs {
            Docs::Sparse(list) => Probe::Sparse { docs: list, at: 0 },
            Docs::Dense { words, ranks } => Probe::Dense { words, ranks },
        }
    }

    /// Sets the bits of the documents holding the word in a bitmap of the whole index.
    pub fn add_to(&self, bitmap: &mut [u64]) {
        match &self.docs {
            Docs::Sparse(list) => list
                .iter()
                .for_each(|&doc| bitmap[doc as usize / 64] |= 1 << (doc % 64)),
            Docs::Dense { words, .. } => bitmap.iter_mut().zip(words).for_each(|(into, word)| *into |= word),
        }
    }

    /// Bytes held, for the benchmark's account of memory.
    pub fn bytes(&self) -> usize {
        let docs = match &self.docs {
            Docs::Sparse(list) => list.capacity() * 4,
            Docs::Dense { words, ranks } => words.capacity() * 8 + ranks.capacity() * 4,
        };
        docs + self.frequencies.capacity() + self.block_impacts.capacity() * 4
    }
}

pub fn set(words: &mut Vec<u64>, doc: u32) {
    let word = doc as usize / 64;
    if words.len() <= word {
        words.resize(word + 1, 0);
    }
    words[word] |= 1 << (doc % 64);
}

fn bitmap(list: &[u32]) -> Vec<u64> {
    let mut words = Vec::new();
    for &doc in list {
        set(&mut words, doc);
    }
    words
}

/// The positions of a bitmap's bits, ascending.
pub fn positions(words: &[u64]) -> impl Iterator<Item = u32> + '_ {
    words.iter().enumerate().flat_map(|(w, &word)| {
        let mut bits = word;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let bit = bits.trailing_zeros();
                bits &= bits - 1;
                w as u32 * 64 + bit
            })
        })
    })
}

/// Finds documents among a word's, asked in ascending order.
pub enum Probe<'a> {
    /// Walks the list forward, skipping ahead by galloping: intersecting a list of 2,000 with
    /// one of 30,000 costs about 2,000 × log(15) steps, not 32,000.
    Sparse {
        docs: &'a [u32],
        at: usize,
    },
    Dense {
        words: &'a [u64],
        ranks: &'a [u32],
    },
}

/// What a probe found.
#[derive(Debug, PartialEq, Eq)]
pub enum Probed {
    /// The document holds the word; its frequency is at this place.
    At(usize),
    Missing,
    /// No document at or after this one holds the word.
    Exhausted,
}

impl Probe<'_> {
    /// Whether `doc` holds the word; `doc` must not be below the one asked before.
    pub fn find(&mut self, doc: u32) -> Probed {
        match self {
            Probe::Sparse { docs, at } => {
                let rest = &docs[*at..];
                let mut step = 1;
                while step < rest.len() && rest[step] < doc {
                    step *= 2;
                }
                let window = &rest[step / 2..rest.len().min(step + 1)];
                *at += step / 2 + window.partition_point(|&d| d < doc);
                match docs.get(*at) {
                    None => Probed::Exhausted,
                    Some(&d) if d == doc => Probed::At(*at),
                    Some(_) => Probed::Missing,
                }
            }
            Probe::Dense { words, ranks } => {
                let (w, bit) = (doc as usize / 64, doc % 64);
                match words.get(w) {
                    None => Probed::Exhausted,
                    Some(word) if word & (1 << bit) != 0 => {
                        let below = word & ((1u64 << bit) - 1);
                        Probed::At((ranks[w] + below.count_ones()) as usize)
                    }
                    Some(_) => Probed::Missing,
                }
            }
        }
    }
}

/// FNV-1a: the index hashes every word of every document while loading, and the standard hasher
/// (SipHash, made to resist crafted keys) took most of that time. The keys are the stems of
/// the documents, which the public does not choose; a search only looks words up.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests;
