use time::macros::date;

use super::*;

fn at(version: i64) -> Generation {
    Generation {
        version,
        today: date!(2026 - 12 - 05),
    }
}

fn body_of(response: Response) -> String {
    let bytes = futures_util::FutureExt::now_or_never(axum::body::to_bytes(response.into_body(), usize::MAX))
        .expect("a body in memory")
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn a_page_is_served_for_its_generation_only() {
    let cache = PageCache::new(1 << 20);
    cache.put(at(3), "/offres/a", "A3");
    assert!(cache.get(at(3), "/offres/a").is_some());
    assert!(cache.get(at(4), "/offres/a").is_none());
    let tomorrow = Generation {
        today: date!(2026 - 12 - 06),
        ..at(3)
    };
    assert!(cache.get(tomorrow, "/offres/a").is_none());
    assert!(cache.get(at(3), "/offres/b").is_none());
}

#[test]
fn a_page_rendered_from_an_older_index_is_not_kept() {
    let cache = PageCache::new(1 << 20);
    cache.put(at(5), "/offres/a", "A5");
    cache.put(at(4), "/offres/b", "B4");
    assert!(cache.get(at(4), "/offres/b").is_none());
    assert!(cache.get(at(5), "/offres/a").is_some());
    // A newer version empties what the older one kept.
    cache.put(at(6), "/offres/b", "B6");
    assert!(cache.get(at(6), "/offres/a").is_none());
    assert_eq!(cache.len(), 1);
}

#[test]
fn the_bound_in_bytes_holds_and_the_least_recently_served_leave_first() {
    let page = "x".repeat(1000);
    let one = Page::new(at(1), &page).size() + "/offres/0".len();
    let cache = PageCache::new(one * 3);
    for key in ["/offres/0", "/offres/1", "/offres/2"] {
        cache.put(at(1), key, &page);
    }
    assert!(cache.get(at(1), "/offres/0").is_some());
    cache.put(at(1), "/offres/3", &page);
    assert!(cache.bytes() <= one * 3);
    assert!(
        cache.get(at(1), "/offres/1").is_none(),
        "the least recently served left"
    );
    assert!(cache.get(at(1), "/offres/0").is_some());
    assert!(cache.get(at(1), "/offres/3").is_some());
    // A page larger than the whole bound is served but not kept.
    cache.put(at(1), "/offres/big", &"y".repeat(one * 4));
    assert!(cache.get(at(1), "/offres/big").is_none());
    assert!(cache.bytes() <= one * 3);
}

#[test]
fn each_visitor_gets_their_own_token_and_tag() {
    let cache = PageCache::new(1 << 20);
    let body = format!("<form><input name=\"_csrf\" value=\"{}\"></form>", slot());
    let page = cache.put(at(1), "/p", &body);
    let (first, second) = (
        page.respond(&HeaderMap::new(), "tok1"),
        page.respond(&HeaderMap::new(), "tok2"),
    );
    let (tag1, tag2) = (
        first.headers()[header::ETAG].clone(),
        second.headers()[header::ETAG].clone(),
    );
    assert_ne!(tag1, tag2);
    assert_eq!(page.respond(&HeaderMap::new(), "tok1").headers()[header::ETAG], tag1);
    assert_eq!(body_of(first), "<form><input name=\"_csrf\" value=\"tok1\"></form>");
    assert_eq!(body_of(second), "<form><input name=\"_csrf\" value=\"tok2\"></form>");
}

#[test]
fn a_known_tag_is_answered_with_304_and_no_body() {
    let cache = PageCache::new(1 << 20);
    let page = cache.put(at(1), "/p", "<p>page</p>");
    let tag = page.respond(&HeaderMap::new(), "t").headers()[header::ETAG].clone();
    let mut request = HeaderMap::new();
    request.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"autre\""));
    request.append(header::IF_NONE_MATCH, tag.clone());
    let response = page.respond(&request, "t");
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::ETAG], tag);
    assert_eq!(body_of(response), "");
    request.clear();
    request.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"autre\""));
    assert_eq!(page.respond(&request, "t").status(), StatusCode::OK);
    // Another version of the same body is another tag.
    let newer = cache.put(at(2), "/p", "<p>page</p>");
    assert_ne!(newer.respond(&HeaderMap::new(), "t").headers()[header::ETAG], tag);
}

#[test]
fn http_dates_are_imf_fixdates() {
    let at = time::macros::datetime!(2026-12-05 21:40:07 UTC);
    assert_eq!(http_date(at), "Sat, 05 Dec 2026 21:40:07 GMT");
}

#[test]
fn values_per_generation_are_not_replaced_by_older_ones() {
    let held = PerGeneration::default();
    held.put(at(2), "two");
    assert_eq!(held.get(at(2)).as_deref(), Some(&"two"));
    assert!(held.get(at(1)).is_none());
    held.put(at(1), "one");
    assert_eq!(held.get(at(2)).as_deref(), Some(&"two"));
    held.put(at(3), "three");
    assert!(held.get(at(2)).is_none());
}
