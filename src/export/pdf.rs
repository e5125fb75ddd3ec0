//! The printable A4 PDF of a fiche de poste: the same content, in the same order and under
//! the same headings as the offer's web page (`templates/offers/show.html`), which stays the
//! accessible reference.
//!
//! Why krilla: it is the PDF writer under typst's own PDF export (built on `pdf-writer`), kept
//! up to date and made for exactly this: it embeds a subset of a TrueType font with its
//! Unicode map (so French text is both drawn and extractable: é, œ, « », ’, €, non-breaking
//! spaces), writes the document metadata (title, language), and writes *tagged* PDF (headings,
//! paragraphs, lists, header and footer as artifacts) checked against PDF/UA-1, so a screen
//! reader can follow the document too. typst itself would have done the layout but costs
//! minutes of build and gigabytes for one page type; printpdf 0.12 brings a whole HTML layout
//! engine, and genpdf is unmaintained on an old printpdf. The layout here is small: greedy
//! line wrapping measured with rustybuzz (the shaper krilla draws with), and page breaks that
//! keep a heading with what follows and a short list item or paragraph in one piece.
//!
//! The font is Liberation Sans (SIL OFL 1.1, licence beside the files), embedded in the binary:
//! nothing is read or downloaded at run time.

use std::num::NonZeroU16;

use krilla::Document;
use krilla::SerializeSettings;
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, Tag, TagGroup, TagTree};
use krilla::text::{Font, TextDirection};

use crate::domain::calendar::{french_date, in_paris, paris_today};
use crate::domain::fiche::{FicheStatus, Offer};

const REGULAR: &[u8] = include_bytes!("fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("fonts/LiberationSans-Bold.ttf");

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
/// 2 cm margins; the header and footer sit inside the top and bottom ones.
const MARGIN: f32 = 56.7;
const BODY_SIZE: f32 = 10.5;
const LINE: f32 = 1.35;
const BULLET_INDENT: f32 = 14.0;
/// Headings in a dark blue (contrast 12:1 on white); the rest in near-black.
const ACCENT: (u8, u8, u8) = (0x1d, 0x35, 0x57);
const INK: (u8, u8, u8) = (0x1a, 0x1a, 0x1a);
const MUTED: (u8, u8, u8) = (0x4a, 0x4a, 0x4a);

fn color((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

/// Why a PDF could not be made; never shown to the user as such.
#[derive(Debug, thiserror::Error)]
#[error("PDF : {0}")]
pub struct PdfError(String);

/// The PDF of a fiche, in any state: a fiche that is not public carries its state in every
/// page's header ("Brouillon", "Soumise au CCOMS"…), so a printed draft is never taken for an
/// offer. `pay` is the text the web page shows ("environ 1 850 € brut mensuel…"); `address`,
/// when given, is the web page's absolute URL, printed in the footer.
pub fn fiche_pdf(offer: &Offer, pay: Option<&str>, address: Option<&str>) -> Result<Vec<u8>, PdfError> {
    let blocks = blocks(offer, pay);
    let fonts = Fonts::load()?;
    let (pages, anchors) = paginate(&blocks, &fonts);
    let header = match offer.status {
        FicheStatus::Publiee | FicheStatus::Close => format!("Fiche de poste – {}", offer.employer.name),
        status => format!(
            "{} – document de travail, non publié – {}",
            status.label(),
            offer.employer.name
        ),
    };
    let title = format!("{} – {}", offer.content.title, offer.employer.name);
    let outline = outline(&blocks, &anchors);
    draw(&blocks, &pages, &fonts, &title, &header, address, outline)
}

// --- What is said: the web page's content as blocks --------------------------------------

/// A piece of text in one weight.
#[derive(Debug, Clone)]
struct Run {
    text: String,
    bold: bool,
}

fn plain(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        bold: false,
    }
}

fn strong(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        bold: true,
    }
}

#[derive(Debug)]
enum Block {
    Heading(u16, String),
    Paragraph(Vec<Run>),
    /// A bulleted list, each item a paragraph.
    List(Vec<Vec<Run>>),
}

fn fact(label: &str, value: impl Into<String>) -> Block {
    Block::Paragraph(vec![strong(format!("{label}\u{a0}:")), plain(value)])
}

fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// The sections of `templates/offers/show.html`, in its order and with its headings.
fn blocks(offer: &Offer, pay: Option<&str>) -> Vec<Block> {
    let c = &offer.content;
    let e = &offer.employer;
    let deadline = c.deadline.map(french_date).unwrap_or_else(|| "non précisée".into());
    let mut out = vec![
        Block::Heading(1, c.title.clone()),
        Block::Paragraph(vec![plain(format!("{} – {}", e.name, e.locality()))]),
    ];
    if offer.status == FicheStatus::Close || (offer.status == FicheStatus::Publiee && !offer.is_open(paris_today())) {
        out.push(Block::Paragraph(vec![strong(
            "Cette offre est close : la date limite de candidature est passée ou le poste est pourvu. \
             Elle reste affichée pour information.",
        )]));
    }
    out.extend([
        fact("Temps de travail", c.quotite_text()),
        fact("Grade", if c.grade.is_empty() { "non précisé" } else { &c.grade }),
        fact("Rémunération", pay.unwrap_or("non précisée")),
        fact("Date limite de candidature", deadline.clone()),
        fact("Prise de poste", c.start_text()),
        fact(
            "Publiée le",
            offer
                .published_at
                .map(|at| french_date(in_paris(at).date()))
                .unwrap_or_else(|| "pas encore publiée".into()),
        ),
        Block::Heading(2, "Établissement et lieu".into()),
    ]);
    let establishment = if e.legal_name != e.name {
        format!("{} ({})", e.name, e.legal_name)
    } else {
        e.name.clone()
    };
    out.push(fact("Établissement", establishment));
    for (label, value) in [("Pôle", &c.pole), ("Service", &c.service), ("Unité", &c.unit)] {
        if !value.is_empty() {
            out.push(fact(label, value.clone()));
        }
    }
    out.push(fact("Lieu de travail", c.place.clone()));
    out.push(fact(
        "Adresse",
        format!("{}, {} {}", e.street, e.postal_code, e.commune),
    ));

    out.push(Block::Heading(2, "Contexte".into()));
    out.extend(paragraphs(&c.context).map(|p| Block::Paragraph(vec![plain(p)])));
    if !c.public_served.is_empty() {
        out.push(Block::Paragraph(vec![
            strong("Public accompagné\u{a0}:"),
            plain(c.public_served.clone()),
        ]));
    }

    out.push(Block::Heading(2, "Missions".into()));
    for group in &c.missions {
        if !group.title.is_empty() {
            out.push(Block::Heading(3, group.title.clone()));
        }
        out.push(list(&group.items));
    }

    out.push(Block::Heading(2, "Compétences".into()));
    for (title, items) in c.competences.groups() {
        out.push(Block::Heading(3, title.into()));
        out.push(list(items));
    }

    out.extend([
        Block::Heading(2, "Diplôme et formation".into()),
        Block::Heading(3, "Diplôme requis".into()),
        Block::Paragraph(vec![plain(c.diploma.clone())]),
        Block::Heading(3, "Formation".into()),
        Block::Paragraph(vec![plain(format!("{} – {}.", c.track.degree(), c.track.label()))]),
    ]);
    out.extend(paragraphs(&c.training).map(|p| Block::Paragraph(vec![plain(p)])));

    out.push(Block::Heading(2, "Comment postuler".into()));
    out.extend(paragraphs(&c.how_to_apply).map(|p| Block::Paragraph(vec![plain(p)])));
    if !c.apply_email.is_empty() {
        out.push(Block::Paragraph(vec![
            plain("Adresse de candidature\u{a0}:"),
            strong(c.apply_email.clone()),
        ]));
    }
    out.push(Block::Paragraph(vec![strong(format!("Date limite\u{a0}: {deadline}"))]));

    if !c.contacts.is_empty() {
        out.push(Block::Heading(2, "Pour en savoir plus".into()));
        out.push(Block::List(
            c.contacts
                .iter()
                .map(|person| {
                    let mut text = person.name.clone();
                    if !person.role.is_empty() {
                        text.push_str(&format!(", {}", person.role));
                    }
                    if !person.phone.is_empty() {
                        text.push_str(&format!(" – téléphone\u{a0}: {}", person.phone));
                    }
                    if !person.email.is_empty() {
                        text.push_str(&format!(" – {}", person.email));
                    }
                    vec![plain(text)]
                })
                .collect(),
        ));
    }
    out
}

fn list(items: &[String]) -> Block {
    Block::List(items.iter().map(|item| vec![plain(item.clone())]).collect())
}

// --- Where it goes: lines and pages ------------------------------------------------------

struct Fonts {
    regular: Font,
    bold: Font,
    regular_face: rustybuzz::Face<'static>,
    bold_face: rustybuzz::Face<'static>,
}

impl Fonts {
    fn load() -> Result<Fonts, PdfError> {
        let missing = || PdfError("police illisible".into());
        Ok(Fonts {
            regular: Font::new(REGULAR.into(), 0).ok_or_else(missing)?,
            bold: Font::new(BOLD.into(), 0).ok_or_else(missing)?,
            regular_face: rustybuzz::Face::from_slice(REGULAR, 0).ok_or_else(missing)?,
            bold_face: rustybuzz::Face::from_slice(BOLD, 0).ok_or_else(missing)?,
        })
    }

    fn font(&self, bold: bool) -> Font {
        if bold { self.bold.clone() } else { self.regular.clone() }
    }

    /// Width in points, shaped as krilla's `draw_text` shapes it.
    fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        let face = if bold { &self.bold_face } else { &self.regular_face };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let glyphs = rustybuzz::shape(face, &[], buffer);
        let units: i32 = glyphs.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / f32::from(face.units_per_em() as u16)
    }
}

/// Where a leaf of the tag tree goes: which block, and for a list which item and whether it is
/// the bullet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Leaf {
    block: usize,
    item: usize,
    bullet: bool,
}

/// One piece of text at its place on a page.
#[derive(Debug)]
struct Placed {
    x: f32,
    /// Baseline, from the top of the page.
    y: f32,
    text: String,
    bold: bool,
    size: f32,
    color: (u8, u8, u8),
    leaf: Leaf,
}

#[derive(Debug, Default)]
struct PageLayout {
    items: Vec<Placed>,
    /// Rules drawn under the title: (y).
    rules: Vec<f32>,
}

struct Style {
    size: f32,
    color: (u8, u8, u8),
    bold: bool,
    before: f32,
    after: f32,
}

fn style(block: &Block) -> Style {
    match block {
        Block::Heading(1, _) => Style {
            size: 18.0,
            color: ACCENT,
            bold: true,
            before: 0.0,
            after: 6.0,
        },
        Block::Heading(2, _) => Style {
            size: 13.5,
            color: ACCENT,
            bold: true,
            before: 14.0,
            after: 4.0,
        },
        Block::Heading(_, _) => Style {
            size: 11.5,
            color: INK,
            bold: true,
            before: 8.0,
            after: 2.0,
        },
        Block::Paragraph(_) | Block::List(_) => Style {
            size: BODY_SIZE,
            color: INK,
            bold: false,
            before: 0.0,
            after: 4.0,
        },
    }
}

/// Lines of (x offset, text, bold), words joined by their spaces (a screen reader and a text
/// extractor need them); a non-breaking space never breaks a line.
fn wrap(runs: &[Run], fonts: &Fonts, size: f32, width: f32) -> Vec<Vec<(f32, String, bool)>> {
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

fn end_with_space(lines: &mut [Vec<(f32, String, bool)>]) {
    if let Some((_, text, _)) = lines.last_mut().and_then(|line| line.last_mut()) {
        text.push(' ');
    }
}

const TOP: f32 = MARGIN + 10.0;
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN - 6.0;

struct Cursor {
    pages: Vec<PageLayout>,
    y: f32,
    /// Where each heading starts: (block, page index, y), for the bookmarks.
    anchors: Vec<(usize, usize, f32)>,
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
}

fn paginate(blocks: &[Block], fonts: &Fonts) -> (Vec<PageLayout>, Vec<(usize, usize, f32)>) {
    let text_width = PAGE_WIDTH - 2.0 * MARGIN;
    let body_line = BODY_SIZE * LINE;
    let mut cursor = Cursor {
        pages: Vec::new(),
        y: TOP,
        anchors: Vec::new(),
    };
    cursor.new_page();
    for (index, block) in blocks.iter().enumerate() {
        let s = style(block);
        let line_height = s.size * LINE;
        if cursor.y > TOP {
            cursor.y += s.before;
        }
        match block {
            Block::Heading(level, text) => {
                let lines = wrap(
                    &[Run {
                        text: text.clone(),
                        bold: true,
                    }],
                    fonts,
                    s.size,
                    text_width,
                );
                // A heading keeps its first three lines of text below it.
                cursor.keep(lines.len() as f32 * line_height + 3.0 * body_line);
                let anchor = (index, cursor.pages.len() - 1, cursor.y);
                cursor.anchors.push(anchor);
                for line in lines {
                    cursor.y += s.size;
                    place_line(
                        &mut cursor,
                        line,
                        MARGIN,
                        &s,
                        Leaf {
                            block: index,
                            item: 0,
                            bullet: false,
                        },
                    );
                    cursor.y += line_height - s.size;
                }
                if *level == 1 {
                    let y = cursor.y + 2.0;
                    cursor.page().rules.push(y);
                    cursor.y += 6.0;
                }
            }
            Block::Paragraph(runs) => {
                let lines = wrap(runs, fonts, s.size, text_width);
                // Up to four lines stay together; a longer paragraph may break, leaving two.
                let together = lines.len().min(if lines.len() <= 4 { 4 } else { 2 });
                cursor.keep(together as f32 * line_height);
                for line in lines {
                    cursor.keep(line_height);
                    cursor.y += s.size;
                    place_line(
                        &mut cursor,
                        line,
                        MARGIN,
                        &s,
                        Leaf {
                            block: index,
                            item: 0,
                            bullet: false,
                        },
                    );
                    cursor.y += line_height - s.size;
                }
            }
            Block::List(items) => {
                for (item, runs) in items.iter().enumerate() {
                    let lines = wrap(runs, fonts, s.size, text_width - BULLET_INDENT);
                    let together = lines.len().min(if lines.len() <= 5 { 5 } else { 2 });
                    cursor.keep(together as f32 * line_height);
                    for (n, line) in lines.into_iter().enumerate() {
                        cursor.keep(line_height);
                        cursor.y += s.size;
                        if n == 0 {
                            let bullet = Leaf {
                                block: index,
                                item,
                                bullet: true,
                            };
                            place_line(&mut cursor, vec![(0.0, "•".into(), false)], MARGIN + 3.0, &s, bullet);
                        }
                        let body = Leaf {
                            block: index,
                            item,
                            bullet: false,
                        };
                        place_line(&mut cursor, line, MARGIN + BULLET_INDENT, &s, body);
                        cursor.y += line_height - s.size;
                    }
                    cursor.y += 2.0;
                }
            }
        }
        cursor.y += s.after;
    }
    (cursor.pages, cursor.anchors)
}

/// Bookmarks, which PDF/UA asks for: the title, its sections, and their sub-headings.
fn outline(blocks: &[Block], anchors: &[(usize, usize, f32)]) -> Outline {
    let mut levels: Vec<(u16, OutlineNode)> = Vec::new();
    let close = |levels: &mut Vec<(u16, OutlineNode)>, down_to: u16| {
        while levels.len() > 1 && levels.last().is_some_and(|(level, _)| *level >= down_to) {
            let (_, node) = levels.pop().expect("checked");
            levels.last_mut().expect("checked").1.push_child(node);
        }
    };
    let mut roots = Vec::new();
    for &(block, page, y) in anchors {
        let Block::Heading(level, text) = &blocks[block] else {
            continue;
        };
        let node = OutlineNode::new(text.clone(), XyzDestination::new(page, Point::from_xy(MARGIN, y)));
        if *level == 1 || levels.is_empty() {
            close(&mut levels, 0);
            roots.extend(levels.pop().map(|(_, node)| node));
            levels.push((*level, node));
        } else {
            close(&mut levels, *level);
            levels.push((*level, node));
        }
    }
    close(&mut levels, 0);
    roots.extend(levels.pop().map(|(_, node)| node));
    let mut outline = Outline::new();
    for root in roots {
        outline.push_child(root.with_open(true));
    }
    outline
}

fn place_line(cursor: &mut Cursor, line: Vec<(f32, String, bool)>, left: f32, s: &Style, leaf: Leaf) {
    let y = cursor.y;
    for (x, text, bold) in line {
        cursor.page().items.push(Placed {
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

// --- Drawing, with the tag tree ----------------------------------------------------------

fn fill(rgb: (u8, u8, u8)) -> Fill {
    Fill {
        paint: color(rgb).into(),
        ..Fill::default()
    }
}

fn draw(
    blocks: &[Block],
    pages: &[PageLayout],
    fonts: &Fonts,
    title: &str,
    header: &str,
    address: Option<&str>,
    outline: Outline,
) -> Result<Vec<u8>, PdfError> {
    // PDF/UA-1: krilla refuses to write what the standard forbids (no title, untagged text…).
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut leaves: Vec<(Leaf, Identifier)> = Vec::new();
    let count = pages.len();
    for (number, layout) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| PdfError("format A4".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        artifact(&mut surface, fonts, header, MARGIN, MARGIN - 14.0, ArtifactType::Header);
        for item in &layout.items {
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            surface.set_fill(Some(fill(item.color)));
            surface.draw_text(
                Point::from_xy(item.x, item.y),
                fonts.font(item.bold),
                item.size,
                &item.text,
                false,
                TextDirection::Auto,
            );
            surface.end_tagged();
            leaves.push((item.leaf, id));
        }
        for y in &layout.rules {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
            let mut path = PathBuilder::new();
            path.move_to(MARGIN, *y);
            path.line_to(PAGE_WIDTH - MARGIN, *y);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(ACCENT).into(),
                    width: 1.0,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
            surface.end_tagged();
        }
        let footer_y = PAGE_HEIGHT - MARGIN + 20.0;
        if let Some(address) = address {
            // On its own line above the page number: a long address never runs into it.
            let text = format!("En ligne\u{a0}: {address}");
            artifact(
                &mut surface,
                fonts,
                &text,
                MARGIN,
                footer_y - 11.0,
                ArtifactType::Footer,
            );
        }
        let numbering = format!("Page {} sur {count}", number + 1);
        let x = PAGE_WIDTH - MARGIN - fonts.width(&numbering, false, 8.5);
        artifact(&mut surface, fonts, &numbering, x, footer_y, ArtifactType::PageNumber);
        surface.finish();
        page.finish();
    }
    document.set_tag_tree(tag_tree(blocks, leaves));
    document.set_outline(outline);
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("fr-FR".into())
            .creator("MSP – Médiateur de santé-pair".into())
            .description("Fiche de poste de médiateur de santé-pair".into()),
    );
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

fn artifact(surface: &mut Surface, fonts: &Fonts, text: &str, x: f32, y: f32, kind: ArtifactType) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
    surface.set_fill(Some(fill(MUTED)));
    surface.draw_text(
        Point::from_xy(x, y),
        fonts.font(false),
        8.5,
        text,
        false,
        TextDirection::Auto,
    );
    surface.end_tagged();
}

/// The logical structure, in reading order: H1, H2, H3, P, and L > LI > (Lbl, LBody).
fn tag_tree(blocks: &[Block], leaves: Vec<(Leaf, Identifier)>) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some("fr-FR".into()));
    let mut leaves = leaves.into_iter().peekable();
    let mut take = |leaf: Leaf, group: &mut TagGroup| {
        while let Some((_, id)) = leaves.next_if(|(l, _)| *l == leaf) {
            group.push(id);
        }
    };
    for (index, block) in blocks.iter().enumerate() {
        let leaf = Leaf {
            block: index,
            item: 0,
            bullet: false,
        };
        match block {
            Block::Heading(level, text) => {
                let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
                let mut group = TagGroup::new(Tag::Hn(level, Some(text.clone())));
                take(leaf, &mut group);
                tree.push(group);
            }
            Block::Paragraph(_) => {
                let mut group = TagGroup::new(Tag::P);
                take(leaf, &mut group);
                tree.push(group);
            }
            Block::List(items) => {
                let mut list = TagGroup::new(Tag::L(ListNumbering::Disc));
                for item in 0..items.len() {
                    let mut li = TagGroup::new(Tag::LI);
                    let mut label = TagGroup::new(Tag::Lbl);
                    let mut body = TagGroup::new(Tag::LBody);
                    let bullet = Leaf {
                        block: index,
                        item,
                        bullet: true,
                    };
                    take(bullet, &mut label);
                    take(
                        Leaf {
                            bullet: false,
                            ..bullet
                        },
                        &mut body,
                    );
                    li.push(label);
                    li.push(body);
                    list.push(li);
                }
                tree.push(list);
            }
        }
    }
    tree
}
