//! Counts of people published in a two-way table with its margins (region × year, cohort ×
//! state…), protected so that no count from 1 to 4 can be read or computed back (issue 26).
//!
//! The contract shared by the observatory and the open-data exports: the pages and the files
//! show exactly what [`protect`] returns, so a figure hidden on a page is hidden in the data too.

use super::statistics::{Shown, small_count};

/// A table of counts of people, before protection: `cells[row][column]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<u64>>,
}

/// What may be published of a [`Table`]: each cell, each row's and column's total, and the
/// grand total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub cells: Vec<Vec<Shown>>,
    pub row_totals: Vec<Shown>,
    pub column_totals: Vec<Shown>,
    pub total: Shown,
}

/// Hides every small count and enough others that none can be computed back from the totals.
///
/// Placeholder of the shared signature: primary suppression only, to be replaced by the
/// secondary suppression of the open-data work.
pub fn protect(table: &Table) -> Protected {
    let row_sums: Vec<u64> = table.cells.iter().map(|row| row.iter().sum()).collect();
    let column_sums: Vec<u64> = (0..table.columns.len())
        .map(|c| table.cells.iter().map(|row| row.get(c).copied().unwrap_or(0)).sum())
        .collect();
    Protected {
        cells: table
            .cells
            .iter()
            .map(|row| row.iter().map(|n| small_count(*n)).collect())
            .collect(),
        row_totals: row_sums.iter().map(|n| small_count(*n)).collect(),
        column_totals: column_sums.iter().map(|n| small_count(*n)).collect(),
        total: small_count(row_sums.iter().sum()),
    }
}
