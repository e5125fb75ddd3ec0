//! `/sitemap.xml` and its parts, written from the board's index in memory (no query per
//! request) once per board generation and shared by every request of that generation.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::public_pages;
use crate::board::Index;
use crate::db::instant_text;
use crate::export::sitemap::{self, Entry, MOST_BYTES, MOST_URLS};
use crate::web::page_cache::{Generation, PUBLIC};
use crate::web::{AppState, Error};

/// The files of one generation's sitemap, ready to send (a `Bytes` is shared, not copied).
pub struct Files {
    main: Bytes,
    parts: Vec<Bytes>,
}

pub(super) async fn show_sitemap(State(state): State<AppState>) -> Result<Response, Error> {
    let files = current(&state).await?;
    Ok(xml(files.main.clone()))
}

/// `/sitemap-offres-{n}.xml`, n from 1; a 404 when the sitemap has no such part. A sitemap
/// that fits in one file is its own first part, so that the first part's address always answers.
pub(super) async fn show_sitemap_part(
    State(state): State<AppState>, Path(part): Path<String>,
) -> Result<Response, Error> {
    let n: usize = part
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .filter(|n| *n >= 1)
        .ok_or(Error::NotFound)?;
    let files = current(&state).await?;
    let part = match files.parts.get(n - 1) {
        Some(part) => part,
        None if n == 1 => &files.main,
        None => return Err(Error::NotFound),
    };
    Ok(xml(part.clone()))
}

fn xml(body: Bytes) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, PUBLIC),
        ],
        body,
    )
        .into_response()
}

/// The sitemap of the board's current generation, written at its first request.
async fn current(state: &AppState) -> Result<Arc<Files>, Error> {
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let generation = Generation::of(&index);
    if let Some(files) = state.memory.sitemap.get(generation) {
        return Ok(files);
    }
    // Read after the index: a resource changed meanwhile moved the version, and the next
    // generation writes it again.
    let mut conn = state.db.pool.acquire().await?;
    let resources = crate::db::resources::public_pages(&mut conn).await?;
    drop(conn);
    let base_url = state.base_url.clone();
    let files = tokio::task::spawn_blocking(move || write(&base_url, &index, &resources))
        .await
        .map_err(|_| Error::Internal("écriture du plan du site interrompue"))?;
    Ok(state.memory.sitemap.put(generation, files))
}

/// The public pages, the public resources (slug, last change), then every open offer newest
/// first with its fiche's last change.
fn write(base_url: &str, index: &Index, resources: &[(String, String)]) -> Files {
    let pages = public_pages().into_iter().map(|path| Entry {
        loc: format!("{base_url}{path}"),
        lastmod: None,
    });
    let offers = index.open_offers().map(|offer| Entry {
        loc: format!("{base_url}/offres/{}", offer.slug),
        lastmod: offer.updated_at.or(offer.published_at).map(instant_text),
    });
    let resources = resources.iter().map(|(slug, updated_at)| Entry {
        loc: format!("{base_url}/ressources/{slug}"),
        lastmod: Some(updated_at.clone()),
    });
    let entries: Vec<Entry> = pages.chain(resources).chain(offers).collect();
    let part_url = |n: usize| format!("{base_url}/sitemap-offres-{n}.xml");
    let written = sitemap::write(&entries, part_url, MOST_URLS, MOST_BYTES);
    Files {
        main: Bytes::from(written.main),
        parts: written.parts.into_iter().map(Bytes::from).collect(),
    }
}
