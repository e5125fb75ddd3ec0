//! The text of a PDF's pages, one line per printed line. pdf-extract's own plain-text output
//! only breaks lines where a word starts, so that a PDF drawing each line as one run (krilla,
//! and so the platform's own fiches) came out as one long line; this output breaks a line
//! wherever the baseline moves.

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use super::ExtractError;

#[derive(Default)]
struct Lines {
    text: String,
    last_y: Option<f64>,
    last_end: f64,
}

impl OutputDev for Lines {
    fn begin_page(&mut self, _: u32, _: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.last_y = None;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self, trm: &Transform, width: f64, _spacing: f64, font_size: f64, text: &str,
    ) -> Result<(), OutputError> {
        // The font size on the page: the side of the square whose area the matrix gives it.
        let size = (font_size * (trm.m11 + trm.m21) * font_size * (trm.m12 + trm.m22))
            .abs()
            .sqrt();
        let (x, y) = (trm.m31, trm.m32);
        if let Some(last_y) = self.last_y {
            if (y - last_y).abs() > size * 0.5 {
                self.text.push('\n');
            } else if x > self.last_end + size * 0.1 && !self.text.ends_with(' ') {
                self.text.push(' ');
            }
        }
        self.text.push_str(text);
        self.last_y = Some(y);
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The text of a PDF. An encrypted one is refused before parsing: its trailer names an
/// `/Encrypt` dictionary.
pub(super) fn text(bytes: &[u8]) -> Result<String, ExtractError> {
    if bytes.windows(b"/Encrypt".len()).any(|window| window == b"/Encrypt") {
        return Err(ExtractError::Encrypted);
    }
    let document = Document::load_mem(bytes).map_err(|_| ExtractError::Unreadable)?;
    let mut lines = Lines::default();
    pdf_extract::output_doc(&document, &mut lines).map_err(|_| ExtractError::Unreadable)?;
    Ok(lines.text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n"))
}
