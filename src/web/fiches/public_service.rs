//! Place de l'emploi public.

use super::*;

#[derive(askama::Template)]
#[template(path = "fiches/public_service.html")]
pub(super) struct PublicServicePage {
    layout: Layout,
    fiche_id: i64,
    title: String,
    /// (field as the site names it, text to copy), in the site's order.
    fields: Vec<(&'static str, String)>,
    missing: Vec<&'static str>,
}

pub(super) fn joined(parts: &[&str], separator: &str) -> String {
    parts
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(separator)
}

/// The fields *Place de l'emploi public* asks for, in its order, from the fiche.
pub(super) fn public_service_fields(
    fiche: &WorkFiche, index_point_euros: f64, base_url: &str,
) -> Vec<(&'static str, String)> {
    let c = &fiche.offer.content;
    let e = &fiche.offer.employer;
    let post = &c.public_post;
    let list = |items: &[String]| items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n");
    let missions = c
        .missions
        .iter()
        .map(|g| format!("{}\n{}", g.title, list(&g.items)))
        .collect::<Vec<_>>()
        .join("\n\n");
    let profile = c
        .competences
        .groups()
        .iter()
        .map(|(title, items)| format!("{title}\n{}", list(items)))
        .chain((!c.diploma.is_empty()).then(|| format!("Diplôme : {}", c.diploma)))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut conditions = vec![c.quotite_text()];
    conditions.extend((!c.working_time.note.is_empty()).then(|| c.working_time.note.clone()));
    conditions.extend(c.contract_text());
    conditions.extend(c.posts.map(|n| format!("Nombre de postes : {n}")));
    conditions.extend(c.pay_text(index_point_euros));
    conditions.extend(c.track_text());
    conditions.extend((!c.training.is_empty()).then(|| c.training.clone()));
    let mut places = vec![format!("{}, {} {} {}", c.place, e.street, e.postal_code, e.commune)];
    places.extend(c.sites.iter().cloned());
    let mut apply = vec![c.how_to_apply.as_str(), &c.apply_email, &c.apply_url];
    let address = format!("{base_url}/offres/{}/candidater", fiche.offer.slug);
    if c.apply_on_platform {
        apply.push(&address);
    }
    let contacts = c
        .contacts
        .iter()
        .map(|k| joined(&[&k.name, &k.role, &k.phone, &k.email], ", "))
        .collect::<Vec<_>>()
        .join("\n");
    let date = |d: Option<time::Date>| d.map(french_date).unwrap_or_default();
    vec![
        ("Intitulé du poste", c.title.clone()),
        ("Versant", post.versant_label().to_string()),
        ("Nature de l'emploi", post.nature_label().to_string()),
        ("Catégorie", post.category.clone()),
        ("Corps", post.corps.clone()),
        ("Grade", c.grade.clone()),
        ("Employeur (autorité de recrutement)", e.legal_name.clone()),
        ("Structure", joined(&[&c.pole, &c.service, &c.unit], " – ")),
        ("Descriptif de l'employeur", c.context.clone()),
        ("Missions", missions),
        ("Profil recherché", profile),
        ("Conditions particulières d'exercice", conditions.join("\n")),
        ("Lieu de travail", places.join("\n")),
        ("Date de vacance de l'emploi", date(post.vacant_from)),
        ("Personnes à contacter", contacts),
        ("Envoyer sa candidature", joined(&apply, "\n")),
        ("Date limite de candidature", date(c.deadline)),
    ]
}

pub(super) async fn show_public_service_export(
    State(state): State<AppState>, visitor: Visitor, InScope(fiche): InScope<WorkFiche>,
) -> Result<Html<String>, Error> {
    // Only the public service publishes there: a private employer's fiche has no such page
    // (and its own page links to none).
    if !fiche.offer.employer.is_public {
        return Err(Error::NotFound);
    }
    let fields = public_service_fields(&fiche, state.index_point_euros, &state.base_url);
    let missing = fields
        .iter()
        .filter(|(_, text)| text.trim().is_empty())
        .map(|(name, _)| *name)
        .collect();
    render(&PublicServicePage {
        layout: Layout::of(&visitor),
        fiche_id: fiche.offer.id,
        title: fiche.offer.content.title.clone(),
        fields,
        missing,
    })
}
