//! A candidate's stored documents (« Mes documents »): how many they may keep and how they are
//! named. An application never points to one: it receives its own copy when it is sent.

use crate::domain::FieldError;

/// How many documents of each kind (CV, letter) an account keeps: enough to have one per kind
/// of post, few enough that choosing stays quick.
pub const MAX_STORED_PER_KIND: usize = 5;

/// The longest name a candidate gives a document.
pub const MAX_NAME_CHARS: usize = 80;

/// The name a candidate gives a document, or the file's name when they give none.
pub fn document_name(field: &'static str, typed: &str, filename: &str) -> Result<String, FieldError> {
    let typed = typed.trim();
    let name = if typed.is_empty() { filename.trim() } else { typed };
    if name.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "Ce nom contient un caractère invisible : retapez-le.",
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(FieldError::new(field, format!("{MAX_NAME_CHARS} caractères au plus.")));
    }
    if name.is_empty() {
        return Err(FieldError::new(field, "Donnez un nom à ce document."));
    }
    Ok(name.to_string())
}

/// Whether one more document of a kind fits, given how many the account keeps: the message
/// says what to do when it does not.
pub fn room_for_one_more(field: &'static str, kept: usize, label: &str) -> Result<(), FieldError> {
    if kept < MAX_STORED_PER_KIND {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!(
                "{label} : vous en gardez déjà {MAX_STORED_PER_KIND}, le plus permis. Effacez-en un dans « Mes documents » pour en enregistrer un autre."
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_named_by_its_file_unless_the_candidate_names_it() {
        assert_eq!(document_name("nom", "  ", "cv-2026.pdf").unwrap(), "cv-2026.pdf");
        assert_eq!(document_name("nom", " CV soignant ", "cv.pdf").unwrap(), "CV soignant");
        assert!(document_name("nom", &"a".repeat(81), "cv.pdf").is_err());
        assert!(document_name("nom", "", "").is_err());
        assert!(document_name("nom", "a\u{7}b", "cv.pdf").is_err());
    }

    #[test]
    fn a_sixth_document_of_a_kind_does_not_fit() {
        assert!(room_for_one_more("cv", 4, "CV").is_ok());
        let refused = room_for_one_more("cv", 5, "CV").unwrap_err();
        assert_eq!(refused.field, "cv");
        assert!(refused.message.contains("Mes documents"), "{}", refused.message);
    }
}
