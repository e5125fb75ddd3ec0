//! The resource centre's documents (issue 26): who they are for, what they are about, who may
//! see them, and the checks of the CCOMS's form. No I/O: the web layer reads the form and the
//! file, the database keeps what these checks let through.

#[cfg(test)]
mod tests;

use time::Date;

use super::FieldError;
use super::calendar::parse_date_field;
use super::form_errors::FormErrors;
use super::text::https_address;

/// Who a resource is written for; a resource may be for several.
pub const AUDIENCES: &[(&str, &str)] = &[
    ("equipes", "Équipes"),
    ("encadrement", "Encadrement"),
    ("msp", "Médiateurs de santé-pair"),
    ("candidats", "Candidat·es"),
    ("ars", "ARS"),
];

/// What a resource is about: a short fixed list, so that a filter finds every resource of a
/// theme (free tags would split one theme under several spellings).
pub const THEMES: &[(&str, &str)] = &[
    ("accueil", "Accueillir un médiateur"),
    ("recrutement", "Recrutement"),
    ("formation", "Formation et diplômes"),
    ("retablissement", "Rétablissement"),
    ("pair-aidance", "Pair-aidance"),
    ("financement", "Financement"),
    ("reseau", "Réseau et ressources"),
];

/// Who may see a resource once it is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Anyone, and search engines.
    Public,
    /// Anyone signed in but candidates: the teams, the CCOMS, the ARS, the universities, MSPs.
    Staff,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Staff => "equipes",
        }
    }

    pub fn parse(code: &str) -> Option<Visibility> {
        match code {
            "public" => Some(Visibility::Public),
            "equipes" => Some(Visibility::Staff),
            _ => None,
        }
    }
}

/// Which resources a reader may find: what every finder's query is given, so that a resource
/// hidden from someone is never loaded for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    /// Visitors and candidates: the public resources in line.
    Public,
    /// Staff: every resource in line.
    Staff,
    /// The CCOMS: every resource, withdrawn ones included.
    Publisher,
}

/// The longest title kept: a title is a line of the list.
pub const MAX_TITLE: usize = 150;
/// The longest summary: a few plain paragraphs, not the document itself.
pub const MAX_SUMMARY: usize = 2000;

/// The form of a resource, as typed (kept as typed when refused).
#[derive(Debug, Clone, Default)]
pub struct ResourceInput {
    pub title: String,
    pub summary: String,
    pub audiences: Vec<String>,
    pub themes: Vec<String>,
    pub dated: String,
    pub visibility: String,
    pub link: String,
}

/// What the CCOMS publishes about a resource, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceFields {
    pub title: String,
    pub summary: String,
    pub audiences: Vec<&'static str>,
    pub themes: Vec<&'static str>,
    pub dated: Date,
    pub visibility: Visibility,
    /// An https address, or empty for a file.
    pub link: String,
}

/// The codes of `list` that were ticked, in the list's order; unknown codes are dropped.
fn chosen(list: &[(&'static str, &str)], ticked: &[String]) -> Vec<&'static str> {
    list.iter()
        .map(|(code, _)| *code)
        .filter(|code| ticked.iter().any(|t| t == code))
        .collect()
}

fn required_text(field: &'static str, value: &str, max: usize, empty: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, empty));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(field, format!("Écrivez {max} caractères au plus.")));
    }
    Ok(value.to_string())
}

/// Checks the form, each field with its French message. `link_expected`: the resource is (or
/// will be) a link rather than a file, so the address is required; when it is a file, an
/// address typed is refused (a resource is one or the other).
pub fn check_resource(input: &ResourceInput, link_expected: bool) -> Result<ResourceFields, FormErrors> {
    let mut errors = FormErrors::default();
    let title = errors.check(required_text("titre", &input.title, MAX_TITLE, "Donnez un titre."));
    let summary = errors.check(required_text(
        "resume",
        &input.summary,
        MAX_SUMMARY,
        "Résumez le document en quelques phrases simples.",
    ));
    let audiences = chosen(AUDIENCES, &input.audiences);
    if audiences.is_empty() {
        errors.add("publics", "Cochez au moins un public.");
    }
    let themes = chosen(THEMES, &input.themes);
    if themes.is_empty() {
        errors.add("themes", "Cochez au moins un thème.");
    }
    let dated = match errors.check(parse_date_field("date", &input.dated)) {
        Some(None) => {
            errors.add("date", "Indiquez la date du document, par exemple 15/01/2027.");
            None
        }
        other => other.flatten(),
    };
    let visibility = Visibility::parse(&input.visibility);
    if visibility.is_none() {
        errors.add("visibilite", "Choisissez qui peut voir ce document.");
    }
    let link = check_link(&input.link, link_expected, &mut errors);
    match (title, summary, dated, visibility, link, errors.is_empty()) {
        (Some(title), Some(summary), Some(dated), Some(visibility), Some(link), true) => Ok(ResourceFields {
            title,
            summary,
            audiences,
            themes,
            dated,
            visibility,
            link,
        }),
        _ => Err(errors),
    }
}

fn check_link(typed: &str, link_expected: bool, errors: &mut FormErrors) -> Option<String> {
    match (https_address(typed), link_expected) {
        (None, _) => {
            errors.add(
                "lien",
                "Indiquez une adresse complète qui commence par https://, par exemple https://www.psycom.org/.",
            );
            None
        }
        (Some(link), true) if link.is_empty() => {
            errors.add("lien", "Indiquez l'adresse du document, ou joignez un fichier.");
            None
        }
        (Some(link), false) if !link.is_empty() => {
            errors.add(
                "lien",
                "Ce document est un fichier : laissez l'adresse vide, ou publiez le lien comme un autre document.",
            );
            None
        }
        (Some(link), _) => Some(link),
    }
}

/// A size as people read it, in French: « 820 octets », « 34 Ko », « 1,2 Mo ».
pub fn french_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let size = bytes.max(0) as f64;
    if size < KB {
        format!("{bytes} octets")
    } else if size < KB * KB {
        format!("{} Ko", (size / KB).round())
    } else {
        let tenths = (size / (KB * KB) * 10.0).round() / 10.0;
        format!("{tenths} Mo").replace('.', ",")
    }
}

/// How a format is named to readers.
pub fn format_label(media_type: &str) -> &'static str {
    match media_type {
        "pdf" => "PDF",
        "docx" => "Word (DOCX)",
        "odt" => "OpenDocument (ODT)",
        _ => "Fichier",
    }
}
