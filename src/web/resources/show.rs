//! `/ressources/{slug}`: a resource's page, with its summary in plain words, what it is for,
//! its current file (format and size named) and the older versions kept.

use axum::extract::{Path, State};
use axum::response::Html;

use super::{Described, dated_text, find, format_text};
use crate::db::resources::{self, Resource, Version};
use crate::domain::policy::{Action, permits};
use crate::domain::resource::{format_label, french_size};
use crate::web::auth::Visitor;
use crate::web::views::{Layout, paragraphs, render, stored_instant};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "resources/show.html")]
struct ResourcePage {
    layout: Layout,
    resource: Resource,
    versions: Vec<Version>,
    may_publish: bool,
}

impl Described for ResourcePage {
    fn resource(&self) -> &Resource {
        &self.resource
    }
}

impl ResourcePage {
    fn paragraphs(&self) -> Vec<&str> {
        paragraphs(&self.resource.summary)
    }

    fn dated(&self) -> String {
        dated_text(&self.resource)
    }

    fn download_text(&self) -> String {
        format!("Télécharger le document ({})", format_text(&self.resource))
    }

    fn version_text(&self, version: &Version) -> String {
        format!(
            "Version {} du {} ({}, {})",
            version.number,
            stored_instant(&version.created_at),
            format_label(&version.media_type),
            french_size(version.size)
        )
    }

    fn staff_only(&self) -> bool {
        self.resource.visibility != "public"
    }
}

pub(super) async fn show_resource(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>,
) -> Result<Html<String>, Error> {
    let resource = find(&state, &visitor, &slug).await?;
    let mut conn = state.db.pool.acquire().await?;
    let versions = resources::versions(&mut conn, resource.id).await?;
    let page = ResourcePage {
        layout: Layout::of(&visitor),
        resource,
        versions,
        may_publish: visitor
            .user()
            .is_some_and(|u| permits(u.role, Action::PublishResources)),
    };
    render(&page)
}
