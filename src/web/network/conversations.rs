//! A member's conversations: the list, one conversation (its two members only: anyone else
//! gets 404), answering, closing, and reporting one of the other's messages to the CCOMS.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::writing::{MessageForm, tell_recipient};
use super::{Done, JOIN_PAGE, Nothing, ReportForm, membership, notice};
use crate::db::network;
use crate::db::network::conversations::{self as talks, Conversation, NewReport};
use crate::domain::account::User;
use crate::domain::form_errors::FormErrors;
use crate::domain::network::{parse_message, parse_reason};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::views::{Layout, paragraphs, render_as, stored_instant};
use crate::web::{AppState, Error};

/// How a conversation names the other when they left the network.
const FORMER_MEMBER: &str = "Un·e ancien·ne membre";

fn other_name(conversation: &Conversation) -> String {
    conversation.other_name.clone().unwrap_or_else(|| FORMER_MEMBER.into())
}

#[derive(askama::Template)]
#[template(path = "network/conversations.html")]
struct ListPage {
    layout: Layout,
    conversations: Vec<ListLine>,
}

struct ListLine {
    id: i64,
    name: String,
    at: String,
    closed: bool,
}

pub(super) async fn list_conversations(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    if membership(&mut conn, user.id).await?.is_none() {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    }
    let conversations = talks::list_for(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|c| ListLine {
            id: c.id,
            name: other_name(&c),
            at: stored_instant(&c.last_message_at),
            closed: c.closed_at.is_some(),
        })
        .collect();
    let page = ListPage {
        layout: Layout::of(&visitor),
        conversations,
    };
    render_as(StatusCode::OK, &page)
}

#[derive(askama::Template)]
#[template(path = "network/conversation.html")]
struct ConversationPage {
    layout: Layout,
    id: i64,
    other: String,
    other_member_id: Option<i64>,
    messages: Vec<Line>,
    /// Who closed it, in words, once closed.
    closed: Option<String>,
    notice: Option<&'static str>,
    errors: FormErrors,
    draft: String,
    /// The message whose report was refused: its form stays open, with what was typed.
    report_for: Option<i64>,
    report_draft: String,
}

impl ConversationPage {
    /// Whether this message's report form holds a refused reason.
    fn reporting(&self, message: &i64) -> bool {
        self.report_for == Some(*message)
    }
}

struct Line {
    id: i64,
    mine: bool,
    author: String,
    at: String,
    paragraphs: Vec<String>,
}

/// Conversation `id` as `user` reads it; `Ok(None)`: `user` is not a member.
async fn conversation_page(
    state: &AppState, visitor: &Visitor, user: &User, id: i64,
) -> Result<Option<ConversationPage>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    if membership(&mut conn, user.id).await?.is_none() {
        return Ok(None);
    }
    let conversation = talks::find_for(&mut conn, id, user.id).await?.ok_or(Error::NotFound)?;
    let other = other_name(&conversation);
    let messages = talks::messages(&mut conn, id)
        .await?
        .into_iter()
        .map(|m| Line {
            id: m.id,
            mine: m.author_id == user.id,
            author: if m.author_id == user.id {
                "Vous".into()
            } else {
                other.clone()
            },
            at: stored_instant(&m.sent_at),
            paragraphs: paragraphs(&m.body).into_iter().map(String::from).collect(),
        })
        .collect();
    let closed = conversation.closed_at.as_ref().map(|at| {
        let by = if conversation.closed_by == Some(user.id) {
            "vous".to_string()
        } else {
            other.clone()
        };
        format!(
            "Cette conversation a été fermée par {by} le {} : plus personne ne peut y écrire.",
            stored_instant(at)
        )
    });
    Ok(Some(ConversationPage {
        layout: Layout::of(visitor),
        id,
        other,
        other_member_id: conversation.other_member_id,
        messages,
        closed,
        notice: None,
        errors: FormErrors::default(),
        draft: String::new(),
        report_for: None,
        report_draft: String::new(),
    }))
}

pub(super) async fn show_conversation(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Result<Response, Error> {
    let Some(mut page) = conversation_page(&state, &visitor, &user, id).await? else {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    };
    page.notice = notice(&done.fait);
    render_as(StatusCode::OK, &page)
}

/// Answers in an open conversation; a closed one (or one between accounts that blocked each
/// other) refuses, keeping what was typed.
pub(super) async fn reply(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Result<Response, Error> {
    let Some(mut page) = conversation_page(&state, &visitor, &user, id).await? else {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    };
    page.draft = form.message.clone();
    if page.closed.is_some() {
        return render_as(StatusCode::CONFLICT, &page);
    }
    let body = match parse_message(&form.message) {
        Ok(body) => body,
        Err(e) => {
            page.errors = FormErrors::one(e.field, e.message);
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let conversation = talks::find_for(&mut tx, id, user.id).await?.ok_or(Error::NotFound)?;
    let blocked = network::blocked_between(&mut tx, user.id, conversation.other_id).await?;
    if blocked || !talks::add_message(&mut tx, id, user.id, &body, now).await? {
        drop(tx);
        page.closed = Some("Cette conversation est fermée : plus personne ne peut y écrire.".into());
        return render_as(StatusCode::CONFLICT, &page);
    }
    tell_recipient(&state, &mut tx, id, user.id, conversation.other_id).await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/reseau/messages/{id}?fait=envoye")).into_response())
}

pub(super) async fn close_conversation(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    if membership(&mut tx, user.id).await?.is_none() {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    }
    talks::find_for(&mut tx, id, user.id).await?.ok_or(Error::NotFound)?;
    talks::close(&mut tx, id, user.id, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/reseau/messages/{id}?fait=ferme")).into_response())
}

/// Reports one of the other's messages in this conversation, with a reason, to the CCOMS.
pub(super) async fn report_message(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, Error> {
    let Some(mut page) = conversation_page(&state, &visitor, &user, id).await? else {
        return Ok(Redirect::to(JOIN_PAGE).into_response());
    };
    let mut tx = state.db.begin().await?;
    let conversation = talks::find_for(&mut tx, id, user.id).await?.ok_or(Error::NotFound)?;
    let message = talks::messages(&mut tx, id)
        .await?
        .into_iter()
        .find(|m| m.id.to_string() == form.message && m.author_id == conversation.other_id)
        .ok_or(Error::NotFound)?;
    let reason = match parse_reason(&form.raison) {
        Ok(reason) => reason,
        Err(e) => {
            drop(tx);
            page.errors = FormErrors::one(e.field, e.message);
            page.report_for = Some(message.id);
            page.report_draft = form.raison.clone();
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let report = NewReport {
        reporter: user.id,
        reported: conversation.other_id,
        message: Some(message.id),
        reason: &reason,
    };
    talks::report(&mut tx, report, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/reseau/messages/{id}?fait=signale")).into_response())
}
