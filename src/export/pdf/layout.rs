//! Where it goes: blocks cut into lines and pages, keeping a heading with what follows and a
//! short paragraph or list item in one piece.

use super::content::{Block, Run, strong};
use super::text::{Fonts, Piece, wrap};
use super::{ACCENT, BODY_SIZE, BULLET_INDENT, INK, LINE, MARGIN, PAGE_HEIGHT, PAGE_WIDTH};

/// Where a leaf of the tag tree goes: which block, and for a list which item and whether it is
/// the bullet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Leaf {
    pub(super) block: usize,
    pub(super) item: usize,
    pub(super) bullet: bool,
}

impl Leaf {
    /// The text of a block, or of one item of a list.
    pub(super) fn text(block: usize, item: usize) -> Leaf {
        Leaf {
            block,
            item,
            bullet: false,
        }
    }

    /// The bullet of one item of a list.
    pub(super) fn bullet(block: usize, item: usize) -> Leaf {
        Leaf {
            bullet: true,
            ..Leaf::text(block, item)
        }
    }
}

/// One piece of text at its place on a page.
#[derive(Debug)]
pub(super) struct Placed {
    pub(super) x: f32,
    /// Baseline, from the top of the page.
    pub(super) y: f32,
    pub(super) text: String,
    pub(super) bold: bool,
    pub(super) size: f32,
    pub(super) color: (u8, u8, u8),
    pub(super) leaf: Leaf,
}

#[derive(Debug, Default)]
pub(super) struct PageLayout {
    pub(super) items: Vec<Placed>,
    /// Rules drawn under the title: (y).
    pub(super) rules: Vec<f32>,
}

/// Where a heading starts: its block, the index of its page and its y, for the bookmarks.
pub(super) type Anchor = (usize, usize, f32);

struct Style {
    size: f32,
    color: (u8, u8, u8),
    bold: bool,
    before: f32,
    after: f32,
}

impl Style {
    fn line_height(&self) -> f32 {
        self.size * LINE
    }
}

fn style(block: &Block) -> Style {
    let (size, color, bold, before, after) = match block {
        Block::Heading(1, _) => (18.0, ACCENT, true, 0.0, 6.0),
        Block::Heading(2, _) => (13.5, ACCENT, true, 14.0, 4.0),
        Block::Heading(_, _) => (11.5, INK, true, 8.0, 2.0),
        Block::Paragraph(_) | Block::List(_) => (BODY_SIZE, INK, false, 0.0, 4.0),
    };
    Style {
        size,
        color,
        bold,
        before,
        after,
    }
}

const TOP: f32 = MARGIN + 10.0;
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN - 6.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

/// Blocks laid out on A4 pages, with where each heading starts.
pub(super) fn paginate(blocks: &[Block], fonts: &Fonts) -> (Vec<PageLayout>, Vec<Anchor>) {
    let mut cursor = Cursor {
        pages: Vec::new(),
        y: TOP,
        anchors: Vec::new(),
    };
    cursor.new_page();
    for (index, block) in blocks.iter().enumerate() {
        let s = style(block);
        if cursor.y > TOP {
            cursor.y += s.before;
        }
        match block {
            Block::Heading(level, text) => cursor.heading(index, *level, text, &s, fonts),
            Block::Paragraph(runs) => cursor.paragraph(index, runs, &s, fonts),
            Block::List(items) => cursor.list(index, items, &s, fonts),
        }
        cursor.y += s.after;
    }
    (cursor.pages, cursor.anchors)
}

struct Cursor {
    pages: Vec<PageLayout>,
    y: f32,
    anchors: Vec<Anchor>,
}

impl Cursor {
    fn new_page(&mut self) {
        self.pages.push(PageLayout::default());
        self.y = TOP;
    }

    /// Starts a new page unless `height` fits below, on a page that already has content.
    fn keep(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    fn page(&mut self) -> &mut PageLayout {
        self.pages.last_mut().expect("one page at least")
    }

    fn heading(&mut self, index: usize, level: u16, text: &str, s: &Style, fonts: &Fonts) {
        let lines = wrap(&[strong(text)], fonts, s.size, TEXT_WIDTH);
        // A heading keeps its first three lines of text below it.
        self.keep(lines.len() as f32 * s.line_height() + 3.0 * (BODY_SIZE * LINE));
        self.anchors.push((index, self.pages.len() - 1, self.y));
        self.lines(lines, MARGIN, s, Leaf::text(index, 0), false);
        if level == 1 {
            let y = self.y + 2.0;
            self.page().rules.push(y);
            self.y += 6.0;
        }
    }

    fn paragraph(&mut self, index: usize, runs: &[Run], s: &Style, fonts: &Fonts) {
        let lines = wrap(runs, fonts, s.size, TEXT_WIDTH);
        // Up to four lines stay together; a longer paragraph may break, leaving two.
        let together = lines.len().min(if lines.len() <= 4 { 4 } else { 2 });
        self.keep(together as f32 * s.line_height());
        self.lines(lines, MARGIN, s, Leaf::text(index, 0), false);
    }

    fn list(&mut self, index: usize, items: &[Vec<Run>], s: &Style, fonts: &Fonts) {
        for (item, runs) in items.iter().enumerate() {
            let lines = wrap(runs, fonts, s.size, TEXT_WIDTH - BULLET_INDENT);
            // Up to five lines stay together; a longer item may break, leaving two.
            let together = lines.len().min(if lines.len() <= 5 { 5 } else { 2 });
            self.keep(together as f32 * s.line_height());
            self.lines(lines, MARGIN + BULLET_INDENT, s, Leaf::text(index, item), true);
            self.y += 2.0;
        }
    }

    /// Places wrapped lines from `left`, each on the next page when it no longer fits, the
    /// first one after a bullet when `bulleted`. (The heading and paragraph callers have just
    /// kept their first lines together, so only a longer text breaks.)
    fn lines(&mut self, lines: Vec<Vec<Piece>>, left: f32, s: &Style, leaf: Leaf, bulleted: bool) {
        let line_height = s.line_height();
        for (n, line) in lines.into_iter().enumerate() {
            self.keep(line_height);
            self.y += s.size;
            if bulleted && n == 0 {
                let bullet = vec![(0.0, "•".to_string(), false)];
                self.place(bullet, MARGIN + 3.0, s, Leaf::bullet(leaf.block, leaf.item));
            }
            self.place(line, left, s, leaf);
            self.y += line_height - s.size;
        }
    }

    fn place(&mut self, line: Vec<Piece>, left: f32, s: &Style, leaf: Leaf) {
        let y = self.y;
        for (x, text, bold) in line {
            self.page().items.push(Placed {
                x: left + x,
                y,
                text,
                bold: bold || s.bold,
                size: s.size,
                color: s.color,
                leaf,
            });
        }
    }
}
