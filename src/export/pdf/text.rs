//! The font and the measure of text: lines wrapped as krilla will draw them.

use krilla::text::Font;

use super::PdfError;
use super::content::Run;

const REGULAR: &[u8] = include_bytes!("fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("fonts/LiberationSans-Bold.ttf");

/// One piece of a wrapped line: its x offset, its text and whether it is bold.
pub(super) type Piece = (f32, String, bool);

pub(super) struct Fonts {
    regular: Font,
    bold: Font,
    regular_face: rustybuzz::Face<'static>,
    bold_face: rustybuzz::Face<'static>,
}

impl Fonts {
    pub(super) fn load() -> Result<Fonts, PdfError> {
        let missing = || PdfError("police illisible".into());
        Ok(Fonts {
            regular: Font::new(REGULAR.into(), 0).ok_or_else(missing)?,
            bold: Font::new(BOLD.into(), 0).ok_or_else(missing)?,
            regular_face: rustybuzz::Face::from_slice(REGULAR, 0).ok_or_else(missing)?,
            bold_face: rustybuzz::Face::from_slice(BOLD, 0).ok_or_else(missing)?,
        })
    }

    pub(super) fn font(&self, bold: bool) -> Font {
        if bold { self.bold.clone() } else { self.regular.clone() }
    }

    /// Width in points, shaped as krilla's `draw_text` shapes it.
    pub(super) fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        let face = if bold { &self.bold_face } else { &self.regular_face };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let glyphs = rustybuzz::shape(face, &[], buffer);
        let units: i32 = glyphs.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / f32::from(face.units_per_em() as u16)
    }
}

/// Lines of (x offset, text, bold), words joined by their spaces (a screen reader and a text
/// extractor need them); a non-breaking space never breaks a line.
pub(super) fn wrap(runs: &[Run], fonts: &Fonts, size: f32, width: f32) -> Vec<Vec<Piece>> {
    let mut lines = vec![Vec::new()];
    let mut x = 0.0_f32;
    for run in runs {
        for word in run.text.split(' ').filter(|w| !w.is_empty()) {
            let space = if x > 0.0 { fonts.width(" ", run.bold, size) } else { 0.0 };
            let mut word_width = fonts.width(word, run.bold, size);
            if x > 0.0 && x + space + word_width > width {
                // The space stays at the end of the line: words are never glued together.
                end_with_space(&mut lines);
                lines.push(Vec::new());
                x = 0.0;
            }
            // A word wider than the line (a long e-mail address) is cut where it must be.
            let mut word = word.to_string();
            while word_width > width && word.chars().count() > 1 {
                let mut cut = word.len();
                while cut > 0 && fonts.width(&word[..cut], run.bold, size) > width {
                    cut = word[..cut].char_indices().last().map_or(0, |(i, _)| i);
                }
                let cut = cut.max(word.chars().next().map_or(1, char::len_utf8));
                let piece = (x, word[..cut].to_string(), run.bold);
                lines.last_mut().expect("one line at least").push(piece);
                lines.push(Vec::new());
                word = word[cut..].to_string();
                word_width = fonts.width(&word, run.bold, size);
                x = 0.0;
            }
            let line = lines.last_mut().expect("one line at least");
            match line.last_mut() {
                Some((_, text, bold)) if *bold == run.bold => {
                    text.push(' ');
                    text.push_str(&word);
                }
                _ if x > 0.0 => line.push((x, format!(" {word}"), run.bold)),
                _ => line.push((x, word, run.bold)),
            }
            x += space + word_width;
        }
    }
    lines.retain(|line| !line.is_empty());
    lines
}

fn end_with_space(lines: &mut [Vec<Piece>]) {
    if let Some((_, text, _)) = lines.last_mut().and_then(|line| line.last_mut()) {
        text.push(' ');
    }
}
