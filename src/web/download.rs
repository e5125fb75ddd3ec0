//! Files handed to the browser to save: documents, archives, exports.

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A file the browser saves under `file_name` (stripped of what would end the header's
/// quoted name). A file holding personal data is never stored by a cache.
pub fn attachment(media_type: &str, file_name: &str, personal: bool, body: impl Into<Body>) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", file_name.replace(['"', '\\'], ""));
    let mut response = (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body.into(),
    )
        .into_response();
    if personal {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
