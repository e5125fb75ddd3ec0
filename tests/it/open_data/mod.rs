//! The open data (issue 26): every file parses, says the same as the others and as the pages,
//! hides what the pages hide, and is described by its schema.

use crate::common;

use common::TestApp;
use serde_json::{Value, json};

mod files;

const POSTS: &str = "postes-finances-par-region";
const OFFERS: &str = "offres-publiees-par-region";

/// A minimal RFC 4180 reader (no CSV crate in the tree): quoted fields, doubled quotes, CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    assert!(
        !text.starts_with('\u{feff}'),
        "open data is written without a byte-order mark"
    );
    let mut rows = Vec::new();
    for line in text.split_terminator("\r\n") {
        assert!(!line.contains('\n'), "lines end with CRLF: {line:?}");
        let (mut fields, mut field, mut quoted, mut chars) =
            (Vec::new(), String::new(), false, line.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut field)),
                (c, _) => field.push(c),
            }
        }
        assert!(!quoted, "an unclosed quote in {line:?}");
        fields.push(field);
        rows.push(fields);
    }
    rows
}

/// The three files of a dataset, each checked for its type.
async fn files(app: &TestApp, slug: &str) -> (Vec<Vec<String>>, Value, Value) {
    let csv = app.get(&format!("/donnees-ouvertes/{slug}.csv")).await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv; charset=utf-8")
    );
    let csv = parse_csv(&csv.text().await.unwrap());
    let (status, data) = app.json(&format!("/donnees-ouvertes/{slug}.json")).await;
    assert_eq!(status, 200);
    let (status, schema) = app.json(&format!("/donnees-ouvertes/{slug}.schema.json")).await;
    assert_eq!(status, 200);
    (csv, data, schema)
}

/// A JSON Schema for the JSON file's rows, written from the Table Schema's fields: what the
/// Table Schema promises of the CSV must hold of the JSON too.
fn row_schema(schema: &Value) -> Value {
    let fields = schema["fields"].as_array().unwrap();
    let (keys, measure) = fields.split_at(fields.len() - 1);
    let mut properties = serde_json::Map::new();
    for field in keys {
        assert_eq!(field["type"], "string");
        properties.insert(field["name"].as_str().unwrap().into(), json!({ "type": "string" }));
    }
    assert_eq!(measure[0]["type"], "integer");
    properties.insert("valeur".into(), json!({ "type": ["integer", "null"], "minimum": 0 }));
    properties.insert("masque".into(), json!({ "type": "boolean" }));
    let required: Vec<&String> = properties.keys().collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
        "if": { "properties": { "masque": { "const": true } } },
        "then": { "properties": { "valeur": { "type": "null" } } },
        "else": { "properties": { "valeur": { "type": "integer" } } },
    })
}
