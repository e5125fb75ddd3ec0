//! Lines read by what they say rather than by their heading: the title, places, contacts,
//! dates and working time in free text.

use super::lines::{Line, Section, key, sentence_case};
use super::{ImportedFiche, facts, sentences, set_working_time};
use crate::domain::fiche::Contact;

/// Words that name the post, and the labels that often come before it.
const POST_WORDS: &[&str] = &["mediateur", "mediatrice", "pair aidant", "paire aidante", "msp", "pair"];
const TITLE_PREFIXES: &[&str] = &[
    "recrutement",
    "recherche",
    "fiche de poste",
    "profil de poste",
    "intitule du poste",
    "poste",
    "offre d emploi",
];

/// The post's title, if `line` is one: short, naming the post, not a sentence.
pub(super) fn title(line: &Line) -> Option<String> {
    let folded = key(&line.text);
    let names_post = POST_WORDS
        .iter()
        .any(|word| folded.split(' ').any(|w| w == *word) || folded.contains(word));
    if !names_post || line.words() > 10 || line.ends_sentence() || folded.starts_with("nous recrutons") {
        return None;
    }
    let mut text = line.text.trim_end_matches(':').trim();
    if TITLE_PREFIXES
        .iter()
        .any(|prefix| folded.starts_with(&format!("{prefix} ")))
    {
        // From the first word naming the post: "Recrutement d'un(e) médiateur(rice)…" → "médiateur(rice)…".
        let lower = text.to_lowercase();
        let start = ["médiat", "mediat", "pair", "msp"]
            .iter()
            .filter_map(|word| lower.find(word))
            .min();
        if let Some(start) = start.filter(|start| text.is_char_boundary(*start)) {
            text = &text[start..];
        }
    }
    Some(capitalised(text))
}

fn capitalised(text: &str) -> String {
    let text = sentence_case(text);
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What kind of place a name is, by its words.
#[derive(PartialEq)]
enum PlaceKind {
    Establishment,
    Pole,
    Service,
    Unit,
    Other,
}

fn place_kind(text: &str) -> PlaceKind {
    let folded = key(text);
    let first = folded.split(' ').next().unwrap_or_default();
    let words: Vec<&str> = folded.split(' ').collect();
    let has = |word: &str| words.contains(&word);
    if first == "pole" {
        PlaceKind::Pole
    } else if first == "unite" || first == "secteur" {
        PlaceKind::Unit
    } else if [
        "service",
        "dispositif",
        "cmp",
        "cattp",
        "equipe",
        "hopital de jour",
        "centre de",
        "centre medico",
        "foyer",
    ]
    .iter()
    .any(|start| folded.starts_with(start))
    {
        PlaceKind::Service
    } else if [
        "hopital",
        "hopitaux",
        "chs",
        "chu",
        "chru",
        "ch",
        "epsm",
        "ghu",
        "clinique",
        "association",
        "etablissement",
        "fondation",
        "groupement",
    ]
    .iter()
    .any(|word| has(word))
        || folded.contains("centre hospitalier")
        || folded.contains("groupe hospitalier")
    {
        PlaceKind::Establishment
    } else {
        PlaceKind::Other
    }
}

/// One line of a "Lieu" section: the establishment, its pole, service or unit, else a site.
pub(super) fn place_line(draft: &mut ImportedFiche, text: &str) {
    let text = text.trim().to_string();
    match place_kind(&text) {
        PlaceKind::Pole if draft.pole.is_empty() => draft.pole = text,
        PlaceKind::Service if draft.service.is_empty() => draft.service = text,
        PlaceKind::Unit if draft.unit.is_empty() => draft.unit = text,
        PlaceKind::Establishment if draft.establishment.is_empty() => draft.establishment = text,
        _ => draft.sites.push(text),
    }
}

/// "SMART 73 – CHS de la Savoie": parts split on dashes; a part naming no kind of place is the
/// unit when none is known yet.
pub(super) fn place_value(draft: &mut ImportedFiche, value: &str) {
    // "CATTP Les Tilleuls, 12 rue des Lilas, 75019 Paris": a name, then where it is.
    if let Some((name, address)) = value.split_once(", ")
        && !name.contains(" – ")
    {
        place_value(draft, name);
        draft.sites.push(address.trim().trim_end_matches('.').to_string());
        return;
    }
    for part in value
        .split([' ', ' '])
        .collect::<Vec<_>>()
        .join(" ")
        .split(" – ")
        .flat_map(|part| part.split(" - "))
    {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if place_kind(part) == PlaceKind::Other && draft.unit.is_empty() {
            draft.unit = part.to_string();
        } else {
            place_line(draft, part);
        }
    }
}

/// A person to ask: phone and e-mail taken out, "Auprès de" and "au" dropped.
pub(super) fn contact(text: &str) -> Contact {
    let phone = facts::phones(text).into_iter().next().unwrap_or_default();
    let email = facts::emails(text).into_iter().next().unwrap_or_default();
    let mut name = text.to_string();
    if let Some(at) = first_digit_of_phone(&name, &phone) {
        name.truncate(at);
    }
    if !email.is_empty() {
        name = name.replace(&email, " ");
    }
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words
        .first()
        .is_some_and(|word| ["auprès", "aupres", "de", "des", "du"].contains(&word.to_lowercase().as_str()))
    {
        words.remove(0);
    }
    while words.last().is_some_and(|word| {
        ["au", "tel", "tél", "tél.", "tel.", ":", "-", "–", "par"].contains(&word.to_lowercase().as_str())
    }) {
        words.pop();
    }
    let name = words.join(" ");
    let mut parts = name
        .split([',', '–'])
        .map(str::trim)
        .filter(|part| !part.is_empty() && *part != "-");
    let (name, role) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let role = role.trim().trim_end_matches([',', ':', ' ']);
    Contact {
        name: name.trim().to_string(),
        role: role.to_string(),
        phone,
        email,
    }
}

fn first_digit_of_phone(text: &str, phone: &str) -> Option<usize> {
    let first_pair = phone.split(' ').next().filter(|pair| !pair.is_empty())?;
    text.find(first_pair).or_else(|| text.find("+33"))
}

/// A fact in free text: an e-mail, a deadline ("avant le 5 août 2024"), working time, the unit
/// ("pour l'unité GREMO-PASS"), the date of publication; true when the line is placed.
pub(super) fn unlabelled_fact(draft: &mut ImportedFiche, section: Section, line: &Line) -> bool {
    let folded = key(&line.text);
    let mut placed = false;
    if matches!(section, Section::Apply | Section::Preamble | Section::Organisation) || folded.contains("candidature") {
        if let Some(email) = facts::emails(&line.text).into_iter().next() {
            draft.apply_email = email;
        }
        let deadline_words = ["avant le", "au plus tard", "jusqu au", "date limite"];
        if deadline_words.iter().any(|words| folded.contains(words)) {
            draft.deadline = facts::date(&line.text).or(draft.deadline);
        }
    }
    let published = [
        "diffuse le",
        "publie le",
        "date de publication",
        "date de mise a jour",
        "mis a jour le",
    ];
    if published.iter().any(|start| folded.starts_with(start)) {
        draft.published = facts::date(&line.text);
        return draft.published.is_some();
    }
    if matches!(section, Section::Preamble | Section::Organisation | Section::Context) && sentences::terms(draft, line)
    {
        return true;
    }
    if section == Section::Preamble && sentences::recruiting_sentence(draft, line) {
        return true;
    }
    let time_starts = ["temps partiel", "temps plein", "poste a temps", "mi temps", "quotite"];
    if time_starts.iter().any(|start| folded.starts_with(start)) && facts::working_time(&line.text).0.is_some() {
        set_working_time(draft, &line.text);
        return true;
    }
    if section != Section::Apply && folded.contains("candidature") && sentences::applying_sentence(draft, line) {
        return true;
    }
    if matches!(section, Section::Preamble | Section::Organisation) {
        if folded.contains("avis de vacance") && line.words() <= 6 {
            draft.notice = sentence_case(&line.text);
            placed = true;
        }
        if let Some(at) = line
            .text
            .to_lowercase()
            .find("unité ")
            .or_else(|| line.text.to_lowercase().find("unite "))
            // Lower-casing may move offsets in other scripts: only a boundary of the text is used.
            .filter(|at| line.text.is_char_boundary(*at))
        {
            let unit = line.text[at..]
                .split_once(' ')
                .map(|(_, rest)| rest.trim())
                .unwrap_or_default();
            if draft.unit.is_empty() && !unit.is_empty() {
                draft.unit = unit.to_string();
                placed = true;
            }
        }
        let (percent, _) = facts::working_time(&line.text);
        if percent.is_some() {
            set_working_time(draft, &line.text);
            placed = true;
        }
    }
    placed
}

/// A line of the preamble or the organisation that no label or heading explains: a place's
/// name, prose about the context, or unplaced.
pub(super) fn loose_line(draft: &mut ImportedFiche, section: Section, text: String) {
    let words = text.split_whitespace().count();
    let is_prose = words >= 8 || text.ends_with('.');
    // "Liaison hiérarchique : …": a label no rule knows is shown, not taken for prose.
    let unknown_label = text
        .split_once(" : ")
        .is_some_and(|(label, _)| label.split_whitespace().count() <= 4);
    if unknown_label {
        draft.unplaced.push(text);
        return;
    }
    let parts: Vec<&str> = text.split(" – ").collect();
    if parts.len() > 1 && words <= 12 && parts.iter().any(|part| place_kind(part) != PlaceKind::Other) {
        place_value(draft, &text);
        return;
    }
    if place_kind(&text) != PlaceKind::Other && words <= 10 && !text.ends_with('.') {
        place_line(draft, &text);
    } else if matches!(section, Section::Preamble | Section::Organisation) && is_prose {
        draft.context.push(text);
    } else {
        draft.unplaced.push(text);
    }
}

/// Unplaced lines that only repeat a value already placed ("SMART 73" above the title when the
/// place says "SMART 73 – CHS de la Savoie") are placed after all.
pub(super) fn drop_repeated_unplaced(draft: &mut ImportedFiche) {
    let mut known: Vec<String> = [
        &draft.title,
        &draft.establishment,
        &draft.pole,
        &draft.service,
        &draft.unit,
    ]
    .into_iter()
    .map(|value| key(value))
    .collect();
    known.extend(draft.sites.iter().map(|site| key(site)));
    known.retain(|value| !value.is_empty());
    draft.unplaced.retain(|line| !known.contains(&key(line)));
}
