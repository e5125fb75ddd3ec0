//! Versions.

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CompareQuery {
    de: i64,
    a: i64,
}

/// One section of two versions side by side.
pub(super) struct Difference {
    section: &'static str,
    before: String,
    after: String,
}

#[derive(askama::Template)]
#[template(path = "fiches/versions.html")]
pub(super) struct ComparePage {
    layout: Layout,
    fiche_id: i64,
    title: String,
    from: i64,
    to: i64,
    differences: Vec<Difference>,
}

/// The text of each section, as compared.
pub(super) fn section_texts(content: &FicheContent) -> Vec<(&'static str, String)> {
    let list = |items: &[String]| items.iter().map(|i| format!("– {i}")).collect::<Vec<_>>().join("\n");
    // The pay compares as the fiche states it; the index point's value is the same on both sides.
    let pay = content.pay_text(crate::domain::fiche::pay::INDEX_POINT_MONTHLY_EUROS);
    let mut sections = vec![
        ("Intitulé", content.title.clone()),
        ("En bref", content.in_brief.clone()),
    ];
    sections.extend(content.key_facts(pay));
    sections.extend([
        (
            "Pôle, service, unité",
            format!("{} / {} / {}", content.pole, content.service, content.unit),
        ),
        ("Lieu de travail", content.place.clone()),
        ("Autres lieux", content.sites.join("\n")),
        ("Contexte", content.context.clone()),
        ("Public accueilli", content.public_served.clone()),
        (
            "Missions",
            content
                .missions
                .iter()
                .map(|g| format!("{}\n{}", g.title, list(&g.items)))
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        (
            "Compétences",
            content
                .competences
                .groups()
                .iter()
                .map(|(title, items)| format!("{title}\n{}", list(items)))
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        ("Diplôme requis", content.diploma.clone()),
        (
            "Formation",
            format!("{}\n{}", content.track_text().unwrap_or_default(), content.training),
        ),
        (
            "Comment candidater",
            format!(
                "{}{}\n{}\n{}",
                if content.apply_on_platform {
                    "Sur la plateforme. "
                } else {
                    ""
                },
                content.how_to_apply,
                content.apply_email,
                content.apply_url
            ),
        ),
        (
            "Contacts",
            content
                .contacts
                .iter()
                .map(|c| format!("{}, {}, {}, {}", c.name, c.role, c.phone, c.email))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ]);
    sections
}

pub(super) async fn compare_versions(
    State(state): State<AppState>, visitor: Visitor, InScope(fiche): InScope<WorkFiche>,
    Query(query): Query<CompareQuery>,
) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let versions = fiches::versions(&mut conn, fiche.offer.id).await?;
    let find = |n: i64| versions.iter().find(|v| v.number == n).ok_or(Error::NotFound);
    let (from, to) = (find(query.de)?, find(query.a)?);
    let differences = section_texts(&from.content)
        .into_iter()
        .zip(section_texts(&to.content))
        .filter(|((_, before), (_, after))| before != after)
        .map(|((section, before), (_, after))| Difference { section, before, after })
        .collect();
    render(&ComparePage {
        layout: Layout::of(&visitor),
        fiche_id: fiche.offer.id,
        title: fiche.offer.content.title.clone(),
        from: from.number,
        to: to.number,
        differences,
    })
}
