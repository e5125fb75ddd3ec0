//! Drawing the laid-out pages, with the tag tree, the bookmarks and the metadata that PDF/UA
//! asks for.

use std::num::NonZeroU16;

use krilla::Document;
use krilla::SerializeSettings;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::TextDirection;

use super::content::Block;
use super::layout::{Anchor, Leaf, PageLayout};
use super::text::Fonts;
use super::{ACCENT, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, PdfError, color};

fn fill(rgb: (u8, u8, u8)) -> Fill {
    Fill {
        paint: color(rgb).into(),
        ..Fill::default()
    }
}

/// The document: every page with its header and footer, then the structure, the bookmarks
/// and the metadata.
pub(super) fn draw(
    blocks: &[Block], pages: &[PageLayout], fonts: &Fonts, title: &str, header: &str, address: Option<&str>,
    outline: Outline,
) -> Result<Vec<u8>, PdfError> {
    // PDF/UA-1: krilla refuses to write what the standard forbids (no title, untagged text…).
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError(format!("{e:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    });
    let mut leaves: Vec<(Leaf, Identifier)> = Vec::new();
    for (number, layout) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| PdfError("format A4".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        artifact(&mut surface, fonts, header, MARGIN, MARGIN - 14.0, ArtifactType::Header);
        draw_text(&mut surface, fonts, layout, &mut leaves);
        draw_rules(&mut surface, &layout.rules);
        draw_footer(
            &mut surface,
            fonts,
            address,
            &format!("Page {} sur {}", number + 1, pages.len()),
        );
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

/// The page's text, each piece a tagged span whose id goes to its leaf of the tag tree.
fn draw_text(surface: &mut Surface, fonts: &Fonts, layout: &PageLayout, leaves: &mut Vec<(Leaf, Identifier)>) {
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
}

/// The rules under the title: layout, not content, for a screen reader.
fn draw_rules(surface: &mut Surface, rules: &[f32]) {
    for y in rules {
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
}

/// The web page's address, if any, then the page number on the right.
fn draw_footer(surface: &mut Surface, fonts: &Fonts, address: Option<&str>, numbering: &str) {
    let footer_y = PAGE_HEIGHT - MARGIN + 20.0;
    if let Some(address) = address {
        // On its own line above the page number: a long address never runs into it.
        let text = format!("En ligne\u{a0}: {address}");
        artifact(surface, fonts, &text, MARGIN, footer_y - 11.0, ArtifactType::Footer);
    }
    let x = PAGE_WIDTH - MARGIN - fonts.width(numbering, false, 8.5);
    artifact(surface, fonts, numbering, x, footer_y, ArtifactType::PageNumber);
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
    let mut group_of = |tag: TagKind, leaf: Leaf| {
        let mut group = TagGroup::new(tag);
        while let Some((_, id)) = leaves.next_if(|(l, _)| *l == leaf) {
            group.push(id);
        }
        group
    };
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(level, text) => {
                let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
                tree.push(group_of(
                    Tag::Hn(level, Some(text.clone())).into(),
                    Leaf::text(index, 0),
                ));
            }
            Block::Paragraph(_) => tree.push(group_of(Tag::P.into(), Leaf::text(index, 0))),
            Block::List(items) => {
                let mut list = TagGroup::new(Tag::L(ListNumbering::Disc));
                for item in 0..items.len() {
                    let mut li = TagGroup::new(Tag::LI);
                    li.push(group_of(Tag::Lbl.into(), Leaf::bullet(index, item)));
                    li.push(group_of(Tag::LBody.into(), Leaf::text(index, item)));
                    list.push(li);
                }
                tree.push(list);
            }
        }
    }
    tree
}

/// Bookmarks, which PDF/UA asks for: the title, its sections, and their sub-headings.
pub(super) fn outline(blocks: &[Block], anchors: &[Anchor]) -> Outline {
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
