//! Which files a candidate may send: recognised from their bytes, bounded in size, and never
//! a ZIP bomb.

use std::fmt;
use std::io::{Cursor, Read};

/// The largest document accepted: a CV or a letter is well under this; anything bigger is
/// refused before it is sniffed or sealed.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// The formats a candidate may send: what every recruiter can open without a macro-capable
/// office suite, and what candidates' word processors all save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentType {
    Pdf,
    Docx,
    Odt,
}

impl DocumentType {
    /// The media type sent with the document when it is downloaded.
    pub fn mime(self) -> &'static str {
        match self {
            DocumentType::Pdf => "application/pdf",
            DocumentType::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocumentType::Odt => "application/vnd.oasis.opendocument.text",
        }
    }

    /// The extension of the name a downloaded document is given (the uploaded name is not kept
    /// as a file name).
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    /// The code stored in the database; [`DocumentType::parse`] reads it back.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Pdf => "pdf",
            DocumentType::Docx => "docx",
            DocumentType::Odt => "odt",
        }
    }

    /// The type for a stored code, `None` for anything [`DocumentType::as_str`] does not write.
    pub fn parse(code: &str) -> Option<DocumentType> {
        match code {
            "pdf" => Some(DocumentType::Pdf),
            "docx" => Some(DocumentType::Docx),
            "odt" => Some(DocumentType::Odt),
            _ => None,
        }
    }
}

/// What the first entry of an ODF text document holds, exactly (ODF 1.2, part 3, §3.3).
const ODT_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.text";

/// The type decided from the bytes only (never the file name): PDF = starts with "%PDF-";
/// DOCX = a valid ZIP whose entries include "[Content_Types].xml" and "word/document.xml";
/// ODT = a valid ZIP whose first entry is "mimetype" containing exactly
/// "application/vnd.oasis.opendocument.text". Anything else (a renamed .exe, ELF, a PNG, a .doc,
/// an .odt spreadsheet, a truncated ZIP) is `None`.
///
/// Two refusals go further than the formats require, because the file goes to a recruiter's
/// computer: a ZIP must start with a local file header (so an executable with a document appended,
/// which archive readers accept, is refused), and a Word document carrying macros
/// (`word/vbaProject.bin`, a .docm renamed) is refused. Nothing is decompressed: only the central
/// directory and the stored `mimetype` entry are read.
pub fn sniff(bytes: &[u8]) -> Option<DocumentType> {
    if bytes.starts_with(b"%PDF-") {
        return Some(DocumentType::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes);
    }
    None
}

fn sniff_zip(bytes: &[u8]) -> Option<DocumentType> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let first = archive.name_for_index(0)?.ok()?;
    if first == "mimetype" {
        let mut entry = archive.by_index(0).ok()?;
        if entry.compression() != zip::CompressionMethod::Stored || entry.size() != ODT_MIMETYPE.len() as u64 {
            return None;
        }
        let mut content = Vec::with_capacity(ODT_MIMETYPE.len());
        // Reading to the end checks the entry's CRC as well.
        entry.read_to_end(&mut content).ok()?;
        return (content == ODT_MIMETYPE).then_some(DocumentType::Odt);
    }
    let mut content_types = false;
    let mut document = false;
    for name in archive.file_names() {
        match name.ok()?.as_ref() {
            "[Content_Types].xml" => content_types = true,
            "word/document.xml" => document = true,
            "word/vbaProject.bin" => return None,
            _ => {}
        }
    }
    (content_types && document).then_some(DocumentType::Docx)
}

/// The most the entries of an office document (DOCX, ODT, XLSX, ODS) may declare they hold once
/// inflated, all together: a CV or a budget is a few megabytes of XML, so more is a ZIP bomb
/// meant to fill the memory or disk of whoever opens it, not a document.
pub const MAX_INFLATED_BYTES: u64 = 100 * 1024 * 1024;
/// The highest compression ratio allowed for an entry that inflates past
/// [`RATIO_CHECKED_FROM_BYTES`]: text XML compresses about 5 to 20 times, a bomb thousands.
pub const MAX_INFLATION_RATIO: u64 = 100;
/// Small entries may compress very well (an empty sheet's XML), and harm nobody.
pub const RATIO_CHECKED_FROM_BYTES: u64 = 1024 * 1024;

/// Whether a ZIP-based office document is sane to store and hand on: its central directory
/// reads, and the sizes its entries declare stay within [`MAX_INFLATED_BYTES`] in all and
/// [`MAX_INFLATION_RATIO`] each. Only the declared sizes are read, nothing is inflated; a
/// reader that trusts them (as office suites do to allocate) is then safe, and one that
/// finds an entry larger than declared stops with a CRC or size error.
pub fn inflates_sanely(bytes: &[u8]) -> bool {
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(index) else {
            return false;
        };
        let (size, compressed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if total > MAX_INFLATED_BYTES {
            return false;
        }
        if size > RATIO_CHECKED_FROM_BYTES && size / compressed.max(1) > MAX_INFLATION_RATIO {
            return false;
        }
    }
    true
}

/// Why a file is refused, with a French message for the form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentError {
    Empty,
    TooLarge,
    UnknownType,
    /// A DOCX or ODT whose declared content is absurdly large: a ZIP bomb.
    Inflated,
}

impl DocumentError {
    /// What the candidate reads under the field: what is wrong and what to do.
    pub fn message(&self) -> &'static str {
        match self {
            DocumentError::Empty => "Ce fichier est vide.",
            DocumentError::TooLarge => {
                "Ce fichier dépasse 10 Mo. Réduisez-le (par exemple en l'enregistrant en PDF) \
                 puis envoyez-le de nouveau."
            }
            DocumentError::UnknownType => {
                "Ce fichier n'est pas un PDF, un DOCX ou un ODT. \
                 Enregistrez-le dans l'un de ces formats."
            }
            DocumentError::Inflated => {
                "Ce document annonce un contenu anormalement volumineux une fois décompressé \
                 (plus de 100 Mo, ou compressé à l'excès) : il n'est pas accepté. \
                 Enregistrez-le de nouveau, ou en PDF, puis envoyez-le."
            }
        }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for DocumentError {}

/// The type of an uploaded file, or why it is refused: empty first, then too large (so a huge
/// file is never parsed), then unknown, then (for a DOCX or ODT) absurdly large once inflated.
pub fn check(bytes: &[u8]) -> Result<DocumentType, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge);
    }
    let document_type = sniff(bytes).ok_or(DocumentError::UnknownType)?;
    if document_type != DocumentType::Pdf && !inflates_sanely(bytes) {
        return Err(DocumentError::Inflated);
    }
    Ok(document_type)
}

#[cfg(test)]
mod tests;
