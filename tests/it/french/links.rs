//! Link texts say where a link goes: none reads as a path or as its own address.

use std::path::Path;

/// Every link of the templates whose text is a path or the same expression as its address.
fn links_that_show_their_address(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // Mails show their links in full: a mail program may not show where a link goes.
            if !path.ends_with("mail") {
                links_that_show_their_address(&path, found);
            }
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("<a href=\"") {
            let rest = &text[at + 9..];
            let Some(end) = rest.find('"') else { continue };
            let href = &rest[..end];
            let after = &rest[end..];
            let label = &after[after.find('>').map_or(0, |i| i + 1)..after.find("</a>").unwrap_or(0).max(1)];
            if label.starts_with('/') || (href.starts_with("{{") && label.trim() == href.trim()) {
                found.push(format!("{}: {label}", path.display()));
            }
        }
    }
}

#[test]
fn no_link_reads_as_its_address() {
    let mut found = Vec::new();
    links_that_show_their_address(&Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"), &mut found);
    assert!(found.is_empty(), "say where the link goes: {found:#?}");
}
