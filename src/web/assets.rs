//! The style sheet, embedded in the binary.

use axum::http::header;
use axum::response::IntoResponse;

use super::{Access, Route};

const STYLE_CSS: &str = include_str!("../../static/style.css");
const SESSION_JS: &str = include_str!("../../static/session.js");

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/static/style.css", Access::Public, get_style),
        Route::get("/static/session.js", Access::Public, get_session_script),
    ]
}

/// Warns before a short session ends and lets the user extend it without losing a form.
async fn get_session_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SESSION_JS,
    )
}

async fn get_style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE_CSS,
    )
}
