//! The style sheet, embedded in the binary.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use super::AppState;

const STYLE_CSS: &str = include_str!("../../static/style.css");

pub fn router() -> Router<AppState> {
    Router::new().route("/static/style.css", get(get_style))
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
