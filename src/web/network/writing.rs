//! Writing to a member from the directory, blocking them and reporting them. A member blocked
//! either way, or who is not (or no longer) in the network, does not exist here (404); one who
//! turned messages off gets no new conversation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{JOIN_PAGE, Nothing, ReportForm, membership};
use crate::db::network::conversations::{self as talks, NewReport};
use crate::db::network::{self, Member};
use crate::domain::account::User;
use crate::domain::event::{Event, EventKind};
use crate::domain::form_errors::FormErrors;
use crate::domain::network::{parse_message, parse_reason};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::views::{Layout, render_as};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "network/write.html")]
struct WritePage {
    layout: Layout,
    id: i64,
    name: String,
    accepts_messages: bool,
    message: String,
    errors: FormErrors,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct MessageForm {
    pub(super) message: String,
}

/// The member `id` as `user` may reach them: `Ok(None)` when `user` is not a member (they go to
/// the join page); 404 for themself, an unknown member or one blocked either way.
async fn reachable(state: &AppState, user: &User, id: i64) -> Result<Option<Member>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    if membership(&mut conn, user.id).await?.is_none() {
        return Ok(None);
    }
    let other = network::find_for(&mut conn, id, Some(user.id)).await?;
    match other {
        Some(other) if other.user_id != user.id => Ok(Some(other)),
        _ => Err(Error::NotFound),
    }
}

pub(super) async fn show_writing(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Path(id): Path<i64>,
) -> Result<Response, Error> {
    let Some(other) = reachable(&state, &user, id).await? else {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    };
    let mut conn = state.db.pool.acquire().await?;
    if let Some(open) = talks::open_between(&mut conn, user.id, other.user_id).await? {
        return Ok(Redirect::to(&format!("/reseau/messages/{open}")).into_response());
    }
    let page = WritePage {
        layout: Layout::of(&visitor),
        id,
        name: other.profile.shown_name,
        accepts_messages: other.profile.accepts_messages,
        message: String::new(),
        errors: FormErrors::default(),
    };
    render_as(StatusCode::OK, &page)
}

/// Starts a conversation (or continues the open one) with a first message; the recipient is
/// told by the event log that a message waits, never what it says nor who wrote it.
pub(super) async fn write_to_member(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Result<Response, Error> {
    let Some(other) = reachable(&state, &user, id).await? else {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    };
    let body = parse_message(&form.message);
    let refused = |errors: FormErrors, status: StatusCode| {
        let page = WritePage {
            layout: Layout::of(&visitor),
            id,
            name: other.profile.shown_name.clone(),
            accepts_messages: other.profile.accepts_messages,
            message: form.message.clone(),
            errors,
        };
        render_as(status, &page)
    };
    if !other.profile.accepts_messages {
        return refused(FormErrors::default(), StatusCode::CONFLICT);
    }
    let body = match body {
        Ok(body) => body,
        Err(e) => return refused(FormErrors::one(e.field, e.message), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let conversation = match talks::open_between(&mut tx, user.id, other.user_id).await? {
        Some(open) => open,
        None => talks::start(&mut tx, user.id, other.user_id, now).await?,
    };
    talks::add_message(&mut tx, conversation, user.id, &body, now).await?;
    tell_recipient(&state, &mut tx, conversation, user.id, other.user_id).await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/reseau/messages/{conversation}?fait=envoye")).into_response())
}

/// The event that a message waits: its number and link only (mail leaves the platform).
pub(super) async fn tell_recipient(
    state: &AppState, conn: &mut sqlx::AnyConnection, conversation: i64, author: i64, recipient: i64,
) -> Result<(), Error> {
    let event = Event::new(
        EventKind::NetworkMessage,
        conversation,
        "",
        format!("/reseau/messages/{conversation}"),
    )
    .to_people([recipient]);
    crate::notify::record(conn, &state.notifier()?, event, Some(author)).await?;
    Ok(())
}

/// Blocks a member: neither sees nor writes to the other any more; they are not told.
pub(super) async fn block_member(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let Some(other) = reachable(&state, &user, id).await? else {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    };
    let mut tx = state.db.begin().await?;
    network::block(&mut tx, user.id, other.user_id, state.clock.now()).await?;
    // Their open conversation closes as any closing does: nothing says why.
    talks::close_between(&mut tx, user.id, other.user_id, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Redirect::to("/reseau?fait=bloque").into_response())
}

/// Reports a member to the CCOMS with a reason.
/// The member report refused: its own page, the message next to the field, what was typed kept.
#[derive(askama::Template)]
#[template(path = "network/report.html")]
struct ReportPage {
    layout: Layout,
    id: i64,
    name: String,
    errors: FormErrors,
    draft: String,
}

pub(super) async fn report_member(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, Error> {
    let Some(other) = reachable(&state, &user, id).await? else {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    };
    let reason = match parse_reason(&form.raison) {
        Ok(reason) => reason,
        Err(e) => {
            let page = ReportPage {
                layout: Layout::of(&visitor),
                id,
                name: other.profile.shown_name,
                errors: FormErrors::one(e.field, e.message),
                draft: form.raison,
            };
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let report = NewReport {
        reporter: user.id,
        reported: other.user_id,
        message: None,
        reason: &reason,
    };
    let mut tx = state.db.begin().await?;
    talks::report(&mut tx, report, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Redirect::to("/reseau?fait=signale").into_response())
}
