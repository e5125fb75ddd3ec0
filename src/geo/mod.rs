//! French communes, embedded in the binary: INSEE code, name, postal codes, département,
//! région, population and the town hall's coordinates, for the 101 départements (mainland,
//! Corsica and the five overseas départements).
//!
//! `communes.csv` is built by `scripts/communes` from two pinned packages (provenance and
//! licences in `communes.LICENCE.md`). It is parsed once, on first use; the table borrows its
//! strings from the embedded text, so it costs about 3 MB of memory and no allocation per name
//! besides the search key.
//!
//! This is geography's data; its rules (distances, what a visitor may type, regions and
//! départements) are `crate::domain::geo`.

pub mod map;
mod resolve;

pub use resolve::{Place, Resolution};

use std::sync::OnceLock;

use crate::domain::geo::{Point, name_key};

static CSV: &str = include_str!("communes.csv");

/// One commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    /// INSEE code: "73065".
    pub code: &'static str,
    pub name: &'static str,
    /// "73", "2A", "974".
    pub departement: &'static str,
    pub region: &'static str,
    /// Space-separated, the main one first: Paris has 21.
    postal_codes: &'static str,
    pub population: u32,
    /// The town hall (or, for the few without one, the centre of the commune).
    pub point: Point,
}

impl Commune {
    pub fn postal_codes(&self) -> impl Iterator<Item = &'static str> {
        self.postal_codes.split(' ')
    }

    pub fn postal_code(&self) -> &'static str {
        self.postal_codes.split(' ').next().unwrap_or_default()
    }

    /// "Chambéry (73000)": how suggestions and choices name a commune, and what the place field
    /// reads back without ambiguity.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.postal_code())
    }
}

/// The whole table and its two indexes.
pub struct Communes {
    /// By INSEE code.
    list: Vec<Commune>,
    /// (name key, index), by key then largest population first.
    by_key: Vec<(String, u32)>,
    /// (postal code, index), by postal code then largest population first.
    by_postal_code: Vec<(&'static str, u32)>,
}

/// The table, parsed on first use.
pub fn communes() -> &'static Communes {
    static TABLE: OnceLock<Communes> = OnceLock::new();
    TABLE.get_or_init(|| Communes::parse(CSV))
}

impl Communes {
    fn parse(text: &'static str) -> Communes {
        let mut list = Vec::with_capacity(35_000);
        for line in text.lines().skip(1) {
            let fields: Vec<&'static str> = line.split(';').collect();
            let [code, name, departement, region, postal_codes, population, lat, lon] = fields[..] else {
                panic!("communes.csv: malformed line {line}");
            };
            let degrees = |v: &str| v.parse::<f64>().expect("communes.csv: a coordinate");
            list.push(Commune {
                code,
                name,
                departement,
                region,
                postal_codes,
                population: population.parse().expect("communes.csv: a population"),
                point: Point::from_degrees(degrees(lat), degrees(lon)),
            });
        }
        list.sort_unstable_by_key(|c| c.code);
        let index = |i: usize| u32::try_from(i).expect("fewer than 4 billion communes");
        let mut by_key: Vec<(String, u32)> = list
            .iter()
            .enumerate()
            .map(|(i, c)| (name_key(c.name), index(i)))
            .collect();
        by_key.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then(list[b.1 as usize].population.cmp(&list[a.1 as usize].population))
        });
        let mut by_postal_code: Vec<(&'static str, u32)> = list
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.postal_codes().map(move |p| (p, index(i))))
            .collect();
        by_postal_code.sort_unstable_by(|a, b| {
            a.0.cmp(b.0)
                .then(list[b.1 as usize].population.cmp(&list[a.1 as usize].population))
        });
        Communes {
            list,
            by_key,
            by_postal_code,
        }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn all(&self) -> &[Commune] {
        &self.list
    }

    pub fn by_code(&self, code: &str) -> Option<&Commune> {
        self.list
            .binary_search_by(|c| c.code.cmp(code))
            .ok()
            .map(|i| &self.list[i])
    }

    /// The communes of a postal code, largest first.
    pub fn with_postal_code(&self, postal_code: &str) -> Vec<&Commune> {
        let start = self.by_postal_code.partition_point(|(p, _)| *p < postal_code);
        self.by_postal_code[start..]
            .iter()
            .take_while(|(p, _)| *p == postal_code)
            .map(|(_, i)| &self.list[*i as usize])
            .collect()
    }

    /// The communes whose name has this key ([`name_key`]), largest first.
    pub fn named(&self, key: &str) -> Vec<&Commune> {
        let start = self.by_key.partition_point(|(k, _)| k.as_str() < key);
        self.by_key[start..]
            .iter()
            .take_while(|(k, _)| k == key)
            .map(|(_, i)| &self.list[*i as usize])
            .collect()
    }

    /// Up to `limit` communes whose name key starts with `prefix`, largest first.
    pub fn starting_with(&self, prefix: &str, limit: usize) -> Vec<&Commune> {
        let start = self.by_key.partition_point(|(k, _)| k.as_str() < prefix);
        let mut found: Vec<&Commune> = self.by_key[start..]
            .iter()
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(_, i)| &self.list[*i as usize])
            .collect();
        found.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(b.name)));
        found.truncate(limit);
        found
    }

    /// Suggestions for what is being typed in the place field: communes by the start of their
    /// name, or by the start of a postal code.
    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<&Commune> {
        let typed = typed.trim();
        if !typed.is_empty() && typed.len() <= 5 && typed.bytes().all(|b| b.is_ascii_digit()) {
            let start = self.by_postal_code.partition_point(|(p, _)| *p < typed);
            let mut seen = Vec::new();
            for (p, i) in &self.by_postal_code[start..] {
                if !p.starts_with(typed) || seen.len() == limit {
                    break;
                }
                if !seen.contains(i) {
                    seen.push(*i);
                }
            }
            return seen.into_iter().map(|i| &self.list[i as usize]).collect();
        }
        let key = name_key(typed);
        if key.chars().count() < 2 {
            return Vec::new();
        }
        self.starting_with(&key, limit)
    }

    /// Where an establishment is: the commune of its postal code with its name, else the
    /// commune of that name in its département, else the largest commune of its postal code.
    /// `None` when nothing fits (the offer then appears in no search around a place).
    pub fn locate(&self, postal_code: &str, commune: &str, departement: &str) -> Option<&Commune> {
        let key = name_key(commune);
        let by_postal_code = self.with_postal_code(postal_code);
        by_postal_code
            .iter()
            .find(|c| name_key(c.name) == key)
            .copied()
            .or_else(|| self.named(&key).into_iter().find(|c| c.departement == departement))
            .or_else(|| by_postal_code.first().copied())
    }

    /// The centre of each département's communes (by number, not population), for the few
    /// places that need one point per département.
    pub fn departement_centres(&self) -> Vec<(&'static str, Point)> {
        let mut sums: Vec<(&'static str, f64, f64, u32)> = Vec::new();
        for c in &self.list {
            match sums.iter_mut().find(|s| s.0 == c.departement) {
                Some(s) => {
                    s.1 += c.point.lat();
                    s.2 += c.point.lon();
                    s.3 += 1;
                }
                None => sums.push((c.departement, c.point.lat(), c.point.lon(), 1)),
            }
        }
        sums.into_iter()
            .map(|(d, lat, lon, n)| (d, Point::from_degrees(lat / f64::from(n), lon / f64::from(n))))
            .collect()
    }
}

#[cfg(test)]
mod tests;
