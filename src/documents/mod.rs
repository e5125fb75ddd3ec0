//! Candidates' documents (CV, lettre de motivation): which files are accepted, and how they are
//! kept encrypted at rest.
//!
//! A document is accepted by what its bytes are, never by its name or the type the browser
//! claims: a renamed executable must not reach a recruiter as "cv.pdf". Accepted documents are
//! sealed with a key the database never holds, so a copy of the database or of the file store
//! alone reveals no candidate's CV.

mod accept;
mod cipher;
#[cfg(test)]
mod fixtures;

pub use accept::{
    DocumentError, DocumentType, MAX_DOCUMENT_BYTES, MAX_INFLATED_BYTES, MAX_INFLATION_RATIO, RATIO_CHECKED_FROM_BYTES,
    check, inflates_sanely, sniff,
};
pub use cipher::{DocumentCipher, KeyError, OpenError, Sealed};
