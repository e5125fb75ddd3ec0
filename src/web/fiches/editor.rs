//! The editor.

use super::*;
use crate::domain::calendar::parse_date_field;

pub(super) const STEPS: [&str; 6] = [
    "Le poste",
    "Le service",
    "Missions",
    "Compétences",
    "Diplôme et formation",
    "Candidature",
];

/// Every field of every step; a step posts only its own.
#[derive(Deserialize, Default, Clone)]
pub(super) struct EditorForm {
    #[serde(default)]
    etape: u8,
    #[serde(default)]
    version: i64,
    /// "suivante", "apercu" or "rester".
    #[serde(default)]
    suite: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    quotite: String,
    #[serde(default)]
    quotite_percent: String,
    #[serde(default)]
    quotite_adaptable: Option<String>,
    #[serde(default)]
    grade: String,
    #[serde(default)]
    pay_index: String,
    #[serde(default)]
    versant: String,
    #[serde(default)]
    nature: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    corps: String,
    #[serde(default)]
    vacant_from: String,
    #[serde(default)]
    pole: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    public_served: String,
    #[serde(default)]
    groupe_titre: Vec<String>,
    #[serde(default)]
    groupe_missions: Vec<String>,
    #[serde(default)]
    techniques: String,
    #[serde(default)]
    experientielles: String,
    #[serde(default)]
    organisationnelles: String,
    #[serde(default)]
    adaptation: String,
    #[serde(default)]
    diploma: String,
    #[serde(default)]
    parcours: String,
    #[serde(default)]
    training: String,
    #[serde(default)]
    how_to_apply: String,
    #[serde(default)]
    apply_email: String,
    #[serde(default)]
    contact_nom: Vec<String>,
    #[serde(default)]
    contact_fonction: Vec<String>,
    #[serde(default)]
    contact_telephone: Vec<String>,
    #[serde(default)]
    contact_email: Vec<String>,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    start_note: String,
}

/// The most of each list a fiche holds: far more than the real fiches, far less than what
/// would make every save, version and PDF of it heavy.
pub(super) const MAX_MISSION_GROUPS: usize = 12;
pub(super) const MAX_LIST_LINES: usize = 40;
pub(super) const MAX_LINE_CHARS: usize = 500;
pub(super) const MAX_CONTACTS: usize = 10;

/// Keeps a typed list when it is within bounds, or its error.
pub(super) fn set_lines(errors: &mut FormErrors, field: &'static str, value: &str, target: &mut Vec<String>) {
    if let Some(lines) = errors.check(check_lines(field, value, MAX_LIST_LINES, MAX_LINE_CHARS)) {
        *target = lines;
    }
}

/// Keeps a text field when it is valid, or its error.
pub(super) fn set_text(errors: &mut FormErrors, field: &'static str, value: &str, max: usize, target: &mut String) {
    if let Some(value) = errors.check(check_text(field, value, "", false, max)) {
        *target = value;
    }
}

impl EditorForm {
    /// The form as the editor shows a fiche's content.
    fn of(content: &FicheContent, step: u8, version: i64) -> EditorForm {
        let format = time::macros::format_description!("[day]/[month]/[year]");
        let date = |d: Option<Date>| d.and_then(|d| d.format(format).ok()).unwrap_or_default();
        EditorForm {
            etape: step,
            version,
            suite: String::new(),
            title: content.title.clone(),
            quotite: content.quotite.as_str().into(),
            quotite_percent: content.quotite_percent.to_string(),
            quotite_adaptable: content.quotite_adaptable.then(|| "oui".into()),
            grade: content.grade.clone(),
            pay_index: content.pay_index.map(|i| i.to_string()).unwrap_or_default(),
            versant: content.public_post.versant.clone(),
            nature: content.public_post.nature.clone(),
            category: content.public_post.category.clone(),
            corps: content.public_post.corps.clone(),
            vacant_from: date(content.public_post.vacant_from),
            pole: content.pole.clone(),
            service: content.service.clone(),
            unit: content.unit.clone(),
            place: content.place.clone(),
            context: content.context.clone(),
            public_served: content.public_served.clone(),
            groupe_titre: content.missions.iter().map(|g| g.title.clone()).collect(),
            groupe_missions: content.missions.iter().map(|g| g.items.join("\n")).collect(),
            techniques: content.competences.techniques.join("\n"),
            experientielles: content.competences.experientielles.join("\n"),
            organisationnelles: content.competences.organisationnelles.join("\n"),
            adaptation: content.competences.adaptation.join("\n"),
            diploma: content.diploma.clone(),
            parcours: content.track.as_str().into(),
            training: content.training.clone(),
            how_to_apply: content.how_to_apply.clone(),
            apply_email: content.apply_email.clone(),
            contact_nom: content.contacts.iter().map(|c| c.name.clone()).collect(),
            contact_fonction: content.contacts.iter().map(|c| c.role.clone()).collect(),
            contact_telephone: content.contacts.iter().map(|c| c.phone.clone()).collect(),
            contact_email: content.contacts.iter().map(|c| c.email.clone()).collect(),
            deadline: date(content.deadline),
            start_date: date(content.start_date),
            start_note: content.start_note.clone(),
        }
    }

    /// Applies this step's fields to the content, or says what is wrong with them.
    fn apply(&self, content: &mut FicheContent, errors: &mut FormErrors) {
        match self.etape {
            1 => {
                set_text(errors, "title", &self.title, 200, &mut content.title);
                set_text(errors, "grade", &self.grade, 200, &mut content.grade);
                match Quotite::parse(&self.quotite) {
                    Some(q) => content.quotite = q,
                    None => errors.add("quotite", "Choisissez le temps de travail."),
                }
                match self.quotite_percent.trim().parse::<u8>() {
                    Ok(p) if (10..=100).contains(&p) => content.quotite_percent = p,
                    _ => errors.add("quotite_percent", "Indiquez un pourcentage entre 10 et 100."),
                }
                content.quotite_adaptable = self.quotite_adaptable.is_some();
                match self.pay_index.trim() {
                    "" => content.pay_index = None,
                    text => match text.parse::<u16>() {
                        Ok(index) if (200..=1500).contains(&index) => content.pay_index = Some(index),
                        _ => errors.add(
                            "pay_index",
                            "Indiquez l'indice majoré, un nombre entre 200 et 1500, par exemple 376.",
                        ),
                    },
                }
                let post = &mut content.public_post;
                let one_of = |value: &str, allowed: &[&str]| value.is_empty() || allowed.contains(&value);
                if one_of(&self.versant, &PublicPost::VERSANTS.map(|(c, _)| c)) {
                    post.versant = self.versant.clone();
                } else {
                    errors.add("versant", "Choisissez un versant dans la liste.");
                }
                if one_of(&self.nature, &PublicPost::NATURES.map(|(c, _)| c)) {
                    post.nature = self.nature.clone();
                } else {
                    errors.add("nature", "Choisissez création ou vacance de poste.");
                }
                if one_of(&self.category, &PublicPost::CATEGORIES) {
                    post.category = self.category.clone();
                } else {
                    errors.add("category", "Choisissez la catégorie A, B ou C.");
                }
                set_text(errors, "corps", &self.corps, 200, &mut post.corps);
                if let Some(d) = errors.check(parse_date_field("vacant_from", &self.vacant_from)) {
                    post.vacant_from = d;
                }
            }
            2 => {
                set_text(errors, "pole", &self.pole, 200, &mut content.pole);
                set_text(errors, "service", &self.service, 200, &mut content.service);
                set_text(errors, "unit", &self.unit, 200, &mut content.unit);
                set_text(errors, "place", &self.place, 300, &mut content.place);
                set_text(errors, "context", &self.context, 6000, &mut content.context);
                set_text(
                    errors,
                    "public_served",
                    &self.public_served,
                    2000,
                    &mut content.public_served,
                );
            }
            3 => {
                let mut missions = Vec::new();
                for (title, items) in self.groupe_titre.iter().zip(&self.groupe_missions) {
                    let mut group = MissionGroup {
                        title: String::new(),
                        items: Vec::new(),
                    };
                    set_text(errors, "groupe_titre", title, 200, &mut group.title);
                    set_lines(errors, "groupe_missions", items, &mut group.items);
                    if !group.title.is_empty() || !group.items.is_empty() {
                        missions.push(group);
                    }
                }
                if missions.len() > MAX_MISSION_GROUPS {
                    errors.add(
                        "groupe_titre",
                        format!("Une fiche compte au plus {MAX_MISSION_GROUPS} groupes de missions."),
                    );
                }
                if errors.is_empty() {
                    content.missions = missions;
                }
            }
            4 => {
                let c = &mut content.competences;
                set_lines(errors, "techniques", &self.techniques, &mut c.techniques);
                set_lines(errors, "experientielles", &self.experientielles, &mut c.experientielles);
                set_lines(
                    errors,
                    "organisationnelles",
                    &self.organisationnelles,
                    &mut c.organisationnelles,
                );
                set_lines(errors, "adaptation", &self.adaptation, &mut c.adaptation);
            }
            5 => {
                set_text(errors, "diploma", &self.diploma, 1000, &mut content.diploma);
                set_text(errors, "training", &self.training, 3000, &mut content.training);
                match Track::parse(&self.parcours) {
                    Some(t) => content.track = t,
                    None => errors.add("parcours", "Choisissez l'université."),
                }
            }
            6 => {
                set_text(
                    errors,
                    "how_to_apply",
                    &self.how_to_apply,
                    3000,
                    &mut content.how_to_apply,
                );
                let email = self.apply_email.trim();
                if !email.is_empty() && crate::domain::account::Email::parse("apply_email", email).is_err() {
                    errors.add(
                        "apply_email",
                        "Indiquez une adresse e-mail valide, par exemple recrutement@hopital.fr.",
                    );
                } else {
                    content.apply_email = email.to_lowercase();
                }
                let contacts: Vec<Contact> = (0..self.contact_nom.len())
                    .map(|i| {
                        let at = |v: &Vec<String>| v.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
                        Contact {
                            name: at(&self.contact_nom),
                            role: at(&self.contact_fonction),
                            phone: at(&self.contact_telephone),
                            email: at(&self.contact_email),
                        }
                    })
                    .filter(|c| !(c.name.is_empty() && c.role.is_empty() && c.phone.is_empty() && c.email.is_empty()))
                    .collect();
                let too_long = |c: &Contact| {
                    [&c.name, &c.role, &c.phone, &c.email]
                        .iter()
                        .any(|f| f.chars().count() > 200)
                };
                if contacts.len() > MAX_CONTACTS || contacts.iter().any(too_long) {
                    errors.add(
                        "contact_nom",
                        format!(
                            "Indiquez au plus {MAX_CONTACTS} contacts, chaque information en 200 caractères au plus."
                        ),
                    );
                } else {
                    content.contacts = contacts;
                }
                if let Some(d) = errors.check(parse_date_field("deadline", &self.deadline)) {
                    content.deadline = d;
                }
                if let Some(d) = errors.check(parse_date_field("start_date", &self.start_date)) {
                    content.start_date = d;
                }
                set_text(errors, "start_note", &self.start_note, 300, &mut content.start_note);
            }
            _ => {}
        }
    }

    /// Mission groups to show: those written, plus one empty to add another.
    fn mission_rows(&self) -> Vec<(usize, String, String)> {
        let mut rows: Vec<(usize, String, String)> = self
            .groupe_titre
            .iter()
            .zip(self.groupe_missions.iter().chain(std::iter::repeat(&String::new())))
            .enumerate()
            .map(|(i, (t, m))| (i + 1, t.clone(), m.clone()))
            .collect();
        rows.push((rows.len() + 1, String::new(), String::new()));
        rows
    }

    /// Contacts to show: those written, plus one empty to add another.
    fn contact_rows(&self) -> Vec<(usize, [String; 4])> {
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let mut rows: Vec<(usize, [String; 4])> = (0..self.contact_nom.len())
            .map(|i| {
                (
                    i + 1,
                    [
                        at(&self.contact_nom, i),
                        at(&self.contact_fonction, i),
                        at(&self.contact_telephone, i),
                        at(&self.contact_email, i),
                    ],
                )
            })
            .collect();
        rows.push((rows.len() + 1, Default::default()));
        rows
    }

    fn adaptable(&self) -> bool {
        self.quotite_adaptable.is_some()
    }
}

#[derive(askama::Template)]
#[template(path = "fiches/edit.html")]
pub(super) struct EditorPage {
    layout: Layout,
    fiche_id: i64,
    title: String,
    steps: [&'static str; 6],
    form: EditorForm,
    errors: FormErrors,
    quotites: [Quotite; 3],
    tracks: [Track; 2],
    saved: bool,
    versants: [(&'static str, &'static str); 3],
    natures: [(&'static str, &'static str); 2],
    categories: [&'static str; 3],
}

impl EditorPage {
    fn step_name(&self) -> &'static str {
        STEPS[usize::from(self.form.etape.clamp(1, 6)) - 1]
    }

    /// A radio button's id: the group's first is `champ-{field}`, where the error summary's
    /// link lands, so that the focus goes into the group.
    fn choice_id(&self, field: &str, first: &bool, value: &str) -> String {
        if *first {
            format!("champ-{field}")
        } else {
            format!("champ-{field}-{value}")
        }
    }

    /// The first group's list of missions is where "Décrivez au moins une mission" leads.
    fn missions_id(&self, group: &usize) -> String {
        if *group == 1 {
            "champ-missions".into()
        } else {
            format!("champ-groupe_missions-{group}")
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct StepQuery {
    #[serde(default)]
    pub(super) etape: Option<u8>,
    #[serde(default)]
    pub(super) verifier: Option<String>,
    #[serde(default)]
    pub(super) enregistre: Option<String>,
}

pub(super) async fn show_editor(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    Query(query): Query<StepQuery>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    if fiche.offer.status.apply(FicheAction::Edit).is_err() {
        return Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response());
    }
    // Coming from a refused submission, the checks are shown next to their fields, from the
    // first step that has one unless a step is asked for.
    let problems = match query.verifier {
        Some(_) => {
            let today = state.clock.today();
            submission_errors(&fiche.offer.content, today, registration_closes(&state, today))
        }
        None => Vec::new(),
    };
    let first_with_problem = problems.iter().map(|e| step_of(e.field)).min();
    let step = query.etape.or(first_with_problem).unwrap_or(1).clamp(1, 6);
    let errors = FormErrors {
        list: problems.into_iter().filter(|e| step_of(e.field) == step).collect(),
    };
    render(&EditorPage {
        layout: Layout::of(&visitor),
        fiche_id: fiche.offer.id,
        title: fiche.offer.content.title.clone(),
        steps: STEPS,
        form: EditorForm::of(&fiche.offer.content, step, fiche.version),
        errors,
        quotites: Quotite::ALL,
        tracks: Track::ALL,
        saved: query.enregistre.is_some(),
        versants: PublicPost::VERSANTS,
        natures: PublicPost::NATURES,
        categories: PublicPost::CATEGORIES,
    })
    .map(IntoResponse::into_response)
}

/// The editor step where a field is written.
pub(super) fn step_of(field: &str) -> u8 {
    match field {
        "title" | "quotite" | "quotite_percent" | "grade" | "pay_index" | "versant" | "nature" | "category"
        | "corps" | "vacant_from" => 1,
        "pole" | "service" | "unit" | "place" | "context" | "public_served" => 2,
        "missions" => 3,
        "techniques" | "experientielles" | "organisationnelles" | "adaptation" => 4,
        "diploma" | "parcours" | "training" => 5,
        _ => 6,
    }
}

/// Saves one step: the draft is stored at every step, so nothing typed is lost.
pub(super) async fn save_step(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    CsrfForm(form): CsrfForm<EditorForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    if let Err(message) = fiche.offer.status.apply(FicheAction::Edit) {
        return refuse(&state, &visitor, fiche, StatusCode::CONFLICT, illegal(message)).await;
    }
    let mut content = fiche.offer.content.clone();
    let mut errors = FormErrors::default();
    form.apply(&mut content, &mut errors);
    let step = form.etape.clamp(1, 6);
    let page = |errors: FormErrors, form: EditorForm| EditorPage {
        layout: Layout::of(&visitor),
        fiche_id: fiche.offer.id,
        title: fiche.offer.content.title.clone(),
        steps: STEPS,
        form: EditorForm { etape: step, ..form },
        errors,
        quotites: Quotite::ALL,
        tracks: Track::ALL,
        saved: false,
        versants: PublicPost::VERSANTS,
        natures: PublicPost::NATURES,
        categories: PublicPost::CATEGORIES,
    };
    if !errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page(errors, form.clone()))?).into_response());
    }
    let mut conn = state.db.pool.acquire().await?;
    if !fiches::update_content(&mut conn, fiche.offer.id, form.version, &fiche.offer.employer, &content).await? {
        // Someone saved in between: show what was typed, with the message, to save again.
        let current = fiches::find_for_work(&mut conn, fiche.offer.id, &establishment_scope(user))
            .await?
            .ok_or(Error::NotFound)?;
        let mut errors = conflict();
        errors.list[0].message = "Cette fiche a été enregistrée entre-temps, par vous dans un autre onglet ou par une autre personne. Vérifiez cette étape puis enregistrez à nouveau.".into();
        let kept = EditorForm {
            version: current.version,
            ..form.clone()
        };
        return Ok((StatusCode::CONFLICT, render(&page(errors, kept))?).into_response());
    }
    let id = fiche.offer.id;
    let target = match form.suite.as_str() {
        "apercu" => format!("/fiches/{id}/apercu"),
        "suivante" if step < 6 => format!("/fiches/{id}/modifier?etape={}&enregistre=1", step + 1),
        "suivante" => format!("/fiches/{id}?enregistre=1"),
        _ => format!("/fiches/{id}/modifier?etape={step}&enregistre=1"),
    };
    Ok(Redirect::to(&target).into_response())
}

pub(super) async fn show_preview(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    render(&OfferPage::new(
        Layout::of(&visitor),
        fiche.offer,
        true,
        state.index_point_euros,
    ))
}

/// The fiche's PDF in whatever state it is: a draft says so in every page's header.
pub(super) async fn show_fiche_pdf(
    State(state): State<AppState>, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let address = fiche
        .offer
        .status
        .is_readable_by_public()
        .then(|| format!("{}/offres/{}", state.base_url, fiche.offer.slug));
    pdf_response(fiche.offer, state.index_point_euros, address).await
}
