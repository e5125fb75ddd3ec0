//! Public pages kept in memory, rendered once per board version and day for every visitor who
//! is not signed in, and what several pages compute from the same version (figures, filters).
//!
//! What must hold:
//! - a kept page is valid for one [`Generation`] only, the (version, day) of the board's index it
//!   was rendered from; the database raises the version for every change a public page shows,
//!   so a page never outlives a change. A page rendered from an older index than the cache's is
//!   dropped, not stored: it could hold what a newer version changed.
//! - nothing personal is ever kept: only answers to visitors not signed in, on public routes,
//!   with a 200; the anonymous form token is not in the kept body but written in at serve time
//!   (see [`slot`]), so one visitor's token never reaches another.
//! - memory is bounded in bytes; the least recently served pages leave first.

use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use hashlink::LruCache;
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};

use super::auth::Visitor;
use super::views::Layout;
use super::{AppState, Error};
use crate::board::Index;

/// What a kept page is valid for: the board's version and the day (offers close at midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation {
    pub version: i64,
    pub today: Date,
}

impl Generation {
    pub fn of(index: &Index) -> Generation {
        Generation {
            version: index.version,
            today: index.today,
        }
    }

    /// Whether `self` may replace `held`: a lower version is an index read before a change.
    fn not_older_than(self, held: Generation) -> bool {
        self.version >= held.version
    }
}

/// The default bound of the kept pages, `--page-cache-mb`.
pub const DEFAULT_MEGABYTES: usize = 32;

/// How long a browser or a proxy may keep a public page without asking again: a change is seen
/// at most this late by someone who does not reload.
pub const PUBLIC: &str = "public, max-age=60";
/// The same for the browser alone: an answer that sets a cookie (`auth::identify`).
pub const PRIVATE: &str = "private, max-age=60";

/// The rendered pages of one generation, bounded in bytes.
pub struct PageCache {
    inner: Mutex<Inner>,
    capacity: usize,
}

struct Inner {
    generation: Option<Generation>,
    pages: LruCache<String, Arc<Page>>,
    bytes: usize,
}

/// A rendered page as kept: its body cut where the visitor's form token goes.
pub struct Page {
    pieces: Vec<String>,
    /// Strong validator of the pieces and their generation; the token's part is added per visitor.
    tag: String,
    last_modified: HeaderValue,
}

impl PageCache {
    pub fn new(capacity_bytes: usize) -> PageCache {
        PageCache {
            inner: Mutex::new(Inner {
                generation: None,
                pages: LruCache::new_unbounded(),
                bytes: 0,
            }),
            capacity: capacity_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The page kept at `key` for this generation, marked as recently served.
    pub fn get(&self, generation: Generation, key: &str) -> Option<Arc<Page>> {
        let mut inner = self.lock();
        if inner.generation != Some(generation) {
            return None;
        }
        inner.pages.get(key).cloned()
    }

    /// Keeps a page rendered from `generation`'s index (with [`slot`] as the form token). A newer
    /// generation empties the cache; an older one is not kept.
    pub fn put(&self, generation: Generation, key: &str, body: &str) -> Arc<Page> {
        let page = Arc::new(Page::new(generation, body));
        let size = page.size() + key.len();
        let mut inner = self.lock();
        match inner.generation {
            Some(held) if held == generation => {}
            Some(held) if !generation.not_older_than(held) => return page,
            _ => {
                inner.pages.clear();
                inner.bytes = 0;
                inner.generation = Some(generation);
            }
        }
        if size > self.capacity {
            return page;
        }
        if let Some(old) = inner.pages.insert(key.to_string(), page.clone()) {
            inner.bytes -= old.size() + key.len();
        }
        inner.bytes += size;
        while inner.bytes > self.capacity {
            let Some((key, old)) = inner.pages.remove_lru() else {
                break;
            };
            inner.bytes -= old.size() + key.len();
        }
        page
    }

    /// Bytes held, for the tests of the bound.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    /// Pages held.
    pub fn len(&self) -> usize {
        self.lock().pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The text a kept page carries instead of the anonymous visitor's form token: random for each
/// process, so that no text typed into a page can be taken for it.
pub fn slot() -> &'static str {
    static SLOT: OnceLock<String> = OnceLock::new();
    SLOT.get_or_init(|| format!("csrf-{}", crate::secrets::random_token()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Page {
    fn new(generation: Generation, body: &str) -> Page {
        let pieces: Vec<String> = body.split(slot()).map(str::to_string).collect();
        let mut digest = Sha256::new()
            .chain_update(generation.version.to_be_bytes())
            .chain_update(generation.today.to_julian_day().to_be_bytes());
        for piece in &pieces {
            digest.update((piece.len() as u64).to_be_bytes());
            digest.update(piece.as_bytes());
        }
        Page {
            pieces,
            tag: hex(&digest.finalize()[..12]),
            last_modified: http_date(OffsetDateTime::now_utc()),
        }
    }

    fn size(&self) -> usize {
        self.pieces.iter().map(|p| p.len() + 24).sum::<usize>() + 96
    }

    /// The entity tag for a visitor holding `token`: the same page with another token is
    /// another body, so another tag.
    fn etag(&self, token: &str) -> HeaderValue {
        let tag = if self.pieces.len() > 1 {
            let of_token = Sha256::digest(token.as_bytes());
            format!("\"{}-{}\"", self.tag, hex(&of_token[..6]))
        } else {
            format!("\"{}\"", self.tag)
        };
        HeaderValue::from_str(&tag).expect("hexadecimal digits")
    }

    /// The page for a visitor not signed in, whose form token is `token`: a 304 when the
    /// request's `If-None-Match` names it, else the body with the token written in.
    pub fn respond(&self, request: &HeaderMap, token: &str) -> Response {
        let etag = self.etag(token);
        let headers = [
            (header::ETAG, etag.clone()),
            (header::LAST_MODIFIED, self.last_modified.clone()),
            (header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC)),
            (header::VARY, HeaderValue::from_static("Cookie")),
        ];
        if names(request, &etag) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        (headers, Html(self.pieces.join(token))).into_response()
    }
}

/// Whether `If-None-Match` names `etag` (or is `*`).
fn names(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else { return false };
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// An HTTP date (RFC 9110 IMF-fixdate), e.g. `Sat, 05 Dec 2026 21:40:00 GMT`.
fn http_date(at: OffsetDateTime) -> HeaderValue {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let text = at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default();
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

/// One value computed from a generation's data, shared by every request of that generation (the
/// statistics' figures, the search form's filters): computed again when the generation moves,
/// never replaced by one computed from an older index.
pub struct PerGeneration<T> {
    held: Mutex<Option<(Generation, Arc<T>)>>,
}

impl<T> Default for PerGeneration<T> {
    fn default() -> Self {
        PerGeneration { held: Mutex::new(None) }
    }
}

impl<T> PerGeneration<T> {
    pub fn get(&self, generation: Generation) -> Option<Arc<T>> {
        let held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        held.as_ref()
            .filter(|(g, _)| *g == generation)
            .map(|(_, value)| value.clone())
    }

    pub fn put(&self, generation: Generation, value: T) -> Arc<T> {
        let value = Arc::new(value);
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        let newer = held.as_ref().is_none_or(|(g, _)| generation.not_older_than(*g));
        if newer {
            *held = Some((generation, value.clone()));
        }
        value
    }
}

/// What the public pages keep between requests, in [`crate::web::AppState`].
pub struct Memory {
    pub pages: PageCache,
    pub(in crate::web) statistics: PerGeneration<super::statistics::Figures>,
    pub(in crate::web) filters: PerGeneration<super::offers::Filters>,
    pub(in crate::web) sitemap: PerGeneration<super::search_engines::Files>,
}

impl Memory {
    pub fn new(page_bytes: usize) -> Memory {
        Memory {
            pages: PageCache::new(page_bytes),
            statistics: PerGeneration::default(),
            filters: PerGeneration::default(),
            sitemap: PerGeneration::default(),
        }
    }
}

impl Default for Memory {
    fn default() -> Self {
        Memory::new(DEFAULT_MEGABYTES * 1024 * 1024)
    }
}

/// Answers a public page, the same for everyone but its frame: to a visitor not signed in, the
/// page kept for `key` in this generation (rendered and kept at the first request); to someone
/// signed in, rendered with their own frame, never kept nor taken from the cache.
///
/// `render` must read what it shows after the board's index of `generation` was taken, so that
/// what it reads is at least as new as the version the page is kept for.
pub(in crate::web) async fn public_page<F, Fut>(
    state: &AppState, visitor: &Visitor, request: &HeaderMap, generation: Generation, key: &str, render: F,
) -> Result<Response, Error>
where
    F: FnOnce(Layout) -> Fut,
    Fut: Future<Output = Result<String, Error>>,
{
    if visitor.signed_in.is_some() {
        return Ok(Html(render(Layout::of(visitor)).await?).into_response());
    }
    if let Some(page) = state.memory.pages.get(generation, key) {
        return Ok(page.respond(request, &visitor.csrf));
    }
    let layout = Layout {
        csrf: slot().to_string(),
        ..Layout::of(visitor)
    };
    let body = render(layout).await?;
    let page = state.memory.pages.put(generation, key, &body);
    Ok(page.respond(request, &visitor.csrf))
}

#[cfg(test)]
mod tests;
