//! The design system holds (docs/design.md): pages use only the style sheet's classes and no
//! `style=` attribute, every icon a template names exists, and the colour pairs that carry text
//! or mark a control meet WCAG 2.1 AA. These read the files; the rendered pages are checked in
//! the browser journeys (axe, reflow at 320 px).

use std::collections::BTreeSet;

use crate::common::TestApp;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every page template (mails are not pages: mail readers ignore style sheets, see templates/mail).
fn page_templates() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().unwrap() != "mail" {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("templates"), &mut out);
    assert!(out.len() > 40, "the templates were not found");
    out
}

fn stylesheet() -> String {
    let css = std::fs::read_to_string(root().join("static/style.css")).unwrap();
    // Comments out, so that "e.g." is not read as a class.
    let mut text = String::new();
    let mut rest = css.as_str();
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = &rest[start..][rest[start..].find("*/").map_or(rest.len() - start, |end| end + 2)..];
    }
    text.push_str(rest);
    text
}

fn defined_classes() -> BTreeSet<String> {
    let css = stylesheet();
    let mut classes = BTreeSet::new();
    let bytes = css.as_bytes();
    for (i, _) in css.match_indices('.') {
        let name: String = css[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let starts_with_letter = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let after_digit = i > 0 && bytes[i - 1].is_ascii_digit();
        if starts_with_letter && !after_digit {
            classes.insert(name);
        }
    }
    classes
}

/// The class names an attribute value asks for: template tags dropped, and for a name built in
/// the template (`badge-{{ … }}`) the part before the expression, as a prefix.
fn used_classes(value: &str) -> Vec<(String, bool)> {
    let mut plain = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("{%") {
        plain.push_str(&rest[..start]);
        plain.push(' ');
        rest = rest[start..].find("%}").map_or("", |end| &rest[start + end + 2..]);
    }
    plain.push_str(rest);
    // Each expression becomes one marker, so that `badge-{{ s.phase().as_str() }}` is one word.
    let mut marked = String::new();
    let mut rest = plain.as_str();
    while let Some(start) = rest.find("{{") {
        marked.push_str(&rest[..start]);
        marked.push('\u{1}');
        rest = rest[start..].find("}}").map_or("", |end| &rest[start + end + 2..]);
    }
    marked.push_str(rest);
    let mut names = Vec::new();
    for token in marked.split_whitespace() {
        match token.find('\u{1}') {
            Some(0) => {}
            Some(at) => names.push((token[..at].to_string(), true)),
            None => names.push((token.to_string(), false)),
        }
    }
    names
}

fn attribute_values<'a>(text: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    text.match_indices(&needle)
        .filter_map(|(at, _)| {
            let start = at + needle.len();
            text[start..].find('"').map(|end| &text[start..start + end])
        })
        .collect()
}

#[test]
fn templates_use_only_the_design_systems_classes_and_no_style_attribute() {
    let defined = defined_classes();
    let mut problems = Vec::new();
    let mut sources = page_templates();
    for file in ["static/session.js", "static/lieu.js", "src/web/icons.rs"] {
        sources.push((root().join(file), std::fs::read_to_string(root().join(file)).unwrap()));
    }
    for (path, text) in &sources {
        let name = path.strip_prefix(root()).unwrap().display();
        if text.contains(" style=") || text.contains(".style.") {
            problems.push(format!("{name}: a style attribute; use a class of static/style.css"));
        }
        let mut values = attribute_values(text, "class");
        // Scripts set classes through className.
        values.extend(text.match_indices("className = \"").map(|(at, _)| {
            let start = at + "className = \"".len();
            &text[start..start + text[start..].find('"').unwrap()]
        }));
        for value in values {
            for (class, is_prefix) in used_classes(value) {
                let known = if is_prefix {
                    defined.iter().any(|d| d.starts_with(&class))
                } else {
                    defined.contains(&class)
                };
                if !known {
                    problems.push(format!("{name}: class \"{class}\" is not in static/style.css"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_sees_an_undefined_class_and_a_built_one() {
    let defined = defined_classes();
    assert!(defined.contains("button") && defined.contains("badge-clos") && !defined.contains("g"));
    assert_eq!(
        used_classes(r#"card {% if x %}danger{% endif %} badge-{{ s.phase().as_str() }} {{ a.shade }}"#),
        vec![
            ("card".into(), false),
            ("danger".into(), false),
            ("badge-".into(), true)
        ]
    );
}

#[test]
fn every_badge_and_icon_a_page_asks_for_exists() {
    let defined = defined_classes();
    for phase in msp::domain::phase::Phase::ALL {
        assert!(
            defined.contains(&format!("badge-{}", phase.as_str())),
            "{phase:?} has no badge"
        );
    }
    let mut unknown = Vec::new();
    for (path, text) in page_templates() {
        for (at, _) in text.match_indices("icons::icon(\"") {
            let start = at + "icons::icon(\"".len();
            let name = &text[start..start + text[start..].find('"').unwrap()];
            if msp::web::icons::icon(name).is_empty() {
                unknown.push(format!("{}: icon \"{name}\"", path.display()));
            }
        }
    }
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
}

/// WCAG 2.1 relative luminance of a #rrggbb colour.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn colour_tokens_meet_the_contrast_they_are_used_for() {
    let css = std::fs::read_to_string(root().join("static/style.css")).unwrap();
    let token = |name: &str| -> String {
        if name == "white" {
            return "#ffffff".into();
        }
        let at = css
            .find(&format!("--{name}: #"))
            .unwrap_or_else(|| panic!("no token --{name}"));
        css[at + name.len() + 4..at + name.len() + 11].to_string()
    };
    assert!((contrast("#ffffff", "#000000") - 21.0).abs() < 0.01);
    // Text and its background, 4.5:1: body text, links and states on their panels and badges.
    let text = [
        ("ink", "paper"),
        ("ink", "surface"),
        ("muted", "paper"),
        ("muted", "surface"),
        ("accent", "paper"),
        ("accent", "surface"),
        ("accent", "accent-soft"),
        ("accent-strong", "accent-soft"),
        ("danger", "paper"),
        ("danger", "danger-soft"),
        ("success", "success-soft"),
        ("warning", "warning-soft"),
        ("white", "accent"),
        ("white", "accent-strong"),
        ("white", "danger"),
        ("white", "danger-strong"),
    ];
    // Controls' edges and the focus ring, 3:1.
    let ui = [
        ("border", "paper"),
        ("focus", "paper"),
        ("focus", "surface"),
        ("focus", "accent-soft"),
    ];
    let mut low = Vec::new();
    for (pairs, least) in [(&text[..], 4.5), (&ui[..], 3.0)] {
        for (fg, bg) in pairs {
            let ratio = contrast(&token(fg), &token(bg));
            if ratio < least {
                low.push(format!("{fg} on {bg}: {ratio:.2}:1, under {least}:1"));
            }
        }
    }
    assert!(low.is_empty(), "{}", low.join("\n"));
}

on_both_backends!(the_style_guide_shows_every_state_as_a_badge_to_the_staff);
async fn the_style_guide_shows_every_state_as_a_badge_to_the_staff(app: TestApp) {
    let ars = app
        .user(msp::domain::role::Role::ArsOfficer, "ars@exemple.fr", &[])
        .await;
    let (status, html) = app.signed_in(&ars).await.page("/styleguide").await;
    assert_eq!(status, 200);
    let states = msp::domain::application::ApplicationStatus::ALL.map(|s| (s.label(), s.phase()));
    for (label, phase) in states {
        assert!(
            html.contains(&format!(
                "<span class=\"badge badge-{}\">{label}</span>",
                phase.as_str()
            )),
            "{label}"
        );
    }
    for name in msp::web::icons::NAMES {
        assert!(html.contains(msp::web::icons::icon(name)), "{name}");
    }
    let (status, _) = app.page("/styleguide").await;
    assert_ne!(status, 200, "visitors do not see it");
}
