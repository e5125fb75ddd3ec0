//! A form as a page sends it, and its fields tried one at a time at the edges of what they may
//! receive.

use super::*;

/// Values at the edges of what a field may receive, each with what it is.
pub(super) fn boundary_values() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("blank", "   ".into()),
        ("a far ISO date", "9999-12-31".into()),
        ("a far French date", "31/12/9999".into()),
        ("a negative year", "-2027-01-01".into()),
        ("year zero", "0000-01-01".into()),
        ("a huge number", "99999999999999999999".into()),
        ("minus one", "-1".into()),
        ("zero", "0".into()),
        ("past u32", "4294967296".into()),
        ("an unexpected choice", "choix-inattendu".into()),
        ("control characters", "\u{b}\u{c}\u{7f}".into()),
        ("a NUL character", "avant\u{0}après".into()),
        ("one megabyte", "x".repeat(1 << 20)),
    ]
}

/// A form as a page sends it.
pub(super) struct Form {
    pub(super) path: String,
    /// A request that succeeds; a name may repeat, as lists and checkboxes do.
    pub(super) fields: Vec<(&'static str, String)>,
    /// The page whose hidden `version` the form carries: read again after each success, so that
    /// each try reaches the checks of its field rather than the stale-version refusal.
    version_of: Option<String>,
    /// The version last read, until a try succeeds (a refused try changes nothing).
    version: std::cell::RefCell<Option<String>>,
    /// A field that must be new on each try (the application form's submission key).
    pub(super) fresh: Option<&'static str>,
    /// Files, for a multipart form.
    pub(super) files: Vec<(&'static str, &'static str, Vec<u8>)>,
}

impl Form {
    pub(super) fn new(path: impl Into<String>, fields: &[(&'static str, &str)]) -> Form {
        Form {
            path: path.into(),
            fields: fields.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            version_of: None,
            version: std::cell::RefCell::new(None),
            fresh: None,
            files: Vec::new(),
        }
    }

    pub(super) fn versioned(mut self, page: impl Into<String>) -> Form {
        self.version_of = Some(page.into());
        self
    }
}

/// Sends the form with these fields (and files); `varied` is the field under test, left as is.
pub(super) async fn send(
    browser: &Browser, form: &Form, fields: &[(&'static str, String)], files: &[(&'static str, &'static str, Vec<u8>)],
    varied: Option<&str>,
) -> u16 {
    let mut fields = fields.to_vec();
    if let Some(page) = &form.version_of
        && varied != Some("version")
    {
        let known = form.version.borrow().clone();
        let version = match known {
            Some(version) => version,
            None => hidden_value(&browser.page(page).await.1, "version"),
        };
        *form.version.borrow_mut() = Some(version.clone());
        for (name, value) in fields.iter_mut() {
            if *name == "version" {
                *value = version.clone();
            }
        }
    }
    if let Some(fresh) = form.fresh
        && varied != Some(fresh)
    {
        for (name, value) in fields.iter_mut() {
            if *name == fresh {
                *value = msp::secrets::random_token();
            }
        }
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = if form.files.is_empty() {
        browser.post(&form.path, &pairs).await
    } else {
        browser.post_multipart(&form.path, &pairs, files).await
    };
    let status = response.status().as_u16();
    if status < 400 {
        form.version.take();
    }
    status
}

/// The form as it succeeds, then each field missing and at each boundary value, one at a time:
/// every answer a refusal or a success.
pub(super) async fn every_field_at_its_boundaries(browser: &Browser, form: &Form) {
    let status = send(browser, form, &form.fields, &form.files, None).await;
    assert!(
        (200..400).contains(&status),
        "{} must succeed as sent first, got {status}",
        form.path
    );
    let mut names: Vec<&'static str> = form.fields.iter().map(|(name, _)| *name).collect();
    names.dedup();
    for name in names {
        let mut tries: Vec<(String, Vec<(&'static str, String)>)> = vec![(
            "missing".into(),
            form.fields.iter().filter(|(n, _)| *n != name).cloned().collect(),
        )];
        for (label, value) in boundary_values() {
            let fields = form
                .fields
                .iter()
                .map(|(n, v)| (*n, if *n == name { value.clone() } else { v.clone() }))
                .collect();
            tries.push((label.to_string(), fields));
        }
        for (label, fields) in tries {
            // Printed first, so that a dropped connection says which try it was.
            eprintln!("{} with {name} {label}", form.path);
            let status = send(browser, form, &fields, &form.files, Some(name)).await;
            assert!(status < 500, "{} with {name} {label} answered {status}", form.path);
        }
    }
}

/// The form with one field at a value that must be refused (4xx).
pub(super) async fn refused(browser: &Browser, form: &Form, name: &str, value: &str) {
    let fields: Vec<(&'static str, String)> = form
        .fields
        .iter()
        .map(|(n, v)| (*n, if *n == name { value.to_string() } else { v.clone() }))
        .collect();
    let status = send(browser, form, &fields, &form.files, Some(name)).await;
    assert!(
        (400..500).contains(&status),
        "{} with {name} = {value:?} must be refused, got {status}",
        form.path
    );
}

/// The dates no form may accept.
pub(super) const IMPOSSIBLE_DATES: [&str; 5] = ["9999-12-31", "31/12/9999", "-2027-01-01", "0000-01-01", "1899-12-31"];
