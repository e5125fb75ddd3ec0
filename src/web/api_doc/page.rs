//! `/developpeurs`: the OpenAPI document as a French page, rendered on the server from the same
//! JSON that `/api/v1/openapi.json` serves, so that the page cannot say something else.

use axum::extract::State;
use axum::response::Html;
use serde_json::Value;

use super::built;
use crate::web::auth::Visitor;
use crate::web::views::{Layout, render};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "api_doc.html")]
struct ReferencePage {
    layout: Layout,
    title: String,
    version: String,
    /// The introduction's paragraphs (errors, pagination, rate limits).
    introduction: Vec<String>,
    document_url: String,
    operations: Vec<Operation>,
    schemas: Vec<Schema>,
}

struct Operation {
    anchor: String,
    method: String,
    path: String,
    summary: String,
    description: String,
    parameters: Vec<Parameter>,
    responses: Vec<Answer>,
}

struct Parameter {
    name: String,
    location: &'static str,
    required: bool,
    description: String,
}

struct Answer {
    status: String,
    description: String,
    body: Option<TypeText>,
}

struct Schema {
    name: String,
    description: String,
    /// For an enumeration: its values; for a choice between schemas: them.
    alternatives: Vec<TypeText>,
    properties: Vec<Property>,
}

struct Property {
    name: String,
    kind: TypeText,
    required: bool,
    description: String,
}

/// A type in words, with a link to the schema it names.
struct TypeText {
    text: String,
    link: Option<String>,
}

pub(super) async fn show_api_reference(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let doc = &built(&state).document;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let page = ReferencePage {
        layout: Layout::of(&visitor),
        title: text(&doc["info"]["title"]),
        version: text(&doc["info"]["version"]),
        introduction: text(&doc["info"]["description"])
            .split("\n\n")
            .map(str::to_string)
            .collect(),
        document_url: format!("{}{}", state.base_url, super::DOCUMENT_PATH),
        operations: operations(doc),
        schemas: schemas(doc),
    };
    render(&page)
}

fn operations(doc: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            if !op.is_object() || op.get("responses").is_none() {
                continue;
            }
            let parameters = op["parameters"].as_array().into_iter().flatten();
            found.push(Operation {
                anchor: format!("{method}-{}", path.replace(['/', '{', '}'], "-")),
                method: method.to_uppercase(),
                path: path.clone(),
                summary: op["summary"].as_str().unwrap_or(path).to_string(),
                description: op["description"].as_str().unwrap_or_default().to_string(),
                parameters: parameters.map(parameter).collect(),
                responses: responses(doc, &op["responses"]),
            });
        }
    }
    found
}

fn parameter(p: &Value) -> Parameter {
    Parameter {
        name: p["name"].as_str().unwrap_or_default().to_string(),
        location: match p["in"].as_str() {
            Some("path") => "chemin",
            Some("header") => "en-tête",
            _ => "requête",
        },
        required: p["required"].as_bool().unwrap_or(false),
        description: p["description"].as_str().unwrap_or_default().to_string(),
    }
}

fn responses(doc: &Value, responses: &Value) -> Vec<Answer> {
    let mut found: Vec<Answer> = Vec::new();
    for (status, answer) in responses.as_object().into_iter().flatten() {
        // A shared answer is named by reference to `components.responses`.
        let answer = match answer["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/responses/"))
        {
            Some(name) => &doc["components"]["responses"][name],
            None => answer,
        };
        found.push(Answer {
            status: status.clone(),
            description: answer["description"].as_str().unwrap_or_default().to_string(),
            body: answer["content"]["application/json"].get("schema").map(type_text),
        });
    }
    found
}

fn schemas(doc: &Value) -> Vec<Schema> {
    let mut found = Vec::new();
    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let alternatives = match (&schema["enum"], &schema["oneOf"]) {
            (Value::Array(values), _) => values
                .iter()
                .map(|v| plain(format!("`{}`", v.as_str().unwrap_or_default())))
                .collect(),
            (_, Value::Array(parts)) => parts.iter().map(type_text).collect(),
            _ => Vec::new(),
        };
        let properties = schema["properties"].as_object().into_iter().flatten();
        found.push(Schema {
            name: name.clone(),
            description: schema["description"].as_str().unwrap_or_default().to_string(),
            alternatives,
            properties: properties
                .map(|(field, property)| Property {
                    name: field.clone(),
                    kind: type_text(property),
                    required: required.contains(&field.as_str()),
                    description: property["description"].as_str().unwrap_or_default().to_string(),
                })
                .collect(),
        });
    }
    found
}

fn plain(text: String) -> TypeText {
    TypeText { text, link: None }
}

/// « texte », « entier ou null », « liste de ResumeOffre » with a link to `ResumeOffre`.
fn type_text(schema: &Value) -> TypeText {
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        return TypeText {
            text: name.to_string(),
            link: Some(format!("#schema-{name}")),
        };
    }
    if let Some(parts) = schema["oneOf"].as_array() {
        let texts: Vec<TypeText> = parts.iter().map(type_text).collect();
        let link = texts.iter().find_map(|t| t.link.clone());
        let words: Vec<String> = texts.into_iter().map(|t| t.text).collect();
        return TypeText {
            text: words.join(" ou "),
            link,
        };
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut link = None;
    let words: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "array" => {
                let inner = type_text(&schema["items"]);
                link = inner.link;
                format!("liste de {}", inner.text)
            }
            other => french_type(other).to_string(),
        })
        .collect();
    TypeText {
        text: words.join(" ou "),
        link,
    }
}

fn french_type(json_type: &str) -> &str {
    match json_type {
        "string" => "texte",
        "integer" => "entier",
        "number" => "nombre",
        "boolean" => "booléen",
        "object" => "objet",
        other => other,
    }
}
