//! One application.

use super::*;
use crate::domain::event::{self, EventKind};
use crate::notify;

#[derive(askama::Template)]
#[template(path = "applications/candidate.html")]
pub(super) struct CandidatePage {
    layout: Layout,
    base: String,
    application: Application,
    events: Vec<Event>,
    interviews: Vec<Interview>,
    documents: Vec<(String, String, i64)>,
    notice: Option<&'static str>,
    errors: FormErrors,
}

impl CandidatePage {
    fn when(&self, text: &str) -> String {
        stored_instant(text)
    }

    fn interview_when(&self, interview: &Interview) -> String {
        french_instant(interview.starts_at)
    }

    fn open(&self) -> bool {
        !self.application.status.is_final()
    }

    fn consent_date(&self) -> String {
        french_instant(self.application.consent_at)
    }
}

pub(super) async fn candidate_page(
    state: &AppState, visitor: &Visitor, key: &Key, notice: Option<&'static str>, errors: FormErrors,
) -> Result<CandidatePage, Error> {
    let application = load(state, key).await?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(CandidatePage {
        layout: Layout::of(visitor),
        base: key.base(),
        events: applications::events(&mut conn, application.id).await?,
        interviews: interviews::for_application(&mut conn, application.id).await?,
        documents: applications::documents(&mut conn, application.id).await?,
        application,
        notice,
        errors,
    })
}

pub(super) async fn show(State(state): State<AppState>, visitor: Visitor, key: Key) -> Result<Response, Error> {
    let page = candidate_page(&state, &visitor, &key, None, FormErrors::default()).await?;
    // A follow link is a secret: it must not leak through a shared cache or the history sync.
    Ok(([(header::CACHE_CONTROL, "no-store")], render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct VersionForm {
    pub(super) version: i64,
    pub(super) vivier: String,
    pub(super) confirmer: String,
}

/// The history's line for the candidate withdrawing their application.
fn withdrawal(visitor: &Visitor, from: ApplicationStatus) -> NewEvent<'static> {
    NewEvent {
        actor_id: visitor.user().map(|u| u.id),
        actor_name: "Candidat·e",
        from: Some(from),
        to: Some(ApplicationStatus::Retiree),
        reason: "",
        mail: None,
    }
}

pub(super) async fn refuse(
    state: &AppState, visitor: &Visitor, key: &Key, field: &'static str, message: String,
) -> Result<Response, Error> {
    let errors = FormErrors::one(field, message);
    let page = candidate_page(state, visitor, key, None, errors).await?;
    render_as(StatusCode::CONFLICT, &page)
}

/// Withdraws the application: the recruiters see it as `retiree`, the candidate gets one message.
pub(super) async fn withdraw(
    State(state): State<AppState>, visitor: Visitor, key: Key, CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let application = load(&state, &key).await?;
    let to = match application.status.withdraw() {
        Ok(to) => to,
        Err(message) => return refuse(&state, &visitor, &key, "retrait", message).await,
    };
    let mut tx = state.db.begin().await?;
    if !applications::set_status(&mut tx, application.id, form.version, to).await? {
        drop(tx);
        return refuse(
            &state,
            &visitor,
            &key,
            "retrait",
            "Votre candidature a changé entre-temps : relisez-la, puis recommencez.".into(),
        )
        .await;
    }
    applications::add_event(&mut tx, application.id, withdrawal(&visitor, application.status)).await?;
    let mail = Withdrawal {
        title: &application.fiche_title,
        at_establishment: &application.at_establishment(),
    };
    let concerns = Concerns::application(application.id);
    queue(&mut tx, state.db.documents()?, &application.email, concerns, &mail).await?;
    let withdrawn = event::Event::of_application(
        EventKind::ApplicationWithdrawn,
        application.id,
        &application.fiche_title,
        application.fiche_id,
        (application.establishment_id, &application.establishment_name),
    );
    notify::record(&mut tx, &state.notifier()?, withdrawn, None).await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&key.base()).into_response())
}

pub(super) async fn talent_pool(
    State(state): State<AppState>, visitor: Visitor, key: Key, CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let application = load(&state, &key).await?;
    let mut conn = state.db.pool.acquire().await?;
    applications::set_talent_pool(&mut conn, application.id, form.vivier == "oui").await?;
    drop(conn);
    let notice = if form.vivier == "oui" {
        "Votre candidature est gardée dans le vivier du programme."
    } else {
        "Votre candidature ne sera pas gardée dans le vivier : ses données seront effacées 90 jours après la fin du recrutement."
    };
    let page = candidate_page(&state, &visitor, &key, Some(notice), FormErrors::default()).await?;
    Ok(render(&page)?.into_response())
}

/// Consent withdrawn: the application ends and its personal data and documents go at once.
pub(super) async fn withdraw_consent(
    State(state): State<AppState>, visitor: Visitor, key: Key, CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    if form.confirmer != "oui" {
        return refuse(
            &state,
            &visitor,
            &key,
            "confirmer",
            "Cochez la case pour confirmer : vos données seront effacées et votre candidature retirée.".into(),
        )
        .await;
    }
    let application = load(&state, &key).await?;
    let mut tx = state.db.begin().await?;
    if !application.status.is_final() {
        applications::set_status(&mut tx, application.id, application.version, ApplicationStatus::Retiree).await?;
        applications::add_event(&mut tx, application.id, withdrawal(&visitor, application.status)).await?;
    }
    applications::withdraw_consent(&mut tx, application.id).await?;
    applications::count_erased(&mut tx, "consentement_retire", 1).await?;
    tx.commit().await?;
    let page = MessagePage::new(
        Layout::of(&visitor),
        "Vos données sont effacées",
        &["Votre consentement est retiré : votre candidature est close, vos documents et vos coordonnées sont effacés."],
    )
    .success()
    .link("Voir les offres", "/offres");
    Ok(render(&page)?.into_response())
}
