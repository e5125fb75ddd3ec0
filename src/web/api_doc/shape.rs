//! The document's schemas are closed: an answer with a field the code does not make, or without
//! one it always makes, fails them. `merge_all_of` closes what serde's `flatten` leaves open;
//! `open_schemas` finds any schema an arbitrary answer would pass, for the tests.

use serde_json::{Map, Value, json};

/// Replaces every `allOf` of object schemas (what utoipa makes of `#[serde(flatten)]`) by one
/// object with all their properties and `additionalProperties: false`: closed parts under an
/// `allOf` would each refuse the others' properties, and open parts would accept anything.
pub fn merge_all_of(doc: &mut Value) {
    let components = doc["components"]["schemas"].clone();
    merge_in(doc, &components);
}

fn merge_in(value: &mut Value, components: &Value) {
    match value {
        Value::Object(object) => {
            if let Some(merged) = object.get("allOf").and_then(|parts| merged_object(parts, components)) {
                object.remove("allOf");
                object.extend(merged);
            }
            object.values_mut().for_each(|v| merge_in(v, components));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| merge_in(v, components)),
        _ => {}
    }
}

/// The one object the parts describe together, or `None` if one part is not a plain object.
fn merged_object(parts: &Value, components: &Value) -> Option<Map<String, Value>> {
    let (mut properties, mut required) = (Map::new(), Vec::new());
    for part in parts.as_array()? {
        let part = resolve(part, components)?;
        let part = match part.get("allOf") {
            Some(inner) => Value::Object(merged_object(inner, components)?),
            None => part.clone(),
        };
        properties.extend(part.get("properties")?.as_object()?.clone());
        if let Some(names) = part.get("required").and_then(Value::as_array) {
            required.extend(names.iter().cloned());
        }
    }
    let mut merged = Map::new();
    merged.insert("type".into(), json!("object"));
    merged.insert("properties".into(), Value::Object(properties));
    merged.insert("required".into(), Value::Array(required));
    merged.insert("additionalProperties".into(), json!(false));
    Some(merged)
}

fn resolve<'a>(schema: &'a Value, components: &'a Value) -> Option<&'a Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => components.get(reference.strip_prefix("#/components/schemas/")?),
        None => Some(schema),
    }
}

/// Where the document has a schema that does not constrain its value: empty (`{}` or only
/// words), an object open to other properties, an array of anything. Each as a dotted path.
pub fn open_schemas(doc: &Value) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            check(schema, &format!("components.schemas.{name}"), &mut found);
        }
    }
    find_schemas(&doc["paths"], "paths", &mut found);
    find_schemas(&doc["components"]["responses"], "components.responses", &mut found);
    found
}

/// Schemas outside `components.schemas` are under a `schema` key (contents, parameters, headers).
fn find_schemas(value: &Value, at: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, value) in object {
                let here = format!("{at}.{key}");
                if key == "schema" {
                    check(value, &here, found);
                } else {
                    find_schemas(value, &here, found);
                }
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                find_schemas(value, &format!("{at}[{i}]"), found);
            }
        }
        _ => {}
    }
}

const CONSTRAINTS: &[&str] = &["type", "$ref", "oneOf", "anyOf", "allOf", "enum", "const"];

fn check(schema: &Value, at: &str, found: &mut Vec<String>) {
    let Some(object) = schema.as_object() else {
        found.push(format!("{at}: not a schema object"));
        return;
    };
    if !CONSTRAINTS.iter().any(|key| object.contains_key(*key)) {
        found.push(format!("{at}: empty schema"));
    }
    let is = |kind: &str| match &object.get("type") {
        Some(Value::String(t)) => t == kind,
        Some(Value::Array(types)) => types.iter().any(|t| t == kind),
        _ => false,
    };
    if (is("object") || object.contains_key("properties")) && object.get("additionalProperties") != Some(&json!(false))
    {
        found.push(format!("{at}: object without additionalProperties: false"));
    }
    if is("array") && !object.contains_key("items") {
        found.push(format!("{at}: array without items"));
    }
    for (key, value) in object {
        match (key.as_str(), value) {
            ("properties", Value::Object(properties)) => {
                for (name, property) in properties {
                    check(property, &format!("{at}.properties.{name}"), found);
                }
            }
            ("items", item) => check(item, &format!("{at}.items"), found),
            ("oneOf" | "anyOf" | "allOf" | "prefixItems", Value::Array(parts)) => {
                for (i, part) in parts.iter().enumerate() {
                    check(part, &format!("{at}.{key}[{i}]"), found);
                }
            }
            ("additionalProperties", Value::Object(_)) => check(value, &format!("{at}.additionalProperties"), found),
            _ => {}
        }
    }
}
