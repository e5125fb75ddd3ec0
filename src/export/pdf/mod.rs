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

mod content;
mod draw;
mod layout;
mod text;

use krilla::color::rgb;

use crate::domain::fiche::{FicheStatus, Offer};

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
    let blocks = content::blocks(offer, pay);
    let fonts = text::Fonts::load()?;
    let (pages, anchors) = layout::paginate(&blocks, &fonts);
    let header = match offer.status {
        FicheStatus::Publiee | FicheStatus::Close => format!("Fiche de poste – {}", offer.employer.name),
        status => format!(
            "{} – document de travail, non publié – {}",
            status.label(),
            offer.employer.name
        ),
    };
    let title = format!("{} – {}", offer.content.title, offer.employer.name);
    let outline = draw::outline(&blocks, &anchors);
    draw::draw(&blocks, &pages, &fonts, &title, &header, address, outline)
}
