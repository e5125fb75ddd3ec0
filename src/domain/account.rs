//! Account rules: e-mail addresses and the password policy (CNIL, 2022 recommendation: at least
//! 12 characters of at least 3 kinds when nothing else limits guessing, which throttling does).

use super::FieldError;
use super::form_errors::FormErrors;

pub const MIN_PASSWORD_CHARS: usize = 12;
/// Long enough for any passphrase, short enough that hashing it costs nothing unusual.
const MAX_PASSWORD_CHARS: usize = 256;

/// An e-mail address, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &'static str, value: &str) -> Result<Email, FieldError> {
        let value = value.trim().to_lowercase();
        if value.is_empty() {
            return Err(FieldError::new(field, "Indiquez votre adresse e-mail."));
        }
        let valid = value.len() <= 254
            && !value.chars().any(char::is_whitespace)
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Email(value))
        } else {
            Err(FieldError::new(
                field,
                "Cette adresse e-mail n'est pas valide. Elle doit ressembler à nom@exemple.fr.",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a new password against the policy; the message says what is missing.
pub fn check_new_password(field: &'static str, password: &str, email: Option<&Email>) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(
            field,
            format!("Le mot de passe doit compter au moins {MIN_PASSWORD_CHARS} caractères (il en a {chars})."),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(FieldError::new(
            field,
            format!("Le mot de passe doit compter au plus {MAX_PASSWORD_CHARS} caractères."),
        ));
    }
    let kinds = [
        password.chars().any(char::is_lowercase),
        password.chars().any(char::is_uppercase),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if kinds.iter().filter(|k| **k).count() < 3 {
        return Err(FieldError::new(
            field,
            "Le mot de passe doit mêler au moins 3 sortes de caractères parmi : minuscules, majuscules, chiffres, autres signes.",
        ));
    }
    if let Some(email) = email {
        let local = email.as_str().split('@').next().unwrap_or_default();
        if local.len() >= 4 && password.to_lowercase().contains(local) {
            return Err(FieldError::new(
                field,
                "Le mot de passe ne doit pas contenir votre adresse e-mail.",
            ));
        }
    }
    Ok(())
}

/// What a candidate's sign-up form gives once checked: the name they want to be called by (a
/// first name or a pseudonym, nothing more) and their address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signup {
    pub name: String,
    pub email: Email,
}

impl Signup {
    /// Reads the form; each field's problem is reported next to that field.
    pub fn read(name: &str, email: &str, password: &str) -> Result<Signup, FormErrors> {
        let mut errors = FormErrors::default();
        let name = name.trim().to_string();
        if name.is_empty() {
            errors.add("name", "Indiquez votre prénom ou un pseudonyme.");
        } else if name.chars().count() > 80 {
            errors.add("name", "Le prénom ou pseudonyme doit compter 80 caractères au plus.");
        }
        let email = errors.check(Email::parse("email", email));
        errors.check(check_new_password("password", password, email.as_ref()));
        match email {
            Some(email) if errors.is_empty() => Ok(Signup { name, email }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signup_reports_every_field_at_once() {
        let signup = Signup::read("  Camille ", "Camille@Exemple.fr", "Une phrase solide 2026").unwrap();
        assert_eq!(
            (signup.name.as_str(), signup.email.as_str()),
            ("Camille", "camille@exemple.fr")
        );
        let errors = Signup::read(" ", "pas-une-adresse", "court").unwrap_err();
        let fields: Vec<_> = errors.list.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "email", "password"]);
        assert!(Signup::read(&"x".repeat(81), "a@b.fr", "Une phrase solide 2026").is_err());
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("email", "  Camille@Exemple.FR ").unwrap().as_str(),
            "camille@exemple.fr"
        );
        for bad in [
            "",
            "camille",
            "camille@",
            "@exemple.fr",
            "camille@exemple",
            "a b@exemple.fr",
            "a@@b.fr",
            "a@b.fr.",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_twelve_characters_of_three_kinds() {
        assert!(check_new_password("p", "Court1!", None).is_err());
        assert!(check_new_password("p", "toutenminuscules", None).is_err());
        assert!(check_new_password("p", "minusculesetchiffres123", None).is_err());
        assert!(
            check_new_password("p", "Minuscules et Majuscules", None).is_ok(),
            "space counts as a sign"
        );
        assert!(check_new_password("p", "Trois-sortes-ici", None).is_ok());
        assert!(
            check_new_password("p", "été-2026-long", None).is_ok(),
            "accented letters are letters"
        );
        assert!(check_new_password("p", &"Aa1!".repeat(70), None).is_err());
    }

    #[test]
    fn a_password_may_not_contain_the_address() {
        let email = Email::parse("email", "camille.dupont@exemple.fr").unwrap();
        assert!(check_new_password("p", "Camille.Dupont-2026", Some(&email)).is_err());
        assert!(check_new_password("p", "Tout-autre-chose-2026", Some(&email)).is_ok());
    }
}

use super::role::{Role, ScopeKind};

/// A scope value of a staff account: an establishment id, a region code or a track.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    pub kind: ScopeKind,
    pub value: String,
}

/// A signed-up or invited person, as the application knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub scopes: Vec<Scope>,
    pub email_verified: bool,
    pub totp_enabled: bool,
}

impl User {
    /// The scope values of one kind, e.g. a recruiter's establishment ids.
    pub fn scope_values(&self, kind: ScopeKind) -> impl Iterator<Item = &str> {
        self.scopes
            .iter()
            .filter(move |s| s.kind == kind)
            .map(|s| s.value.as_str())
    }
}

/// The wait a login must respect after `failures` consecutive failures, in seconds: nothing for
/// the first few, then doubling from one minute, never more than fifteen minutes (so an attacker
/// can slow an account down but never lock it out). An address is shared by many people (a
/// hospital's network), so it is allowed more failures than an account.
pub fn login_delay_seconds(failures: u32, per_address: bool) -> u64 {
    let free = if per_address { 20 } else { 5 };
    if failures < free {
        return 0;
    }
    (60u64 << (failures - free).min(10)).min(15 * 60)
}

#[cfg(test)]
mod throttle_tests {
    use super::*;

    #[test]
    fn the_delay_grows_then_stops_growing() {
        assert_eq!(login_delay_seconds(4, false), 0);
        assert_eq!(login_delay_seconds(5, false), 60);
        assert_eq!(login_delay_seconds(6, false), 120);
        assert_eq!(login_delay_seconds(8, false), 480);
        assert_eq!(login_delay_seconds(9, false), 900);
        assert_eq!(login_delay_seconds(500, false), 900);
        assert_eq!(login_delay_seconds(19, true), 0);
        assert_eq!(login_delay_seconds(20, true), 60);
    }
}
