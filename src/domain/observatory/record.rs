//! The record's CSV file, checked row by row: every bad cell gets a French message naming its
//! line and column, and the good rows are kept (valid rows only, with a report: one typo does
//! not hold back the 300 other posts). A reference seen twice keeps only its first line.

use std::collections::HashMap;

use super::csv::records;
use super::{FIRST_YEAR, GRADES, HistoricalPost, STATES, TRACKS};
use crate::domain::geo::territory::{self, REGIONS};
use crate::domain::text::fold;

/// The columns a file must name; the others (see the import page) may be left out.
const REQUIRED: [&str; 5] = ["reference", "region", "etablissement", "annee_creation", "etat"];

/// The most rows one file may hold: the record counts a few hundred posts.
pub const MAX_ROWS: usize = 5000;

/// One refused cell, or a refusal of the whole file (line 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// What a file gave: the posts to import and the lines refused.
#[derive(Debug, Default)]
pub struct Parsed {
    pub posts: Vec<HistoricalPost>,
    pub errors: Vec<RowError>,
}

/// Reads and checks the file; `this_year` bounds the years a row may name.
pub fn parse_file(bytes: &[u8], this_year: i32) -> Parsed {
    let refuse = |message: &str| Parsed {
        posts: Vec::new(),
        errors: vec![RowError {
            line: 0,
            message: message.into(),
        }],
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return refuse("Le fichier n'est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 » et recommencez.");
    };
    let rows = records(text);
    let Some((_, header)) = rows.first() else {
        return refuse("Le fichier est vide.");
    };
    if rows.len() > MAX_ROWS + 1 {
        return refuse("Le fichier compte plus de 5 000 lignes : découpez-le.");
    }
    let positions: HashMap<String, usize> = header.iter().enumerate().map(|(i, h)| (key(h), i)).collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|c| !positions.contains_key(&key(c)))
        .copied()
        .collect();
    if !missing.is_empty() {
        return refuse(&format!(
            "La première ligne doit nommer les colonnes ; il manque : {}.",
            missing.join(", ")
        ));
    }
    let mut parsed = Parsed::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, fields) in &rows[1..] {
        let cell = |column: &str| {
            positions
                .get(&key(column))
                .and_then(|i| fields.get(*i))
                .map_or("", String::as_str)
        };
        let mut row = Row {
            line: *line,
            errors: Vec::new(),
            this_year,
        };
        let post = row.post(&cell);
        if let Some(first) = seen.get(&post.reference) {
            row.error(
                "reference",
                &post.reference,
                &format!("figure déjà ligne {first} ; seule la première est importée"),
            );
        }
        if row.errors.is_empty() {
            seen.insert(post.reference.clone(), *line);
            parsed.posts.push(post);
        } else {
            parsed.errors.append(&mut row.errors);
        }
    }
    parsed
}

/// A header's name as compared: "Année création" and "annee_creation" are the same column.
fn key(name: &str) -> String {
    fold(name).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The line being checked and what was wrong with it.
struct Row {
    line: usize,
    errors: Vec<RowError>,
    this_year: i32,
}

impl Row {
    fn error(&mut self, column: &str, value: &str, message: &str) {
        self.errors.push(RowError {
            line: self.line,
            message: format!("ligne {}, colonne {column} : « {value} » {message}", self.line),
        });
    }

    fn missing(&mut self, column: &str) {
        self.errors.push(RowError {
            line: self.line,
            message: format!("ligne {}, colonne {column} : la valeur manque", self.line),
        });
    }

    fn post<'a>(&mut self, cell: &impl Fn(&str) -> &'a str) -> HistoricalPost {
        let reference = cell("reference").to_string();
        if reference.is_empty() {
            self.missing("reference");
        } else if reference.chars().count() > 40 {
            self.error("reference", &reference, "dépasse 40 caractères");
        }
        let establishment = cell("etablissement").to_string();
        if establishment.is_empty() {
            self.missing("etablissement");
        }
        let region = self.region(cell("region"));
        let departement = self.departement(cell("departement"), &region);
        let created_year = self.year("annee_creation", cell("annee_creation"), true).unwrap_or(0);
        let state = self.choice("etat", cell("etat"), &STATES, true);
        let project_start = self.date("debut_projet", cell("debut_projet"));
        let hired_on = self.date("date_embauche", cell("date_embauche"));
        if let (Some(start), Some(hired)) = (&project_start, &hired_on)
            && hired < start
        {
            self.error("date_embauche", cell("date_embauche"), "précède le début du projet");
        }
        HistoricalPost {
            reference,
            region,
            departement,
            establishment,
            created_year,
            state: state.unwrap_or_default(),
            project_start,
            hired_on,
            subsidy_end_year: self.year("fin_subvention", cell("fin_subvention"), false),
            kept: self.yes_no("maintenu", cell("maintenu")),
            grade_at_hire: self.choice("grade_embauche", cell("grade_embauche"), &GRADES, false),
            grade_now: self.choice("grade_actuel", cell("grade_actuel"), &GRADES, false),
            educateur_year: self.year("annee_educateur", cell("annee_educateur"), false),
            track: self
                .choice("parcours", cell("parcours"), &["bobigny", "bordeaux", "aucun"], false)
                .filter(|t| TRACKS.contains(&t.as_str())),
            cohort: self.year("cohorte", cell("cohorte"), false),
            graduated: self.yes_no("diplome", cell("diplome")),
        }
    }

    /// An INSEE code ("11") or a region's name ("Île-de-France", accents optional).
    fn region(&mut self, value: &str) -> String {
        if value.is_empty() {
            self.missing("region");
            return String::new();
        }
        let found = territory::region(value).or_else(|| REGIONS.iter().find(|r| key(r.name) == key(value)));
        match found {
            Some(region) => region.code.to_string(),
            None => {
                self.error(
                    "region",
                    value,
                    "n'est pas une région (code INSEE comme 11, ou nom comme Île-de-France)",
                );
                String::new()
            }
        }
    }

    fn departement(&mut self, value: &str, region: &str) -> Option<String> {
        if value.is_empty() {
            return None;
        }
        let code = if value.len() == 1 {
            format!("0{value}")
        } else {
            value.to_uppercase()
        };
        match territory::departement(&code) {
            None => self.error("departement", value, "n'est pas un code de département (75, 2A, 974…)"),
            Some(d) if !region.is_empty() && d.region_code != region => {
                self.error("departement", value, "n'est pas dans la région indiquée")
            }
            Some(d) => return Some(d.code.to_string()),
        }
        None
    }

    fn year(&mut self, column: &str, value: &str, required: bool) -> Option<i32> {
        if value.is_empty() {
            if required {
                self.missing(column);
            }
            return None;
        }
        let year = value.parse::<i32>().ok().filter(|_| value.len() == 4);
        match year {
            None => self.error(column, value, "n'est pas une année"),
            Some(y) if !(FIRST_YEAR..=self.this_year + 1).contains(&y) => self.error(
                column,
                value,
                &format!("n'est pas entre {FIRST_YEAR} et {}", self.this_year + 1),
            ),
            Some(y) => return Some(y),
        }
        None
    }

    fn choice(&mut self, column: &str, value: &str, allowed: &[&str], required: bool) -> Option<String> {
        if value.is_empty() {
            if required {
                self.missing(column);
            }
            return None;
        }
        let folded = key(value);
        if let Some(found) = allowed.iter().find(|a| **a == folded) {
            return Some(found.to_string());
        }
        let list: Vec<&str> = allowed.iter().map(|a| super::label(a)).collect();
        let list = if list.contains(&"Autre") {
            allowed.to_vec()
        } else {
            list
        };
        self.error(
            column,
            value,
            &format!("n'est pas l'une des valeurs : {}", list.join(", ")),
        );
        None
    }

    fn yes_no(&mut self, column: &str, value: &str) -> Option<bool> {
        match key(value).as_str() {
            "" => None,
            "oui" => Some(true),
            "non" => Some(false),
            _ => {
                self.error(column, value, "doit être oui, non ou rester vide");
                None
            }
        }
    }

    /// `JJ/MM/AAAA` (as a French spreadsheet writes it) or `AAAA-MM-JJ`, kept as the latter.
    fn date(&mut self, column: &str, value: &str) -> Option<String> {
        if value.is_empty() {
            return None;
        }
        let parts: Vec<&str> = value.split(['/', '-']).collect();
        let numbers: Option<Vec<i32>> = parts.iter().map(|p| p.parse().ok()).collect();
        let (year, month, day) = match (value.contains('/'), numbers.as_deref()) {
            (true, Some([d, m, y])) => (*y, *m, *d),
            (false, Some([y, m, d])) => (*y, *m, *d),
            _ => (0, 0, 0),
        };
        let month = time::Month::try_from(u8::try_from(month).unwrap_or(0));
        let date = month
            .ok()
            .and_then(|m| time::Date::from_calendar_date(year, m, u8::try_from(day).ok()?).ok())
            .filter(|d| (FIRST_YEAR - 2..=self.this_year + 1).contains(&d.year()));
        match date {
            Some(d) => Some(format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())),
            None => {
                self.error(column, value, "n'est pas une date (JJ/MM/AAAA)");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "reference;region;departement;etablissement;annee_creation;etat;debut_projet;date_embauche;fin_subvention;maintenu;grade_embauche;grade_actuel;annee_educateur;parcours;cohorte;diplome\n";

    #[test]
    fn a_good_row_becomes_a_post() {
        let file = format!(
            "{HEADER}IDF-2014-003;Île-de-France;93;EPS Ville-Évrard;2014;pourvu;15/03/2013;2014-02-01;2017;oui;animateur;Éducateur;2016;bobigny;2014;oui\n"
        );
        let parsed = parse_file(file.as_bytes(), 2026);
        assert_eq!(parsed.errors, []);
        let post = &parsed.posts[0];
        assert_eq!(post.region, "11");
        assert_eq!(post.departement.as_deref(), Some("93"));
        assert_eq!(post.project_start.as_deref(), Some("2013-03-15"));
        assert_eq!(post.grade_now.as_deref(), Some("educateur"));
        assert_eq!((post.kept, post.graduated), (Some(true), Some(true)));
    }

    #[test]
    fn each_bad_cell_is_named_by_line_and_column_and_duplicates_keep_the_first() {
        let file = format!(
            "{HEADER}A-1;11;;Un;20x4;pourvu\nA-2;Narnia;;Deux;2015;ferme\nA-3;11;;Trois;2015;ouvert\nA-3;11;;Trois bis;2016;ouvert\n"
        );
        let parsed = parse_file(file.as_bytes(), 2026);
        let messages: Vec<&str> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "ligne 2, colonne annee_creation : « 20x4 » n'est pas une année",
                "ligne 3, colonne region : « Narnia » n'est pas une région (code INSEE comme 11, ou nom comme Île-de-France)",
                "ligne 3, colonne etat : « ferme » n'est pas l'une des valeurs : Projet, Ouvert, Pourvu, Vacant, Supprimé",
                "ligne 5, colonne reference : « A-3 » figure déjà ligne 4 ; seule la première est importée",
            ]
        );
        assert_eq!(parsed.posts.len(), 1);
        assert_eq!(parsed.posts[0].establishment, "Trois");
    }

    #[test]
    fn a_file_without_the_required_columns_or_in_another_encoding_is_refused_whole() {
        let parsed = parse_file(b"reference;region\nA;11\n", 2026);
        assert!(parsed.errors[0].message.contains("etablissement, annee_creation, etat"));
        let parsed = parse_file(b"reference;r\xe9gion\n", 2026);
        assert!(parsed.errors[0].message.contains("UTF-8"));
    }
}
