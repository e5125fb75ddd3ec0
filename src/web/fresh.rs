//! Read-your-writes on the public board: a request that may have changed what the board shows
//! syncs this instance's index before its answer leaves (one query for the board's version), so
//! that the page it leads to shows the change, whatever the follower's next turn.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// After every request but those that only read (GET, HEAD, OPTIONS).
pub async fn sync_board(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let reads_only = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let response = next.run(request).await;
    if !reads_only && let Err(error) = state.board.sync(&state.db, state.clock.today()).await {
        // The change is committed; the follower shows it on its next turn.
        tracing::warn!(%error, "board index: sync after a change failed");
    }
    response
}
