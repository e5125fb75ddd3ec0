//! The documents a funding request carries: which files are accepted, and how they are named.

use crate::domain::FieldError;

/// The largest document accepted: 10 Mo.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of document a request may carry, recognised from their content, never from their
/// name or the type the browser claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Pdf,
    Docx,
    Odt,
    Xlsx,
    Ods,
}

impl DocumentKind {
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocumentKind::Odt => "application/vnd.oasis.opendocument.text",
            DocumentKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            DocumentKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Docx => "docx",
            DocumentKind::Odt => "odt",
            DocumentKind::Xlsx => "xlsx",
            DocumentKind::Ods => "ods",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<DocumentKind> {
        [
            DocumentKind::Pdf,
            DocumentKind::Docx,
            DocumentKind::Odt,
            DocumentKind::Xlsx,
            DocumentKind::Ods,
        ]
        .into_iter()
        .find(|k| k.media_type() == media_type)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// What a file is, from its first bytes: PDF by its header; OpenDocument by the `mimetype` entry
/// that the format puts first and uncompressed in the ZIP; Office Open XML by the names of its
/// ZIP entries (stored in clear in the local headers and the central directory).
pub fn sniff_document(bytes: &[u8]) -> Option<DocumentKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(DocumentKind::Pdf);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let head = &bytes[..bytes.len().min(200)];
    if contains(head, b"mimetypeapplication/vnd.oasis.opendocument.text") {
        return Some(DocumentKind::Odt);
    }
    if contains(head, b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet") {
        return Some(DocumentKind::Ods);
    }
    if contains(bytes, b"[Content_Types].xml") {
        if contains(bytes, b"word/document.xml") {
            return Some(DocumentKind::Docx);
        }
        if contains(bytes, b"xl/workbook.xml") {
            return Some(DocumentKind::Xlsx);
        }
    }
    None
}

/// Checks an uploaded document: its size, and that its content is one of the accepted kinds.
pub fn check_document(bytes: &[u8]) -> Result<DocumentKind, FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new("fichier", "Choisissez un fichier à ajouter."));
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(FieldError::new("fichier", "Le fichier dépasse 10 Mo : réduisez-le."));
    }
    let kind = sniff_document(bytes).ok_or_else(|| {
        FieldError::new(
            "fichier",
            "Ce fichier n'est ni un PDF, ni un document texte (DOCX, ODT), ni un tableur (XLSX, ODS).",
        )
    })?;
    if kind != DocumentKind::Pdf && !crate::documents::inflates_sanely(bytes) {
        return Err(FieldError::new(
            "fichier",
            "Ce document est illisible ou annonce un contenu anormalement volumineux une fois décompressé \
             (plus de 100 Mo, ou compressé à l'excès) : il n'est pas accepté. Enregistrez-le de nouveau, \
             ou en PDF, puis ajoutez-le.",
        ));
    }
    Ok(kind)
}

/// A file name safe to send back in a `Content-Disposition` header and to show: no path, no
/// control or quote characters, bounded length, and the extension of what the file really is.
pub fn clean_file_name(name: &str, kind: DocumentKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let stem: String = stem
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '\\'))
        .take(100)
        .collect();
    let stem = stem.trim();
    format!(
        "{}.{}",
        if stem.is_empty() { "document" } else { stem },
        kind.extension()
    )
}

/// "1,2 Mo", "850 ko".
pub fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{},{}\u{a0}Mo", tenths / 10, tenths % 10)
    } else {
        format!("{}\u{a0}ko", (bytes + 1023) / 1024)
    }
}
