//! Importing a fiche de poste that an establishment already has as a document: its text, read
//! in isolation so that a hostile or broken file cannot take the server down. Turning the text
//! into fields is pure and lives in [`crate::domain::fiche::import`].

pub mod extract;
mod office;

pub use extract::{ExtractError, extract_text};

#[cfg(test)]
mod tests;
