//! The one CSV writer of every export, for a French spreadsheet: `;` between cells, decimal
//! comma, CRLF line ends, UTF-8 with a byte-order mark so that accents open right.
//!
//! A text cell is data someone typed (a call's title, a name), and a spreadsheet runs a cell
//! starting with `=`, `+`, `-`, `@` (or a tab or carriage return before one) as a formula: such
//! a cell is written with a leading `'`, as OWASP recommends, so it opens as the text it is.
//! Numbers are written by the code itself, never typed text, and stay numbers (a negative
//! amount keeps its minus sign): that is why a cell says which of the two it is.

use crate::domain::funding::euros_csv;

/// One cell of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text, neutralised when a spreadsheet would read it as a formula.
    Text(&'a str),
    /// A whole number.
    Integer(i64),
    /// An amount in cents, written in euros with a decimal comma ("45000,50").
    Euros(i64),
}

/// A CSV document being written.
pub struct Csv {
    out: String,
}

impl Default for Csv {
    fn default() -> Self {
        Csv::new()
    }
}

impl Csv {
    pub fn new() -> Csv {
        Csv {
            out: String::from("\u{feff}"),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: &[Cell<'_>]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(';');
            }
            match *cell {
                Cell::Text(text) => self.out.push_str(&text_cell(text)),
                Cell::Integer(n) => self.out.push_str(&n.to_string()),
                Cell::Euros(cents) => self.out.push_str(&euros_csv(cents)),
            }
        }
        self.out.push_str("\r\n");
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

/// A text cell as written: neutralised, then quoted when it holds the separator, a quote or a
/// line break.
fn text_cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_row(cells: &[Cell<'_>]) -> String {
        let mut csv = Csv::new();
        csv.row(cells);
        csv.finish().trim_start_matches('\u{feff}').to_string()
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_is_written_as_text() {
        for (typed, written) in [
            ("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\""),
            ("+33 1 23", "'+33 1 23"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("Appel 2027 = 8 postes", "Appel 2027 = 8 postes"),
        ] {
            assert_eq!(one_row(&[Cell::Text(typed)]), format!("{written}\r\n"), "{typed}");
        }
    }

    #[test]
    fn numbers_the_code_writes_stay_numbers() {
        assert_eq!(
            one_row(&[Cell::Text("solde"), Cell::Integer(-3), Cell::Euros(-4_500_050)]),
            "solde;-3;-45000,50\r\n"
        );
    }

    #[test]
    fn separators_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            one_row(&[Cell::Text("a;b"), Cell::Text("dit \"oui\"")]),
            "\"a;b\";\"dit \"\"oui\"\"\"\r\n"
        );
        assert!(Csv::new().finish().starts_with('\u{feff}'));
    }
}
