//! Counts of people published in a two-way table with its margins (region × year, cohort ×
//! state…), protected so that no count from 1 to 4 can be read or computed back (issue 26).
//!
//! The contract shared by the observatory and the open-data exports: the pages and the files
//! show exactly what [`protect`] returns, so a figure hidden on a page is hidden in the data too.
//!
//! How it holds. Extend the table with its margins: a "total" row (the column totals) and a
//! "total" column (the row totals, the grand total in the corner). Every row and every column of
//! this extended grid is then one linear equation, and each hidden cell is an edge between its
//! row and its column. A hidden cell is computable from what is published exactly when it is a
//! bridge of that graph (on no cycle of hidden cells): along a cycle, adding and subtracting the
//! same amount in turn keeps every equation true. Every hidden cell here is non-zero, so a small
//! move along a cycle also keeps every count non-negative: bounds give nothing back either.

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

/// Hiding a total costs more than any inner cell: readers lose less when a cell goes.
const MARGIN_COST: u64 = 1 << 40;

/// Hides every small count and enough others that none can be computed back from the totals.
///
/// Primary suppression: every count from 1 to 4, margins included (zero reveals nobody). Then,
/// while a hidden cell lies on no cycle of hidden cells, the cheapest path that closes a cycle
/// through it is hidden too: the smallest non-zero cells, totals only when needed. Zero cells
/// are never hidden (a hidden zero could be bounded back to zero), and a path of non-zero cells
/// always exists: a non-zero cell, its row total, the grand total and its column total.
/// Deterministic: the same table always gives the same publication.
pub fn protect(table: &Table) -> Protected {
    let grid = Grid::new(table);
    let mut hidden: Vec<Vec<bool>> = grid
        .values
        .iter()
        .map(|row| row.iter().map(|n| small_count(*n) == Shown::UnderFive).collect())
        .collect();
    while let Some(bridge) = grid.first_bridge(&hidden) {
        let path = grid.cheapest_cycle_through(&hidden, bridge);
        if path.is_empty() {
            // Unreachable by the argument above; hide every non-zero count rather than loop.
            for (r, row) in grid.values.iter().enumerate() {
                for (c, n) in row.iter().enumerate() {
                    hidden[r][c] = *n > 0;
                }
            }
            break;
        }
        for (r, c) in path {
            hidden[r][c] = true;
        }
    }
    grid.publish(&hidden)
}

/// A table published whole, for counts that reveal nobody (offers are public one by one).
pub fn shown_whole(table: &Table) -> Protected {
    let grid = Grid::new(table);
    let hidden: Vec<Vec<bool>> = grid.values.iter().map(|row| vec![false; row.len()]).collect();
    grid.publish(&hidden)
}

/// The table with its margins: `values[rows][_]` are the column totals, `values[_][columns]`
/// the row totals, `values[rows][columns]` the grand total.
struct Grid {
    values: Vec<Vec<u64>>,
}

impl Grid {
    fn new(table: &Table) -> Grid {
        let columns = table.columns.len();
        let mut values: Vec<Vec<u64>> = (0..table.rows.len())
            .map(|r| {
                let mut row: Vec<u64> = (0..columns)
                    .map(|c| table.cells.get(r).and_then(|row| row.get(c)).copied().unwrap_or(0))
                    .collect();
                row.push(row.iter().sum());
                row
            })
            .collect();
        let totals: Vec<u64> = (0..=columns).map(|c| values.iter().map(|row| row[c]).sum()).collect();
        values.push(totals);
        Grid { values }
    }

    fn height(&self) -> usize {
        self.values.len()
    }

    fn width(&self) -> usize {
        self.values[0].len()
    }

    fn is_margin(&self, r: usize, c: usize) -> bool {
        r + 1 == self.height() || c + 1 == self.width()
    }

    /// The first hidden cell, in reading order, that no cycle of hidden cells goes through.
    fn first_bridge(&self, hidden: &[Vec<bool>]) -> Option<(usize, usize)> {
        (0..self.height())
            .flat_map(|r| (0..self.width()).map(move |c| (r, c)))
            .find(|&(r, c)| hidden[r][c] && !self.connected_without(hidden, (r, c)))
    }

    /// Whether row `r` still reaches column `c` through hidden cells other than `(r, c)`.
    /// Nodes: rows are `0..height`, columns `height..height + width`.
    fn connected_without(&self, hidden: &[Vec<bool>], (r, c): (usize, usize)) -> bool {
        let (height, width) = (self.height(), self.width());
        let mut seen = vec![false; height + width];
        let mut stack = vec![r];
        seen[r] = true;
        while let Some(node) = stack.pop() {
            // A row's neighbours are the columns and a column's the rows.
            let others = if node < height {
                height..height + width
            } else {
                0..height
            };
            for next in others {
                let cell = if node < height {
                    (node, next - height)
                } else {
                    (next, node - height)
                };
                if !seen[next] && cell != (r, c) && hidden[cell.0][cell.1] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        seen[height + c]
    }

    /// The cells still shown on the cheapest path from row `r` to column `c` that avoids
    /// `(r, c)`: hidden cells cost nothing, a shown cell its count (plus a premium for a total),
    /// zero cells are not used. Dijkstra on the dense bipartite graph; ties go to the lowest
    /// node, so the result is deterministic.
    fn cheapest_cycle_through(&self, hidden: &[Vec<bool>], (r, c): (usize, usize)) -> Vec<(usize, usize)> {
        let (height, width) = (self.height(), self.width());
        let nodes = height + width;
        let mut cost = vec![u64::MAX; nodes];
        let mut previous = vec![usize::MAX; nodes];
        let mut done = vec![false; nodes];
        cost[r] = 0;
        while let Some(node) = (0..nodes)
            .filter(|n| !done[*n] && cost[*n] < u64::MAX)
            .min_by_key(|n| cost[*n])
        {
            done[node] = true;
            for next in 0..nodes {
                let cell = match (node < height, next < height) {
                    (true, false) => (node, next - height),
                    (false, true) => (next, node - height),
                    _ => continue,
                };
                let Some(step) = self.cost(hidden, cell, (r, c)) else {
                    continue;
                };
                if cost[node] + step < cost[next] {
                    cost[next] = cost[node] + step;
                    previous[next] = node;
                }
            }
        }
        let mut path = Vec::new();
        let mut node = height + c;
        if previous[node] == usize::MAX {
            return path;
        }
        while node != r {
            let from = previous[node];
            let cell = if from < height {
                (from, node - height)
            } else {
                (node, from - height)
            };
            if !hidden[cell.0][cell.1] {
                path.push(cell);
            }
            node = from;
        }
        path
    }

    fn cost(&self, hidden: &[Vec<bool>], cell: (usize, usize), excluded: (usize, usize)) -> Option<u64> {
        let value = self.values[cell.0][cell.1];
        if cell == excluded || value == 0 {
            None
        } else if hidden[cell.0][cell.1] {
            Some(0)
        } else if self.is_margin(cell.0, cell.1) {
            Some(value + MARGIN_COST)
        } else {
            Some(value)
        }
    }

    fn publish(&self, hidden: &[Vec<bool>]) -> Protected {
        let shown = |r: usize, c: usize| {
            if hidden[r][c] {
                Shown::UnderFive
            } else {
                Shown::Count(self.values[r][c])
            }
        };
        let (last_row, last_column) = (self.height() - 1, self.width() - 1);
        Protected {
            cells: (0..last_row)
                .map(|r| (0..last_column).map(|c| shown(r, c)).collect())
                .collect(),
            row_totals: (0..last_row).map(|r| shown(r, last_column)).collect(),
            column_totals: (0..last_column).map(|c| shown(last_row, c)).collect(),
            total: shown(last_row, last_column),
        }
    }
}

#[cfg(test)]
mod tests;
