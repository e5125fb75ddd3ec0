//! The requirement check by meaning (issue 21): the programme asks for lived experience of
//! psychiatric care and recovery only — no diploma beyond what the licence asks (Bac+2, or a Bac
//! with a VAP/VAE made once hired), no prior peer-work or care experience, no DU before hiring.
//!
//! A text is cut into sentences, folded (lowercase, no accents, hyphens and apostrophes as
//! spaces) and read as words. A sentence warns when it names an *object* of one family (a
//! diploma, prior experience, a training before hiring) together with a *demand* cue (exigé,
//! requis, titulaire, au moins N ans…), unless it allows instead of demanding: lived
//! experience, a training offered or obtained after hiring, a negation ("aucun diplôme"), or a
//! wish ("souhaité", "apprécié", "un plus"). A wish is not a requirement: it does not warn.
//! No I/O, no model.

use sha2::{Digest, Sha256};

use super::FicheContent;
use crate::domain::text::fold;

#[cfg(test)]
mod tests;

/// What a fiche demands beyond lived experience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// A diploma level or title (licence, master, diplôme d'État, infirmier…).
    Diplome,
    /// Prior experience as a peer worker, or years in care or social work.
    Experience,
    /// A DU or another training required before hiring.
    Formation,
}

/// The programme's rule, in the words a recruiter reads.
pub const RULE: &str = "Le programme ne demande ni diplôme ni expérience de pair-aidance : seul compte le savoir issu de l'expérience vécue des troubles psychiques et du rétablissement.";

impl Family {
    /// What the sentence asks, in French, for the warning.
    pub fn label(self) -> &'static str {
        match self {
            Family::Diplome => "un diplôme ou un titre professionnel",
            Family::Experience => {
                "une expérience préalable (de pair-aidance, de médiateur de santé-pair, de soin ou de travail social)"
            }
            Family::Formation => "un DU ou une formation avant l'embauche",
        }
    }

    fn note(self) -> &'static str {
        match self {
            Family::Diplome => {
                "Pour entrer en licence, un Bac+2 suffit, ou un Bac avec une VAP/VAE faite une fois recruté·e."
            }
            Family::Experience => "L'entretien de recrutement explore les motivations, pas un parcours professionnel.",
            Family::Formation => {
                "La formation se fait après l'embauche, dans le programme, aux frais de l'établissement."
            }
        }
    }
}

/// One sentence of a fiche that asks more than the programme allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub field: &'static str,
    pub family: Family,
    /// The text as the recruiter wrote it.
    pub text: String,
    /// Field and text hashed: an acceptance holds for this text only, a changed text warns again.
    pub fingerprint: String,
    pub message: String,
}

impl Warning {
    /// The field's name as the editor shows it.
    pub fn field_label(&self) -> &'static str {
        match self.field {
            "diploma" => "Diplôme requis",
            "training" => "Formation",
            "context" => "Contexte",
            "missions" => "Missions",
            "techniques" => "Compétences techniques",
            "experientielles" => "Compétences expérientielles",
            "organisationnelles" => "Compétences organisationnelles",
            _ => "Compétences d'adaptation",
        }
    }
}

/// The warnings of a fiche, each on the field where its text was found, a text repeated in
/// one field warned once.
pub fn warnings(content: &FicheContent) -> Vec<Warning> {
    let mut texts: Vec<(&'static str, &str)> = vec![
        ("diploma", &content.diploma),
        ("training", &content.training),
        ("context", &content.context),
    ];
    for group in &content.missions {
        texts.extend(group.items.iter().map(|i| ("missions", i.as_str())));
    }
    for (field, items) in [
        ("techniques", &content.competences.techniques),
        ("experientielles", &content.competences.experientielles),
        ("organisationnelles", &content.competences.organisationnelles),
        ("adaptation", &content.competences.adaptation),
    ] {
        texts.extend(items.iter().map(|i| (field, i.as_str())));
    }
    let mut seen = std::collections::HashSet::new();
    texts
        .into_iter()
        .filter(|(field, text)| seen.insert(fingerprint(field, text)))
        .filter_map(|(field, text)| {
            let family = check(text)?;
            Some(Warning {
                field,
                family,
                text: text.trim().to_string(),
                fingerprint: fingerprint(field, text),
                message: format!(
                    "Cette phrase exige {} : « {} ». {} {}",
                    family.label(),
                    text.trim(),
                    RULE,
                    family.note()
                ),
            })
        })
        .collect()
}

/// The fingerprint of a warned text in its field.
pub fn fingerprint(field: &str, text: &str) -> String {
    let digest = Sha256::digest(format!("{field}\n{}", text.trim()).as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The family a text demands, if any: the first sentence that warns decides.
pub fn check(text: &str) -> Option<Family> {
    text.split(['.', ';', '\n', '!', '?', '•']).find_map(check_sentence)
}

fn check_sentence(sentence: &str) -> Option<Family> {
    let has_du = sentence
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "DU" || w == "DIU");
    let words = words(sentence);
    let w = Words(&words);
    if w.any(WISH) || w.any(NEGATION) || w.any(AFTER_HIRING) {
        return None;
    }
    let demanded = w.any(DEMAND) || w.years();
    let peer = w.any(PEER);
    if demanded && (has_du || w.any(TRAINING_TITLES) || (w.any(&["formation*"]) && peer)) {
        return Some(Family::Formation);
    }
    if w.any(DIPLOMA_STRONG) || (demanded && w.any(DIPLOMA_WEAK)) {
        return Some(Family::Diplome);
    }
    let experience = w.any(&["experience*"]) && (peer || w.years() || w.any(CARE));
    if experience && demanded && !w.any(LIVED) {
        return Some(Family::Experience);
    }
    None
}

/// Folded words; "+" kept as a word of its own so "Bac +3" and "bac+3" read alike.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .replace('+', " + ")
        .split(|c: char| !(c.is_alphanumeric() || c == '+'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

struct Words<'a>(&'a [String]);

impl Words<'_> {
    /// Whether any pattern occurs as consecutive words; a word ending in `*` is a prefix.
    fn any(&self, patterns: &[&str]) -> bool {
        patterns.iter().any(|p| self.has(p))
    }

    fn has(&self, pattern: &str) -> bool {
        let parts: Vec<&str> = pattern.split(' ').collect();
        self.0.windows(parts.len()).any(|window| {
            window
                .iter()
                .zip(&parts)
                .all(|(word, part)| match part.strip_suffix('*') {
                    Some(prefix) => word.starts_with(prefix),
                    None => word == part,
                })
        })
    }

    /// "2 ans", "deux ans", "un an": a duration, read as years of experience asked for.
    fn years(&self) -> bool {
        const NUMBERS: [&str; 10] = [
            "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "dix",
        ];
        self.0.windows(2).any(|pair| {
            let number = pair[0].chars().all(|c| c.is_ascii_digit()) || NUMBERS.contains(&pair[0].as_str());
            number && matches!(pair[1].as_str(), "an" | "ans" | "annee" | "annees")
        })
    }
}

const DEMAND: &[&str] = &[
    "exig*",
    "requi*",
    "obligatoire*",
    "indispensable*",
    "imperati*",
    "necessaire*",
    "doit etre",
    "doit avoir",
    "devra*",
    "titulaire*",
    "justifi*",
    "au moins",
    "minimum",
    "minimal*",
    "significati*",
    "confirme*",
    "prealable*",
    "premiere experience",
    "avant l embauche",
    "avant embauche",
    "avant la prise",
    "avoir valide",
    "avoir obtenu",
    "avoir suivi",
    "demande*",
];
const WISH: &[&str] = &[
    "souhait*",
    "apprecie*",
    "un plus",
    "bienvenu*",
    "idealement",
    "de preference",
    "atout*",
];
const NEGATION: &[&str] = &[
    "aucun",
    "aucune",
    "pas de",
    "pas d",
    "non exig*",
    "non requi*",
    "n est pas",
    "ni diplome",
    "sans diplome",
    "sans experience",
];
const AFTER_HIRING: &[&str] = &[
    "apres l embauche",
    "apres embauche",
    "apres le recrutement",
    "une fois recrut*",
    "dans le cadre du programme",
    "sera propose*",
    "sera financ*",
    "sera pris*",
    "seront pris*",
    "pris en charge",
    "prise en charge",
    "s engager a",
    "s engage a",
    "suivra",
    "suit la",
    "suit le",
    "obtiendra",
    "prepare*",
    "sera obtenu*",
    "vap",
    "vae",
    "validation des acquis",
];
const LIVED: &[&str] = &[
    "vecu*",
    "experientiel*",
    "retabli*",
    "usager*",
    "personnelle*",
    "recours aux soins",
];
const PEER: &[&str] = &["pair*", "msp", "mediat*"];
const CARE: &[&str] = &[
    "psychiatri*",
    "sante mentale",
    "soin*",
    "social*",
    "sociale*",
    "medico*",
    "sanitaire*",
    "accompagnement*",
    "educati*",
    "hospital*",
    "soignant*",
];
const TRAINING_TITLES: &[&str] = &["diplome* universitaire*", "certificat*", "certification*"];
const DIPLOMA_STRONG: &[&str] = &[
    "master*",
    "doctorat*",
    "diplome* d etat",
    "dees",
    "deass",
    "deme",
    "deis",
    "deje",
    "deaes",
    "ide",
    "niveau 6",
    "niveau 7",
    "bac + 3",
    "bac + 4",
    "bac + 5",
    "bac + 8",
];
const DIPLOMA_WEAK: &[&str] = &[
    "licence*",
    "diplome*",
    "infirmi*",
    "psychologue*",
    "educat* specialis*",
    "moniteur* educat*",
    "assistant* social*",
    "assistant* de service social",
    "aide soignant*",
    "travailleur* social*",
];
