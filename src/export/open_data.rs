//! The programme's open data (issue 26): datasets of published figures, exported as CSV and
//! JSON with a documented schema (Table Schema), under the Licence Ouverte 2.0 (Etalab).
//!
//! The shared shape: the observatory and the public statistics each describe their figures as
//! [`Dataset`]s; this module renders them. Counts of people arrive already protected
//! (`domain::disclosure`), so the files never hold more than the pages.

use crate::domain::statistics::Shown;

/// One dataset: a flat table whose rows are a few keys (dimensions) and one value.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// In the file names: `/donnees-ouvertes/{slug}.csv`.
    pub slug: &'static str,
    /// French, shown on the page and in the schema.
    pub title: String,
    pub description: String,
    pub dimensions: Vec<Dimension>,
    pub measure: Measure,
    pub rows: Vec<DataRow>,
    /// Counts of people, protected by the small-cell rule: hidden values are written "< 5" in
    /// the CSV and `null` with `"masque": true` in the JSON.
    pub protected: bool,
}

/// A key column (region, year, state…).
#[derive(Debug, Clone)]
pub struct Dimension {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

/// The value column.
#[derive(Debug, Clone)]
pub struct Measure {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

/// One row: a key per dimension, in order, and the value.
#[derive(Debug, Clone)]
pub struct DataRow {
    pub keys: Vec<String>,
    pub value: Shown,
}
