//! From raw text to logical lines: bullets recognised and removed, wrapped lines joined,
//! headings recognised by meaning on folded text.

use crate::domain::text::fold;

/// How a line is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    None,
    /// "-", "–", "*", "o": the usual item.
    Dash,
    /// "•", "●", "▪", "": often a group heading when dashes are the items.
    Dot,
    /// "1.", "2)", "a)".
    Number,
}

/// One logical line: wrapped lines joined, its bullet or number removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    pub marker: Marker,
    pub text: String,
}

impl Line {
    /// Folded text without punctuation: "MISSIONS – ACTIVITES :" → "missions activites".
    pub fn key(&self) -> String {
        key(&self.text)
    }

    pub fn ends_sentence(&self) -> bool {
        self.text.ends_with(['.', '!', '?', ';'])
    }

    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Folded words only, for matching headings and labels by meaning.
pub(super) fn key(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The marker of a raw line and the text after it.
fn marker(line: &str) -> (Marker, &str) {
    let line = line.trim();
    for (prefix, kind) in [
        ("- ", Marker::Dash),
        ("– ", Marker::Dash),
        ("— ", Marker::Dash),
        ("* ", Marker::Dash),
        ("o ", Marker::Dash),
        ("◦ ", Marker::Dash),
        ("• ", Marker::Dot),
        ("● ", Marker::Dot),
        ("▪ ", Marker::Dot),
        ("■ ", Marker::Dot),
        ("\u{f0b7} ", Marker::Dot),
        ("➢ ", Marker::Dot),
        ("✓ ", Marker::Dash),
    ] {
        if let Some(rest) = line.strip_prefix(prefix) {
            return (kind, rest.trim());
        }
    }
    if let Some(rest) = number_prefix(line) {
        return (Marker::Number, rest);
    }
    (Marker::None, line)
}

/// "1. Text", "12) Text", "a) Text" → "Text" (a date or an amount is not a number prefix).
fn number_prefix(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let (count, rest) = if digits > 0 && digits <= 2 {
        (digits, &line[digits..])
    } else if line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && line[1..].starts_with(')') {
        (1, &line[1..])
    } else {
        return None;
    };
    let _ = count;
    let rest = rest.strip_prefix(['.', ')'])?;
    rest.starts_with(' ').then(|| rest.trim())
}

/// Whether `next` carries on `previous` (a wrapped line): `previous` does not end a sentence or
/// a heading (". ; : ! ?"), and `next` has no bullet or number and does not start a capitalised
/// sentence.
fn continues(previous: &Line, next_marker: Marker, next: &str) -> bool {
    if next_marker != Marker::None || previous.text.ends_with(['.', ';', ':', '!', '?']) {
        return false;
    }
    // A digit carries on too: a date or an amount cut from its sentence ("avant le 15 septembre" / "2025.").
    let first = next.chars().next().unwrap_or(' ');
    !first.is_uppercase()
        || previous.text.ends_with(['-', ',', '/', '('])
        || previous.text.ends_with(" de")
        || previous.text.ends_with(" et")
}

/// The logical lines of `text`: blank lines dropped (PDF text has them between wrapped lines
/// too, so they mark nothing), wrapped lines joined, bullets removed.
pub(super) fn logical_lines(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for raw in text.lines() {
        let raw = raw.replace(['\u{a0}', '\u{202f}', '\t'], " ");
        let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if raw.is_empty() {
            continue;
        }
        let (kind, rest) = marker(&raw);
        if rest.is_empty() {
            continue;
        }
        match lines.last_mut() {
            Some(previous) if continues(previous, kind, rest) => {
                if !previous.text.ends_with('-') || previous.text.ends_with(" -") {
                    previous.text.push(' ');
                }
                previous.text.push_str(rest);
            }
            _ => lines.push(Line {
                marker: kind,
                text: rest.to_string(),
            }),
        }
    }
    lines
}

/// The sections of a fiche de poste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Preamble,
    Context,
    Missions,
    Competences,
    Profile,
    Training,
    Organisation,
    Place,
    Apply,
    Contacts,
}

/// Headings by meaning: a folded heading equal to one of these (or, for a heading in capitals,
/// starting with one) opens the section.
const HEADINGS: &[(&str, Section)] = &[
    ("missions", Section::Missions),
    ("activites", Section::Missions),
    ("vos missions", Section::Missions),
    ("description du poste", Section::Missions),
    ("missions principales", Section::Missions),
    ("competences", Section::Competences),
    ("savoir faire", Section::Competences),
    ("savoirs faire", Section::Competences),
    ("competences et savoir faire", Section::Competences),
    ("competences et savoirs faire", Section::Competences),
    ("competences requises", Section::Competences),
    ("qualites requises", Section::Competences),
    ("experiences et competences", Section::Competences),
    ("profil", Section::Profile),
    ("diplome", Section::Profile),
    ("diplomes", Section::Profile),
    ("diplome requis", Section::Profile),
    ("qualifications", Section::Profile),
    ("formation", Section::Training),
    ("formation requise", Section::Training),
    ("formation prevue", Section::Training),
    ("contexte", Section::Context),
    ("presentation de la structure", Section::Context),
    ("presentation du service", Section::Context),
    ("presentation de l etablissement", Section::Context),
    ("le poste", Section::Context),
    ("profil recherche", Section::Profile),
    ("votre profil", Section::Profile),
    ("ce que nous attendons", Section::Profile),
    ("qualites attendues", Section::Competences),
    ("competences attendues", Section::Competences),
    ("identification du poste", Section::Organisation),
    ("poste", Section::Organisation),
    ("intitule du poste", Section::Organisation),
    ("profil souhaite", Section::Profile),
    ("profil du candidat", Section::Profile),
    ("savoir etre", Section::Profile),
    ("presentation", Section::Context),
    ("le service", Section::Context),
    ("organisation du poste", Section::Organisation),
    ("conditions", Section::Organisation),
    ("conditions d exercice", Section::Organisation),
    ("conditions de travail", Section::Organisation),
    ("temps de travail", Section::Organisation),
    ("remuneration", Section::Organisation),
    ("lieu", Section::Place),
    ("lieux", Section::Place),
    ("lieu d exercice", Section::Place),
    ("lieu de travail", Section::Place),
    ("lieux d exercice", Section::Place),
    ("localisation", Section::Place),
    ("affectation", Section::Place),
    ("modalites de candidature", Section::Apply),
    ("candidature", Section::Apply),
    ("candidatures", Section::Apply),
    ("pour postuler", Section::Apply),
    ("comment postuler", Section::Apply),
    ("dossier de candidature et delai", Section::Apply),
    ("renseignements", Section::Contacts),
    ("personnes a contacter", Section::Contacts),
    ("personne a contacter", Section::Contacts),
    ("contact", Section::Contacts),
    ("contacts", Section::Contacts),
    ("pour tout renseignement", Section::Contacts),
];

/// How surely a line is a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
    /// Equal to a known heading, or in capitals and starting with one.
    Sure,
    /// A short line starting with a heading's word ("Activités principales", "Connaissances
    /// associées"): a new section, or a group title inside a section of the same kind.
    Loose,
}

/// The first words of headings that vary ("Activités spécifiques", "Conditions particulières").
const HEADING_WORDS: &[(&str, Section)] = &[
    ("missions", Section::Missions),
    ("activites", Section::Missions),
    ("competences", Section::Competences),
    ("savoir faire", Section::Competences),
    ("savoirs faire", Section::Competences),
    ("connaissances", Section::Competences),
    ("qualites", Section::Competences),
    ("profil", Section::Profile),
    ("diplomes", Section::Profile),
    ("formation", Section::Training),
    ("contexte", Section::Context),
    ("presentation", Section::Context),
    ("conditions", Section::Organisation),
    ("position dans", Section::Organisation),
    ("remuneration", Section::Organisation),
    ("lieux", Section::Place),
    ("modalites de candidature", Section::Apply),
    ("renseignements", Section::Contacts),
];

/// The section a line opens, if it is a heading, and how surely. A heading is short and ends no
/// sentence; "Compétences techniques" inside the competences is a group title, not a new section.
pub(super) fn heading(line: &Line) -> Option<(Section, Strength)> {
    let key = line.key();
    if key.is_empty() || line.words() > 8 || line.ends_sentence() {
        return None;
    }
    if let Some((_, section)) = HEADINGS.iter().find(|(heading, _)| *heading == key) {
        return Some((*section, Strength::Sure));
    }
    let letters: Vec<char> = line.text.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.iter().filter(|c| c.is_uppercase()).count();
    if letters.len() >= 4 && capitals * 10 >= letters.len() * 8 {
        let found = HEADINGS
            .iter()
            .find(|(heading, _)| key.starts_with(&format!("{heading} ")));
        return found.map(|(_, section)| (*section, Strength::Sure));
    }
    let bare = line.marker == Marker::None && line.words() <= 4 && !line.text.trim_end_matches(':').contains(':');
    let found = HEADING_WORDS
        .iter()
        .find(|(word, _)| key.starts_with(&format!("{word} ")));
    found.filter(|_| bare).map(|(_, section)| (*section, Strength::Loose))
}

/// "Quotité : 100 %" → the text after the colon, when the label before it folds to one of
/// `labels` (or starts with one).
pub(super) fn labelled<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    let (label, value) = text.split_once(':')?;
    let label = key(label);
    labels
        .iter()
        .any(|wanted| label == *wanted || label.starts_with(&format!("{wanted} ")))
        .then(|| value.trim())
}

/// "MEDIATEUR DE SANTE PAIR" → "Mediateur de sante pair"; mixed case is kept.
pub(super) fn sentence_case(text: &str) -> String {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() || letters.iter().any(|c| c.is_lowercase()) {
        return text.to_string();
    }
    let lower = text.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
