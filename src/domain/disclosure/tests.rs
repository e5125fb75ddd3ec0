//! The protection is checked by an attacker that does not share its reasoning: from what is
//! published, it writes the table's row and column equations and solves them exactly (Gaussian
//! elimination over the integers) to recompute each hidden cell.

use super::*;

fn table(cells: Vec<Vec<u64>>) -> Table {
    Table {
        rows: (0..cells.len()).map(|r| format!("r{r}")).collect(),
        columns: (0..cells.first().map_or(0, Vec::len))
            .map(|c| format!("c{c}"))
            .collect(),
        cells,
    }
}

/// Every published figure in one grid, margins last (as the page and the files lay them out).
fn published(p: &Protected) -> Vec<Vec<Shown>> {
    let mut grid: Vec<Vec<Shown>> = p
        .cells
        .iter()
        .zip(&p.row_totals)
        .map(|(row, total)| row.iter().copied().chain([*total]).collect())
        .collect();
    grid.push(p.column_totals.iter().copied().chain([p.total]).collect());
    grid
}

/// The attack: the hidden cells that the published figures determine exactly. Unknowns are
/// the hidden figures; each row says "cells minus row total = 0", each column likewise, and
/// the total row and column say "totals minus grand total = 0". An unknown is determined iff
/// its unit vector lies in the row space of the reduced system.
fn recomputable(grid: &[Vec<Shown>]) -> Vec<(usize, usize)> {
    let (height, width) = (grid.len(), grid[0].len());
    let unknowns: Vec<(usize, usize)> = (0..height)
        .flat_map(|r| (0..width).map(move |c| (r, c)))
        .filter(|&(r, c)| grid[r][c] == Shown::UnderFive)
        .collect();
    let index = |cell: (usize, usize)| unknowns.iter().position(|u| *u == cell);
    let mut equations: Vec<Vec<i128>> = Vec::new();
    let mut equation = |cells: Vec<((usize, usize), i128)>| {
        let mut row = vec![0i128; unknowns.len() + 1];
        for (cell, sign) in cells {
            match (index(cell), grid[cell.0][cell.1]) {
                (Some(i), _) => row[i] += sign,
                (None, Shown::Count(n)) => row[unknowns.len()] -= sign * n as i128,
                (None, Shown::UnderFive) => unreachable!(),
            }
        }
        equations.push(row);
    };
    for r in 0..height {
        equation(
            (0..width)
                .map(|c| ((r, c), if c + 1 == width { -1 } else { 1 }))
                .collect(),
        );
    }
    for c in 0..width {
        equation(
            (0..height)
                .map(|r| ((r, c), if r + 1 == height { -1 } else { 1 }))
                .collect(),
        );
    }
    let reduced = reduce(equations, unknowns.len());
    unknowns
        .iter()
        .enumerate()
        .filter(|(k, _)| {
            reduced
                .iter()
                .any(|row| row[*k] != 0 && (0..unknowns.len()).all(|j| j == *k || row[j] == 0))
        })
        .map(|(_, cell)| *cell)
        .collect()
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

/// Reduced row echelon form, fraction-free: each row divided by the gcd of its entries.
fn reduce(mut rows: Vec<Vec<i128>>, unknowns: usize) -> Vec<Vec<i128>> {
    let mut pivot_row = 0;
    for column in 0..unknowns {
        let Some(found) = (pivot_row..rows.len()).find(|r| rows[*r][column] != 0) else {
            continue;
        };
        rows.swap(pivot_row, found);
        for r in 0..rows.len() {
            if r != pivot_row && rows[r][column] != 0 {
                let (a, b) = (rows[pivot_row][column], rows[r][column]);
                let pivot = rows[pivot_row].clone();
                let row = &mut rows[r];
                for (x, p) in row.iter_mut().zip(&pivot) {
                    *x = *x * a - p * b;
                }
                let g = row.iter().fold(0, |g, x| gcd(g, *x));
                if g > 1 {
                    row.iter_mut().for_each(|x| *x /= g);
                }
            }
        }
        pivot_row += 1;
    }
    rows
}

/// A small deterministic generator, so that a failing table can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }

    /// Mostly small counts, some zeros, a few large ones: the tables of a young programme.
    fn count(&mut self) -> u64 {
        match self.next(10) {
            0..=2 => 0,
            3..=6 => 1 + self.next(5),
            7..=8 => 5 + self.next(20),
            _ => 20 + self.next(200),
        }
    }
}

#[test]
fn the_attack_finds_a_lone_hidden_cell_that_the_totals_give_back() {
    // Primary suppression alone: 55 - 12 - 40 gives the 3 back.
    let grid = vec![
        vec![Shown::Count(12), Shown::UnderFive, Shown::Count(40), Shown::Count(55)],
        vec![Shown::Count(12), Shown::UnderFive, Shown::Count(40), Shown::Count(55)],
    ];
    assert_eq!(recomputable(&grid), [(0, 1), (1, 1)]);
}

#[test]
fn the_attack_finds_nothing_on_a_protected_table() {
    let protected = protect(&table(vec![vec![12, 3, 40], vec![20, 30, 9]]));
    assert_eq!(protected.cells[0][1], Shown::UnderFive);
    assert!(recomputable(&published(&protected)).is_empty(), "{protected:?}");
}

#[test]
fn the_smallest_cells_hide_a_small_count_and_big_totals_stay_shown() {
    let protected = protect(&table(vec![vec![12, 3, 40], vec![20, 30, 9]]));
    let text: Vec<Vec<String>> = protected
        .cells
        .iter()
        .map(|row| row.iter().map(|s| s.text()).collect())
        .collect();
    // The 3 is covered by the cheapest cycle: 12, 20 and 30 (62 in all, against 79 by the 40 and 9).
    assert_eq!(text, [["< 5", "< 5", "40"], ["< 5", "< 5", "9"]]);
    assert_eq!(protected.row_totals, [Shown::Count(55), Shown::Count(59)]);
    assert_eq!(
        protected.column_totals,
        [Shown::Count(32), Shown::Count(33), Shown::Count(49)]
    );
    assert_eq!(protected.total, Shown::Count(114));
}

#[test]
fn zero_is_shown_and_a_table_without_small_counts_is_shown_whole() {
    let protected = protect(&table(vec![vec![0, 7], vec![5, 0]]));
    assert_eq!(
        protected.cells,
        [[Shown::Count(0), Shown::Count(7)], [Shown::Count(5), Shown::Count(0)]]
    );
    let empty = protect(&table(vec![]));
    assert_eq!(empty.total, Shown::Count(0));
    assert!(empty.cells.is_empty() && empty.row_totals.is_empty());
}

#[test]
fn a_lone_small_count_hides_its_totals_when_nothing_else_can_cover_it() {
    let protected = protect(&table(vec![vec![3]]));
    assert_eq!(protected.cells, [[Shown::UnderFive]]);
    assert_eq!(protected.total, Shown::UnderFive);
}

#[test]
fn on_many_random_tables_no_hidden_cell_can_be_computed_back() {
    let mut random = Lcg(26);
    for case in 0..600 {
        let (height, width) = (1 + random.next(6) as usize, 1 + random.next(7) as usize);
        let cells: Vec<Vec<u64>> = (0..height)
            .map(|_| (0..width).map(|_| random.count()).collect())
            .collect();
        let protected = protect(&table(cells.clone()));
        assert_eq!(protected, protect(&table(cells.clone())), "deterministic");
        let grid = published(&protected);
        let truth = Grid::new(&table(cells.clone())).values;
        for (r, row) in grid.iter().enumerate() {
            for (c, shown) in row.iter().enumerate() {
                let n = truth[r][c];
                match shown {
                    // Every count from 1 to 4 is hidden; every figure shown is the truth.
                    Shown::Count(shown) => assert!(*shown == n && !(1..5).contains(&n), "case {case}"),
                    // Hidden figures are non-zero, so no bound from non-negativity pins them:
                    // with the system underdetermined, a small move keeps every count >= 0.
                    Shown::UnderFive => assert!(n > 0, "case {case}: a zero hidden in {cells:?}"),
                }
            }
        }
        let found = recomputable(&grid);
        assert!(
            found.is_empty(),
            "case {case}: {found:?} recomputable in {cells:?} -> {grid:?}"
        );
    }
}
