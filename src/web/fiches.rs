//! Writing and reviewing a fiche de poste: the editor in six steps (each saved), the preview
//! as it will be published, the checks before submission, the CCOMS's comments and decision,
//! the versions and their comparison, and closing or withdrawing an offer.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::Date;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::offers::{OfferPage, pdf_response};
use super::views::{FormErrors, Layout, render};
use super::{AppState, Error, Route};
use crate::db::audit::{self, Entry};
use crate::db::fiches::{self, Comment, Version, WorkFiche};
use crate::db::projects;
use crate::domain::FieldError;
use crate::domain::account::User;
use crate::domain::calendar::{french_date, paris_today};
use crate::domain::fiche::{Contact, FicheContent, FicheStatus, MissionGroup, PublicPost, Quotite, Track};
use crate::domain::fiche_workflow::{FicheAction, submission_errors};
use crate::domain::policy::{Action, establishment_scope, permits};
use crate::domain::project::{ProjectState, check_lines, check_text};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/fiches/{id}", Access::Can(Action::FollowPosts), show_fiche),
        Route::get("/fiches/{id}/modifier", Access::Can(Action::WriteFiches), show_editor),
        Route::post("/fiches/{id}/modifier", Access::Can(Action::WriteFiches), save_step),
        Route::get("/fiches/{id}/apercu", Access::Can(Action::FollowPosts), show_preview),
        Route::get("/fiches/{id}/pdf", Access::Can(Action::FollowPosts), show_fiche_pdf),
        Route::post("/fiches/{id}/soumettre", Access::Can(Action::WriteFiches), submit),
        Route::post(
            "/fiches/{id}/commentaires",
            Access::Can(Action::ReviewFiches),
            add_comment,
        ),
        Route::post("/fiches/{id}/decision", Access::Can(Action::ReviewFiches), decide),
        Route::post("/fiches/{id}/fin", Access::Can(Action::FollowPosts), end),
        Route::get(
            "/fiches/{id}/versions",
            Access::Can(Action::FollowPosts),
            compare_versions,
        ),
        Route::get(
            "/fiches/{id}/place-emploi-public",
            Access::Can(Action::FollowPosts),
            show_public_service_export,
        ),
    ]
}

/// A fiche in the visitor's scope; another establishment's does not exist for them.
async fn fiche_in_scope(state: &AppState, user: &User, id: &str) -> Result<WorkFiche, Error> {
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let mut conn = state.db.pool.acquire().await?;
    fiches::find_for_work(&mut conn, id, &establishment_scope(user))
        .await?
        .ok_or(Error::NotFound)
}

/// The last day a person hired from this offer can still join the track's next cohort.
fn registration_closes(state: &AppState, today: Date) -> Date {
    let (month, day) = state.registration_closes;
    let this_year = Date::from_calendar_date(today.year(), month, day).unwrap_or(today);
    if this_year >= today {
        this_year
    } else {
        Date::from_calendar_date(today.year() + 1, month, day).unwrap_or(today)
    }
}

// --- The fiche's page ----------------------------------------------------------------------

/// Sections a coordinator can comment on, with their editor step.
const SECTIONS: [(&str, &str, u8); 7] = [
    ("poste", "Le poste", 1),
    ("service", "Le service", 2),
    ("missions", "Missions", 3),
    ("competences", "Compétences", 4),
    ("formation", "Diplôme et formation", 5),
    ("candidature", "Candidature", 6),
    ("general", "Remarque générale", 1),
];

fn section_label(code: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or("Remarque générale", |(_, label, _)| label)
}

#[derive(askama::Template)]
#[template(path = "fiches/show.html")]
struct FichePage {
    layout: Layout,
    fiche: WorkFiche,
    comments: Vec<Comment>,
    versions: Vec<Version>,
    may_write: bool,
    may_review: bool,
    errors: FormErrors,
    notice: Option<&'static str>,
    sections: [(&'static str, &'static str, u8); 7],
    public_employer: bool,
}

impl FichePage {
    fn section_label(&self, code: &str) -> &'static str {
        section_label(code)
    }

    fn editable(&self) -> bool {
        self.may_write && self.fiche.offer.status.apply(FicheAction::Edit).is_ok()
    }

    fn may_end(&self) -> bool {
        self.fiche.offer.status.apply(FicheAction::Withdraw).is_ok()
    }

    fn published(&self) -> bool {
        self.fiche.offer.status == FicheStatus::Publiee
    }

    /// Where an error of this page leads: a check of the fiche to its field in the editor, a
    /// field of the comment form to itself; a conflict has no field to show.
    fn error_href(&self, field: &str) -> Option<String> {
        match field {
            "version" | "etat" | "decision" | "fin" => None,
            "section" | "commentaire" => Some(format!("#champ-{field}")),
            _ => Some(format!(
                "/fiches/{}/modifier?etape={}&verifier=1#champ-{field}",
                self.fiche.offer.id,
                step_of(field)
            )),
        }
    }

    fn version_date(&self, version: &Version) -> String {
        french_date(crate::domain::calendar::in_paris(version.at).date())
    }
}

async fn fiche_page(
    state: &AppState,
    visitor: &Visitor,
    fiche: WorkFiche,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<FichePage, Error> {
    let user = visitor.signed_in_user()?;
    let mut conn = state.db.pool.acquire().await?;
    let comments = fiches::comments(&mut conn, fiche.offer.id).await?;
    let versions = fiches::versions(&mut conn, fiche.offer.id).await?;
    Ok(FichePage {
        layout: Layout::of(visitor),
        public_employer: fiche.offer.employer.is_public,
        fiche,
        comments,
        versions,
        may_write: permits(user.role, Action::WriteFiches),
        may_review: permits(user.role, Action::ReviewFiches),
        errors,
        notice,
        sections: SECTIONS,
    })
}

async fn show_fiche(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<StepQuery>,
) -> Result<Html<String>, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let notice = query.enregistre.is_some().then_some("Brouillon enregistré.");
    render(&fiche_page(&state, &visitor, fiche, FormErrors::default(), notice).await?)
}

async fn refuse(
    state: &AppState,
    visitor: &Visitor,
    fiche: WorkFiche,
    status: StatusCode,
    errors: FormErrors,
) -> Result<Response, Error> {
    let page = fiche_page(state, visitor, fiche, errors, None).await?;
    Ok((status, render(&page)?).into_response())
}

fn conflict() -> FormErrors {
    let mut errors = FormErrors::default();
    errors.add(
        "version",
        "La fiche a été modifiée entre-temps par quelqu'un d'autre : voici son état actuel. Recommencez si besoin.",
    );
    errors
}

fn illegal(message: String) -> FormErrors {
    let mut errors = FormErrors::default();
    errors.add("etat", message);
    errors
}

// --- The editor ----------------------------------------------------------------------------

const STEPS: [&str; 6] = [
    "Le poste",
    "Le service",
    "Missions",
    "Compétences",
    "Diplôme et formation",
    "Candidature",
];

/// Every field of every step; a step posts only its own.
#[derive(Deserialize, Default, Clone)]
struct EditorForm {
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
const MAX_MISSION_GROUPS: usize = 12;
const MAX_LIST_LINES: usize = 40;
const MAX_LINE_CHARS: usize = 500;
const MAX_CONTACTS: usize = 10;

/// Keeps a typed list when it is within bounds, or its error.
fn set_lines(errors: &mut FormErrors, field: &'static str, value: &str, target: &mut Vec<String>) {
    if let Some(lines) = errors.check(check_lines(field, value, MAX_LIST_LINES, MAX_LINE_CHARS)) {
        *target = lines;
    }
}

/// Keeps a text field when it is valid, or its error.
fn set_text(errors: &mut FormErrors, field: &'static str, value: &str, max: usize, target: &mut String) {
    if let Some(value) = errors.check(check_text(field, value, "", false, max)) {
        *target = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_iso_or_french_order() {
        let expected = Some(time::macros::date!(2027 - 01 - 15));
        assert_eq!(parse_day("deadline", "2027-01-15"), Ok(expected));
        assert_eq!(parse_day("deadline", " 15/01/2027 "), Ok(expected));
        assert_eq!(parse_day("deadline", ""), Ok(None));
        assert!(parse_day("deadline", "31/02/2027").is_err());
    }
}

pub(super) fn parse_day(field: &'static str, value: &str) -> Result<Option<Date>, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    // ISO as the field shows it, or day/month/year as people in France write it.
    crate::domain::calendar::parse_form_date(value)
        .map(Some)
        .ok_or_else(|| {
            FieldError::new(
                field,
                "Indiquez une date valide entre 2000 et 2100, par exemple 15/01/2027 ou 2027-01-15.",
            )
        })
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
                if let Some(d) = errors.check(parse_day("vacant_from", &self.vacant_from)) {
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
                if let Some(d) = errors.check(parse_day("deadline", &self.deadline)) {
                    content.deadline = d;
                }
                if let Some(d) = errors.check(parse_day("start_date", &self.start_date)) {
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
struct EditorPage {
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
struct StepQuery {
    #[serde(default)]
    etape: Option<u8>,
    #[serde(default)]
    verifier: Option<String>,
    #[serde(default)]
    enregistre: Option<String>,
}

async fn show_editor(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
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
            let today = paris_today();
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
fn step_of(field: &str) -> u8 {
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
async fn save_step(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
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

async fn show_preview(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
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
async fn show_fiche_pdf(
    State(state): State<AppState>,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let address = fiche
        .offer
        .status
        .is_readable_by_public()
        .then(|| format!("{}/offres/{}", state.base_url, fiche.offer.slug));
    pdf_response(fiche.offer, state.index_point_euros, address).await
}

// --- Submission and review -----------------------------------------------------------------

#[derive(Deserialize, Default)]
struct VersionForm {
    #[serde(default)]
    version: i64,
}

async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let to = match fiche.offer.status.apply(FicheAction::Submit) {
        Ok(to) => to,
        Err(message) => return refuse(&state, &visitor, fiche, StatusCode::CONFLICT, illegal(message)).await,
    };
    let today = paris_today();
    let problems = submission_errors(&fiche.offer.content, today, registration_closes(&state, today));
    if !problems.is_empty() {
        return refuse(
            &state,
            &visitor,
            fiche,
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors { list: problems },
        )
        .await;
    }
    let mut tx = state.db.begin().await?;
    if !fiches::set_status(&mut tx, fiche.offer.id, form.version, to).await? {
        drop(tx);
        return refuse(&state, &visitor, fiche, StatusCode::CONFLICT, conflict()).await;
    }
    let number = fiches::record_version(&mut tx, fiche.offer.id, &fiche.offer.content, user.id).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "fiche_soumise",
            target_kind: "fiche",
            target_id: fiche.offer.id.to_string(),
            detail: format!("version {number}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response())
}

#[derive(Deserialize, Default)]
struct CommentForm {
    #[serde(default)]
    section: String,
    #[serde(default)]
    commentaire: String,
}

async fn add_comment(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let mut errors = FormErrors::default();
    let body = errors.check(check_text(
        "commentaire",
        &form.commentaire,
        "votre remarque",
        true,
        4000,
    ));
    let section = SECTIONS
        .iter()
        .find(|(code, _, _)| *code == form.section)
        .map(|(c, _, _)| *c);
    if section.is_none() {
        errors.add("section", "Choisissez la partie de la fiche concernée.");
    }
    let (Some(body), Some(section), true) = (body, section, errors.is_empty()) else {
        return refuse(&state, &visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    };
    let mut conn = state.db.pool.acquire().await?;
    let version = fiches::versions(&mut conn, fiche.offer.id)
        .await?
        .last()
        .map_or(0, |v| v.number);
    fiches::add_comment(
        &mut conn,
        fiche.offer.id,
        version,
        section,
        &body,
        (user.id, &user.display_name),
    )
    .await?;
    Ok(Redirect::to(&format!("/fiches/{}#commentaires", fiche.offer.id)).into_response())
}

#[derive(Deserialize, Default)]
struct DecisionForm {
    #[serde(default)]
    version: i64,
    /// "a_corriger" or "publier".
    #[serde(default)]
    decision: String,
}

async fn decide(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let change = match form.decision.as_str() {
        "a_corriger" => Change {
            action: FicheAction::AskCorrection,
            project: None,
            audit: "fiche_a_corriger",
        },
        "publier" => Change {
            action: FicheAction::Publish,
            project: Some(ProjectState::Publie),
            audit: "fiche_publiee",
        },
        _ => {
            let mut errors = FormErrors::default();
            errors.add("decision", "Choisissez : demander une correction ou publier.");
            return refuse(&state, &visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
    };
    change_state(&state, &visitor, fiche, form.version, change).await
}

/// A change of a fiche's state, and what follows from it.
struct Change {
    action: FicheAction,
    /// Where the fiche's project goes along with it, if anywhere.
    project: Option<ProjectState>,
    audit: &'static str,
}

/// Applies a change if the rules allow it and nobody changed the fiche since `version` was
/// read; otherwise the fiche's page says why, and nothing changed.
async fn change_state(
    state: &AppState,
    visitor: &Visitor,
    fiche: WorkFiche,
    version: i64,
    change: Change,
) -> Result<Response, Error> {
    let to = match fiche.offer.status.apply(change.action) {
        Ok(to) => to,
        Err(message) => return refuse(state, visitor, fiche, StatusCode::CONFLICT, illegal(message)).await,
    };
    let mut tx = state.db.begin().await?;
    if !fiches::set_status(&mut tx, fiche.offer.id, version, to).await? {
        drop(tx);
        return refuse(state, visitor, fiche, StatusCode::CONFLICT, conflict()).await;
    }
    if let Some(project_state) = change.project {
        projects::follow_fiche(&mut tx, fiche.offer.id, project_state).await?;
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: change.audit,
            target_kind: "fiche",
            target_id: fiche.offer.id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response())
}

#[derive(Deserialize, Default)]
struct EndForm {
    #[serde(default)]
    version: i64,
    /// "pourvu" (the post is filled) or "retiree".
    #[serde(default)]
    fin: String,
}

/// Closes an offer because the post is filled, or withdraws a fiche.
async fn end(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let change = match form.fin.as_str() {
        "pourvu" => Change {
            action: FicheAction::Close,
            project: Some(ProjectState::Pourvu),
            audit: "offre_pourvue",
        },
        "retiree" => Change {
            action: FicheAction::Withdraw,
            project: None,
            audit: "fiche_retiree",
        },
        _ => {
            let mut errors = FormErrors::default();
            errors.add("fin", "Choisissez : poste pourvu ou fiche retirée.");
            return refuse(&state, &visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
    };
    change_state(&state, &visitor, fiche, form.version, change).await
}

// --- Versions ------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct CompareQuery {
    #[serde(default)]
    de: i64,
    #[serde(default)]
    a: i64,
}

/// One section of two versions side by side.
struct Difference {
    section: &'static str,
    before: String,
    after: String,
}

#[derive(askama::Template)]
#[template(path = "fiches/versions.html")]
struct ComparePage {
    layout: Layout,
    fiche_id: i64,
    title: String,
    from: i64,
    to: i64,
    differences: Vec<Difference>,
}

/// The text of each section, as compared.
fn section_texts(content: &FicheContent) -> Vec<(&'static str, String)> {
    let list = |items: &[String]| items.iter().map(|i| format!("– {i}")).collect::<Vec<_>>().join("\n");
    let date = |d: Option<Date>| d.map(french_date).unwrap_or_default();
    vec![
        ("Intitulé", content.title.clone()),
        ("Temps de travail", content.quotite_text()),
        ("Grade", content.grade.clone()),
        (
            "Pôle, service, unité",
            format!("{} / {} / {}", content.pole, content.service, content.unit),
        ),
        ("Lieu de travail", content.place.clone()),
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
        ("Formation", format!("{}\n{}", content.track.label(), content.training)),
        (
            "Comment candidater",
            format!("{}\n{}", content.how_to_apply, content.apply_email),
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
        ("Date limite", date(content.deadline)),
        (
            "Prise de poste",
            format!("{} {}", date(content.start_date), content.start_note),
        ),
    ]
}

async fn compare_versions(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<CompareQuery>,
) -> Result<Html<String>, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
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

// --- Place de l'emploi public --------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "fiches/public_service.html")]
struct PublicServicePage {
    layout: Layout,
    fiche_id: i64,
    title: String,
    /// (field as the site names it, text to copy), in the site's order.
    fields: Vec<(&'static str, String)>,
    missing: Vec<&'static str>,
}

fn joined(parts: &[&str], separator: &str) -> String {
    parts
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(separator)
}

/// The fields *Place de l'emploi public* asks for, in its order, from the fiche.
fn public_service_fields(fiche: &WorkFiche, index_point_euros: f64) -> Vec<(&'static str, String)> {
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
        .chain(std::iter::once(format!("Diplôme : {}", c.diploma)))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut conditions = vec![c.quotite_text()];
    if let Some(index) = c.pay_index {
        conditions.push(crate::domain::fiche::pay_text(index, index_point_euros));
    }
    conditions.push(c.training.clone());
    let contacts = c
        .contacts
        .iter()
        .map(|k| joined(&[&k.name, &k.role, &k.phone, &k.email], ", "))
        .collect::<Vec<_>>()
        .join("\n");
    let date = |d: Option<Date>| d.map(french_date).unwrap_or_default();
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
        (
            "Lieu de travail",
            format!("{}, {} {} {}", c.place, e.street, e.postal_code, e.commune),
        ),
        ("Date de vacance de l'emploi", date(post.vacant_from)),
        ("Personnes à contacter", contacts),
        (
            "Envoyer sa candidature",
            joined(&[&c.how_to_apply, &c.apply_email], "\n"),
        ),
        ("Date limite de candidature", date(c.deadline)),
    ]
}

async fn show_public_service_export(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(ref user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let fields = public_service_fields(&fiche, state.index_point_euros);
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
