//! Documents made from a fiche's text, as the tests need them: a DOCX and an ODT with one
//! paragraph per line (lines starting "- " or "1. " become list items, their marker removed as
//! a word processor does), and a PDF whose long lines wrap as printed text does.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The line without its list marker, if it has one.
fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ") {
        return Some(rest);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0).then(|| line[digits..].strip_prefix(". ")).flatten()
}

pub fn zip(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in entries {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            method
        };
        writer
            .start_file(*name, SimpleFileOptions::default().compression_method(method))
            .unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

pub fn docx_of_xml(document: &str) -> Vec<u8> {
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
    zip(
        &[
            ("[Content_Types].xml", types.as_bytes()),
            ("word/document.xml", document.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    )
}

pub fn docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let (properties, content) = match list_item(line) {
            Some(rest) => (
                r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>"#,
                rest,
            ),
            None => ("", line),
        };
        // Runs split mid-line, as Word does when formatting changes.
        let (first, second) = content.split_at(
            content
                .char_indices()
                .nth(content.chars().count() / 2)
                .map_or(0, |c| c.0),
        );
        body.push_str(&format!(
            r#"<w:p>{properties}<w:r><w:t xml:space="preserve">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>"#,
            escape_xml(first),
            escape_xml(second)
        ));
    }
    docx_of_xml(&format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    ))
}

pub fn odt_of_xml(content: &str, manifest: &str) -> Vec<u8> {
    zip(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    )
}

pub const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

pub fn odt(text: &str) -> Vec<u8> {
    let mut body = String::new();
    let mut in_list = false;
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        match list_item(line) {
            Some(rest) => {
                if !in_list {
                    body.push_str("<text:list>");
                    in_list = true;
                }
                body.push_str(&format!(
                    "<text:list-item><text:p>{}</text:p></text:list-item>",
                    escape_xml(rest)
                ));
            }
            None => {
                if in_list {
                    body.push_str("</text:list>");
                    in_list = false;
                }
                // Runs of spaces are written as ODF does: one space and a <text:s/>.
                let escaped = escape_xml(line).replace("  ", " <text:s/>");
                body.push_str(&format!("<text:p>{escaped}</text:p>"));
            }
        }
    }
    if in_list {
        body.push_str("</text:list>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    odt_of_xml(&content, MANIFEST)
}

/// A character in the PDF's WinAnsiEncoding, as a PDF string byte.
fn win_ansi(c: char) -> u8 {
    match c {
        '€' => 0x80,
        '…' => 0x85,
        'Œ' => 0x8C,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        // Other bullets print as the font's own bullet.
        '•' | '▪' | '●' | '■' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        'œ' => 0x9C,
        c if (c as u32) < 0x100 => c as u32 as u8,
        _ => b'?',
    }
}

fn pdf_string(line: &str) -> String {
    let mut out = String::from("(");
    for byte in line.chars().map(win_ansi) {
        match byte {
            b'(' | b')' | b'\\' => out.push_str(&format!("\\{}", byte as char)),
            32..=126 => out.push(byte as char),
            _ => out.push_str(&format!("\\{byte:03o}")),
        }
    }
    out.push(')');
    out
}

/// Lines of at most `width` characters, cut between words.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// A PDF in Helvetica, 60 lines a page, long lines wrapped at 95 characters.
pub fn pdf(text: &str) -> Vec<u8> {
    let lines = wrapped(text, 95);
    let pages: Vec<&[String]> = lines.chunks(60).collect();
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ];
    let mut kids = Vec::new();
    for page in &pages {
        let mut content = String::from("BT /F1 10 Tf 12 TL 40 800 Td\n");
        for line in page.iter() {
            content.push_str(&format!("{} Tj T*\n", pdf_string(line)));
        }
        content.push_str("ET");
        let page_number = objects.len() + 1;
        kids.push(format!("{page_number} 0 R"));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            page_number + 1
        ));
        objects.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()));
    }
    objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len());
    pdf_of_objects(&objects, "")
}

/// A PDF file of these objects (numbered from 1), with `trailer_extra` in its trailer.
pub fn pdf_of_objects(objects: &[String], trailer_extra: &str) -> Vec<u8> {
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
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A PDF as word processors write them: an embedded subset font (Liberation Sans, the export's)
/// with its Unicode map, drawn with krilla; same wrapping and pages as [`pdf`].
pub fn pdf_embedded(text: &str) -> Vec<u8> {
    use krilla::geom::Point;
    use krilla::page::PageSettings;
    use krilla::text::{Font, TextDirection};
    let font_bytes: &[u8] = include_bytes!("../../export/pdf/fonts/LiberationSans-Regular.ttf");
    let font = Font::new(font_bytes.into(), 0).unwrap();
    let mut document = krilla::Document::new();
    for page_lines in wrapped(text, 95).chunks(60) {
        let mut page = document.start_page_with(PageSettings::from_wh(595.0, 842.0).unwrap());
        let mut surface = page.surface();
        for (index, line) in page_lines.iter().enumerate() {
            let point = Point::from_xy(40.0, 40.0 + 12.0 * index as f32);
            surface.draw_text(point, font.clone(), 10.0, line, false, TextDirection::Auto);
        }
        surface.finish();
        page.finish();
    }
    document.finish().unwrap()
}
