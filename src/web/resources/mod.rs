//! The resource centre (issue 26): `/ressources`, the documents and links the CCOMS publishes,
//! searchable with the offers' search engine; each one's page with its versions; the CCOMS's
//! pages to publish, correct, add a version and withdraw. Staff-only and withdrawn resources
//! are left out by the queries themselves (`db::resources` takes the readers).

mod edit;
mod files;
mod list;
mod publish;
mod show;

use super::auth::{Access, Visitor};
use super::{AppState, Error, Route};
use crate::db::resources::{self, Resource};
use crate::documents::MAX_DOCUMENT_BYTES;
use crate::domain::policy::{Action, resource_readers};
use crate::domain::resource::{AUDIENCES, Readers, THEMES, format_label, french_size};

pub fn routes() -> Vec<Route> {
    let publish = Access::Can(Action::PublishResources);
    // One document and the form's few text fields.
    let upload_limit = MAX_DOCUMENT_BYTES + 64 * 1024;
    vec![
        Route::get("/ressources", Access::Public, list::show_resources),
        Route::get("/ressources/nouvelle", publish, publish::show_new_resource),
        Route::post("/ressources/nouvelle", publish, publish::create_resource).with_body_limit(upload_limit),
        Route::get("/ressources/{slug}", Access::Public, show::show_resource),
        Route::get("/ressources/{slug}/fichier", Access::Public, files::download_current),
        Route::get(
            "/ressources/{slug}/fichier/{id}",
            Access::Public,
            files::download_version,
        ),
        Route::get("/ressources/{slug}/modifier", publish, edit::show_resource_editor),
        Route::post("/ressources/{slug}/modifier", publish, edit::update_resource),
        Route::post("/ressources/{slug}/version", publish, edit::add_resource_version).with_body_limit(upload_limit),
        Route::post("/ressources/{slug}/retrait", publish, edit::withdraw_resource),
    ]
}

/// Which resources this visitor finds.
fn readers(visitor: &Visitor) -> Readers {
    resource_readers(visitor.user().map(|u| u.role))
}

/// The resource at `slug` as this visitor may see it: hidden ones are not found.
async fn find(state: &AppState, visitor: &Visitor, slug: &str) -> Result<Resource, Error> {
    let mut conn = state.db.pool.acquire().await?;
    resources::find(&mut conn, readers(visitor), slug)
        .await?
        .ok_or(Error::NotFound)
}

/// What a page says of a resource, in French.
pub(super) trait Described {
    fn resource(&self) -> &Resource;

    fn audience_labels(&self) -> Vec<&'static str> {
        codes(AUDIENCES, &self.resource().audiences)
    }

    fn theme_labels(&self) -> Vec<&'static str> {
        codes(THEMES, &self.resource().themes)
    }

    /// « PDF, 1,2 Mo », or « Lien vers un autre site ».
    fn format_text(&self) -> String {
        format_text(self.resource())
    }
}

fn codes(list: &'static [(&'static str, &'static str)], stored: &str) -> Vec<&'static str> {
    stored
        .split_whitespace()
        .filter_map(|code| list.iter().find(|(c, _)| *c == code).map(|(_, label)| *label))
        .collect()
}

/// « PDF, 1,2 Mo » for a file, « Lien vers un autre site » for a link.
fn format_text(resource: &Resource) -> String {
    match (&resource.media_type, resource.size) {
        (Some(media_type), Some(size)) => format!("{}, {}", format_label(media_type), french_size(size)),
        _ => "Lien vers un autre site".to_string(),
    }
}

/// The document's date as readers write it: « 15 mars 2026 ».
fn dated_text(resource: &Resource) -> String {
    time::Date::parse(
        &resource.dated,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_or_else(|_| resource.dated.clone(), crate::domain::calendar::french_date)
}
