use std::path::Path;

use super::*;

/// Where a source writes an audit row, and what ends the text that holds its codes.
const WRITERS: [(&str, char); 7] = [
    (".audit(", ';'),
    ("audit::record(", ';'),
    ("audit_read(", ';'),
    ("record_and_return(", ';'),
    ("let action = ", ';'),
    ("action: \"", '\n'),
    ("Change::new(", '\n'),
];

/// The plain lowercase string literals (`"fiche_publiee"`) of a piece of source, those of a
/// detail's count (`french::count_f(n, "candidature", "candidatures")`) aside.
fn codes(text: &str) -> Vec<&str> {
    let text = match text.find("french::count") {
        Some(at) => &text[..at],
        None => text,
    };
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect()
}

fn written_codes(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            written_codes(&path, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("audit/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (writer, end) in WRITERS {
            for (at, _) in text.match_indices(writer) {
                // A literal the pattern itself opened ("action: \"") starts the window.
                let from = at + writer.len() - usize::from(writer.ends_with('"'));
                let window = &text[from..];
                let window = &window[..window.find(end).unwrap_or(window.len())];
                for code in codes(window) {
                    found.push((code.to_string(), path.display().to_string()));
                }
            }
        }
    }
}

#[test]
fn every_code_written_to_the_log_has_its_french_words() {
    let mut found = Vec::new();
    written_codes(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
    let unknown: Vec<_> = found
        .iter()
        .filter(|(code, _)| action_label(code).is_none() && target_label(code) == code.as_str())
        .collect();
    assert!(unknown.is_empty(), "add these to ACTIONS or TARGET_KINDS: {unknown:#?}");
    let actions = found.iter().filter(|(code, _)| action_label(code).is_some()).count();
    assert!(actions >= 45, "the sources were read: {actions} actions found");
}

#[test]
fn every_action_is_listed_once() {
    for (i, (code, label)) in ACTIONS.iter().enumerate() {
        assert!(
            !label.is_empty() && label.chars().next().unwrap().is_uppercase(),
            "{code}"
        );
        assert!(ACTIONS[i + 1..].iter().all(|(other, _)| other != code), "{code}");
    }
    assert_eq!(
        action_label("mot_de_passe_verifie"),
        Some("Mot de passe vérifié, second facteur attendu")
    );
    assert_eq!(action_label("inconnue"), None);
    assert_eq!(target_label("demande_financement"), "Demande de financement");
    assert_eq!(target_label("inconnue"), "inconnue");
}
