//! The list.

use super::*;

#[derive(askama::Template)]
#[template(path = "applications/mine.html")]
pub(super) struct MinePage {
    layout: Layout,
    applications: Vec<Application>,
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
    render(&MinePage {
        layout: Layout::of(&visitor),
        applications,
    })
}
