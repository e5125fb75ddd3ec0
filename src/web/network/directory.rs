//! The directory: the members, filtered by region, track and topic, as a member or the CCOMS
//! sees them. A member never sees themself, nor anyone they blocked or who blocked them; no
//! address is ever shown. The CCOMS's reading is audited.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{JOIN_PAGE, membership, notice};
use crate::db::network::{self, Member};
use crate::domain::geo::territory::{REGIONS, Region};
use crate::domain::network::Filter;
use crate::domain::role::Role;
use crate::web::auth::{CurrentUser, Visitor};
use crate::web::views::{Layout, render_as};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "network/directory.html")]
struct DirectoryPage {
    layout: Layout,
    /// The CCOMS reads the directory; members write from it.
    ccoms: bool,
    filter: Filter,
    regions: &'static [Region],
    members: Vec<Card>,
    notice: Option<&'static str>,
}

/// One member as the directory shows them.
struct Card {
    id: i64,
    name: String,
    region: &'static str,
    year: String,
    track: &'static str,
    topics: String,
    accepts_messages: bool,
}

impl Card {
    fn of(member: Member) -> Card {
        Card {
            id: member.id,
            region: member.profile.region_name(),
            year: member.profile.year.map_or(String::new(), |y| y.to_string()),
            track: member.profile.track_label(),
            accepts_messages: member.profile.accepts_messages,
            name: member.profile.shown_name,
            topics: member.profile.topics,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DirectoryQuery {
    #[serde(flatten)]
    filter: Filter,
    fait: String,
}

pub(super) async fn show_directory(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    Query(query): Query<DirectoryQuery>,
) -> Result<Response, Error> {
    let ccoms = user.role == Role::Coordinator;
    let mut tx = state.db.begin().await?;
    let viewer = if ccoms {
        visitor.audit(&mut tx, "lecture_reseau", "reseau", 0, "").await?;
        None
    } else if membership(&mut tx, user.id).await?.is_some() {
        Some(user.id)
    } else {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    };
    let members = network::directory(&mut tx, viewer).await?;
    tx.commit().await?;
    let members = members
        .into_iter()
        .filter(|m| query.filter.keeps(&m.profile))
        .map(Card::of)
        .collect();
    let page = DirectoryPage {
        layout: Layout::of(&visitor),
        ccoms,
        filter: query.filter,
        regions: REGIONS,
        members,
        notice: notice(&query.fait),
    };
    render_as(StatusCode::OK, &page)
}
