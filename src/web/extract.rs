//! Extractors for what handlers would otherwise each repeat (the signed-in user's extractors
//! are in [`super::auth`]).

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::Error;

/// The `{id}` of a route's path, a row's number. Any other text names nothing, like a number
/// that matches no row: the page does not exist (404).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| Error::NotFound)?;
        text.parse().map(PathId).map_err(|_| Error::NotFound)
    }
}
