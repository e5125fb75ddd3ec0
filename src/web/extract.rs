//! Extractors for what handlers would otherwise each repeat (the signed-in user's extractors
//! are in [`super::auth`]).

use std::future::Future;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use sqlx::AnyConnection;

use super::auth::CurrentUser;
use super::{AppState, Error};
use crate::domain::account::User;

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

/// What staff find by its number, within their scope (an establishment's, a region's, all).
pub trait Scoped: Sized + Send {
    /// The one numbered `id` if `user` may see it: the scope is in the query, so a row out of
    /// it is never loaded. `today` is the application's (what a record derives from the date).
    fn find(
        conn: &mut AnyConnection, user: &User, id: i64, today: time::Date,
    ) -> impl Future<Output = Result<Option<Self>, Error>> + Send;
}

/// The `{id}` of the path found within the signed-in user's scope: out of it, or unknown, the
/// page does not exist for them (404), whatever the request carries.
pub struct InScope<T>(pub T);

impl<T: Scoped> FromRequestParts<AppState> for InScope<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let PathId(id) = PathId::from_request_parts(parts, state).await?;
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        let mut conn = state.db.pool.acquire().await?;
        T::find(&mut conn, &user, id, state.clock.today())
            .await?
            .map(InScope)
            .ok_or(Error::NotFound)
    }
}
