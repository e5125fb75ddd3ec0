//! Reading documents made from the two real fiches (seeds 000 and 001) and one of the project's
//! own, in each format, through extraction and the parser; and hostile documents.

mod fields;
mod make;
mod tables;

use std::time::Duration;

use super::extract::{ExtractError, MAX_XML_BYTES, extract_text, isolated};
use crate::domain::fiche::import::parse;

pub(super) const GREMO_PASS: &str = include_str!("../../tests/fixtures/import/gremo-pass.txt");
pub(super) const SMART_73: &str = include_str!("../../tests/fixtures/import/smart73.txt");
pub(super) const OWN: &str = include_str!("../../tests/fixtures/import/own.txt");
pub(super) const HELD_OUT_EPSM: &str = include_str!("../../tests/fixtures/import/heldout-epsm.txt");
pub(super) const UNSEEN_CHU: &str = include_str!("../../tests/fixtures/import/unseen-chu.txt");
pub(super) const UNSEEN_FOYER: &str = include_str!("../../tests/fixtures/import/unseen-foyer.txt");
pub(super) const UNSEEN_GHU: &str = include_str!("../../tests/fixtures/import/unseen-ghu.txt");
pub(super) const UNSEEN_SAVS: &str = include_str!("../../tests/fixtures/import/unseen-savs.txt");
pub(super) const HELD_OUT_ASSOCIATION: &str = include_str!("../../tests/fixtures/import/heldout-association.txt");

/// The documents made from `text`, by format.
pub(super) fn documents(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("PDF", make::pdf(text)),
        ("PDF (police intégrée)", make::pdf_embedded(text)),
        ("DOCX", make::docx(text)),
        ("ODT", make::odt(text)),
    ]
}

#[test]
fn the_gremo_pass_fiche_gives_its_eleven_missions_in_every_format() {
    for (format, bytes) in documents(GREMO_PASS) {
        let text = extract_text(bytes).unwrap_or_else(|error| panic!("{format}: {error}"));
        let draft = parse(&text);
        let missions: usize = draft.missions.iter().map(|group| group.items.len()).sum();
        assert_eq!(missions, 11, "{format}: {:#?}", draft.missions);
        assert_eq!(draft.missions.len(), 1, "{format}");
        let first = &draft.missions[0].items[0];
        assert!(
            first.starts_with("Participer à des entretiens formels"),
            "{format}: {first}"
        );
        assert!(
            first.ends_with("un médecin, un infirmier etc."),
            "{format}: wrapped line not joined: {first}"
        );
    }
}

#[test]
fn docx_and_odt_keep_paragraphs_and_mark_list_items() {
    let text = "Missions\n- Premier point & suite\n- Second point\nUn paragraphe.";
    for (format, bytes) in documents(text).into_iter().skip(2) {
        let extracted = extract_text(bytes).unwrap();
        assert_eq!(
            extracted, "Missions\n- Premier point & suite\n- Second point\nUn paragraphe.",
            "{format}"
        );
    }
}

#[test]
fn a_pdf_keeps_its_lines_and_accents() {
    let text = "Médiateur de santé-pair\nCœur – l’équipe…";
    for bytes in [make::pdf(text), make::pdf_embedded(text)] {
        let extracted = extract_text(bytes).unwrap();
        let lines: Vec<&str> = extracted
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        assert_eq!(lines, ["Médiateur de santé-pair", "Cœur – l’équipe…"]);
    }
}

fn error_of(bytes: Vec<u8>) -> ExtractError {
    extract_text(bytes).expect_err("a hostile document must be refused")
}

#[test]
fn corrupt_documents_are_refused_as_unreadable() {
    let pdf = make::pdf(GREMO_PASS);
    assert_eq!(error_of(pdf[..pdf.len() / 3].to_vec()), ExtractError::Unreadable);
    let docx = make::docx(GREMO_PASS);
    assert_eq!(error_of(docx[..docx.len() / 2].to_vec()), ExtractError::Unreadable);
    let broken_xml = make::docx_of_xml("<w:document><w:body><w:p><w:t>texte</w:r></w:body>");
    assert_eq!(error_of(broken_xml), ExtractError::Unreadable);
    let odt_without_content = make::zip(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("styles.xml", b"<x/>"),
        ],
        zip::CompressionMethod::Deflated,
    );
    assert_eq!(error_of(odt_without_content), ExtractError::Unreadable);
    assert!(error_of(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec()) == ExtractError::Unreadable);
    assert!(ExtractError::Unreadable.message().contains("illisible ou abîmé"));
}

#[test]
fn encrypted_documents_are_refused_as_encrypted() {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [] /Count 0 >>".into(),
    ];
    let encrypted_pdf = make::pdf_of_objects(&objects, "/Encrypt << /Filter /Standard /V 2 /R 3 >> ");
    assert_eq!(error_of(encrypted_pdf), ExtractError::Encrypted);
    // Word wraps a password-protected document in an OLE compound file.
    let mut protected_docx = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    protected_docx.extend(std::iter::repeat_n(0u8, 4096));
    assert_eq!(error_of(protected_docx), ExtractError::Encrypted);
    let manifest = make::MANIFEST.replace(
        r#"manifest:media-type="text/xml"/>"#,
        r#"manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry>"#,
    );
    assert_eq!(
        error_of(make::odt_of_xml("\u{1}\u{2}binaire", &manifest)),
        ExtractError::Encrypted
    );
    assert!(ExtractError::Encrypted.message().contains("chiffré"));
}

#[test]
fn huge_documents_and_zip_bombs_are_refused_as_too_large() {
    let mut huge = make::pdf(OWN);
    huge.resize(11 * 1024 * 1024, b' ');
    assert_eq!(error_of(huge), ExtractError::TooLarge);
    // 30 MB of XML deflate to some 30 KB.
    let padding = " ".repeat(MAX_XML_BYTES as usize + 10 * 1024 * 1024);
    let bomb = make::docx_of_xml(&format!("<w:document><w:body>{padding}</w:body></w:document>"));
    assert!(bomb.len() < 1024 * 1024, "the bomb is small: {}", bomb.len());
    assert_eq!(error_of(bomb), ExtractError::TooLarge);
    let odt_bomb = make::odt_of_xml(
        &format!("<office:document-content>{padding}</office:document-content>"),
        make::MANIFEST,
    );
    assert_eq!(error_of(odt_bomb), ExtractError::TooLarge);
    assert!(ExtractError::TooLarge.message().contains("trop volumineux"));
}

#[test]
fn other_formats_are_refused_as_unknown() {
    assert_eq!(error_of(b"GIF89a....".to_vec()), ExtractError::UnknownFormat);
    assert_eq!(error_of(b"\x7fELF\x02\x01\x01".to_vec()), ExtractError::UnknownFormat);
    assert!(
        ExtractError::UnknownFormat
            .message()
            .to_lowercase()
            .contains("format non reconnu (pdf, docx ou odt)")
    );
}

#[test]
fn a_panic_while_reading_is_an_unreadable_document_and_an_overrun_a_time_out() {
    let panicked = isolated(|| panic!("un analyseur PDF qui panique"), Duration::from_secs(60));
    assert_eq!(panicked, Err(ExtractError::Unreadable));
    let (release, wait) = std::sync::mpsc::channel::<()>();
    // The work waits until the caller has given up: an endless parse, ended here afterwards.
    let overrun = isolated(
        move || {
            let _ = wait.recv();
            Ok(String::new())
        },
        Duration::from_millis(20),
    );
    assert_eq!(overrun, Err(ExtractError::TimedOut));
    drop(release);
}

#[test]
fn an_uploaded_document_becomes_a_draft_in_one_call() {
    let draft = super::import_fiche(make::odt(SMART_73)).unwrap();
    assert_eq!(draft.apply_email, "drh@chs-savoie.fr");
    assert_eq!(
        super::import_fiche(b"pas un document".to_vec()),
        Err(ExtractError::UnknownFormat)
    );
}
