use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::shape::{merge_all_of, open_schemas};
use super::{DOCUMENT_PATH, document};

fn doc() -> Value {
    document("https://msp.example")
}

#[test]
fn the_document_is_openapi_3_1_served_from_the_base_url() {
    let doc = doc();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"], json!([{ "url": "https://msp.example" }]));
    assert!(doc["info"]["description"].as_str().unwrap().contains("Pagination"));
    assert!(doc["info"]["license"]["identifier"].is_string());
}

#[test]
fn no_schema_of_the_document_is_open_or_empty() {
    let open = open_schemas(&doc());
    assert!(open.is_empty(), "open schemas: {open:#?}");
}

#[test]
fn the_open_schema_finder_finds_open_and_empty_schemas() {
    let doc = json!({
        "paths": { "/x": { "get": { "responses": { "200": { "content": { "application/json": { "schema": {} } } } } } } },
        "components": { "schemas": {
            "Open": { "type": "object", "properties": { "a": { "type": "string" } } },
            "Anything": { "type": "array" },
            "Deep": { "type": "object", "additionalProperties": false, "properties": { "b": { "description": "rien" } } },
        } },
    });
    let open = open_schemas(&doc);
    assert_eq!(open.len(), 4, "{open:#?}");
}

#[test]
fn a_flattened_schema_becomes_one_closed_object() {
    let mut doc = json!({ "components": { "schemas": {
        "Part": { "type": "object", "additionalProperties": false, "required": ["a"], "properties": { "a": { "type": "string" } } },
        "Whole": { "allOf": [
            { "$ref": "#/components/schemas/Part" },
            { "type": "object", "required": ["b"], "properties": { "b": { "type": "integer" } } },
        ] },
    } } });
    merge_all_of(&mut doc);
    let whole = &doc["components"]["schemas"]["Whole"];
    assert_eq!(whole["additionalProperties"], false);
    assert_eq!(whole["required"], json!(["a", "b"]));
    assert!(whole.get("allOf").is_none());
}

/// Every operation with its method, as `GET /api/v1/offres`.
fn described(doc: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("responses").is_some() {
                found.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    found
}

#[test]
fn every_api_route_is_described_and_every_description_is_a_route() {
    let routes: BTreeSet<String> = crate::web::route_table()
        .into_iter()
        .filter(|(_, path, _)| path.starts_with("/api/v1/") && *path != DOCUMENT_PATH)
        .map(|(method, path, _)| format!("{method} {path}"))
        .collect();
    assert!(!routes.is_empty());
    assert_eq!(described(&doc()), routes);
}

#[test]
fn every_operation_answers_429_with_retry_after_and_500() {
    let doc = doc();
    let operations = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values());
    for operation in operations {
        let responses = &operation["responses"];
        assert_eq!(responses["429"]["$ref"], "#/components/responses/TropDeDemandes");
        assert_eq!(responses["500"]["$ref"], "#/components/responses/ErreurServeur");
    }
    assert!(doc["components"]["responses"]["TropDeDemandes"]["headers"]["Retry-After"].is_object());
}
