//! The text of the XML inside a DOCX (`word/document.xml`) or an ODT (`content.xml`): one line
//! per paragraph, list items marked with "- " so that the parser sees them as items.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::ExtractError;

/// The elements that matter in either vocabulary.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Vocabulary {
    /// WordprocessingML: `w:p` paragraphs, `w:numPr` for a numbered or bulleted paragraph,
    /// `w:t` text runs (deleted text `w:delText` is not read).
    Word,
    /// OpenDocument: `text:p` and `text:h` paragraphs, `text:list-item` items.
    OpenDocument,
}

/// What the reader is in the middle of.
#[derive(Default)]
struct State {
    lines: Vec<String>,
    line: String,
    /// The paragraph being read is a list item.
    item: bool,
    /// Depth of `text:list-item` elements (ODT) whose first paragraph is not read yet.
    pending_items: usize,
    /// Inside a `w:t` (DOCX): only there is character data text.
    in_text_run: bool,
    /// Depth of elements whose text is not part of the document (ODT notes' citations etc.).
    skipped: usize,
}

impl State {
    fn end_paragraph(&mut self) {
        let text = self.line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            let marker = if self.item { "- " } else { "" };
            self.lines.push(format!("{marker}{text}"));
        }
        self.line.clear();
        self.item = false;
    }

    fn start_paragraph(&mut self) {
        if !self.line.trim().is_empty() {
            self.end_paragraph();
        }
        self.line.clear();
        if self.pending_items > 0 {
            self.item = true;
            self.pending_items = 0;
        }
    }

    fn takes_text(&self, vocabulary: Vocabulary) -> bool {
        self.skipped == 0 && (vocabulary == Vocabulary::OpenDocument || self.in_text_run)
    }
}

/// One line per paragraph of `xml`, list items starting with "- ".
pub(super) fn paragraphs(xml: &str, vocabulary: Vocabulary) -> Result<String, ExtractError> {
    let mut reader = Reader::from_str(xml);
    let mut state = State::default();
    loop {
        let event = reader.read_event().map_err(|_| ExtractError::Unreadable)?;
        match event {
            Event::Start(start) => open(&mut state, start.name().as_ref(), vocabulary, false),
            Event::Empty(start) => open(&mut state, start.name().as_ref(), vocabulary, true),
            Event::End(end) => close(&mut state, end.name().as_ref(), vocabulary),
            Event::Text(text) if state.takes_text(vocabulary) => state.line.push_str(&text.xml10_content()),
            Event::CData(text) if state.takes_text(vocabulary) => state.line.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) if state.takes_text(vocabulary) => {
                if let Ok(Some(character)) = reference.resolve_char_ref() {
                    state.line.push(character);
                } else if let Some(text) = quick_xml::escape::resolve_predefined_entity(&reference) {
                    state.line.push_str(text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    state.end_paragraph();
    Ok(state.lines.join("\n"))
}

fn open(state: &mut State, name: &str, vocabulary: Vocabulary, empty: bool) {
    match (vocabulary, name) {
        (Vocabulary::Word, "w:p") | (Vocabulary::OpenDocument, "text:p" | "text:h") => state.start_paragraph(),
        (Vocabulary::Word, "w:numPr") => state.item = true,
        (Vocabulary::Word, "w:t") => state.in_text_run = !empty,
        (Vocabulary::Word, "w:tab") | (Vocabulary::OpenDocument, "text:tab" | "text:s") if state.skipped == 0 => {
            state.line.push(' ')
        }
        (Vocabulary::Word, "w:br" | "w:cr") | (Vocabulary::OpenDocument, "text:line-break") if state.skipped == 0 => {
            state.line.push('\n')
        }
        (Vocabulary::OpenDocument, "text:list-item") if !empty => state.pending_items += 1,
        (Vocabulary::OpenDocument, "text:note-citation" | "office:annotation" | "text:tracked-changes") if !empty => {
            state.skipped += 1
        }
        _ => {}
    }
}

fn close(state: &mut State, name: &str, vocabulary: Vocabulary) {
    match (vocabulary, name) {
        (Vocabulary::Word, "w:p") | (Vocabulary::OpenDocument, "text:p" | "text:h") => {
            // A line break inside a paragraph (Shift+Enter) starts a new line of the same kind.
            let text = std::mem::take(&mut state.line);
            let item = state.item;
            for (index, part) in text.split('\n').enumerate() {
                state.line = part.to_string();
                state.item = item && index == 0;
                state.end_paragraph();
            }
        }
        (Vocabulary::Word, "w:t") => state.in_text_run = false,
        (Vocabulary::OpenDocument, "text:list-item") => state.pending_items = 0,
        (Vocabulary::OpenDocument, "text:note-citation" | "office:annotation" | "text:tracked-changes") => {
            state.skipped = state.skipped.saturating_sub(1)
        }
        _ => {}
    }
}
