//! The editor: a fiche's six steps, each saved as it is sent (the form's reading is
//! [`FicheForm`]'s, in the domain).

use super::*;
use crate::domain::fiche::Contract;
use crate::domain::fiche::form::{FicheForm, STEPS, step_of};
use crate::domain::fiche::verify::ToVerify;

/// The fields to verify, and the boxes the recruiter ticked in the form being shown again.
pub(super) struct Flags {
    pub(super) to_verify: ToVerify,
    ticked: Vec<String>,
}

impl Flags {
    fn flagged(&self, field: &str) -> bool {
        self.to_verify.contains(field)
    }

    fn ticked(&self, field: &str) -> bool {
        self.ticked.iter().any(|t| t == field)
    }
}

#[derive(askama::Template)]
#[template(path = "fiches/edit.html")]
pub(super) struct EditorPage {
    layout: Layout,
    fiche_id: i64,
    title: String,
    steps: [&'static str; 6],
    form: FicheForm,
    errors: FormErrors,
    quotites: [Quotite; 4],
    tracks: [Track; 2],
    contracts: [Contract; 3],
    /// The training choice naming no licence.
    other_training: &'static str,
    saved: bool,
    versants: [(&'static str, &'static str); 3],
    natures: [(&'static str, &'static str); 2],
    categories: [&'static str; 3],
    /// The text was just taken from another fiche: say what to reread.
    reused: bool,
    /// What the saved text demands beyond lived experience, shown at the last step.
    warnings: Vec<crate::domain::fiche::requirements::Warning>,
    /// Where the deadline or the start date contradicts the cohort of the fiche's licence,
    /// shown at the last step.
    calendar: Vec<String>,
    flags: Flags,
    /// An import's lines that no field holds, shown beside the form.
    unplaced: String,
    /// The text was just imported: say what to verify.
    imported: bool,
    /// How the saved « En bref » reads, and the example to write one.
    brief_note: Option<String>,
    brief_example: &'static str,
}

impl EditorPage {
    fn new(visitor: &Visitor, fiche: &WorkFiche, form: FicheForm, errors: FormErrors, saved: bool) -> EditorPage {
        EditorPage {
            layout: Layout::of(visitor),
            fiche_id: fiche.offer.id,
            title: fiche.offer.content.title.clone(),
            steps: STEPS,
            errors,
            quotites: Quotite::ALL,
            tracks: Track::ALL,
            contracts: Contract::ALL,
            other_training: crate::domain::fiche::form::OTHER_TRAINING,
            saved,
            reused: false,
            versants: PublicPost::VERSANTS,
            natures: PublicPost::NATURES,
            categories: PublicPost::CATEGORIES,
            warnings: crate::domain::fiche::requirements::warnings(&fiche.offer.content),
            calendar: Vec::new(),
            flags: Flags {
                to_verify: fiche.to_verify.clone(),
                ticked: form.verifie.clone(),
            },
            unplaced: fiche.import_unplaced.clone(),
            imported: false,
            brief_note: crate::domain::fiche::brief::note(&fiche.offer.content),
            brief_example: crate::domain::fiche::brief::EXAMPLE,
            form,
        }
    }

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
#[serde(default)]
pub(super) struct StepQuery {
    pub(super) etape: Option<u8>,
    pub(super) verifier: Option<String>,
    pub(super) enregistre: Option<String>,
    /// Just started from another fiche (`reuse`).
    pub(super) repris: Option<String>,
    /// Just imported from a document or a pasted text (`import`).
    pub(super) importe: Option<String>,
}

pub(super) async fn show_editor(
    State(state): State<AppState>, visitor: Visitor, InScope(fiche): InScope<WorkFiche>, Query(query): Query<StepQuery>,
) -> Result<Response, Error> {
    if fiche.offer.status.apply(FicheAction::Edit).is_err() {
        return Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response());
    }
    // Coming from a refused submission, the checks are shown next to their fields, from the
    // first step that has one unless a step is asked for.
    let problems = match query.verifier {
        Some(_) => submission_problems(&state, &fiche),
        None => Vec::new(),
    };
    let first_with_problem = problems.iter().map(|e| step_of(e.field)).min();
    let step = query.etape.or(first_with_problem).unwrap_or(1).clamp(1, 6);
    let errors = FormErrors {
        list: problems.into_iter().filter(|e| step_of(e.field) == step).collect(),
    };
    let form = FicheForm::of(&fiche.offer.content, step, fiche.version);
    let mut page = EditorPage::new(&visitor, &fiche, form, errors, query.enregistre.is_some());
    page.reused = query.repris.is_some();
    if step == 6 {
        page.calendar = calendar_warnings(&state, &fiche).await?;
    }
    page.imported = query.importe.is_some();
    render(&page).map(IntoResponse::into_response)
}

/// Saves one step: the draft is stored at every step, so nothing typed is lost.
pub(super) async fn save_step(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(fiche): InScope<WorkFiche>, CsrfForm(form): CsrfForm<FicheForm>,
) -> Result<Response, Error> {
    if let Err(message) = fiche.offer.status.apply(FicheAction::Edit) {
        return refuse(&state, &visitor, fiche, StatusCode::CONFLICT, illegal(message)).await;
    }
    let mut content = fiche.offer.content.clone();
    let mut errors = FormErrors::default();
    form.apply(&mut content, &mut errors);
    let step = form.etape.clamp(1, 6);
    let page = |errors: FormErrors, form: FicheForm| {
        EditorPage::new(&visitor, &fiche, FicheForm { etape: step, ..form }, errors, false)
    };
    if !errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page(errors, form.clone()))?).into_response());
    }
    // A box ticked, or a value the recruiter changed, confirms the field.
    let to_verify = fiche
        .to_verify
        .after_save(&fiche.offer.content, &content, &form.verifie);
    let (id, employer) = (fiche.offer.id, &fiche.offer.employer);
    let mut conn = state.db.pool.acquire().await?;
    if !fiches::update_content(&mut conn, id, form.version, employer, &content, &to_verify, None).await? {
        // Someone saved in between: show what was typed, with the message, to save again.
        let current = fiches::find_for_work(&mut conn, fiche.offer.id, &establishment_scope(user))
            .await?
            .ok_or(Error::NotFound)?;
        let mut errors = conflict();
        errors.list[0].message = "Cette fiche a été enregistrée entre-temps, par vous dans un autre onglet ou par une autre personne. Vérifiez cette étape puis enregistrez à nouveau.".into();
        let kept = FicheForm {
            version: current.version,
            ..form.clone()
        };
        return render_as(StatusCode::CONFLICT, &page(errors, kept));
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
    State(state): State<AppState>, visitor: Visitor, InScope(fiche): InScope<WorkFiche>,
) -> Result<Html<String>, Error> {
    let led_to = super::super::offers::cohort_led_to(&state, &fiche.offer.content).await?;
    let glossary = crate::db::glossary::current(&state.db).await?;
    let address = format!("{}/offres/{}", state.base_url, fiche.offer.slug);
    let mut page = OfferPage::new(
        Layout::of(&visitor),
        fiche.offer,
        true,
        state.index_point_euros,
        glossary,
    );
    page.address = address;
    page.cohort_line = led_to.as_ref().and_then(crate::domain::cohort::offer_line);
    render(&page)
}

/// The fiche's PDF in whatever state it is: a draft says so in every page's header.
pub(super) async fn show_fiche_pdf(
    State(state): State<AppState>, InScope(fiche): InScope<WorkFiche>,
) -> Result<Response, Error> {
    let address = fiche
        .offer
        .status
        .is_readable_by_public()
        .then(|| format!("{}/offres/{}", state.base_url, fiche.offer.slug));
    pdf_response(fiche.offer, state.index_point_euros, address).await
}
