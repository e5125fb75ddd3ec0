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

/// The licence every file names, with its address, in its metadata.
pub const LICENCE_NAME: &str = "Licence Ouverte / Open Licence version 2.0";
pub const LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";
/// How a hidden count is written in the CSV, as the pages write it.
pub const HIDDEN: &str = "< 5";

impl Dataset {
    /// The column names, keys first, then the value: the CSV's header row and the JSON's keys.
    pub fn columns(&self) -> Vec<&'static str> {
        self.dimensions
            .iter()
            .map(|d| d.name)
            .chain([self.measure.name])
            .collect()
    }

    /// RFC 4180 CSV, as open-data portals expect: `,` between cells, CRLF line ends, UTF-8
    /// without byte-order mark, a header row; a hidden count is written "< 5" (declared in the
    /// schema's `missingValues`). Unlike the spreadsheet exports (`export::csv`), no `'` before
    /// a cell: keys are written by the platform (regions, years), never typed by a user.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = self.columns().iter().map(|c| csv_field(c)).collect();
        out.push_str(&header.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let cells: Vec<String> = row
                .keys
                .iter()
                .map(|k| csv_field(k))
                .chain([row.value.text()])
                .collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// The JSON document: the dataset's name, title, licence, its schema's address, and one
    /// object per row with a key per dimension, `valeur` (null when hidden) and `masque`.
    pub fn to_json(&self) -> serde_json::Value {
        let rows: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|row| {
                let mut object = serde_json::Map::new();
                for (dimension, key) in self.dimensions.iter().zip(&row.keys) {
                    object.insert(dimension.name.into(), key.clone().into());
                }
                object.insert("valeur".into(), row.value.value().into());
                object.insert("masque".into(), (row.value == Shown::UnderFive).into());
                serde_json::Value::Object(object)
            })
            .collect();
        serde_json::json!({
            "jeu": self.slug,
            "titre": self.title,
            "description": self.description,
            "licence": { "nom": LICENCE_NAME, "url": LICENCE_URL },
            "schema": format!("/donnees-ouvertes/{}.schema.json", self.slug),
            "masquage": self.protected.then_some(SMALL_CELL_RULE),
            "lignes": rows,
        })
    }

    /// The Table Schema (frictionless data) of the CSV: one field per column with its name,
    /// title, description and type; the keys as primary key; "< 5" as a missing value.
    pub fn schema(&self) -> serde_json::Value {
        let mut fields: Vec<serde_json::Value> = self
            .dimensions
            .iter()
            .map(|d| field(d.name, d.title, d.description, "string"))
            .collect();
        let mut measure = field(
            self.measure.name,
            self.measure.title,
            self.measure.description,
            "integer",
        );
        measure["constraints"] = serde_json::json!({ "minimum": 0 });
        fields.push(measure);
        let missing: Vec<&str> = if self.protected { vec![HIDDEN] } else { Vec::new() };
        serde_json::json!({
            "name": self.slug,
            "title": self.title,
            "description": self.description,
            "licenses": [{ "name": "etalab-2.0", "title": LICENCE_NAME, "path": LICENCE_URL }],
            "fields": fields,
            "primaryKey": self.dimensions.iter().map(|d| d.name).collect::<Vec<_>>(),
            "missingValues": missing,
        })
    }
}

/// The small-cell rule in plain French, in the JSON of every protected dataset and on the page.
pub const SMALL_CELL_RULE: &str = "Un effectif de personnes de 1 à 4 n'est jamais publié : il est écrit « < 5 » \
    (null dans le JSON). D'autres effectifs sont masqués aussi, pour qu'aucun chiffre caché ne puisse être \
    retrouvé à partir des totaux.";

fn field(name: &str, title: &str, description: &str, kind: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "title": title, "description": description, "type": kind })
}

/// A field quoted only when it must be (a comma, a quote, a line end), quotes doubled.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset() -> Dataset {
        Dataset {
            slug: "essai",
            title: "Essai".into(),
            description: "Un jeu d'essai".into(),
            dimensions: vec![Dimension {
                name: "region",
                title: "Région",
                description: "La région",
            }],
            measure: Measure {
                name: "postes",
                title: "Postes",
                description: "Nombre de postes",
            },
            rows: vec![
                DataRow {
                    keys: vec!["Île-de-France".into()],
                    value: Shown::Count(12),
                },
                DataRow {
                    keys: vec!["Provence, Alpes \"Sud\"".into()],
                    value: Shown::UnderFive,
                },
            ],
            protected: true,
        }
    }

    #[test]
    fn the_csv_quotes_only_what_must_be_and_writes_hidden_counts_as_in_the_pages() {
        assert_eq!(
            dataset().to_csv(),
            "region,postes\r\nÎle-de-France,12\r\n\"Provence, Alpes \"\"Sud\"\"\",< 5\r\n"
        );
    }

    #[test]
    fn the_json_marks_hidden_counts_null_and_names_the_licence() {
        let json = dataset().to_json();
        assert_eq!(json["lignes"][1]["valeur"], serde_json::Value::Null);
        assert_eq!(json["lignes"][1]["masque"], true);
        assert_eq!(json["lignes"][0]["valeur"], 12);
        assert_eq!(json["licence"]["url"], LICENCE_URL);
        let schema = dataset().schema();
        assert_eq!(schema["fields"][1]["type"], "integer");
        assert_eq!(schema["missingValues"][0], "< 5");
    }
}
