//! The list.

use super::*;

#[derive(askama::Template)]
#[template(path = "applications/mine.html")]
pub(super) struct MinePage {
    layout: Layout,
    applications: Vec<Application>,
    /// Talent pool invitations not answered yet.
    pool_invitations: i64,
    /// Ticked the old per-application « vivier » box and not in the new pool: asked to join.
    asked_to_join: bool,
}

impl MinePage {
    fn sent_on(&self, application: &Application) -> String {
        french_instant(application.created_at)
    }
}

pub(super) async fn list_own(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let applications = applications::list_for_candidate(&mut conn, user.id, &user.email).await?;
    let pool_invitations = crate::db::pool_invitations::unanswered(&mut conn, user.id).await?;
    let member = crate::db::talent_pool::find_by_user(&mut conn, user.id)
        .await?
        .is_some();
    let asked_to_join = !member && crate::db::talent_pool::ticked_old_box(&mut conn, user.id).await?;
    render(&MinePage {
        layout: Layout::of(&visitor),
        applications,
        pool_invitations,
        asked_to_join,
    })
}
