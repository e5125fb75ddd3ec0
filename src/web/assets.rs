//! The style sheet, the session script and the icons, embedded in the binary.

use axum::http::header;
use axum::response::IntoResponse;

use super::{Access, Route};

const STYLE_CSS: &str = include_str!("../../static/style.css");
const SESSION_JS: &str = include_str!("../../static/session.js");
const SHARE_JS: &str = include_str!("../../static/partage.js");
/// The project's own mark, the header's logo (two overlapping circles, one filled, one drawn),
/// in the pages' teal on white.
const FAVICON_SVG: &str = include_str!("../../static/icons/favicon.svg");
/// The same mark for browsers without SVG icons and for iOS's home screen: 16, 32 and 48 px
/// PNGs in an ICO, and a 180 px PNG on a white square. Made once from the SVG's two circles by
/// a throwaway Python script without imaging library (coverage of each pixel by 8×8
/// supersampling, PNG chunks written with zlib, an ICO header wrapping the PNGs): redraw them
/// if the SVG changes.
const FAVICON_ICO: &[u8] = include_bytes!("../../static/icons/favicon.ico");
const TOUCH_ICON_PNG: &[u8] = include_bytes!("../../static/icons/apple-touch-icon.png");

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/static/style.css", Access::Public, get_style),
        Route::get("/static/session.js", Access::Public, get_session_script),
        Route::get("/static/partage.js", Access::Public, get_share_script),
        Route::get("/static/icons/favicon.svg", Access::Public, get_favicon_svg),
        // Browsers ask for these two at the root, whatever the page's <head> says.
        Route::get("/favicon.ico", Access::Public, get_favicon_ico),
        Route::get("/apple-touch-icon.png", Access::Public, get_touch_icon),
        Route::get("/static/icons/apple-touch-icon.png", Access::Public, get_touch_icon),
    ]
}

/// Warns before a short session ends and lets the user extend it without losing a form.
async fn get_session_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SESSION_JS,
    )
}

/// Copies an offer's address with one button; the page works without it.
async fn get_share_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SHARE_JS,
    )
}

async fn get_style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE_CSS,
    )
}

/// Like the style sheet and the scripts: an hour, so that a new version shows within the hour.
const ICON_CACHE: &str = "public, max-age=3600";

async fn get_favicon_svg() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, ICON_CACHE),
        ],
        FAVICON_SVG,
    )
}

async fn get_favicon_ico() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/x-icon"),
            (header::CACHE_CONTROL, ICON_CACHE),
        ],
        FAVICON_ICO,
    )
}

async fn get_touch_icon() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, ICON_CACHE)],
        TOUCH_ICON_PNG,
    )
}
