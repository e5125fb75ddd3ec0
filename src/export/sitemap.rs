//! The sitemaps protocol (sitemaps.org 0.9): the addresses search engines should read, written
//! as XML, in one file or split in parts named by a sitemap index.
//!
//! What must hold: no file holds more than [`MOST_URLS`] addresses nor weighs more than
//! [`MOST_BYTES`] (the protocol's limits, past which a search engine ignores the file); every
//! address and date is XML-escaped; the parts together list every address once, in order.

use std::ops::Range;

/// Addresses per file, the protocol's limit.
pub const MOST_URLS: usize = 50_000;
/// Bytes per file (uncompressed), the protocol's limit.
pub const MOST_BYTES: usize = 50 * 1024 * 1024;

const URLSET_OPEN: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";
const INDEX_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const INDEX_CLOSE: &str = "</sitemapindex>\n";

/// One address to read: absolute, and when known its last change as a W3C date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub loc: String,
    pub lastmod: Option<String>,
}

/// The files of a sitemap: `main` at `/sitemap.xml`, the one list when it fits in a file, else
/// the index of `parts` (the part `n`, from 1, at the address `part_url(n)` gave).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sitemap {
    pub main: String,
    pub parts: Vec<String>,
}

/// Writes `entries` as a sitemap, split past `most_urls` addresses or `most_bytes` bytes a file
/// (the protocol's [`MOST_URLS`] and [`MOST_BYTES`]; smaller in tests).
pub fn write(entries: &[Entry], part_url: impl Fn(usize) -> String, most_urls: usize, most_bytes: usize) -> Sitemap {
    let urls: Vec<String> = entries.iter().map(url_element).collect();
    let sizes: Vec<usize> = urls.iter().map(String::len).collect();
    let files = split(&sizes, most_urls, most_bytes - URLSET_OPEN.len() - URLSET_CLOSE.len());
    let urlset = |range: &Range<usize>| {
        let mut xml = String::from(URLSET_OPEN);
        urls[range.clone()].iter().for_each(|url| xml.push_str(url));
        xml.push_str(URLSET_CLOSE);
        xml
    };
    if files.len() <= 1 {
        return Sitemap {
            main: urlset(&(0..urls.len())),
            parts: Vec::new(),
        };
    }
    let mut main = String::from(INDEX_OPEN);
    for (n, range) in files.iter().enumerate() {
        main.push_str("<sitemap><loc>");
        main.push_str(&escape(&part_url(n + 1)));
        main.push_str("</loc>");
        // The part changed when its newest address did.
        if let Some(lastmod) = entries[range.clone()].iter().filter_map(|e| e.lastmod.as_ref()).max() {
            main.push_str("<lastmod>");
            main.push_str(&escape(lastmod));
            main.push_str("</lastmod>");
        }
        main.push_str("</sitemap>\n");
    }
    main.push_str(INDEX_CLOSE);
    Sitemap {
        main,
        parts: files.iter().map(urlset).collect(),
    }
}

/// Cuts a list of elements of these sizes into consecutive files of at most `most_urls`
/// elements and `most_bytes` bytes each (an element larger than that alone in its file). An
/// empty list is one empty file.
pub fn split(sizes: &[usize], most_urls: usize, most_bytes: usize) -> Vec<Range<usize>> {
    let mut files = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (at, &size) in sizes.iter().enumerate() {
        let full = at - start == most_urls.max(1) || (at > start && bytes + size > most_bytes);
        if full {
            files.push(start..at);
            (start, bytes) = (at, 0);
        }
        bytes += size;
    }
    files.push(start..sizes.len());
    files
}

fn url_element(entry: &Entry) -> String {
    let mut xml = format!("<url><loc>{}</loc>", escape(&entry.loc));
    if let Some(lastmod) = &entry.lastmod {
        xml.push_str(&format!("<lastmod>{}</lastmod>", escape(lastmod)));
    }
    xml.push_str("</url>\n");
    xml
}

/// The five characters XML gives a meaning to, as entities (the protocol asks it of addresses).
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                loc: format!("https://msp.example/offres/offre-{i}"),
                lastmod: Some(format!("2026-12-0{}T10:00:00Z", 1 + i % 9)),
            })
            .collect()
    }

    fn part(n: usize) -> String {
        format!("https://msp.example/sitemap-offres-{n}.xml")
    }

    #[test]
    fn a_list_that_fits_is_one_urlset_without_parts() {
        let sitemap = write(&entries(3), part, 3, MOST_BYTES);
        assert!(sitemap.parts.is_empty());
        assert!(sitemap.main.starts_with(URLSET_OPEN));
        assert_eq!(sitemap.main.matches("<url>").count(), 3);
        assert!(
            sitemap
                .main
                .contains("<loc>https://msp.example/offres/offre-2</loc><lastmod>2026-12-03T10:00:00Z</lastmod>")
        );
    }

    #[test]
    fn past_the_limit_the_main_file_is_an_index_of_parts_holding_every_address_once() {
        let sitemap = write(&entries(5), part, 2, MOST_BYTES);
        assert_eq!(sitemap.parts.len(), 3);
        assert!(sitemap.main.starts_with(INDEX_OPEN));
        assert!(!sitemap.main.contains("<url>"));
        for n in 1..=3 {
            assert!(sitemap.main.contains(&format!("<sitemap><loc>{}</loc>", part(n))));
        }
        let counts: Vec<usize> = sitemap.parts.iter().map(|p| p.matches("<url>").count()).collect();
        assert_eq!(counts, [2, 2, 1]);
        let all = sitemap.parts.concat();
        for i in 0..5 {
            assert_eq!(all.matches(&format!("/offre-{i}</loc>")).count(), 1);
        }
        // The second part's newest change is its `lastmod` in the index.
        assert!(
            sitemap
                .main
                .contains("sitemap-offres-2.xml</loc><lastmod>2026-12-04T10:00:00Z</lastmod>")
        );
    }

    #[test]
    fn files_are_cut_by_weight_as_well_as_by_count() {
        assert_eq!(split(&[40, 40, 40, 40], 10, 100), [0..2, 2..4]);
        assert_eq!(split(&[40, 40, 40, 40], 3, 1000), [0..3, 3..4]);
        assert_eq!(split(&[500, 10], 10, 100), [0..1, 1..2], "a large element stands alone");
        let empty = split(&[], 10, 100);
        assert_eq!(
            (empty.len(), empty[0].clone()),
            (1, 0..0),
            "an empty list is one empty file"
        );
    }

    #[test]
    fn the_protocol_limits_hold_at_the_boundaries() {
        let sizes = vec![100; MOST_URLS + 1];
        let files = split(&sizes, MOST_URLS, MOST_BYTES);
        assert_eq!(files, [0..MOST_URLS, MOST_URLS..MOST_URLS + 1]);
        assert_eq!(split(&sizes[..MOST_URLS], MOST_URLS, MOST_BYTES).len(), 1);
    }

    #[test]
    fn addresses_are_xml_escaped() {
        let sitemap = write(
            &[Entry {
                loc: "https://msp.example/a?b=1&c=<2>'\"".into(),
                lastmod: None,
            }],
            part,
            MOST_URLS,
            MOST_BYTES,
        );
        assert!(
            sitemap
                .main
                .contains("<loc>https://msp.example/a?b=1&amp;c=&lt;2&gt;&apos;&quot;</loc></url>")
        );
    }
}
