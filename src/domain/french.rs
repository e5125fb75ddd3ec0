//! French grammar the pages and mails need: an establishment's name after "à" or "de" with the
//! right article ("au Centre hospitalier…", "de l'EPSM…", "aux Hôpitaux…"), and counts with
//! their plural ("aucun inscrit", "1 inscrit", "2 inscrits").

use crate::domain::coded::coded_enum;

coded_enum! {
    /// How an establishment's name takes "à" and "de": the article of its head noun. Stored
    /// only when someone chose it; otherwise [`Article::of_name`] derives it from the name.
    pub enum Article {
        Le = ("le", "au … / du … (le Centre hospitalier, le CHS)"),
        La = ("la", "à la … / de la … (la Clinique)"),
        L = ("l", "à l'… / de l'… (l'EPSM, l'Hôpital)"),
        Les = ("les", "aux … / des … (les Hôpitaux)"),
        Aucun = ("aucun", "à … / de … (un nom propre sans article)"),
    }
}

/// Head nouns that are feminine; any other common noun in [`MASCULINE`] is masculine.
const FEMININE: [&str; 16] = [
    "clinique",
    "polyclinique",
    "maison",
    "fondation",
    "association",
    "résidence",
    "unité",
    "structure",
    "équipe",
    "mutuelle",
    "communauté",
    "fédération",
    "plateforme",
    "cité",
    "mas",
    "mdph",
];

const MASCULINE: [&str; 18] = [
    "centre",
    "hôpital",
    "établissement",
    "groupe",
    "groupement",
    "institut",
    "service",
    "pôle",
    "foyer",
    "dispositif",
    "réseau",
    "site",
    "pavillon",
    "hospice",
    "campus",
    "ehpad",
    "esat",
    "samsah",
];

const PLURAL: [&str; 9] = [
    "hôpitaux",
    "hospices",
    "centres",
    "établissements",
    "services",
    "maisons",
    "cliniques",
    "foyers",
    "instituts",
];

/// Whether French elides before this word ("l'hôpital", "d'Esquirol"): a vowel or a mute h.
fn elides(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| "aeiouyéèêëàâäîïôöûühAEIOUYÉÈÊËÀÂÄÎÏÔÖÛÜH".contains(c))
}

/// An acronym read letter by letter or as a word ("CHS", "EPSM", "GHU"): two or more capitals.
fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

impl Article {
    /// The article a name most likely takes, from its first word: a known head noun or acronym
    /// gives its gender and number, a vowel or mute h elides ("l'EPSM"); an unknown word is a
    /// proper name ("à Sainte-Anne"), and a name that begins with its own article keeps it
    /// ("Le Vinatier": "au Vinatier").
    pub fn of_name(name: &str) -> Article {
        let first = name.split([' ', '\'', '’', '-']).next().unwrap_or("").trim();
        match first {
            "Le" => return Article::Le,
            "La" => return Article::La,
            "Les" => return Article::Les,
            "L" if name.len() > 2 => return Article::L,
            _ => {}
        }
        let word = first.to_lowercase();
        if PLURAL.contains(&word.as_str()) || (!is_acronym(first) && word.ends_with("aux")) {
            return Article::Les;
        }
        let feminine = FEMININE.contains(&word.as_str());
        if !feminine && !MASCULINE.contains(&word.as_str()) && !is_acronym(first) {
            return Article::Aucun;
        }
        if elides(&word) && !is_acronym_spelled_with_consonant(first) {
            Article::L
        } else if feminine {
            Article::La
        } else {
            Article::Le
        }
    }

    /// The explicit choice if any, or the one derived from the name.
    pub fn or_of_name(chosen: Option<Article>, name: &str) -> Article {
        chosen.unwrap_or_else(|| Article::of_name(name))
    }
}

/// "MDPH" and "MAS" are spelled "emme…" but said "la MDPH": no elision for acronyms whose first
/// letter is a consonant, even when its name begins with a vowel sound.
fn is_acronym_spelled_with_consonant(word: &str) -> bool {
    is_acronym(word) && !elides(word)
}

/// The name without the article it begins with, when that article merges with "à" or "de"
/// ("Le Vinatier" → "Vinatier", for "au Vinatier").
fn merged(article: Article, name: &str) -> &str {
    let prefix = match article {
        Article::Le => "Le ",
        Article::Les => "Les ",
        _ => return name,
    };
    name.strip_prefix(prefix).unwrap_or(name)
}

/// "au Centre hospitalier des Contreforts", "à la Clinique du Lac", "à l'EPSM de la Sarthe",
/// "aux Hôpitaux de Saint-Maurice", "à Sainte-Anne".
pub fn a_name(name: &str, chosen: Option<Article>) -> String {
    let article = Article::or_of_name(chosen, name);
    let rest = merged(article, name);
    match article {
        Article::Le => format!("au {rest}"),
        Article::Les => format!("aux {rest}"),
        Article::La if !name.starts_with("La ") => format!("à la {name}"),
        Article::L if !name.starts_with("L'") && !name.starts_with("L’") => format!("à l'{name}"),
        _ => format!("à {name}"),
    }
}

/// "du Centre hospitalier des Contreforts", "de la Clinique du Lac", "de l'EPSM de la Sarthe",
/// "des Hôpitaux de Saint-Maurice", "d'Esquirol".
pub fn de_name(name: &str, chosen: Option<Article>) -> String {
    let article = Article::or_of_name(chosen, name);
    let rest = merged(article, name);
    match article {
        Article::Le => format!("du {rest}"),
        Article::Les => format!("des {rest}"),
        Article::La if !name.starts_with("La ") => format!("de la {name}"),
        Article::L if !name.starts_with("L'") && !name.starts_with("L’") => format!("de l'{name}"),
        _ if elides(name) => format!("d'{name}"),
        _ => format!("de {name}"),
    }
}

/// A date written `2026-11-23` (a notice's version, a stored day) as people read it: "23
/// novembre 2026"; anything else as it is.
pub fn date_in_words(text: &str) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).map_or_else(|_| text.to_string(), crate::domain::calendar::french_date)
}

/// A number of things, whatever integer type holds it (templates pass references).
pub trait Amount {
    /// The number; a negative one, which no list has, counts as none.
    fn amount(&self) -> u64;
}

macro_rules! amount {
    ($($t:ty),+) => {$(
        impl Amount for $t {
            fn amount(&self) -> u64 {
                u64::try_from(*self).unwrap_or(0)
            }
        }
    )+};
}

amount!(u32, u64, usize, i64);

impl<T: Amount> Amount for &T {
    fn amount(&self) -> u64 {
        (**self).amount()
    }
}

/// A count and its noun, masculine: "aucun inscrit", "1 inscrit", "2 inscrits".
pub fn count(n: impl Amount, singular: &str, plural: &str) -> String {
    counted(n.amount(), "aucun", singular, plural)
}

/// A count and its noun, feminine: "aucune candidature", "1 candidature", "2 candidatures".
pub fn count_f(n: impl Amount, singular: &str, plural: &str) -> String {
    counted(n.amount(), "aucune", singular, plural)
}

/// The noun that goes after a figure shown on its own (a dashboard's "12 / projets suivis"):
/// singular for 0 and 1, as French writes "0 échéance en retard".
pub fn noun<'a>(n: impl Amount, singular: &'a str, plural: &'a str) -> &'a str {
    if n.amount() > 1 { plural } else { singular }
}

/// The text with its first letter in capitals, to begin a sentence: "Aucun inscrit".
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn counted(n: u64, none: &str, singular: &str, plural: &str) -> String {
    match n {
        0 => format!("{none} {singular}"),
        1 => format!("1 {singular}"),
        n => format!("{} {plural}", thousands(n)),
    }
}

/// "1 234" with a narrow no-break space, as French writes numbers.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
