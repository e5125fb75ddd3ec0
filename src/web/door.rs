//! The door for new teams (issue 22): the public page where a team asks to create an MSP post,
//! the link that confirms its contact's address, and the CCOMS's contact page.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, Visitor};
use super::saved_searches::ConfirmPage;
use super::views::{FormErrors, Layout, MessagePage, contact_email, render, render_as};
use super::{AppState, Error, Route};
use crate::db::outbox::Concerns;
use crate::db::team_requests;
use crate::db::throttle;
use crate::db::tokens::{self, Purpose, Unusable};
use crate::domain::event::{Event, EventKind};
use crate::domain::team_request::{
    CLOSED_KEPT_DAYS, PROJECT_MAX_CHARS, TeamRequestForm, UNCONFIRMED_KEPT_DAYS, request_delay_seconds,
};
use crate::mail;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/creer-un-poste", Access::Public, show_request_form),
        Route::post("/creer-un-poste", Access::Public, send_request),
        Route::get("/creer-un-poste/confirmation", Access::Public, show_confirmation),
        Route::post("/creer-un-poste/confirmation", Access::Public, confirm_request),
        Route::get("/contact", Access::Public, show_contact),
    ]
}

#[derive(askama::Template)]
#[template(path = "door/request.html")]
struct RequestPage {
    layout: Layout,
    errors: FormErrors,
    form: TeamRequestForm,
    project_hint: String,
    unconfirmed_days: i64,
    closed_days: i64,
}

impl RequestPage {
    fn new(visitor: &Visitor, errors: FormErrors, form: TeamRequestForm) -> RequestPage {
        RequestPage {
            layout: Layout::of(visitor),
            errors,
            form,
            project_hint: format!(
                "En quelques lignes : pourquoi maintenant, qui porte le projet, ce que l'équipe en attend. {} au plus. N'écrivez rien sur les personnes que vous soignez.",
                crate::domain::french::count(PROJECT_MAX_CHARS, "caractère", "caractères")
            ),
            unconfirmed_days: UNCONFIRMED_KEPT_DAYS,
            closed_days: CLOSED_KEPT_DAYS,
        }
    }
}

async fn show_request_form(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&RequestPage::new(
        &visitor,
        FormErrors::default(),
        TeamRequestForm::default(),
    ))
}

/// Stores the request, unconfirmed, and mails its contact the link that confirms it. Only
/// valid requests count against the address's allowance: a typo costs nothing.
async fn send_request(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<TeamRequestForm>,
) -> Result<Response, Error> {
    let request = match form.read() {
        Ok(request) => request,
        Err(errors) => {
            return render_as(
                StatusCode::UNPROCESSABLE_ENTITY,
                &RequestPage::new(&visitor, errors, form),
            );
        }
    };
    let mut tx = state.db.begin().await?;
    let key = format!("demande-poste:{}", visitor.ip);
    if !throttle::attempt(&mut tx, &key, request_delay_seconds).await? {
        let errors = FormErrors::one(
            "envoi",
            format!(
                "Plusieurs demandes sont déjà parties de votre connexion aujourd'hui : réessayez dans une heure, ou écrivez à {}.",
                contact_email()
            ),
        );
        return render_as(StatusCode::TOO_MANY_REQUESTS, &RequestPage::new(&visitor, errors, form));
    }
    let (_, token) = team_requests::insert(&mut tx, &request, state.clock.now()).await?;
    let link = format!("{}/creer-un-poste/confirmation?jeton={token}", state.base_url);
    let establishment = format!("{}, {}", request.establishment_name, request.team);
    let confirmation = mail::TeamRequestConfirmation {
        establishment: &establishment,
        link: &link,
    };
    let to = request.contact.email.as_str();
    // No account yet, and the request is forgotten with its metadata's year.
    mail::queue(&mut tx, state.db.documents()?, to, Concerns::NOBODY, &confirmation).await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    let sent = format!(
        "Nous avons envoyé un lien à {to} pour confirmer votre adresse. Il est valable {UNCONFIRMED_KEPT_DAYS} jours : la coordination du programme reçoit votre demande dès que vous l'avez suivi."
    );
    let page = MessagePage::new(
        Layout::of(&visitor),
        "Vérifiez votre boîte mail",
        &[
            &sent,
            "Si vous ne le trouvez pas, regardez dans les courriers indésirables.",
        ],
    );
    Ok(render(&page.success())?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenField {
    jeton: String,
}

fn unusable(visitor: &Visitor, why: Unusable) -> Result<Response, Error> {
    let text = match why {
        Unusable::Unknown => "Ce lien n'est pas valide. Il a peut-être été mal copié : vérifiez qu'il est complet.",
        Unusable::Expired => "Ce lien a expiré, et la demande avec lui. Vous pouvez l'envoyer à nouveau.",
        Unusable::AlreadyUsed => "Ce lien a déjà servi : votre demande est confirmée, la coordination vous répondra.",
    };
    let page = MessagePage::new(Layout::of(visitor), "Confirmation impossible", &[text])
        .link("Demander la création d'un poste", "/creer-un-poste");
    render_as(StatusCode::GONE, &page)
}

/// A link opens a page with a button: a mail scanner that follows links confirms nothing.
async fn show_confirmation(
    State(state): State<AppState>, visitor: Visitor, Query(link): Query<TokenField>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let token = match tokens::peek(&mut conn, &link.jeton, Purpose::ConfirmTeamRequest).await? {
        Ok(token) => token,
        Err(why) => return unusable(&visitor, why),
    };
    let Some(request) = find_payload(&mut conn, &token.payload).await? else {
        return unusable(&visitor, Unusable::Unknown);
    };
    let text = format!(
        "Envoyer à la coordination du programme la demande de création d'un poste de médiateur de santé-pair : {}, {} ({}).",
        request.establishment_name, request.team, request.commune
    );
    let page = ConfirmPage::new(
        &visitor,
        "Confirmer votre demande",
        text,
        ("/creer-un-poste/confirmation", "Confirmer ma demande"),
        link.jeton,
    );
    Ok(render(&page)?.into_response())
}

async fn find_payload(
    conn: &mut sqlx::AnyConnection, payload: &str,
) -> Result<Option<team_requests::TeamRequest>, Error> {
    match payload.parse::<i64>() {
        Ok(id) => Ok(team_requests::find(conn, id).await?),
        Err(_) => Ok(None),
    }
}

/// Confirms the request: from now on the CCOMS sees it, and every coordinator hears of it.
async fn confirm_request(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<TokenField>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let token = match tokens::consume(&mut tx, &form.jeton, Purpose::ConfirmTeamRequest).await? {
        Ok(token) => token,
        Err(why) => return unusable(&visitor, why),
    };
    let Some(request) = find_payload(&mut tx, &token.payload).await? else {
        return unusable(&visitor, Unusable::Unknown);
    };
    if team_requests::confirm(&mut tx, request.id, state.clock.now()).await? {
        let title = format!("{} – {}", request.establishment_name, request.team);
        let mut event = Event::new(
            EventKind::TeamRequestConfirmed,
            request.id,
            title,
            format!("/demandes-de-poste/{}", request.id),
        );
        event.place = request.commune.clone();
        crate::notify::record(&mut tx, &state.notifier()?, event, None).await?;
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    let answer = format!(
        "La coordination du programme (CCOMS) a reçu votre demande. Elle vous répondra par e-mail à {}.",
        request.contact_email
    );
    let page = MessagePage::new(Layout::of(&visitor), "Demande confirmée", &[&answer]).success();
    Ok(render(&page)?.into_response())
}

#[derive(askama::Template)]
#[template(path = "door/contact.html")]
struct ContactPage {
    layout: Layout,
    email: &'static str,
}

async fn show_contact(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&ContactPage {
        layout: Layout::of(&visitor),
        email: contact_email(),
    })
}
