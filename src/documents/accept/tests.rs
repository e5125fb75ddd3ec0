use super::*;
use crate::documents::fixtures::{FIXTURES, docx, executable, odf, ods, odt, pdf, zip_of};

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
