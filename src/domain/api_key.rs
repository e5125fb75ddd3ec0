//! Establishments' API keys (issue 25): what a key may do (its scopes), what it looks like, and
//! the form that creates one. A key is `msp_<public id>_<secret>`: the public id names it in
//! lists and in the audit log without opening anything; only the SHA-256 of the whole key is
//! stored, so a copy of the database authenticates nobody.

use serde::Deserialize;

use super::FieldError;
use super::form_errors::FormErrors;
use super::project::check_text;

/// What every key starts with: a leaked key is recognisable (secret scanners, logs).
pub const PREFIX: &str = "msp_";

/// What a key may do. A key carries at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyScope {
    /// Create and update draft fiches; read the establishment's fiches and their states.
    Fiches,
    /// Read the establishment's applications: candidates' data, so an explicit choice.
    Candidatures,
}

impl KeyScope {
    pub const ALL: [KeyScope; 2] = [KeyScope::Fiches, KeyScope::Candidatures];

    pub fn as_str(self) -> &'static str {
        match self {
            KeyScope::Fiches => "fiches",
            KeyScope::Candidatures => "candidatures",
        }
    }

    pub fn parse(text: &str) -> Option<KeyScope> {
        KeyScope::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// What the key page says the scope allows.
    pub fn label(self) -> &'static str {
        match self {
            KeyScope::Fiches => "Fiches : créer et modifier des brouillons, lire les fiches et leur état",
            KeyScope::Candidatures => "Candidatures : lire les candidatures reçues (données personnelles)",
        }
    }
}

/// The scopes of a key, stored space-separated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scopes(pub Vec<KeyScope>);

impl Scopes {
    pub fn parse(text: &str) -> Scopes {
        Scopes(text.split_whitespace().filter_map(KeyScope::parse).collect())
    }

    pub fn to_text(&self) -> String {
        self.0.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
    }

    pub fn allows(&self, scope: KeyScope) -> bool {
        self.0.contains(&scope)
    }

    /// « fiches, candidatures »: how lists show them.
    pub fn names(&self) -> String {
        self.0.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// A key just made: the text shown once, and what is stored of it.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub public_id: String,
    /// The whole key, shown to its creator once and never stored.
    pub secret: String,
}

impl NewKey {
    /// A public id of 8 hex characters and 32 random bytes: `msp_1a2b3c4d_<64 hex>`.
    pub fn generate(random_hex: impl Fn() -> String) -> NewKey {
        let public_id = random_hex()[..8].to_string();
        let secret = format!("{PREFIX}{public_id}_{}", random_hex());
        NewKey { public_id, secret }
    }
}

/// A presented key's shape checked before any lookup: `msp_`, 8 hex, `_`, 64 hex. Anything else
/// authenticates nobody, without a query.
pub fn well_formed(presented: &str) -> bool {
    let Some(rest) = presented.strip_prefix(PREFIX) else {
        return false;
    };
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    matches!(rest.split_once('_'), Some((id, secret)) if hex(id, 8) && hex(secret, 64))
}

/// The key form as typed: a label, the scopes ticked, the establishment when the recruiter
/// has several.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct KeyForm {
    pub libelle: String,
    pub portees: Vec<String>,
    pub etablissement: String,
}

/// What a valid form makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRequest {
    pub label: String,
    pub scopes: Scopes,
    pub establishment_id: i64,
}

/// The longest label: a name, not a text.
pub const MAX_LABEL_CHARS: usize = 80;

impl KeyForm {
    /// The form read against the establishments the recruiter works for, or its errors.
    pub fn read(&self, establishments: &[i64]) -> Result<KeyRequest, FormErrors> {
        let mut errors = FormErrors::default();
        let label = errors.check(check_text(
            "libelle",
            &self.libelle,
            "un nom pour cette clé (par exemple le logiciel qui l'utilisera)",
            true,
            MAX_LABEL_CHARS,
        ));
        let scopes = Scopes(
            KeyScope::ALL
                .into_iter()
                .filter(|s| self.portees.iter().any(|p| p == s.as_str()))
                .collect(),
        );
        if scopes.0.is_empty() {
            errors.add("portees", "Cochez au moins ce que la clé pourra faire.");
        }
        let establishment = match establishments {
            [only] if self.etablissement.trim().is_empty() => Some(*only),
            _ => errors.check(
                self.etablissement
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|id| establishments.contains(id))
                    .ok_or_else(|| FieldError::new("etablissement", "Choisissez l'établissement de la clé.")),
            ),
        };
        match (label, establishment) {
            (Some(label), Some(establishment_id)) if errors.is_empty() => Ok(KeyRequest {
                label,
                scopes,
                establishment_id,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(c: char) -> impl Fn() -> String {
        move || std::iter::repeat_n(c, 64).collect()
    }

    #[test]
    fn a_new_key_is_recognisable_and_well_formed() {
        let key = NewKey::generate(hex('a'));
        assert_eq!(key.public_id, "aaaaaaaa");
        assert!(key.secret.starts_with("msp_aaaaaaaa_"));
        assert!(well_formed(&key.secret));
        assert!(!well_formed("msp_aaaaaaaa_short"));
        assert!(!well_formed(&key.secret.replace("msp_", "xyz_")));
        assert!(!well_formed(&format!("{}z", &key.secret[..key.secret.len() - 1])));
    }

    #[test]
    fn scopes_read_back_what_was_stored_and_ignore_the_unknown() {
        let scopes = Scopes(vec![KeyScope::Fiches, KeyScope::Candidatures]);
        assert_eq!(Scopes::parse(&scopes.to_text()), scopes);
        assert_eq!(Scopes::parse("fiches admin").0, vec![KeyScope::Fiches]);
        assert!(!Scopes::parse("fiches").allows(KeyScope::Candidatures));
    }

    #[test]
    fn the_form_needs_a_label_a_scope_and_one_of_the_recruiters_establishments() {
        let form = KeyForm {
            libelle: "  Logiciel RH ".into(),
            portees: vec!["fiches".into()],
            etablissement: String::new(),
        };
        let request = form.read(&[3]).unwrap();
        assert_eq!((request.label.as_str(), request.establishment_id), ("Logiciel RH", 3));
        let errors = KeyForm::default().read(&[3, 4]).unwrap_err();
        assert!(errors.get("libelle").is_some());
        assert!(errors.get("portees").is_some());
        assert!(errors.get("etablissement").is_some());
        let elsewhere = KeyForm {
            etablissement: "9".into(),
            ..form
        };
        assert!(elsewhere.read(&[3, 4]).unwrap_err().get("etablissement").is_some());
    }
}
