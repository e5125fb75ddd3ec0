//! The text of an uploaded fiche de poste (PDF, DOCX or ODT), typed by its bytes, read on a
//! thread of its own with a time limit and size limits. Nothing is written to disk.
//!
//! Why a thread and not a child process: PDF parsers panic or loop on broken files; a panic is
//! caught ([`std::panic::catch_unwind`]) and a loop overruns [`TIME_LIMIT`], after which the
//! thread is abandoned and the caller gets a French error at once. Memory is bounded by the input
//! limits (10 MB in, 20 MB of XML inflated) rather than by an rlimit: setting one on a child
//! needs `unsafe` (forbidden in this crate) or one more dependency, and a re-executed binary
//! would have to be found and trusted at run time. At most [`MAX_RUNNING`] extractions run (or
//! are left running) at once, so abandoned threads cannot pile up.

use std::fmt;
use std::io::{Cursor, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use super::office::{Vocabulary, paragraphs};
use crate::documents::{DocumentType, sniff};

/// The largest document read: the same as for candidates' documents.
pub const MAX_DOCUMENT_BYTES: usize = crate::documents::MAX_DOCUMENT_BYTES;
/// The most XML inflated from a DOCX or ODT: a fiche de poste is a few hundred kilobytes.
pub const MAX_XML_BYTES: u64 = 20 * 1024 * 1024;
/// How long reading one document may take before it is given up.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);
/// How many extractions may run at once, counting those given up and still running.
pub const MAX_RUNNING: usize = 4;

static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Why no text could be read, with a French message for the upload field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractError {
    Encrypted,
    Unreadable,
    TooLarge,
    UnknownFormat,
    /// A readable document with no text in it: a scan.
    NoText,
    /// Reading took longer than [`TIME_LIMIT`].
    TimedOut,
    /// [`MAX_RUNNING`] extractions are already running.
    Busy,
}

impl ExtractError {
    /// What the recruiter reads under the upload field.
    pub fn message(self) -> &'static str {
        match self {
            ExtractError::Encrypted => {
                "Ce document est chiffré (protégé par un mot de passe) : enregistrez-le sans protection puis \
                 importez-le de nouveau, ou collez son texte."
            }
            ExtractError::Unreadable => {
                "Ce document est illisible ou abîmé : ouvrez-le et enregistrez-le de nouveau, ou collez son texte."
            }
            ExtractError::TooLarge => {
                "Ce document est trop volumineux (plus de 10 Mo, ou plus de 20 Mo une fois décompressé) : \
                 collez plutôt son texte."
            }
            ExtractError::UnknownFormat => {
                "Format non reconnu (PDF, DOCX ou ODT) : enregistrez la fiche dans l'un de ces formats, \
                 ou collez son texte."
            }
            ExtractError::NoText => {
                "Aucun texte n'a été trouvé dans ce document (une image numérisée ?) : collez son texte."
            }
            ExtractError::TimedOut => {
                "La lecture de ce document a pris trop de temps : il est peut-être abîmé. Collez son texte."
            }
            ExtractError::Busy => "Trop de documents sont en cours de lecture : réessayez dans une minute.",
        }
    }
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ExtractError {}

/// The text of `bytes`, one line per paragraph (DOCX, ODT) or per printed line (PDF), list items
/// of DOCX and ODT starting with "- ". Blocking: call it from `spawn_blocking` in a handler.
pub fn extract_text(bytes: Vec<u8>) -> Result<String, ExtractError> {
    extract_text_within(bytes, TIME_LIMIT)
}

/// [`extract_text`] with another time limit (tests use a short one).
pub fn extract_text_within(bytes: Vec<u8>, limit: Duration) -> Result<String, ExtractError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ExtractError::TooLarge);
    }
    isolated(move || extract_unguarded(&bytes), limit)
}

/// `work` on a thread of its own: its panic is an unreadable document, its overrunning `limit`
/// a time-out (the thread is then abandoned and still counts in [`MAX_RUNNING`] until it ends).
pub(super) fn isolated<F>(work: F, limit: Duration) -> Result<String, ExtractError>
where
    F: FnOnce() -> Result<String, ExtractError> + Send + 'static,
{
    if RUNNING.fetch_add(1, Ordering::SeqCst) >= MAX_RUNNING {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        return Err(ExtractError::Busy);
    }
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("msp-extract".into()).spawn(move || {
        let work = std::panic::AssertUnwindSafe(work);
        let result = std::panic::catch_unwind(work).unwrap_or(Err(ExtractError::Unreadable));
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        // The caller may have given up waiting: then nobody reads this.
        let _ = sender.send(result);
    });
    if spawned.is_err() {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        return Err(ExtractError::Busy);
    }
    match receiver.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(ExtractError::TimedOut),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ExtractError::Unreadable),
    }
}

/// The compound-file signature of a password-protected Word document (OOXML encryption wraps
/// the package in an OLE container) — and of an old .doc, which is not accepted either.
const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The text, on the calling thread: only [`extract_text_within`] calls it.
fn extract_unguarded(bytes: &[u8]) -> Result<String, ExtractError> {
    if bytes.starts_with(OLE_SIGNATURE) {
        return Err(ExtractError::Encrypted);
    }
    let text = match sniff(bytes) {
        Some(DocumentType::Pdf) => super::pdf::text(bytes)?,
        Some(DocumentType::Docx) => {
            let xml = inflated(bytes, "word/document.xml")?;
            paragraphs(&xml, Vocabulary::Word)?
        }
        Some(DocumentType::Odt) => {
            if inflated(bytes, "META-INF/manifest.xml").is_ok_and(|manifest| manifest.contains("encryption-data")) {
                return Err(ExtractError::Encrypted);
            }
            let xml = inflated(bytes, "content.xml")?;
            paragraphs(&xml, Vocabulary::OpenDocument)?
        }
        None if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"%PDF") => {
            return Err(ExtractError::Unreadable);
        }
        None => return Err(ExtractError::UnknownFormat),
    };
    if text.trim().is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(text)
}

/// One entry of a ZIP, inflated, at most [`MAX_XML_BYTES`] whatever its header declares.
fn inflated(bytes: &[u8], name: &str) -> Result<String, ExtractError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ExtractError::Unreadable)?;
    let mut entry = archive.by_name(name).map_err(|error| match error {
        zip::result::ZipError::UnsupportedArchive(_) => ExtractError::Encrypted,
        _ => ExtractError::Unreadable,
    })?;
    if entry.encrypted() {
        return Err(ExtractError::Encrypted);
    }
    if entry.size() > MAX_XML_BYTES {
        return Err(ExtractError::TooLarge);
    }
    let mut content = Vec::new();
    (&mut entry)
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut content)
        .map_err(|_| ExtractError::Unreadable)?;
    if content.len() as u64 > MAX_XML_BYTES {
        return Err(ExtractError::TooLarge);
    }
    String::from_utf8(content).map_err(|_| ExtractError::Unreadable)
}
