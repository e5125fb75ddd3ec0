//! The CCOMS organises: creates a gathering, edits it, cancels it (everyone registered is told
//! by mail), and reads who registered (audited, like every read of people's data).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::{KINDS, place_text, when_text};
use crate::db::gathering_registrations::{self as registrations, Registrant};
use crate::db::gatherings::{self, Gathering};
use crate::domain::gathering::{Audience, GatheringForm, GatheringKind};
use crate::domain::geo::territory::{REGIONS, Region};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::extract::PathId;
use crate::web::views::{FormErrors, Layout, render, render_as, stored_instant};
use crate::web::{AppState, Error};

/// Every audience, as the CCOMS sees them all.
fn every_audience() -> [&'static str; 5] {
    Audience::ALL.map(Audience::as_str)
}

#[derive(askama::Template)]
#[template(path = "gatherings/form.html")]
pub(super) struct FormPage {
    layout: Layout,
    /// `None` for a new gathering.
    id: Option<i64>,
    form: GatheringForm,
    errors: FormErrors,
    kinds: [GatheringKind; 4],
    audiences: [Audience; 5],
    regions: &'static [Region],
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/rendez-vous/{id}/modifier"),
            None => "/rendez-vous".into(),
        }
    }
}

fn form_page(visitor: &Visitor, id: Option<i64>, form: GatheringForm, errors: FormErrors) -> FormPage {
    FormPage {
        layout: Layout::of(visitor),
        id,
        form,
        errors,
        kinds: KINDS,
        audiences: Audience::ALL,
        regions: REGIONS,
    }
}

pub(super) async fn new_gathering(visitor: Visitor) -> Result<Html<String>, Error> {
    let form = GatheringForm {
        inscriptions: "oui".into(),
        ..Default::default()
    };
    render(&form_page(&visitor, None, form, FormErrors::default()))
}

pub(super) async fn create_gathering(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<GatheringForm>,
) -> Result<Response, Error> {
    let now = state.clock.now();
    let draft = match form.check(now) {
        Ok(draft) => draft,
        Err(errors) => {
            return render_as(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&visitor, None, form, errors),
            );
        }
    };
    let mut tx = state.db.begin().await?;
    let id = gatherings::insert(&mut tx, &draft, user.id, now).await?;
    visitor
        .audit(&mut tx, "rendez_vous_cree", "rendez_vous", id, draft.title.clone())
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/agenda/{id}")).into_response())
}

async fn find_any(state: &AppState, id: i64) -> Result<Gathering, Error> {
    let mut conn = state.db.pool.acquire().await?;
    gatherings::find(&mut conn, id, &every_audience())
        .await?
        .ok_or(Error::NotFound)
}

pub(super) async fn edit_gathering(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId,
) -> Result<Html<String>, Error> {
    let gathering = find_any(&state, id).await?;
    let form = GatheringForm::of(&gathering.draft);
    render(&form_page(&visitor, Some(id), form, FormErrors::default()))
}

/// Saves the changes; a cancelled gathering stays as it was (409).
pub(super) async fn update_gathering(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId, CsrfForm(form): CsrfForm<GatheringForm>,
) -> Result<Response, Error> {
    find_any(&state, id).await?;
    let now = state.clock.now();
    let draft = match form.check(now) {
        Ok(draft) => draft,
        Err(errors) => {
            return render_as(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&visitor, Some(id), form, errors),
            );
        }
    };
    let mut tx = state.db.begin().await?;
    if !gatherings::update(&mut tx, id, &draft, now).await? {
        drop(tx);
        let errors = FormErrors::one("titre", "Ce rendez-vous est annulé : il ne peut plus être modifié.");
        return render_as(StatusCode::CONFLICT, &form_page(&visitor, Some(id), form, errors));
    }
    visitor
        .audit(&mut tx, "rendez_vous_modifie", "rendez_vous", id, draft.title.clone())
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/agenda/{id}?fait=modifie")).into_response())
}

/// Cancels the gathering and tells everyone registered, in one transaction; twice is once.
pub(super) async fn cancel_gathering(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    if !gatherings::lock(&mut tx, id).await? {
        return Err(Error::NotFound);
    }
    if gatherings::cancel(&mut tx, id, state.clock.now()).await? {
        let gathering = gatherings::find(&mut tx, id, &every_audience())
            .await?
            .ok_or(Error::NotFound)?;
        let people = registrations::registrants(&mut tx, id).await?;
        crate::agenda::tell_cancelled(&mut tx, state.db.documents()?, &gathering, &people).await?;
        let detail = format!("{} ; personnes prévenues : {}", gathering.draft.title, people.len());
        visitor
            .audit(&mut tx, "rendez_vous_annule", "rendez_vous", id, detail)
            .await?;
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/agenda/{id}?fait=annule")).into_response())
}

#[derive(askama::Template)]
#[template(path = "gatherings/registrants.html")]
pub(super) struct RegistrantsPage {
    layout: Layout,
    gathering: Gathering,
    people: Vec<Registrant>,
}

impl RegistrantsPage {
    fn when(&self) -> String {
        when_text(&self.gathering)
    }

    fn place(&self) -> String {
        place_text(&self.gathering)
    }

    fn at(&self, instant: &str) -> String {
        stored_instant(instant)
    }
}

/// Who registered: names and addresses, so the read is written to the audit log with it.
pub(super) async fn list_registrants(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId,
) -> Result<Html<String>, Error> {
    let mut tx = state.db.begin().await?;
    let gathering = gatherings::find(&mut tx, id, &every_audience())
        .await?
        .ok_or(Error::NotFound)?;
    let people = registrations::registrants(&mut tx, id).await?;
    let detail = format!("personnes inscrites : {}", people.len());
    visitor
        .audit(&mut tx, "inscrits_consultes", "rendez_vous", id, detail)
        .await?;
    tx.commit().await?;
    render(&RegistrantsPage {
        layout: Layout::of(&visitor),
        gathering,
        people,
    })
}

#[derive(askama::Template)]
#[template(path = "gatherings/all.html")]
pub(super) struct AllPage {
    layout: Layout,
    gatherings: Vec<Gathering>,
}

impl AllPage {
    fn when(&self, gathering: &Gathering) -> String {
        when_text(gathering)
    }
}

/// Every gathering, past and cancelled ones too: the programme's record, for the CCOMS.
pub(super) async fn list_all_gatherings(
    State(state): State<AppState>, visitor: Visitor,
) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let gatherings = gatherings::all(&mut conn).await?;
    render(&AllPage {
        layout: Layout::of(&visitor),
        gatherings,
    })
}
