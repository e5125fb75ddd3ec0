//! Candidates' documents (CV, lettre de motivation): which files are accepted, and how they are
//! kept encrypted at rest.
//!
//! A document is accepted by what its bytes are, never by its name or the type the browser
//! claims: a renamed executable must not reach a recruiter as "cv.pdf". Accepted documents are
//! sealed with a key the database never holds, so a copy of the database or of the file store
//! alone reveals no candidate's CV.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
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

/// The length of the random nonce stored before each ciphertext.
const NONCE_LEN: usize = 24;
/// The length of the Poly1305 tag at the end of each ciphertext.
const TAG_LEN: usize = 16;

/// One key with the id stored beside what it sealed.
#[derive(Clone)]
struct Key {
    id: String,
    aead: XChaCha20Poly1305,
}

impl Key {
    fn new(bytes: &[u8; 32]) -> Key {
        Key {
            id: key_id(bytes),
            aead: XChaCha20Poly1305::new(bytes.into()),
        }
    }
}

/// The id recorded with each sealed document: the first 8 hex characters of the key's SHA-256.
/// It tells which key opens a document without revealing anything usable about the key.
fn key_id(key: &[u8; 32]) -> String {
    Sha256::digest(key)[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// Authenticated encryption of documents at rest (XChaCha20-Poly1305).
///
/// Each document gets a random 24-byte nonce, stored before the ciphertext: random nonces of this
/// size never collide in practice, so no counter has to be kept consistent across processes.
/// Each sealed document records the id of the key that sealed it, so that keys can be rotated:
/// the cipher seals with the current key only and opens with the current or any older key.
/// The `context` of [`DocumentCipher::seal`] (e.g. "cv", "lettre") is bound as associated data,
/// so a ciphertext moved from one kind of document to another fails to open.
///
/// `Debug` shows key ids only, never a key.
#[derive(Clone)]
pub struct DocumentCipher {
    current: Key,
    older: Vec<Key>,
    /// The key of [`DocumentCipher::pseudonym`], derived from the current key so that no
    /// other secret has to be configured and kept.
    pseudonyms: [u8; 32],
}

/// A sealed document: what is stored. `bytes` is the nonce followed by the ciphertext and tag.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sealed")
            .field("key_id", &self.key_id)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A document key in the configuration that cannot be used; the message names the setting's
/// problem in French for the operator, without repeating the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("la clé de chiffrement des documents est absente (MSP_DOCUMENT_KEY)")]
    Missing,
    #[error(
        "la clé de chiffrement doit faire 64 caractères hexadécimaux (elle en fait {0}) : \
         créez-en une avec « msp key generate »"
    )]
    Length(usize),
    #[error(
        "la clé de chiffrement ne doit contenir que des caractères hexadécimaux (0-9, a-f) : \
         créez-en une avec « msp key generate »"
    )]
    NotHex,
    #[error("ancienne clé n° {position} (MSP_DOCUMENT_OLD_KEYS) : {error}")]
    Older {
        /// 1 for the first key of the list.
        position: usize,
        error: Box<KeyError>,
    },
}

/// Why a stored document could not be opened. Either is an operator's problem (a key removed
/// too early, or a stored file changed), never the user's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("document scellé avec une clé inconnue ({0}) : remettez-la dans MSP_DOCUMENT_OLD_KEYS")]
    UnknownKey(String),
    #[error("document illisible : modifié, tronqué ou rangé sous un autre type de document")]
    Tampered,
}

impl DocumentCipher {
    /// A cipher sealing with `current` and opening with `current` or any of `older`.
    /// An older key equal to the current one is dropped (a rotation half done lists it twice).
    pub fn new(current: [u8; 32], older: Vec<[u8; 32]>) -> DocumentCipher {
        let older = older.iter().filter(|key| **key != current).map(Key::new).collect();
        DocumentCipher {
            current: Key::new(&current),
            older,
            pseudonyms: crate::secrets::hmac_sha256(&current, b"msp: pseudonymes du journal d'audit"),
        }
    }

    /// From configuration: the current key as 64 hex characters and a comma-separated list of
    /// older keys (may be empty; spaces around the commas are ignored).
    pub fn from_hex(current: &str, older: &str) -> Result<DocumentCipher, KeyError> {
        let current = parse_key(current)?;
        let older = older
            .split(',')
            .map(str::trim)
            .filter(|key| !key.is_empty())
            .enumerate()
            .map(|(index, key)| {
                parse_key(key).map_err(|error| KeyError::Older {
                    position: index + 1,
                    error: Box::new(error),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DocumentCipher::new(current, older))
    }

    /// A cipher with a fresh random key: for tests, and for a demonstration instance started
    /// without a configured key (its documents cannot be opened after a restart).
    pub fn random() -> DocumentCipher {
        DocumentCipher::new(random_key(), Vec::new())
    }

    /// A new key as 64 hex characters, from the operating system's randomness.
    pub fn generate_key_hex() -> String {
        random_key().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The id stored with every document sealed now; documents with another id are the ones a
    /// rotation still has to reseal.
    pub fn current_key_id(&self) -> &str {
        &self.current.id
    }

    /// Encrypts a document with the current key under a new random nonce.
    pub fn seal(&self, plaintext: &[u8], context: &str) -> Sealed {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the operating system provides randomness");
        let nonce = XNonce::from(nonce);
        let ciphertext = self
            .current
            .aead
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any message that fits in memory");
        let mut bytes = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&ciphertext);
        Sealed {
            key_id: self.current.id.clone(),
            bytes,
        }
    }

    /// The name an erased person keeps in the audit log: "personne-" and 12 hex characters of an
    /// HMAC-SHA256 of their address (lower case) under a key derived from the documents' key.
    /// The same person always gets the same pseudonym, so the trail still reads; without the
    /// key nobody can recompute it from an address, as they could a plain hash. A rotation of
    /// the documents' key changes the pseudonyms given from then on, never those already given.
    pub fn pseudonym(&self, email: &str) -> String {
        let mac = crate::secrets::hmac_sha256(&self.pseudonyms, email.trim().to_lowercase().as_bytes());
        format!("personne-{}", crate::secrets::hex(&mac[..6]))
    }

    /// Decrypts a stored document with the key named by `key_id`; fails if that key is not
    /// configured, or if the bytes or the `context` differ from what was sealed.
    pub fn open(&self, key_id: &str, bytes: &[u8], context: &str) -> Result<Vec<u8>, OpenError> {
        let mut keys = std::iter::once(&self.current)
            .chain(&self.older)
            .filter(|key| key.id == key_id)
            .peekable();
        if keys.peek().is_none() {
            return Err(OpenError::UnknownKey(key_id.to_owned()));
        }
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(OpenError::Tampered);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| OpenError::Tampered)?;
        // Two keys may share an 8-character id (one chance in four billion): try each.
        keys.find_map(|key| {
            key.aead
                .decrypt(
                    &nonce,
                    Payload {
                        msg: ciphertext,
                        aad: context.as_bytes(),
                    },
                )
                .ok()
        })
        .ok_or(OpenError::Tampered)
    }
}

impl fmt::Debug for DocumentCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentCipher")
            .field("current_key_id", &self.current.id)
            .field(
                "older_key_ids",
                &self.older.iter().map(|key| &key.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).expect("the operating system provides randomness");
    key
}

fn parse_key(hex: &str) -> Result<[u8; 32], KeyError> {
    let hex = hex.trim();
    if hex.is_empty() {
        return Err(KeyError::Missing);
    }
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyError::NotHex);
    }
    if hex.len() != 64 {
        return Err(KeyError::Length(hex.len()));
    }
    let mut key = [0u8; 32];
    for (byte, pair) in key.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        let pair = std::str::from_utf8(pair).map_err(|_| KeyError::NotHex)?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| KeyError::NotHex)?;
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A ZIP written the way office suites write them, entries in the given order, stored.
    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(zip::DateTime::default());
        for (name, content) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// The smallest DOCX Word and LibreOffice open: content types, the package relationship and
    /// one paragraph.
    fn docx(text: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
        let content_types = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        let rels = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
        );
        let mut entries: Vec<(&str, &[u8])> = vec![
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document.as_bytes()),
        ];
        entries.extend_from_slice(extra);
        zip_of(&entries)
    }

    /// The smallest ODF package of the given media type: mimetype first and stored, manifest,
    /// content.
    fn odf(mimetype: &str, body: &str) -> Vec<u8> {
        let manifest = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{mimetype}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
        );
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body>{body}</office:body></office:document-content>"#
        );
        zip_of(&[
            ("mimetype", mimetype.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ])
    }

    fn odt(text: &str) -> Vec<u8> {
        odf(
            "application/vnd.oasis.opendocument.text",
            &format!("<office:text><text:p>{text}</text:p></office:text>"),
        )
    }

    fn ods() -> Vec<u8> {
        odf(
            "application/vnd.oasis.opendocument.spreadsheet",
            "<office:spreadsheet><table:table table:name=\"Feuille1\"/></office:spreadsheet>",
        )
    }

    /// A one-page PDF saying `text`, with a correct cross-reference table.
    fn pdf(text: &str) -> Vec<u8> {
        let stream = format!("BT /F1 24 Tf 72 720 Td ({text}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
                .to_owned(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
            format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (index, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    /// A Windows executable's first bytes, as a file renamed "cv.pdf" would carry them.
    fn executable() -> Vec<u8> {
        let mut bytes = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
        bytes.extend_from_slice(b"This program cannot be run in DOS mode.\r\r\n$");
        bytes.resize(512, 0);
        bytes
    }

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

    /// Writes the fixtures the integration tests upload. Run once with
    /// `cargo test --lib documents -- --ignored` and commit the files.
    #[test]
    #[ignore = "writes tests/fixtures; run by hand when the fixtures change"]
    fn write_fixtures() {
        std::fs::create_dir_all(FIXTURES).unwrap();
        let files = [
            ("cv.pdf", pdf("Curriculum vitae")),
            ("lettre.docx", docx("Lettre de motivation", &[])),
            ("lettre.odt", odt("Lettre de motivation")),
            ("programme.exe", executable()),
        ];
        for (name, bytes) in files {
            std::fs::write(format!("{FIXTURES}/{name}"), bytes).unwrap();
        }
    }

    #[test]
    fn the_committed_fixtures_are_what_their_names_say() {
        let read = |name: &str| std::fs::read(format!("{FIXTURES}/{name}")).unwrap();
        assert_eq!(check(&read("cv.pdf")), Ok(DocumentType::Pdf));
        assert_eq!(check(&read("lettre.docx")), Ok(DocumentType::Docx));
        assert_eq!(check(&read("lettre.odt")), Ok(DocumentType::Odt));
        assert_eq!(check(&read("programme.exe")), Err(DocumentError::UnknownType));
        let text = pdf_extract::extract_text_from_mem(&read("cv.pdf")).unwrap();
        assert!(text.contains("Curriculum vitae"), "{text:?}");
    }

    #[test]
    fn each_accepted_format_is_recognised_from_its_bytes() {
        assert_eq!(sniff(&pdf("CV")), Some(DocumentType::Pdf));
        assert_eq!(sniff(&docx("Lettre", &[])), Some(DocumentType::Docx));
        assert_eq!(sniff(&odt("Lettre")), Some(DocumentType::Odt));
    }

    #[test]
    fn a_docx_is_recognised_whatever_the_order_of_its_entries() {
        let content_types: &[u8] = b"<Types/>";
        let document: &[u8] = b"<w:document/>";
        let bytes = zip_of(&[
            ("docProps/app.xml", b"<Properties/>"),
            ("word/document.xml", document),
            ("[Content_Types].xml", content_types),
        ]);
        assert_eq!(sniff(&bytes), Some(DocumentType::Docx));
    }

    #[test]
    fn a_renamed_executable_is_refused() {
        assert_eq!(check(&executable()), Err(DocumentError::UnknownType));
        let elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00";
        assert_eq!(check(elf), Err(DocumentError::UnknownType));
    }

    #[test]
    fn an_executable_with_a_document_appended_is_refused() {
        // Archive readers find the ZIP at the end; the file is still an executable.
        let mut bytes = executable();
        bytes.extend_from_slice(&docx("Lettre", &[]));
        assert_eq!(sniff(&bytes), None);
    }

    #[test]
    fn a_spreadsheet_or_an_odt_template_is_refused() {
        assert_eq!(check(&ods()), Err(DocumentError::UnknownType));
        let template = odf("application/vnd.oasis.opendocument.text-template", "<office:text/>");
        assert_eq!(sniff(&template), None);
    }

    #[test]
    fn an_odt_whose_mimetype_is_not_the_first_entry_is_refused() {
        let bytes = zip_of(&[
            ("content.xml", b"<office:document-content/>"),
            ("mimetype", ODT_MIMETYPE),
        ]);
        assert_eq!(sniff(&bytes), None);
    }

    /// The archive with one entry's declared uncompressed size changed in its local and central
    /// headers, as a ZIP bomb declares it (the check reads declared sizes, never inflates).
    fn declaring(mut bytes: Vec<u8>, name: &str, size: u32) -> Vec<u8> {
        let u16_at = |b: &[u8], at: usize| usize::from(u16::from_le_bytes([b[at], b[at + 1]]));
        for (signature, name_at, length_at, size_at) in [(b"PK\x03\x04", 30, 26, 22), (b"PK\x01\x02", 46, 28, 24)] {
            let mut at = 0;
            while let Some(found) = bytes[at..].windows(4).position(|w| w == signature) {
                let header = at + found;
                let length = u16_at(&bytes, header + length_at);
                if &bytes[header + name_at..header + name_at + length] == name.as_bytes() {
                    bytes[header + size_at..header + size_at + 4].copy_from_slice(&size.to_le_bytes());
                }
                at = header + 4;
            }
        }
        bytes
    }

    #[test]
    fn an_office_document_that_would_inflate_absurdly_is_refused() {
        assert_eq!(check(&docx("Lettre", &[])), Ok(DocumentType::Docx));
        let gigabyte = declaring(docx("Lettre", &[]), "word/document.xml", 1 << 30);
        assert_eq!(sniff(&gigabyte), Some(DocumentType::Docx), "still looks like a letter");
        assert_eq!(check(&gigabyte), Err(DocumentError::Inflated));
        assert!(DocumentError::Inflated.message().contains("100 Mo"));
        // 2 MB from a few hundred bytes: under the total, but a ratio no text reaches.
        let ratio = declaring(odt("Lettre"), "content.xml", 2 << 20);
        assert_eq!(check(&ratio), Err(DocumentError::Inflated));
        // An entry that compresses well but stays small is fine.
        assert!(inflates_sanely(&declaring(
            docx("L", &[]),
            "word/document.xml",
            900 * 1024
        )));
        assert!(!inflates_sanely(b"PK\x03\x04 not a readable archive"));
    }

    #[test]
    fn a_word_document_with_macros_is_refused() {
        let macros: &[u8] = b"\xd0\xcf\x11\xe0";
        assert_eq!(sniff(&docx("Lettre", &[("word/vbaProject.bin", macros)])), None);
    }

    #[test]
    fn other_zips_and_other_formats_are_refused() {
        let plain_zip = zip_of(&[("notes.txt", b"bonjour")]);
        assert_eq!(sniff(&plain_zip), None);
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        assert_eq!(sniff(png), None);
        // A Word 97-2003 .doc is an OLE compound file.
        let doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00";
        assert_eq!(sniff(doc), None);
        assert_eq!(sniff(b"Lettre de motivation en texte brut"), None);
        // "%PDF" must open the file, not appear later in it.
        assert_eq!(sniff(b"  %PDF-1.4"), None);
    }

    #[test]
    fn a_truncated_zip_is_refused() {
        let bytes = docx("Lettre", &[]);
        assert_eq!(sniff(&bytes[..bytes.len() - 30]), None);
        let bytes = odt("Lettre");
        assert_eq!(sniff(&bytes[..bytes.len() / 2]), None);
    }

    #[test]
    fn an_odt_whose_mimetype_was_altered_is_refused() {
        // Same length, one letter changed: the stored CRC no longer matches.
        let mut bytes = odt("Lettre");
        let at = bytes
            .windows(ODT_MIMETYPE.len())
            .position(|window| window == ODT_MIMETYPE)
            .unwrap();
        bytes[at + ODT_MIMETYPE.len() - 1] = b'x';
        assert_eq!(sniff(&bytes), None);
    }

    #[test]
    fn an_empty_file_and_a_too_large_file_are_refused_with_their_own_message() {
        assert_eq!(check(b""), Err(DocumentError::Empty));
        let mut large = pdf("CV");
        large.resize(MAX_DOCUMENT_BYTES + 1, b' ');
        assert_eq!(check(&large), Err(DocumentError::TooLarge));
        large.truncate(MAX_DOCUMENT_BYTES);
        assert_eq!(check(&large), Ok(DocumentType::Pdf));
        assert_eq!(DocumentError::Empty.message(), "Ce fichier est vide.");
        assert!(
            DocumentError::TooLarge
                .message()
                .starts_with("Ce fichier dépasse 10 Mo.")
        );
        assert!(DocumentError::UnknownType.message().contains("PDF, un DOCX ou un ODT"));
    }

    #[test]
    fn stored_codes_read_back_to_the_same_type() {
        for kind in [DocumentType::Pdf, DocumentType::Docx, DocumentType::Odt] {
            assert_eq!(DocumentType::parse(kind.as_str()), Some(kind));
            assert_eq!(kind.extension(), kind.as_str());
        }
        assert_eq!(DocumentType::parse("exe"), None);
        assert_eq!(DocumentType::parse("PDF"), None);
        assert_eq!(DocumentType::Odt.mime(), "application/vnd.oasis.opendocument.text");
    }

    fn key(byte: u8) -> [u8; 32] {
        [byte; 32]
    }

    #[test]
    fn a_sealed_document_opens_to_the_same_bytes() {
        let cipher = DocumentCipher::random();
        let document = docx("Lettre de motivation", &[]);
        let sealed = cipher.seal(&document, "lettre");
        assert_eq!(sealed.key_id, cipher.current_key_id());
        assert_eq!(sealed.bytes.len(), NONCE_LEN + document.len() + TAG_LEN);
        let words = b"Lettre de motivation";
        assert!(!sealed.bytes.windows(words.len()).any(|window| window == words));
        let opened = cipher.open(&sealed.key_id, &sealed.bytes, "lettre").unwrap();
        assert_eq!(opened, document);
    }

    #[test]
    fn the_same_document_sealed_twice_gives_different_bytes() {
        let cipher = DocumentCipher::random();
        let first = cipher.seal(b"CV", "cv");
        let second = cipher.seal(b"CV", "cv");
        assert_ne!(first.bytes, second.bytes);
    }

    #[test]
    fn any_changed_byte_is_detected() {
        let cipher = DocumentCipher::random();
        let sealed = cipher.seal(b"Curriculum vitae", "cv");
        for at in [0, NONCE_LEN, sealed.bytes.len() - 1] {
            let mut tampered = sealed.bytes.clone();
            tampered[at] ^= 1;
            assert_eq!(
                cipher.open(&sealed.key_id, &tampered, "cv"),
                Err(OpenError::Tampered),
                "byte {at}"
            );
        }
        let truncated = &sealed.bytes[..NONCE_LEN + TAG_LEN - 1];
        assert_eq!(cipher.open(&sealed.key_id, truncated, "cv"), Err(OpenError::Tampered));
    }

    #[test]
    fn a_cv_cannot_be_opened_as_a_letter() {
        let cipher = DocumentCipher::random();
        let sealed = cipher.seal(b"Curriculum vitae", "cv");
        assert_eq!(
            cipher.open(&sealed.key_id, &sealed.bytes, "lettre"),
            Err(OpenError::Tampered)
        );
    }

    #[test]
    fn after_a_rotation_old_documents_open_and_new_ones_use_the_new_key() {
        let before = DocumentCipher::new(key(1), Vec::new());
        let old = before.seal(b"ancien CV", "cv");

        let after = DocumentCipher::new(key(2), vec![key(1)]);
        assert_ne!(after.current_key_id(), before.current_key_id());
        assert_eq!(after.open(&old.key_id, &old.bytes, "cv").unwrap(), b"ancien CV");
        let new = after.seal(b"nouveau CV", "cv");
        assert_eq!(new.key_id, after.current_key_id());

        // Once the old key is removed, what it sealed names a key that is no longer there.
        let later = DocumentCipher::new(key(2), Vec::new());
        assert_eq!(
            later.open(&old.key_id, &old.bytes, "cv"),
            Err(OpenError::UnknownKey(old.key_id.clone()))
        );
        assert_eq!(later.open(&new.key_id, &new.bytes, "cv").unwrap(), b"nouveau CV");
    }

    #[test]
    fn a_document_cannot_be_opened_under_another_keys_id() {
        let cipher = DocumentCipher::new(key(2), vec![key(1)]);
        let sealed = cipher.seal(b"CV", "cv");
        let older_id = key_id(&key(1));
        assert_eq!(cipher.open(&older_id, &sealed.bytes, "cv"), Err(OpenError::Tampered));
    }

    #[test]
    fn the_key_id_is_the_start_of_the_keys_sha256() {
        // SHA-256 of 32 zero bytes is 66687aad…
        assert_eq!(DocumentCipher::new([0; 32], Vec::new()).current_key_id(), "66687aad");
    }

    #[test]
    fn keys_are_read_from_hex_and_generated_keys_read_back() {
        let current = DocumentCipher::generate_key_hex();
        assert_eq!(current.len(), 64);
        assert_ne!(current, DocumentCipher::generate_key_hex());
        let older = format!("{} , {}", "ab".repeat(32), "CD".repeat(32));
        let cipher = DocumentCipher::from_hex(&current, &older).unwrap();
        assert_eq!(cipher.older.len(), 2);
        assert_eq!(cipher.older[1].id, key_id(&[0xcd; 32]));
        let alone = DocumentCipher::from_hex(&format!(" {current}\n"), "").unwrap();
        assert_eq!(alone.current_key_id(), cipher.current_key_id());
        assert!(alone.older.is_empty());
    }

    #[test]
    fn unusable_keys_are_refused_with_a_french_message() {
        let good = "0f".repeat(32);
        assert_eq!(DocumentCipher::from_hex("", "").unwrap_err(), KeyError::Missing);
        let short = DocumentCipher::from_hex(&good[..62], "").unwrap_err();
        assert_eq!(short, KeyError::Length(62));
        assert!(short.to_string().contains("64 caractères hexadécimaux"), "{short}");
        let not_hex = format!("{}zz", &good[..62]);
        assert_eq!(DocumentCipher::from_hex(&not_hex, "").unwrap_err(), KeyError::NotHex);
        let signed = format!("+f{}", &good[..62]);
        assert_eq!(DocumentCipher::from_hex(&signed, "").unwrap_err(), KeyError::NotHex);
        let older = DocumentCipher::from_hex(&good, &format!("{good},abc")).unwrap_err();
        assert_eq!(
            older,
            KeyError::Older {
                position: 2,
                error: Box::new(KeyError::Length(3))
            }
        );
        assert!(
            older
                .to_string()
                .starts_with("ancienne clé n° 2 (MSP_DOCUMENT_OLD_KEYS) : la clé"),
            "{older}"
        );
    }

    #[test]
    fn a_pseudonym_is_stable_per_address_and_depends_on_the_key() {
        let cipher = DocumentCipher::new(key(1), Vec::new());
        let pseudonym = cipher.pseudonym("Alex@Exemple.fr");
        assert_eq!(pseudonym, cipher.pseudonym("alex@exemple.fr"));
        assert!(pseudonym.starts_with("personne-") && pseudonym.len() == "personne-".len() + 12);
        assert_ne!(pseudonym, cipher.pseudonym("sam@exemple.fr"));
        assert_ne!(
            pseudonym,
            DocumentCipher::new(key(2), Vec::new()).pseudonym("alex@exemple.fr")
        );
        // Not a plain hash of the address, which anyone could recompute.
        let plain = crate::secrets::token_hash("alex@exemple.fr");
        assert!(!plain.starts_with(&pseudonym["personne-".len()..]));
    }

    #[test]
    fn debug_output_shows_key_ids_and_never_a_key() {
        let hex = "5a".repeat(32);
        let cipher = DocumentCipher::from_hex(&hex, &"a5".repeat(32)).unwrap();
        let shown = format!("{cipher:?}");
        assert!(shown.contains(cipher.current_key_id()), "{shown}");
        assert!(!shown.contains("5a5a") && !shown.contains("90, 90"), "{shown}");
        assert!(!shown.contains("a5a5") && !shown.contains("165, 165"), "{shown}");
    }

    #[test]
    fn an_older_key_equal_to_the_current_one_is_listed_once() {
        let cipher = DocumentCipher::new(key(3), vec![key(3), key(4)]);
        assert_eq!(cipher.older.len(), 1);
    }
}
