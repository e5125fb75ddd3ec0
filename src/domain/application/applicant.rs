//! What an applicant gives, read from the application form.

use crate::domain::FieldError;
use crate::domain::account::Email;

/// What an applicant gives: the least the recruitment needs. No diagnosis, treatment, place of
/// care, disability, social security number or photo is ever asked, and no longer whether the
/// service that recruits has followed them (the form states the programme's advice instead:
/// a question about one's care, asked of everyone at the first step, served only that advice).
/// Nor does the form offer the old talent pool: the pool is joined from the candidate's space,
/// with its own consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub full_name: String,
    pub email: Email,
    pub phone: String,
    pub town: String,
    pub message: String,
}

/// The applicant's form as typed, every value kept to show it again.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ApplicantInput {
    #[serde(default)]
    pub nom: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub telephone: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub consentement: String,
}

impl ApplicantInput {
    /// Keeps the value of one of the form's fields, for a form read field by field (a
    /// multipart upload); another name is left alone.
    pub fn set(&mut self, field: &str, value: String) {
        let target = match field {
            "nom" => &mut self.nom,
            "email" => &mut self.email,
            "telephone" => &mut self.telephone,
            "commune" => &mut self.commune,
            "message" => &mut self.message,
            "consentement" => &mut self.consentement,
            _ => return,
        };
        *target = value;
    }
}

pub const MAX_MESSAGE_CHARS: usize = 2000;

/// A French phone number as people type it: ten digits starting with 0, or +33 / +262 … and
/// nine digits; spaces, dots and hyphens are ignored. Stored as typed, trimmed.
pub fn parse_phone(value: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(
            "telephone",
            "Indiquez un numéro de téléphone où le recruteur peut vous joindre.",
        ));
    }
    let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    let valid = match digits.strip_prefix('+') {
        Some(international) => {
            international.chars().all(|c| c.is_ascii_digit()) && (10..=13).contains(&international.len())
        }
        None => digits.len() == 10 && digits.starts_with('0') && digits.chars().all(|c| c.is_ascii_digit()),
    };
    if valid {
        Ok(value.to_string())
    } else {
        Err(FieldError::new(
            "telephone",
            "Ce numéro de téléphone n'est pas valide. Exemple : 06 12 34 56 78 ou +33 6 12 34 56 78.",
        ))
    }
}

fn required_text(field: &'static str, value: &str, max: usize, missing: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        Err(FieldError::new(field, missing))
    } else if value.chars().count() > max {
        Err(FieldError::new(field, format!("{max} caractères au plus.")))
    } else {
        Ok(value.to_string())
    }
}

impl ApplicantInput {
    /// The applicant, or every field's error at once.
    pub fn parse(&self) -> Result<Applicant, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut keep = |result: Result<String, FieldError>| result.map_err(|e| errors.push(e)).ok();
        let full_name = keep(required_text("nom", &self.nom, 120, "Indiquez vos prénom et nom."));
        let phone = keep(parse_phone(&self.telephone));
        let town = keep(required_text(
            "commune",
            &self.commune,
            100,
            "Indiquez la commune où vous habitez.",
        ));
        let message = self.message.trim().to_string();
        let email = Email::parse("email", &self.email).map_err(|e| errors.push(e)).ok();
        if message.chars().count() > MAX_MESSAGE_CHARS {
            errors.push(FieldError::new(
                "message",
                format!("Votre message dépasse {MAX_MESSAGE_CHARS} caractères : raccourcissez-le."),
            ));
        }
        if self.consentement != "oui" {
            errors.push(FieldError::new(
                "consentement",
                "Cochez la case de consentement : sans elle, nous ne pouvons pas transmettre votre candidature.",
            ));
        }
        match (full_name, email, phone, town) {
            (Some(full_name), Some(email), Some(phone), Some(town)) if errors.is_empty() => Ok(Applicant {
                full_name,
                email,
                phone,
                town,
                message,
            }),
            _ => Err(errors),
        }
    }
}
