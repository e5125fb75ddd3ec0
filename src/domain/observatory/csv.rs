//! The few rules of CSV that spreadsheets write: a BOM at the start, `;` (French spreadsheets)
//! or `,` between fields, fields in double quotes with `""` for a quote. A field holding a line
//! break is not supported: the record's cells are short words, dates and numbers.

/// The file's lines, each split into its fields, with their line number (1 for the header).
pub fn records(text: &str) -> Vec<(usize, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = separator(text.lines().next().unwrap_or(""));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, fields(line.trim_end_matches('\r'), separator)))
        .collect()
}

/// `;` when the header has more of them than commas (a French spreadsheet's "CSV"), else `,`.
fn separator(header: &str) -> char {
    let count = |c| header.chars().filter(|x| *x == c).count();
    if count(';') >= count(',') { ';' } else { ',' }
}

fn fields(line: &str, separator: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            c if c == separator && !quoted => out.push(std::mem::take(&mut field).trim().to_string()),
            c => field.push(c),
        }
    }
    out.push(field.trim().to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_spreadsheet_file_is_read_with_its_bom_semicolons_and_quotes() {
        let text = "\u{feff}reference;etablissement\r\nIDF-1;\"Centre « Les Tilleuls »; Paris\"\r\n\r\nIDF-2;\"Dit \"\"Le Phare\"\"\"\n";
        assert_eq!(
            records(text),
            [
                (1, vec!["reference".to_string(), "etablissement".into()]),
                (2, vec!["IDF-1".to_string(), "Centre « Les Tilleuls »; Paris".into()]),
                (4, vec!["IDF-2".to_string(), "Dit \"Le Phare\"".into()]),
            ]
        );
    }

    #[test]
    fn commas_separate_when_the_header_has_no_semicolon() {
        assert_eq!(records("a,b\n1, 2")[1].1, ["1", "2"]);
    }
}
