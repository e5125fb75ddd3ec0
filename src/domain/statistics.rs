//! Published figures that never reveal a single person (issue 7): in a breakdown by region or
//! by establishment, any count from 1 to 4 is shown as "< 5".

/// How a count is shown in a published breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    /// From 1 to 4, or hidden so that a total does not give a small count back.
    UnderFive,
}

impl Shown {
    pub fn text(self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::UnderFive => "< 5".into(),
        }
    }

    /// The value a chart may draw: nothing for a hidden count.
    pub fn value(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            Shown::UnderFive => None,
        }
    }
}

/// One count alone: 1 to 4 becomes "< 5". Zero is shown: it reveals nobody.
pub fn small_count(n: u64) -> Shown {
    if (1..5).contains(&n) {
        Shown::UnderFive
    } else {
        Shown::Count(n)
    }
}

/// The cells of a breakdown whose total is published too: a table of one column, protected as
/// every two-way table is (`domain::disclosure`), so that one rule hides the same counts on
/// every page. Counts from 1 to 4 are hidden; when exactly one cell is hidden, the total minus
/// the others would give it back, so the smallest other non-zero cell is hidden as well.
pub fn breakdown(cells: &[u64]) -> Vec<Shown> {
    let table = super::disclosure::Table {
        rows: cells.iter().map(|_| String::new()).collect(),
        columns: vec![String::new()],
        cells: cells.iter().map(|n| vec![*n]).collect(),
    };
    super::disclosure::protect(&table)
        .cells
        .into_iter()
        .map(|row| row[0])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_under_five_are_never_shown() {
        assert_eq!(small_count(0).text(), "0");
        for n in 1..5 {
            assert_eq!(small_count(n).text(), "< 5");
        }
        assert_eq!(small_count(5).text(), "5");
        assert_eq!(small_count(65).text(), "65");
    }

    #[test]
    fn a_total_cannot_give_a_hidden_count_back() {
        // 12 + 3 + 40 = 55: hiding only the 3 would leave 55 - 12 - 40 = 3 to compute.
        let shown = breakdown(&[12, 3, 40, 0]);
        assert_eq!(
            shown,
            [Shown::UnderFive, Shown::UnderFive, Shown::Count(40), Shown::Count(0)]
        );
        // Two hidden cells already protect each other.
        let shown = breakdown(&[2, 3, 40]);
        assert_eq!(shown, [Shown::UnderFive, Shown::UnderFive, Shown::Count(40)]);
        assert_eq!(breakdown(&[7, 9]), [Shown::Count(7), Shown::Count(9)]);
        assert_eq!(breakdown(&[]), []);
    }
}
