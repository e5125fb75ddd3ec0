//! The demo's resource centre: the welcome deck of the seed documents (002) as a small PDF
//! written here, a link to the CCOMS's programme page, and a staff-only guide. Each is added
//! once, by its address (slug).

use sqlx::AnyConnection;
use time::Date;

use crate::db::resources;
use crate::documents::DocumentCipher;
use crate::domain::resource::{ResourceFields, Visibility};

/// (slug, title, summary, audiences, themes, visibility, link or the PDF's lines).
type DemoResource = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    Visibility,
    Content,
);

#[derive(Clone, Copy)]
enum Content {
    Link(&'static str),
    Pdf(&'static [&'static str]),
}

const RESOURCES: [DemoResource; 3] = [
    (
        "accueillir-un-mediateur-de-sante-pair-dans-l-equipe",
        "Accueillir un médiateur de santé-pair dans l'équipe",
        "La présentation que le CCOMS fait aux équipes qui vont accueillir un médiateur de santé-pair : \
         un petit historique de la pair-aidance, ce qui aide au recrutement, et comment le CCOMS accompagne \
         l'équipe.\n\nLe CCOMS aide à anticiper le calendrier, rencontre la direction et l'équipe, aide à \
         écrire la fiche de poste, assiste aux entretiens et soutient l'intégration. L'ARS finance les études : \
         huit semaines sur un an, à Bordeaux ou à Paris.",
        &["equipes", "encadrement"],
        &["accueil", "recrutement", "pair-aidance"],
        Visibility::Public,
        Content::Pdf(&[
            "Accueillir un mediateur de sante-pair dans l'equipe",
            "Petit historique de la pair-aidance : Rien sur nous sans nous.",
            "Le CCOMS aide les equipes : un calendrier pour anticiper,",
            "la rencontre de la direction et de l'equipe, la fiche de poste,",
            "la presence aux entretiens, le soutien pendant l'integration.",
            "L'ARS finance les etudes : 8 semaines sur un an.",
        ]),
    ),
    (
        "le-programme-sur-le-site-du-ccoms",
        "Le programme Médiateur de santé-pair sur le site du CCOMS",
        "La page du CCOMS qui présente le programme : le recrutement sur des postes publiés, les deux \
         licences (Bobigny et Bordeaux) et les questions que se posent les équipes avant de créer un poste.",
        &["equipes", "encadrement", "candidats", "ars"],
        &["recrutement", "formation"],
        Visibility::Public,
        Content::Link("https://www.ccomssantementalelillefrance.org/"),
    ),
    (
        "trame-des-rencontres-de-suivi-de-la-premiere-annee",
        "Trame des rencontres de suivi de la première année",
        "Les questions que le CCOMS aborde avec le médiateur et son équipe lors des rencontres de suivi : \
         l'arrivée, le travail en binôme, la formation, puis les références prises après un an. Réservé aux \
         équipes du programme.",
        &["equipes", "encadrement", "msp"],
        &["accueil", "formation"],
        Visibility::Staff,
        Content::Pdf(&[
            "Trame des rencontres de suivi de la premiere annee",
            "1. L'arrivee et le binome.",
            "2. La formation et ses semaines.",
            "3. Les references apres un an.",
        ]),
    ),
];

/// Adds the demo's resources not there yet; how many were added.
pub async fn load(conn: &mut AnyConnection, cipher: &DocumentCipher, today: Date) -> sqlx::Result<usize> {
    let mut added = 0;
    for (slug, title, summary, audiences, themes, visibility, content) in RESOURCES {
        if resources::slug_taken(conn, slug).await? {
            continue;
        }
        let fields = ResourceFields {
            title: title.into(),
            summary: summary.into(),
            audiences: audiences.to_vec(),
            themes: themes.to_vec(),
            dated: today,
            visibility,
            link: match content {
                Content::Link(link) => link.into(),
                Content::Pdf(_) => String::new(),
            },
        };
        let id = resources::insert(conn, slug, &fields, None).await?;
        if let Content::Pdf(lines) = content {
            let bytes = tiny_pdf(lines);
            let sealed = cipher.seal(&bytes, "ressource");
            resources::add_version(conn, id, "pdf", bytes.len() as i64, &sealed.key_id, sealed.bytes).await?;
        }
        added += 1;
    }
    Ok(added)
}

/// A one-page PDF showing `lines` (ASCII) in Helvetica: enough for a demo's document, without
/// committing a binary file.
pub fn tiny_pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 14 Tf 56 780 Td 20 TL");
    for line in lines {
        let escaped = line.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        text.push_str(&format!(" ({escaped}) Tj T*"));
    }
    text.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (n, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", n + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}
