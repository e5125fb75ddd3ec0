//! Every `/api/v1` answer of the test suite, checked against the OpenAPI document: the
//! `TestApp`'s server runs each one through [`check_answer`], which records what does not match
//! (an undocumented status, a body its schema refuses); the test that made the request fails
//! when its `TestApp` is dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use msp::web::api_doc::{DOCUMENT_PATH, document};
use serde_json::{Value, json};

/// The document and what it has found wrong so far.
pub struct ApiCheck {
    doc: Value,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
    pub failures: Mutex<Vec<String>>,
}

impl ApiCheck {
    pub fn new() -> Arc<ApiCheck> {
        Arc::new(ApiCheck {
            doc: document("http://127.0.0.1"),
            validators: Mutex::default(),
            failures: Mutex::default(),
        })
    }

    /// What is wrong with an answer, if anything.
    pub fn check(&self, method: &str, path: &str, status: u16, retry_after: bool, body: &[u8]) -> Result<(), String> {
        let what = format!("{method} {path} → {status}");
        let body: Value = serde_json::from_slice(body)
            .map_err(|_| format!("{what}: the body is not JSON: {}", String::from_utf8_lossy(body)))?;
        let Some(template) = self.template_of(path) else {
            // Outside the described routes, only the fallback answers: a 404 in the error shape.
            return self.validate(&what, &json!({ "$ref": "#/components/schemas/Erreur" }), &body);
        };
        let operation = &self.doc["paths"][template.as_str()][method.to_lowercase()];
        let Some(answer) = operation["responses"].get(status.to_string()) else {
            return Err(format!("{what}: status not in the document for {method} {template}"));
        };
        let answer = match answer["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/responses/"))
        {
            Some(name) => &self.doc["components"]["responses"][name],
            None => answer,
        };
        if answer["headers"]["Retry-After"]["required"] == true && !retry_after {
            return Err(format!("{what}: no Retry-After header"));
        }
        let Some(schema) = answer["content"]["application/json"].get("schema") else {
            return Err(format!("{what}: the document describes no JSON body"));
        };
        self.validate(&what, schema, &body)
    }

    /// The described path (`/api/v1/offres/{slug}`) an actual one matches.
    fn template_of(&self, path: &str) -> Option<String> {
        let actual: Vec<&str> = path.split('/').collect();
        self.doc["paths"].as_object()?.keys().find_map(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            let matches = parts.len() == actual.len()
                && parts
                    .iter()
                    .zip(&actual)
                    .all(|(p, a)| p == a || (p.starts_with('{') && !a.is_empty()));
            matches.then(|| template.clone())
        })
    }

    fn validate(&self, what: &str, schema: &Value, body: &Value) -> Result<(), String> {
        let key = schema.to_string();
        let validator = {
            let mut validators = self.validators.lock().unwrap();
            let validator = validators.entry(key).or_insert_with(|| {
                // The schema refers to `#/components/schemas/…`: it is given the document's
                // components at its root so that the references resolve.
                let rooted = json!({ "components": self.doc["components"], "allOf": [schema] });
                Arc::new(jsonschema::draft202012::new(&rooted).expect("the document's schemas compile"))
            });
            validator.clone()
        };
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("at {}: {e}", e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{what}: the body does not match the document: {errors:#?}\nbody: {body:#}"
            ))
        }
    }

    pub fn failures(&self) -> Vec<String> {
        self.failures.lock().unwrap().clone()
    }
}

/// Serves the application as `msp serve` does (with the peer's address), behind [`check_answer`].
pub async fn serve_checked(listener: tokio::net::TcpListener, state: msp::web::AppState, check: Arc<ApiCheck>) {
    let app = msp::web::app(state).layer(axum::middleware::from_fn_with_state(check, check_answer));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
    .unwrap();
}

/// The server's outermost layer: buffers each `/api/v1` answer, checks it, and passes it on.
pub async fn check_answer(State(check): State<Arc<ApiCheck>>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    if !path.starts_with("/api/v1/") || path == DOCUMENT_PATH || method == "HEAD" {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("the answer's body reads");
    let retry_after = parts.headers.contains_key("retry-after");
    if let Err(failure) = check.check(&method, &path, parts.status.as_u16(), retry_after, &bytes) {
        check.failures.lock().unwrap().push(failure);
    }
    Response::from_parts(parts, Body::from(bytes))
}
