//! A person's home after sign-in (`/espace`): what waits for them, by role, within their scope
//! (`db::workspace` reads, `domain::workspace` says it in French). Counts and offer titles
//! only, never a candidate's data: the home needs no audit row.

use axum::extract::State;
use axum::response::Html;

use super::auth::{CurrentUser, Visitor};
use super::views::{Layout, render};
use super::{Access, AppState, Error, Route};
use crate::db::workspace;
use crate::domain::role::Role;
use crate::domain::workspace::{
    Home, admin_home, ars_home, candidate_home, coordinator_home, msp_home, recruiter_home, university_home,
};

pub fn routes() -> Vec<Route> {
    vec![Route::get("/espace", Access::SignedIn, show_workspace)]
}

#[derive(askama::Template)]
#[template(path = "workspace/home.html")]
struct WorkspacePage {
    layout: Layout,
    name: String,
    home: Home,
}

async fn show_workspace(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
) -> Result<Html<String>, Error> {
    let today = state.clock.today();
    let mut conn = state.db.pool.acquire().await?;
    let mut home = match user.role {
        Role::Recruiter => recruiter_home(
            &workspace::recruiter_desk(&mut conn, &user, state.clock.now()).await?,
            today,
        ),
        Role::Coordinator => {
            let late = super::calendar::late_deadlines(&mut conn, today).await?;
            let desk = workspace::coordinator_desk(&mut conn, &user, state.clock.now(), late).await?;
            coordinator_home(&desk, today)
        }
        Role::ArsOfficer => ars_home(workspace::ars_desk(&mut conn, &user, today).await?, today),
        Role::University => university_home(
            &workspace::university_desk(&mut conn, &user).await?,
            workspace::next_cohort(&mut conn, &user, today).await?,
        ),
        Role::Msp => msp_home(workspace::msp_desk(&mut conn, &user).await?, today),
        Role::Candidate => {
            let unanswered = crate::db::pool_invitations::unanswered(&mut conn, user.id).await?;
            candidate_home(usize::try_from(unanswered).unwrap_or(0))
        }
        Role::Admin => admin_home(&workspace::pending_invitations(&mut conn, state.clock.now()).await?),
    };
    let registered = crate::db::gathering_registrations::of_user(&mut conn, user.id, state.clock.now()).await?;
    home.sections
        .push(crate::domain::gathering::agenda_section(user.role, &registered));
    render(&WorkspacePage {
        layout: Layout::of(&visitor),
        name: user.display_name,
        home,
    })
}
