//! What is said: the offer's web page as blocks of text, section by section.

use crate::domain::calendar::{french_date, in_paris, paris_today};
use crate::domain::fiche::{Contact, FicheContent, FicheStatus, Offer};

/// A piece of text in one weight.
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) text: String,
    pub(super) bold: bool,
}

fn plain(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        bold: false,
    }
}

pub(super) fn strong(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        bold: true,
    }
}

#[derive(Debug)]
pub(super) enum Block {
    Heading(u16, String),
    Paragraph(Vec<Run>),
    /// A bulleted list, each item a paragraph.
    List(Vec<Vec<Run>>),
}

fn fact(label: &str, value: impl Into<String>) -> Block {
    Block::Paragraph(vec![strong(format!("{label}\u{a0}:")), plain(value)])
}

/// A text as the team wrote it, one paragraph per blank-line-separated part.
fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph(vec![plain(p)]))
}

fn list(items: &[String]) -> Block {
    Block::List(items.iter().map(|item| vec![plain(item.clone())]).collect())
}

/// The sections of `templates/offers/show.html`, in its order and with its headings.
pub(super) fn blocks(offer: &Offer, pay: Option<&str>) -> Vec<Block> {
    let c = &offer.content;
    let deadline = c.deadline.map(french_date).unwrap_or_else(|| "non précisée".into());
    let mut out = summary(offer, pay);
    out.extend(in_brief(c));
    out.extend(establishment(offer));
    out.extend(context(c));
    out.extend(missions_and_competences(c));
    out.extend(diploma_and_training(c));
    out.extend(how_to_apply(c, &deadline));
    out.extend(contacts(&c.contacts));
    out
}

/// The title, the employer, whether the offer is closed, and the key facts.
fn summary(offer: &Offer, pay: Option<&str>) -> Vec<Block> {
    let c = &offer.content;
    let e = &offer.employer;
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
    let facts = c.key_facts(pay.map(str::to_string));
    out.extend(facts.into_iter().map(|(label, value)| fact(label, value)));
    out.push(fact(
        "Publiée le",
        offer
            .published_at
            .map(|at| french_date(in_paris(at).date()))
            .unwrap_or_else(|| "pas encore publiée".into()),
    ));
    out
}

/// « En bref », when the recruiter wrote it (issue 23).
fn in_brief(c: &FicheContent) -> Vec<Block> {
    if c.in_brief.trim().is_empty() {
        return Vec::new();
    }
    let mut out = vec![Block::Heading(2, "En bref".into())];
    out.extend(paragraphs(&c.in_brief));
    out
}

fn establishment(offer: &Offer) -> Vec<Block> {
    let c = &offer.content;
    let e = &offer.employer;
    let name = if e.legal_name != e.name {
        format!("{} ({})", e.name, e.legal_name)
    } else {
        e.name.clone()
    };
    let mut out = vec![
        Block::Heading(2, "Établissement et lieu".into()),
        fact("Établissement", name),
    ];
    for (label, value) in [("Pôle", &c.pole), ("Service", &c.service), ("Unité", &c.unit)] {
        if !value.is_empty() {
            out.push(fact(label, value.clone()));
        }
    }
    out.push(fact("Lieu de travail", c.place.clone()));
    if !c.sites.is_empty() {
        out.push(fact("Autres lieux", c.sites.join(" ; ")));
    }
    out.push(fact(
        "Adresse",
        format!("{}, {} {}", e.street, e.postal_code, e.commune),
    ));
    out
}

fn context(c: &FicheContent) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Contexte".into())];
    out.extend(paragraphs(&c.context));
    if !c.public_served.is_empty() {
        out.push(fact("Public accompagné", c.public_served.clone()));
    }
    out
}

fn missions_and_competences(c: &FicheContent) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Missions".into())];
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
    out
}

/// Only what the fiche says: a real fiche may name no diploma, or another training.
fn diploma_and_training(c: &FicheContent) -> Vec<Block> {
    if !c.has_training_section() {
        return Vec::new();
    }
    let mut out = vec![Block::Heading(2, "Diplôme et formation".into())];
    if !c.diploma.is_empty() {
        out.push(Block::Heading(3, "Diplôme requis".into()));
        out.push(Block::Paragraph(vec![plain(c.diploma.clone())]));
    }
    if c.track.is_some() || !c.training.is_empty() {
        out.push(Block::Heading(3, "Formation".into()));
    }
    if let Some(track) = c.track_text() {
        out.push(Block::Paragraph(vec![plain(format!("{track}."))]));
    }
    out.extend(paragraphs(&c.training));
    out
}

fn how_to_apply(c: &FicheContent, deadline: &str) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Comment postuler".into())];
    if c.apply_on_platform {
        out.push(Block::Paragraph(vec![plain(
            "Candidature en ligne sur la plateforme MSP, depuis la page de l'offre.",
        )]));
    }
    out.extend(paragraphs(&c.how_to_apply));
    if !c.apply_url.is_empty() {
        out.push(Block::Paragraph(vec![
            plain("Candidature sur le site de l'établissement\u{a0}:"),
            strong(c.apply_url.clone()),
        ]));
    }
    if !c.apply_email.is_empty() {
        out.push(Block::Paragraph(vec![
            plain("Adresse de candidature\u{a0}:"),
            strong(c.apply_email.clone()),
        ]));
    }
    out.push(Block::Paragraph(vec![strong(format!("Date limite\u{a0}: {deadline}"))]));
    out
}

fn contacts(contacts: &[Contact]) -> Vec<Block> {
    if contacts.is_empty() {
        return Vec::new();
    }
    let person = |person: &Contact| {
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
    };
    vec![
        Block::Heading(2, "Pour en savoir plus".into()),
        Block::List(contacts.iter().map(person).collect()),
    ]
}
