//! Documents as people upload them: a PDF, a Word document, a spreadsheet, and an office file
//! that claims to inflate absurdly, as a ZIP bomb does.

use std::io::Write;

/// A small but real PDF: what the type check reads is the header.
pub fn pdf_file(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

/// A minimal DOCX: a ZIP with the parts Word writes first.
pub fn docx(text: &str) -> Vec<u8> {
    let document = format!("<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>");
    stored_zip(&[
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        ),
        ("word/document.xml", &document),
    ])
}

/// A small spreadsheet as office suites write it.
pub fn xlsx() -> Vec<u8> {
    stored_zip(&[
        ("[Content_Types].xml", "<Types/>"),
        ("xl/workbook.xml", "<workbook><sheets/></workbook>"),
    ])
}

/// A ZIP of these entries, stored without compression.
fn stored_zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in entries {
        writer.start_file(*name, stored).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The same office file, its `entry` declaring `declared` bytes once inflated, as a ZIP bomb
/// does: the uncompressed size in its local header (offset 22) and in its central directory
/// header (offset 24); nothing else changes.
pub fn inflating(mut bytes: Vec<u8>, entry: &str, declared: u32) -> Vec<u8> {
    let name = entry.as_bytes();
    for (signature, name_at, size_at) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)] {
        let headers: Vec<usize> = (0..bytes.len() - 4)
            .filter(|&i| &bytes[i..i + 4] == signature)
            .collect();
        for header in headers {
            if bytes[header + name_at..].starts_with(name) {
                bytes[header + size_at..header + size_at + 4].copy_from_slice(&declared.to_le_bytes());
            }
        }
    }
    bytes
}
