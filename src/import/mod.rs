//! Importing a fiche de poste that an establishment already has as a document: its text, read
//! in isolation so that a hostile or broken file cannot take the server down. Turning the text
//! into fields is pure and lives in [`crate::domain::fiche::import`].
//!
//! For the editor: on an upload, [`import_fiche`] (blocking: from `tokio::task::spawn_blocking`),
//! then show each field of the [`ImportedFiche`] "à vérifier" and its `unplaced` lines beside the
//! form; on an error, [`ExtractError::message`] under the upload field, keeping what was typed.
//! Pasted text goes straight to [`crate::domain::fiche::import::parse`].

pub mod extract;
mod office;
mod pdf;

pub use extract::{ExtractError, extract_text};

use crate::domain::fiche::import::{ImportedFiche, parse};

/// The draft of a fiche from an uploaded PDF, DOCX or ODT. Nothing is written to disk: the
/// bytes are dropped once read.
pub fn import_fiche(bytes: Vec<u8>) -> Result<ImportedFiche, ExtractError> {
    extract_text(bytes).map(|text| parse(&text))
}

#[cfg(test)]
mod tests;
